// Contract 1.3.0's transition rules, written again from CONTRACT-1.3.md §3 without importing
// TRANSITIONS_1_3, and compared with validateTransition(…, '1.3.0') on every combination of
// lanes, force and guard inputs, messages included. The messages §3 lists as observed are quoted
// from it; the others are the original host's (spec-kitty e6e3b7357, status/wp_state.py).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Lane } from './lane.js';
import { validateTransition, type ReviewResult, type TransitionRequest } from './transitions.js';

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
] as const satisfies readonly Lane[];

// CONTRACT-1.3.md §3, "Allowed pairs (29, of which 2 leave genesis)": the 27 between lanes.
const CONTRACT_TABLE = `
  planned     claimed blocked canceled
  claimed     in_progress blocked canceled
  in_progress for_review approved planned blocked canceled
  for_review  in_review blocked canceled
  in_review   approved done in_progress planned blocked canceled
  approved    done in_progress planned blocked canceled
  blocked     in_progress canceled
`;
const LEGAL = new Set(
  CONTRACT_TABLE.trim()
    .split('\n')
    .flatMap((line) => {
      const [from, ...targets] = line.trim().split(/\s+/);
      return targets.map((to) => `${from} -> ${to}`);
    }),
);

const MESSAGES = {
  illegal: (pair: string) => `Illegal transition: ${pair}`,
  force: 'Force transitions require actor and reason',
  evidenceShape:
    'Moving to done requires evidence with review.reviewer review.verdict, and review.reference',
  approval:
    'Transition to approved/done requires evidence (reviewer identity and approval reference)',
  resultMissing: 'Transition from in_review requires review_result (structured review outcome)',
  resultField: (field: string) => `Transition from in_review requires review_result with ${field}`,
  refMismatch: 'review_ref must match review_result.reference',
  evidenceMismatch: 'Review evidence must match review_result',
  subtasks: 'Transition in_progress -> for_review requires completed subtasks or force with reason',
  implementation:
    'Transition in_progress -> for_review requires implementation evidence or force with reason',
  actor: 'Transition requires actor identity',
  workspace: 'Transition claimed -> in_progress requires workspace context',
  reason: 'Transition in_progress -> planned requires reason',
  reviewRef: 'Transition requires review_ref (review feedback reference)',
} as const;

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

type Review = { reviewer?: unknown; verdict?: unknown; reference?: unknown };
const reviewOf = (request: TransitionRequest): Review | null => {
  const review: unknown = request.evidence?.['review'];
  return typeof review === 'object' && review !== null && !Array.isArray(review)
    ? (review as Review)
    : null;
};

/** "approval evidence": review.reviewer and review.reference non-blank, verdict "approved". */
const approves = (request: TransitionRequest) => {
  const review = reviewOf(request);
  return (
    review !== null &&
    !isBlank(review.reviewer) &&
    !isBlank(review.reference) &&
    review.verdict === 'approved'
  );
};

