// The transition rules, written again from CONTRACT.md without importing ALLOWED_TRANSITIONS, and
// compared with validateTransition on every combination of lanes, force and guard inputs.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { validateTransition, type TransitionRequest } from './transitions.js';

// The model's nine lanes: contract 1.0.0 knows seven, so every pair with in_review or approved
// is illegal at 1.0 unless forced (its calls see those lanes projected and never write them).
const LANE_NAMES = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'in_review',
  'approved',
  'done',
  'blocked',
  'canceled',
] as const;

// CONTRACT.md, "Allowed pairs (16)", one per line.
const CONTRACT_PAIRS = `
  planned claimed
  claimed in_progress
  in_progress for_review
  for_review done
  for_review in_progress
  in_progress planned
  planned blocked
  claimed blocked
  in_progress blocked
  for_review blocked
  blocked in_progress
  planned canceled
  claimed canceled
  in_progress canceled
  for_review canceled
  blocked canceled
`;
const LEGAL = new Set(
  CONTRACT_PAIRS.trim()
    .split('\n')
    .map((line) => line.trim().replace(' ', ' -> ')),
);

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** The oracle: `null` when the contract allows the request, else why it refuses. */
function contractVerdict(request: TransitionRequest): string | null {
  const pair = `${request.from} -> ${request.to}`;
  if (request.force === true) {
    return isBlank(request.actor) || isBlank(request.reason)
      ? 'force needs actor and reason'
      : null;
  }
  if (!LEGAL.has(pair)) return `Illegal transition: ${pair}`;
  switch (pair) {
    case 'planned -> claimed':
      return isBlank(request.actor) ? 'actor' : null;
    case 'claimed -> in_progress':
      return isBlank(request.workspaceContext) ? 'workspace' : null;
    case 'in_progress -> for_review':
      return request.subtasksComplete === true && request.implementationEvidencePresent === true
        ? null
        : 'subtasks or history';
    case 'for_review -> done': {
      const review: unknown = request.evidence?.['review'];
      if (typeof review !== 'object' || review === null) return 'evidence';
      const { reviewer, reference } = review as Record<string, unknown>;
      return isBlank(reviewer) || isBlank(reference) ? 'evidence' : null;
    }
    case 'for_review -> in_progress':
      return isBlank(request.reviewRef) ? 'review ref' : null;
    case 'in_progress -> planned':
      return isBlank(request.reason) ? 'reason' : null;
    default:
      return null;
  }
}

// Representative guard inputs: absent, blank (needs trimming), present.
const TEXTS = [undefined, ' ', 'x'] as const;
const EVIDENCES = [
  null,
  { review: { reviewer: 'r', verdict: 'approved', reference: 'PR#1' } },
  { review: { reviewer: ' ', reference: 'PR#1' } },
  { review: { reviewer: 'r' } },
  { review: 'PR#1' },
] as const;
const FLAGS = [undefined, false, true] as const;

/** Build a request, leaving out the keys whose value is `undefined` (exactOptionalPropertyTypes). */
function build(fields: Record<string, unknown>): TransitionRequest {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as unknown as TransitionRequest;
}

/** Compare one request with the oracle; returns a description of the disagreement, or null. */
function disagreement(request: TransitionRequest): string | null {
  const expected = contractVerdict(request);
  const actual = validateTransition(request);
  const where = JSON.stringify(request);
  // 1.0.0 is the default generation.
  if (JSON.stringify(validateTransition(request, '1.0.0')) !== JSON.stringify(actual))
    return `${where}: the default generation is not 1.0.0`;
  if (expected === null) return actual.isOk() ? null : `${where}: rejected, contract allows`;
  if (actual.isOk()) return `${where}: allowed, contract rejects (${expected})`;
  const { code, message, details } = actual.error;
  if (code !== 'TRANSITION_REJECTED') return `${where}: code ${code}`;
  if (details.from_lane !== request.from || details.to_lane !== request.to) {
    return `${where}: details ${JSON.stringify(details)}`;
  }
  if (expected.startsWith('Illegal transition') && message !== expected) {
    return `${where}: message ${message}`;
  }
  return null;
}

describe('validateTransition against the contract table', () => {
  it('the table written here has the 16 pairs', () => {
    expect(LEGAL.size).toBe(16);
  });

  it('agrees on every (from, to, force, guard input) combination', () => {
    const problems: string[] = [];
    let combinations = 0;
    for (const from of LANE_NAMES) {
      for (const to of LANE_NAMES) {
        for (const force of FLAGS) {
          for (const actor of [' ', 'claude']) {
            for (const reason of TEXTS) {
              for (const reviewRef of TEXTS) {
                for (const evidence of EVIDENCES) {
                  for (const workspaceContext of TEXTS) {
                    for (const subtasksComplete of FLAGS) {
                      for (const implementationEvidencePresent of FLAGS) {
                        const problem = disagreement(
                          build({
                            from,
                            to,
                            force,
                            actor,
                            reason,
                            reviewRef,
                            evidence,
                            workspaceContext,
                            subtasksComplete,
                            implementationEvidencePresent,
                          }),
                        );
                        if (problem !== null) problems.push(problem);
                        combinations += 1;
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(combinations).toBe(81 * 3 * 2 * 3 * 3 * 5 * 3 * 3 * 3);
  });

  const text = fc.option(fc.oneof(fc.string(), fc.constantFrom(' ', '\t', '\n ', 'a')), {
    nil: undefined,
  });
  test.prop({
    from: fc.constantFrom(...LANE_NAMES),
    to: fc.constantFrom(...LANE_NAMES),
    force: fc.option(fc.boolean(), { nil: undefined }),
    actor: fc.oneof(fc.string(), fc.constantFrom('', ' ', '\u3000')),
    reason: text,
    reviewRef: text,
    workspaceContext: text,
    reviewer: fc.option(fc.oneof(fc.string(), fc.integer()), { nil: undefined }),
    reference: fc.option(fc.string(), { nil: undefined }),
    subtasksComplete: fc.option(fc.boolean(), { nil: undefined }),
    implementationEvidencePresent: fc.option(fc.boolean(), { nil: undefined }),
  })('agrees on arbitrary strings', ({ reviewer, reference, ...fields }) => {
    const review = Object.fromEntries(
      Object.entries({ reviewer, reference }).filter(([, value]) => value !== undefined),
    );
    expect(disagreement(build({ ...fields, evidence: { review } }))).toBeNull();
  });
});
