import type { Lane } from '../../lane/lane.js';
import {
  blank,
  reviewOf,
  type ReviewResult,
  type TransitionRequest,
} from '../../lane/transition-request.js';

/**
 * The 27 allowed `from → to` pairs between lanes of contract 1.3.0 (CONTRACT-1.3.md §3). The two
 * pairs that leave the seed lane (`genesis → planned | canceled`) are written by the planning
 * tools only; a WP without lane events is `planned` here.
 *
 * @example
 * ```ts
 * TRANSITIONS_1_3.some(([from, to]) => from === 'for_review' && to === 'done'); // false
 * ```
 */
export const TRANSITIONS_1_3: readonly (readonly [Lane, Lane])[] = [
  ['planned', 'claimed'],
  ['planned', 'blocked'],
  ['planned', 'canceled'],
  ['claimed', 'in_progress'],
  ['claimed', 'blocked'],
  ['claimed', 'canceled'],
  ['in_progress', 'for_review'],
  ['in_progress', 'approved'],
  ['in_progress', 'planned'],
  ['in_progress', 'blocked'],
  ['in_progress', 'canceled'],
  ['for_review', 'in_review'],
  ['for_review', 'blocked'],
  ['for_review', 'canceled'],
  ['in_review', 'approved'],
  ['in_review', 'done'],
  ['in_review', 'in_progress'],
  ['in_review', 'planned'],
  ['in_review', 'blocked'],
  ['in_review', 'canceled'],
  ['approved', 'done'],
  ['approved', 'in_progress'],
  ['approved', 'planned'],
  ['approved', 'blocked'],
  ['approved', 'canceled'],
  ['blocked', 'in_progress'],
  ['blocked', 'canceled'],
];

/** The original's wording, kept so providers see the same messages from both hosts. */
const APPROVAL_REQUIRED =
  'Transition to approved/done requires evidence (reviewer identity and approval reference)';
const EVIDENCE_SHAPE =
  'Moving to done requires evidence with review.reviewer review.verdict, and review.reference';

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : value === null || value === undefined ? null : String(value);

/** Non-blank text (what the original's `str(x).strip()` truthiness accepts). */
const present = (value: unknown): boolean => {
  const written = text(value);
  return written !== null && written.trim() !== '';
};

/**
 * Evidence given on any 1.3 transition must name a review (`review.reviewer`, `review.verdict`,
 * `review.reference`), even when forced: the original builds its evidence record before it looks
 * at the pair.
 */
export function evidenceFailure1_3(request: TransitionRequest): string | null {
  if (request.evidence === null || request.evidence === undefined) return null;
  const review = reviewOf(request.evidence);
  if (review === null) return EVIDENCE_SHAPE;
  return present(review.reviewer) && present(review.verdict) && present(review.reference)
    ? null
    : EVIDENCE_SHAPE;
}

/** Why a forced 1.3 transition is refused, or `null`: it needs an actor and a reason. */
export function forceFailure1_3(request: TransitionRequest): string | null {
  return blank(request.actor) || blank(request.reason)
    ? 'Force transitions require actor and reason'
    : null;
}

function approvalFailure(request: TransitionRequest): string | null {
  const review = reviewOf(request.evidence);
  if (review === null) return APPROVAL_REQUIRED;
  return present(review.reviewer) && present(review.reference) && review.verdict === 'approved'
    ? null
    : APPROVAL_REQUIRED;
}

function reviewResultFailure(result: ReviewResult | null | undefined): string | null {
  if (result === null || result === undefined)
    return 'Transition from in_review requires review_result (structured review outcome)';
  if (!present(result.reviewer))
    return 'Transition from in_review requires review_result with reviewer';
  if (!present(result.verdict))
    return 'Transition from in_review requires review_result with verdict';
  if (!present(result.reference))
    return 'Transition from in_review requires review_result with reference';
  return null;
}

function inReviewFailure(request: TransitionRequest): string | null {
  const result = request.reviewResult;
  const missing = reviewResultFailure(result);
  if (missing !== null || result === null || result === undefined) return missing;
  if (request.to === 'approved' || request.to === 'done') {
    if (request.evidence !== null && request.evidence !== undefined) {
      const approval = approvalFailure(request);
      if (approval !== null) return approval;
    } else if (result.verdict !== 'approved') {
      return APPROVAL_REQUIRED;
    }
  }
  if (
    request.reviewRef !== null &&
    request.reviewRef !== undefined &&
    request.reviewRef !== result.reference
  ) {
    return 'review_ref must match review_result.reference';
  }
  const review = reviewOf(request.evidence);
  if (
    request.evidence !== null &&
    request.evidence !== undefined &&
    (review?.reviewer !== result.reviewer ||
      review.verdict !== result.verdict ||
      review.reference !== result.reference)
  ) {
    return 'Review evidence must match review_result';
  }
  return null;
}

/** Why the guard of an allowed 1.3 pair refuses, or `null` (CONTRACT-1.3.md §3's guard table). */
export function guardFailure1_3(request: TransitionRequest): string | null {
  if (request.from === 'in_review') return inReviewFailure(request);
  switch (`${request.from}>${request.to}`) {
    case 'planned>claimed':
    case 'for_review>in_review':
      return blank(request.actor) ? 'Transition requires actor identity' : null;
    case 'claimed>in_progress':
      return blank(request.workspaceContext)
        ? 'Transition claimed -> in_progress requires workspace context'
        : null;
    case 'in_progress>for_review':
      if (request.subtasksComplete !== true)
        return 'Transition in_progress -> for_review requires completed subtasks or force with reason';
      if (request.implementationEvidencePresent !== true)
        return 'Transition in_progress -> for_review requires implementation evidence or force with reason';
      return null;
    case 'in_progress>approved':
    case 'approved>done':
      return approvalFailure(request);
    case 'in_progress>planned':
      return blank(request.reason) ? 'Transition in_progress -> planned requires reason' : null;
    case 'approved>in_progress':
    case 'approved>planned':
      return blank(request.reviewRef)
        ? 'Transition requires review_ref (review feedback reference)'
        : null;
    default:
      return null;
  }
}