/** The oracle: `null` when contract 1.3.0 allows the request, else the exact refusal. */
function contractVerdict(request: TransitionRequest): string | null {
  const { from, to } = request;
  const pair = `${from} -> ${to}`;
  const evidenceGiven = request.evidence !== null && request.evidence !== undefined;
  // Given evidence must name a review on any pair, forced or not (checked first).
  if (evidenceGiven) {
    const review = reviewOf(request);
    if (
      review === null ||
      isBlank(review.reviewer) ||
      isBlank(review.verdict) ||
      isBlank(review.reference)
    )
      return MESSAGES.evidenceShape;
  }
  if (request.force === true) {
    return isBlank(request.actor) || isBlank(request.reason) ? MESSAGES.force : null;
  }
  if (!LEGAL.has(pair)) return MESSAGES.illegal(pair);
  if (from === 'in_review') {
    const result = request.reviewResult;
    if (result === null || result === undefined) return MESSAGES.resultMissing;
    for (const field of ['reviewer', 'verdict', 'reference'] as const) {
      if (isBlank(result[field])) return MESSAGES.resultField(field);
    }
    if (to === 'approved' || to === 'done') {
      if (evidenceGiven ? !approves(request) : result.verdict !== 'approved')
        return MESSAGES.approval;
    }
    if (
      request.reviewRef !== null &&
      request.reviewRef !== undefined &&
      request.reviewRef !== result.reference
    )
      return MESSAGES.refMismatch;
    if (evidenceGiven) {
      const review = reviewOf(request) as Review;
      if (
        review.reviewer !== result.reviewer ||
        review.verdict !== result.verdict ||
        review.reference !== result.reference
      )
        return MESSAGES.evidenceMismatch;
    }
    return null;
  }
  switch (pair) {
    case 'planned -> claimed':
    case 'for_review -> in_review':
      return isBlank(request.actor) ? MESSAGES.actor : null;
    case 'claimed -> in_progress':
      return isBlank(request.workspaceContext) ? MESSAGES.workspace : null;
    case 'in_progress -> for_review':
      if (request.subtasksComplete !== true) return MESSAGES.subtasks;
      return request.implementationEvidencePresent === true ? null : MESSAGES.implementation;
    case 'in_progress -> approved':
    case 'approved -> done':
      return approves(request) ? null : MESSAGES.approval;
    case 'in_progress -> planned':
      return isBlank(request.reason) ? MESSAGES.reason : null;
    case 'approved -> in_progress':
    case 'approved -> planned':
      return isBlank(request.reviewRef) ? MESSAGES.reviewRef : null;
    default:
      return null;
  }
}

const TEXTS = [undefined, ' ', 'x'] as const;
const REFS = [undefined, ' ', 'ref-1', 'ref-2'] as const;
const EVIDENCES = [
  null,
  { review: { reviewer: 'r', verdict: 'approved', reference: 'ref-1' } },
  { review: { reviewer: 'r', verdict: 'changes_requested', reference: 'ref-1' } },
  { review: { reviewer: 's', verdict: 'approved', reference: 'ref-2' } },
  { review: { reviewer: ' ', verdict: 'approved', reference: 'ref-1' } },
  { review: 'PR#1' },
] as const;
const RESULTS: readonly (ReviewResult | undefined)[] = [
  undefined,
  { reviewer: 'r', verdict: 'approved', reference: 'ref-1' },
  { reviewer: 'r', verdict: 'changes_requested', reference: 'ref-1' },
  { reviewer: ' ', verdict: 'approved', reference: 'ref-1' },
  { reviewer: 'r', verdict: '' as ReviewResult['verdict'], reference: 'ref-1' },
  { reviewer: 'r', verdict: 'approved', reference: '' },
];
/** (workspace context, subtasks complete, implementation evidence), jointly. */
const PROGRESS = [
  [undefined, undefined, undefined],
  ['/ws', true, true],
  [' ', true, false],
  ['/ws', false, true],
] as const;
const FLAGS = [undefined, false, true] as const;

function build(fields: Record<string, unknown>): TransitionRequest {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as unknown as TransitionRequest;
}

/** Compare one request with the oracle; a description of the disagreement, or null. */
function disagreement(request: TransitionRequest): string | null {
  const expected = contractVerdict(request);
  const actual = validateTransition(request, '1.3.0');
  const where = JSON.stringify(request);
  if (expected === null)
    return actual.isOk() ? null : `${where}: rejected (${actual.error.message})`;
  if (actual.isOk()) return `${where}: allowed, contract rejects (${expected})`;
  const { code, message, details } = actual.error;
  if (code !== 'TRANSITION_REJECTED') return `${where}: code ${code}`;
  if (message !== expected) return `${where}: message ${message}, expected ${expected}`;
  if (JSON.stringify(details) !== JSON.stringify({ from_lane: request.from, to_lane: request.to }))
    return `${where}: details ${JSON.stringify(details)}`;
  return null;
}

