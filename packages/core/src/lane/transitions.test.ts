import { err, ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { LANES, type Lane } from './lane.js';
import {
  ALLOWED_TRANSITIONS,
  hasReviewEvidence,
  isAllowedTransition,
  validateTransition,
  type TransitionRequest,
} from './transitions.js';

const REVIEW = { review: { reviewer: 'reviewer-bot', verdict: 'approved', reference: 'PR#42' } };

/** A request that satisfies every guard, so a test can break exactly one. */
function request(
  from: Lane,
  to: Lane,
  overrides: Partial<TransitionRequest> = {},
): TransitionRequest {
  return {
    from,
    to,
    actor: 'claude',
    reason: 'because',
    reviewRef: 'PR#42',
    evidence: REVIEW,
    workspaceContext: '/repo/.worktrees/001-demo-WP01',
    subtasksComplete: true,
    implementationEvidencePresent: true,
    ...overrides,
  };
}

describe('ALLOWED_TRANSITIONS', () => {
  it('holds 16 distinct pairs', () => {
    expect(ALLOWED_TRANSITIONS).toHaveLength(16);
    expect(new Set(ALLOWED_TRANSITIONS.map(([from, to]) => `${from}>${to}`)).size).toBe(16);
  });

  it('never leaves a terminal lane and never stays in place', () => {
    for (const [from, to] of ALLOWED_TRANSITIONS) {
      expect(['done', 'canceled']).not.toContain(from);
      expect(from).not.toBe(to);
    }
  });

  it('agrees with isAllowedTransition on all 49 pairs', () => {
    const allowed = new Set(ALLOWED_TRANSITIONS.map(([from, to]) => `${from}>${to}`));
    for (const from of LANES) {
      for (const to of LANES)
        expect(isAllowedTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
    }
  });
});

describe('validateTransition: pairs', () => {
  it('rejects an illegal pair with the contract message and both lanes', () => {
    expect(validateTransition(request('planned', 'done'))).toEqual(
      err({
        code: 'TRANSITION_REJECTED',
        message: 'Illegal transition: planned -> done',
        details: { from_lane: 'planned', to_lane: 'done' },
      }),
    );
  });

  it.each([
    ['done', 'in_progress'],
    ['canceled', 'planned'],
    ['planned', 'planned'],
    ['claimed', 'for_review'],
    ['blocked', 'planned'],
  ] as const)('rejects %s -> %s unless forced', (from, to) => {
    expect(validateTransition(request(from, to))._unsafeUnwrapErr().message).toBe(
      `Illegal transition: ${from} -> ${to}`,
    );
    expect(validateTransition(request(from, to, { force: true }))).toEqual(ok(undefined));
  });

  it.each(ALLOWED_TRANSITIONS)('allows %s -> %s when its guard is satisfied', (from, to) => {
    expect(validateTransition(request(from, to))).toEqual(ok(undefined));
  });
});

describe('validateTransition: guards', () => {
  const rejected = (value: ReturnType<typeof validateTransition>) => {
    const error = value._unsafeUnwrapErr();
    expect(error.code).toBe('TRANSITION_REJECTED');
    return error;
  };

  it('planned -> claimed needs a non-blank actor', () => {
    for (const actor of ['', '   ', '\t\n']) {
      const error = rejected(validateTransition(request('planned', 'claimed', { actor })));
      expect(error.message).toMatch(/^Transition planned -> claimed rejected: .*actor/);
      expect(error.details).toEqual({ from_lane: 'planned', to_lane: 'claimed' });
    }
  });

  it('claimed -> in_progress needs a workspace context', () => {
    for (const workspaceContext of [undefined, null, '', '  ']) {
      const { workspaceContext: _, ...rest } = request('claimed', 'in_progress');
      const candidate = workspaceContext === undefined ? rest : { ...rest, workspaceContext };
      expect(rejected(validateTransition(candidate)).message).toMatch(/workspace context/);
    }
  });

  it('in_progress -> for_review needs every subtask checked', () => {
    for (const subtasksComplete of [false, undefined]) {
      const { subtasksComplete: _, ...rest } = request('in_progress', 'for_review');
      const candidate = subtasksComplete === undefined ? rest : { ...rest, subtasksComplete };
      expect(rejected(validateTransition(candidate)).message).toMatch(/unchecked subtasks/);
    }
  });

  it('in_progress -> for_review needs an earlier event for the WP', () => {
    const candidate = request('in_progress', 'for_review', {
      implementationEvidencePresent: false,
    });
    expect(rejected(validateTransition(candidate)).message).toMatch(/implementation evidence/);
  });

  it('for_review -> done needs review evidence with reviewer and reference', () => {
    for (const evidence of [
      null,
      {},
      { review: null },
      { review: 'PR#42' },
      { review: { reviewer: 'r' } },
      { review: { reference: 'PR#42' } },
      { review: { reviewer: ' ', reference: 'PR#42' } },
      { review: { reviewer: 'r', reference: '' } },
      { review: { reviewer: 7, reference: 'PR#42' } },
      { reviewer: 'r', reference: 'PR#42' },
    ]) {
      const candidate = request('for_review', 'done', { evidence });
      expect(rejected(validateTransition(candidate)).message).toMatch(/review evidence/);
    }
  });

  it('for_review -> done accepts the evidence built from --review-ref alone', () => {
    const evidence = { review: { reviewer: 'claude', verdict: 'approved', reference: 'PR#42' } };
    const candidate = request('for_review', 'done', { evidence, reviewRef: null, reason: null });
    expect(validateTransition(candidate)).toEqual(ok(undefined));
  });

  it('for_review -> done does not require a verdict', () => {
    const evidence = { review: { reviewer: 'r', reference: 'PR#42' } };
    expect(validateTransition(request('for_review', 'done', { evidence }))).toEqual(ok(undefined));
  });

  it('for_review -> in_progress needs a review reference', () => {
    for (const reviewRef of [null, '', '  ']) {
      const candidate = request('for_review', 'in_progress', { reviewRef });
      expect(rejected(validateTransition(candidate)).message).toMatch(/review reference/);
    }
  });

  it('in_progress -> planned needs a reason', () => {
    for (const reason of [null, '', ' ']) {
      const candidate = request('in_progress', 'planned', { reason });
      expect(rejected(validateTransition(candidate)).message).toMatch(/reason/);
    }
  });

  it('checks no guard on blocking and canceling', () => {
    const bare: Omit<TransitionRequest, 'from' | 'to'> = { actor: 'claude' };
    for (const [from, to] of ALLOWED_TRANSITIONS) {
      if (to !== 'blocked' && to !== 'canceled' && from !== 'blocked') continue;
      expect(validateTransition({ from, to, ...bare })).toEqual(ok(undefined));
    }
  });
});

describe('validateTransition: force', () => {
  it('allows any pair and skips every guard with an actor and a reason', () => {
    for (const from of LANES) {
      for (const to of LANES) {
        expect(
          validateTransition({ from, to, actor: 'admin', reason: 'fix up', force: true }),
        ).toEqual(ok(undefined));
      }
    }
  });

  it('needs a non-blank actor', () => {
    const error = validateTransition({
      from: 'done',
      to: 'planned',
      actor: '  ',
      reason: 'reopen',
      force: true,
    })._unsafeUnwrapErr();
    expect(error.code).toBe('TRANSITION_REJECTED');
    expect(error.message).toMatch(/actor/);
    expect(error.details).toEqual({ from_lane: 'done', to_lane: 'planned' });
  });

  it('needs a reason, even for an allowed pair', () => {
    for (const reason of [undefined, null, '', '\t']) {
      const base = { from: 'planned', to: 'claimed', actor: 'admin', force: true } as const;
      const candidate = reason === undefined ? base : { ...base, reason };
      expect(validateTransition(candidate)._unsafeUnwrapErr().message).toMatch(/reason/);
    }
  });

  it('force: false behaves like no force', () => {
    expect(
      validateTransition(request('planned', 'done', { force: false }))._unsafeUnwrapErr().message,
    ).toBe('Illegal transition: planned -> done');
  });
});

describe('hasReviewEvidence', () => {
  it('needs review.reviewer and review.reference as non-blank strings', () => {
    expect(hasReviewEvidence(REVIEW)).toBe(true);
    expect(hasReviewEvidence({ review: { reviewer: 'r', reference: 'x', extra: [1] } })).toBe(true);
    expect(hasReviewEvidence(undefined)).toBe(false);
    expect(hasReviewEvidence(null)).toBe(false);
    expect(hasReviewEvidence({ review: { reviewer: 'r', reference: '   ' } })).toBe(false);
    expect(hasReviewEvidence({ review: [] })).toBe(false);
  });
});
