import { err, ok, type Result } from 'neverthrow';
import { transitionRejected, type HostErrorOf } from '../errors/host-error.js';
import type { Lane } from './lane.js';

/**
 * The 16 allowed `from → to` pairs of the contract.
 *
 * @example
 * ```ts
 * isAllowedTransition('planned', 'claimed'); // true
 * ```
 */
export const ALLOWED_TRANSITIONS: readonly (readonly [Lane, Lane])[] = [
  ['planned', 'claimed'],
  ['claimed', 'in_progress'],
  ['in_progress', 'for_review'],
  ['for_review', 'done'],
  ['for_review', 'in_progress'],
  ['in_progress', 'planned'],
  ['planned', 'blocked'],
  ['claimed', 'blocked'],
  ['in_progress', 'blocked'],
  ['for_review', 'blocked'],
  ['blocked', 'in_progress'],
  ['planned', 'canceled'],
  ['claimed', 'canceled'],
  ['in_progress', 'canceled'],
  ['for_review', 'canceled'],
  ['blocked', 'canceled'],
];

const ALLOWED = new Set(ALLOWED_TRANSITIONS.map(([from, to]) => `${from}>${to}`));

/** Is `from → to` one of the 16 allowed pairs? */
export function isAllowedTransition(from: Lane, to: Lane): boolean {
  return ALLOWED.has(`${from}>${to}`);
}

/** Review evidence, as recorded on a `for_review → done` event. */
export interface ReviewEvidence {
  readonly reviewer?: unknown;
  readonly verdict?: unknown;
  readonly reference?: unknown;
}

/** Everything the guards look at. One plain object, so callers cannot mix up arguments. */
export interface TransitionRequest {
  readonly from: Lane;
  readonly to: Lane;
  readonly actor: string;
  /** `--note`. */
  readonly reason?: string | null;
  /** `--review-ref`. */
  readonly reviewRef?: string | null;
  /** `--evidence-json`, or the evidence built from `--review-ref`. */
  readonly evidence?: Readonly<Record<string, unknown>> | null;
  /** The workspace this WP is worked in (needed for `claimed → in_progress`). */
  readonly workspaceContext?: string | null;
  /** Every box of the WP's tasks.md section checked (or no section). */
  readonly subtasksComplete?: boolean;
  /** The WP has at least one earlier event. */
  readonly implementationEvidencePresent?: boolean;
  readonly force?: boolean;
}

const blank = (value: string | null | undefined): boolean =>
  value === null || value === undefined || value.trim() === '';

/**
 * Does `evidence` carry a review: `{ review: { reviewer, reference, verdict? } }` with non-blank
 * reviewer and reference?
 */
export function hasReviewEvidence(
  evidence: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  const review = evidence?.['review'];
  if (typeof review !== 'object' || review === null) return false;
  const { reviewer, reference } = review as ReviewEvidence;
  return (
    typeof reviewer === 'string' &&
    !blank(reviewer) &&
    typeof reference === 'string' &&
    !blank(reference)
  );
}

/**
 * Validate one transition: the pair must be allowed and its guard satisfied, unless forced.
 * A forced transition allows any pair but needs a non-blank actor and a reason.
 * Every rejection is `TRANSITION_REJECTED` with `from_lane` and `to_lane`.
 *
 * @example
 * ```ts
 * validateTransition({ from: 'planned', to: 'done', actor: 'a' });
 * // err({ code: 'TRANSITION_REJECTED', message: 'Illegal transition: planned -> done', … })
 * validateTransition({ from: 'planned', to: 'claimed', actor: 'claude' }); // ok(undefined)
 * ```
 */
export function validateTransition(
  request: TransitionRequest,
): Result<void, HostErrorOf<'TRANSITION_REJECTED'>> {
  const { from, to } = request;
  const reject = (message: string) =>
    err(transitionRejected(message, { from_lane: from, to_lane: to }));
  if (request.force === true) {
    if (blank(request.actor)) return reject(`Forced transition ${from} -> ${to} requires an actor`);
    if (blank(request.reason))
      return reject(`Forced transition ${from} -> ${to} requires a reason (--note)`);
    return ok(undefined);
  }
  if (!isAllowedTransition(from, to)) return reject(`Illegal transition: ${from} -> ${to}`);
  const guard = guardFailure(request);
  return guard === null ? ok(undefined) : reject(`Transition ${from} -> ${to} rejected: ${guard}`);
}

function guardFailure(request: TransitionRequest): string | null {
  switch (`${request.from}>${request.to}`) {
    case 'planned>claimed':
      return blank(request.actor) ? 'an actor is required to claim a work package' : null;
    case 'claimed>in_progress':
      return blank(request.workspaceContext) ? 'a workspace context is required' : null;
    case 'in_progress>for_review':
      if (request.subtasksComplete !== true) return 'unchecked subtasks remain in tasks.md';
      if (request.implementationEvidencePresent !== true)
        return 'no implementation evidence (no earlier event for this work package)';
      return null;
    case 'for_review>done':
      return hasReviewEvidence(request.evidence)
        ? null
        : 'review evidence is required (--review-ref or --evidence-json with reviewer and reference)';
    case 'for_review>in_progress':
      return blank(request.reviewRef) ? 'a review reference (--review-ref) is required' : null;
    case 'in_progress>planned':
      return blank(request.reason) ? 'a reason (--note) is required' : null;
    default:
      return null;
  }
}