describe('validateTransition(…, "1.3.0") against the contract table', () => {
  it('the table written here has the 27 pairs between lanes, none leaving done or canceled', () => {
    expect(LEGAL.size).toBe(27);
    expect([...LEGAL].filter((pair) => /^(done|canceled) /.test(pair))).toEqual([]);
    expect(LEGAL.has('for_review -> done')).toBe(false);
    expect(LEGAL.has('for_review -> in_progress')).toBe(false);
  });

  it('agrees on every (from, to, force, guard input) combination, messages included', () => {
    const problems: string[] = [];
    let combinations = 0;
    for (const from of LANE_NAMES) {
      for (const to of LANE_NAMES) {
        for (const force of FLAGS) {
          for (const actor of [' ', 'claude']) {
            for (const reason of TEXTS) {
              for (const reviewRef of REFS) {
                for (const evidence of EVIDENCES) {
                  for (const reviewResult of RESULTS) {
                    for (const [workspaceContext, subtasksComplete, implementation] of PROGRESS) {
                      const problem = disagreement(
                        build({
                          from,
                          to,
                          force,
                          actor,
                          reason,
                          reviewRef,
                          evidence,
                          reviewResult,
                          workspaceContext,
                          subtasksComplete,
                          implementationEvidencePresent: implementation,
                        }),
                      );
                      if (problem !== null && problems.length < 10) problems.push(problem);
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
    expect(problems).toEqual([]);
    expect(combinations).toBe(81 * 3 * 2 * 3 * 4 * 6 * 6 * 4);
  });

  const text = fc.option(fc.oneof(fc.string(), fc.constantFrom(' ', '\t', '\n ', 'a', 'ref-1')), {
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
    review: fc.option(
      fc.record(
        {
          reviewer: fc.oneof(fc.string(), fc.constantFrom('r', ' ')),
          verdict: fc.constantFrom('approved', 'changes_requested', '', 'maybe'),
          reference: fc.oneof(fc.string(), fc.constantFrom('ref-1', '')),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    result: fc.option(
      fc.record({
        reviewer: fc.constantFrom('r', ' ', ''),
        verdict: fc.constantFrom('approved', 'changes_requested'),
        reference: fc.constantFrom('ref-1', 'ref-2', ''),
      }),
      { nil: undefined },
    ),
    subtasksComplete: fc.option(fc.boolean(), { nil: undefined }),
    implementationEvidencePresent: fc.option(fc.boolean(), { nil: undefined }),
  })('agrees on arbitrary inputs', ({ review, result, ...fields }) => {
    expect(
      disagreement(
        build({
          ...fields,
          evidence: review === undefined ? undefined : { review },
          reviewResult: result,
        }),
      ),
    ).toBeNull();
  });
});

describe('each 1.3 guard row, unforced and forced', () => {
  const valid = { reviewer: 'r', verdict: 'approved', reference: 'ref-1' } as const;
  /** For every row: a request its guard refuses, the refusal, and that a forced one passes. */
  const ROWS: readonly [string, TransitionRequest, string][] = [
    [
      'planned -> claimed without an actor',
      { from: 'planned', to: 'claimed', actor: ' ' },
      MESSAGES.actor,
    ],
    [
      'claimed -> in_progress without a workspace',
      { from: 'claimed', to: 'in_progress', actor: 'a' },
      MESSAGES.workspace,
    ],
    [
      'in_progress -> for_review with subtasks open',
      {
        from: 'in_progress',
        to: 'for_review',
        actor: 'a',
        subtasksComplete: false,
        implementationEvidencePresent: true,
      },
      MESSAGES.subtasks,
    ],
    [
      'in_progress -> for_review without implementation evidence',
      {
        from: 'in_progress',
        to: 'for_review',
        actor: 'a',
        subtasksComplete: true,
        implementationEvidencePresent: false,
      },
      MESSAGES.implementation,
    ],
    [
      'in_progress -> approved without evidence',
      { from: 'in_progress', to: 'approved', actor: 'a' },
      MESSAGES.approval,
    ],
    [
      'in_progress -> approved with a changes_requested verdict',
      {
        from: 'in_progress',
        to: 'approved',
        actor: 'a',
        evidence: { review: { ...valid, verdict: 'changes_requested' } },
      },
      MESSAGES.approval,
    ],
    [
      'in_progress -> planned without a note',
      { from: 'in_progress', to: 'planned', actor: 'a' },
      MESSAGES.reason,
    ],
    [
      'for_review -> in_review without an actor',
      { from: 'for_review', to: 'in_review', actor: '' },
      MESSAGES.actor,
    ],
    [
      'in_review -> blocked without a review result',
      { from: 'in_review', to: 'blocked', actor: 'a' },
      MESSAGES.resultMissing,
    ],
    [
      'in_review -> in_progress with a blank reviewer',
      {
        from: 'in_review',
        to: 'in_progress',
        actor: 'a',
        reviewResult: { ...valid, reviewer: ' ' },
      },
      MESSAGES.resultField('reviewer'),
    ],
    [
      'in_review -> done with a changes_requested result and no evidence',
      {
        from: 'in_review',
        to: 'done',
        actor: 'a',
        reviewResult: { ...valid, verdict: 'changes_requested' },
      },
      MESSAGES.approval,
    ],
    [
      'in_review -> approved with evidence that does not approve',
      {
        from: 'in_review',
        to: 'approved',
        actor: 'a',
        reviewResult: valid,
        evidence: { review: { ...valid, verdict: 'changes_requested' } },
      },
      MESSAGES.approval,
    ],
    [
      'in_review -> in_progress with another review_ref',
      { from: 'in_review', to: 'in_progress', actor: 'a', reviewResult: valid, reviewRef: 'ref-2' },
      MESSAGES.refMismatch,
    ],
    [
      'in_review -> done with evidence of another review',
      {
        from: 'in_review',
        to: 'done',
        actor: 'a',
        reviewResult: valid,
        evidence: { review: { ...valid, reviewer: 's' } },
      },
      MESSAGES.evidenceMismatch,
    ],
    [
      'approved -> done with a review result only',
      { from: 'approved', to: 'done', actor: 'a', reviewResult: valid },
      MESSAGES.approval,
    ],
    [
      'approved -> in_progress without a review_ref',
      { from: 'approved', to: 'in_progress', actor: 'a' },
      MESSAGES.reviewRef,
    ],
    [
      'approved -> planned with a blank review_ref',
      { from: 'approved', to: 'planned', actor: 'a', reviewRef: ' ' },
      MESSAGES.reviewRef,
    ],
  ];

  it.each(ROWS)('refuses %s with its message', (_, request, message) => {
    expect(validateTransition(request, '1.3.0')._unsafeUnwrapErr()).toEqual({
      code: 'TRANSITION_REJECTED',
      message,
      details: { from_lane: request.from, to_lane: request.to },
    });
  });

  it.each(ROWS)('allows %s when forced with an actor and a note', (_, request) => {
    const forced = { ...request, actor: 'lead', force: true, reason: 'override' };
    expect(validateTransition(forced, '1.3.0').isOk()).toBe(true);
    expect(validateTransition({ ...forced, reason: ' ' }, '1.3.0')._unsafeUnwrapErr().message).toBe(
      MESSAGES.force,
    );
    expect(validateTransition({ ...forced, actor: '' }, '1.3.0')._unsafeUnwrapErr().message).toBe(
      MESSAGES.force,
    );
  });

  it('lets force leave terminal lanes, and still checks the shape of given evidence', () => {
    const forced = { actor: 'lead', force: true, reason: 'reopen' } as const;
    expect(validateTransition({ from: 'done', to: 'in_progress', ...forced }, '1.3.0').isOk()).toBe(
      true,
    );
    expect(validateTransition({ from: 'canceled', to: 'planned', ...forced }, '1.3.0').isOk()).toBe(
      true,
    );
    expect(
      validateTransition(
        { from: 'done', to: 'in_progress', ...forced, evidence: { review: { reviewer: 'r' } } },
        '1.3.0',
      )._unsafeUnwrapErr().message,
    ).toBe(MESSAGES.evidenceShape);
  });

  it('rejects the pairs 1.3 removed, with the contract message', () => {
    for (const [from, to] of [
      ['for_review', 'done'],
      ['for_review', 'in_progress'],
      ['planned', 'done'],
    ] as const) {
      expect(
        validateTransition(
          { from, to, actor: 'a', evidence: { review: valid }, reviewRef: 'ref-1' },
          '1.3.0',
        )._unsafeUnwrapErr().message,
      ).toBe(`Illegal transition: ${from} -> ${to}`);
    }
  });
});
