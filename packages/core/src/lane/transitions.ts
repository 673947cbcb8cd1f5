import { err, ok, type Result } from 'neverthrow';
import { transitionRejected, type HostErrorOf } from '../errors/host-error.js';
import { LANE_MODELS, type ContractGeneration } from '../generations/lane-model.js';
import { TRANSITIONS_1_0 } from '../generations/v1_0/transitions.js';
import type { Lane } from './lane.js';
import type { TransitionRequest } from './transition-request.js';

export {
  hasReviewEvidence,
  type ReviewEvidence,
  type ReviewResult,
  type TransitionRequest,
} from './transition-request.js';

/**
 * The 16 allowed `from → to` pairs of contract 1.0.0. Contract 1.3.0's are
 * `LANE_MODELS['1.3.0'].transitions`.
 *
 * @example
 * ```ts
 * isAllowedTransition('planned', 'claimed'); // true
 * ```
 */
export const ALLOWED_TRANSITIONS: readonly (readonly [Lane, Lane])[] = TRANSITIONS_1_0;

const ALLOWED: Readonly<Record<ContractGeneration, ReadonlySet<string>>> = {
  '1.0.0': new Set(LANE_MODELS['1.0.0'].transitions.map(([from, to]) => `${from}>${to}`)),
  '1.3.0': new Set(LANE_MODELS['1.3.0'].transitions.map(([from, to]) => `${from}>${to}`)),
};

/**
 * Is `from → to` an allowed pair of the generation's table (1.0.0 unless told)?
 *
 * @example
 * ```ts
 * isAllowedTransition('for_review', 'done'); // true (1.0.0)
 * isAllowedTransition('for_review', 'done', '1.3.0'); // false: a review comes first
 * ```
 */
export function isAllowedTransition(
  from: Lane,
  to: Lane,
  generation: ContractGeneration = '1.0.0',
): boolean {
  return ALLOWED[generation].has(`${from}>${to}`);
}

/**
 * Validate one transition against a generation's table and guards (1.0.0 unless told): the pair
 * must be allowed and its guard satisfied, unless forced. A forced transition allows any pair but
 * needs a non-blank actor and a reason. At 1.3.0 given evidence must name a review even when
 * forced. Every rejection is `TRANSITION_REJECTED` with `from_lane` and `to_lane`.
 *
 * @example
 * ```ts
 * validateTransition({ from: 'planned', to: 'done', actor: 'a' });
 * // err({ code: 'TRANSITION_REJECTED', message: 'Illegal transition: planned -> done', … })
 * validateTransition({ from: 'planned', to: 'claimed', actor: 'claude' }); // ok(undefined)
 * validateTransition({ from: 'for_review', to: 'in_review', actor: 'r' }, '1.3.0'); // ok(undefined)
 * ```
 */
export function validateTransition(
  request: TransitionRequest,
  generation: ContractGeneration = '1.0.0',
): Result<void, HostErrorOf<'TRANSITION_REJECTED'>> {
  const model = LANE_MODELS[generation];
  const { from, to } = request;
  const refusal =
    model.evidenceFailure(request) ??
    (request.force === true
      ? model.forceFailure(request)
      : isAllowedTransition(from, to, generation)
        ? model.guardFailure(request)
        : `Illegal transition: ${from} -> ${to}`);
  return refusal === null
    ? ok(undefined)
    : err(transitionRejected(refusal, { from_lane: from, to_lane: to }));
}
