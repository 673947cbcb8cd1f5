import type { Lane } from './lane.js';

/** Review evidence, as recorded on an approving event (`evidence.review`). */
export interface ReviewEvidence {
  readonly reviewer?: unknown;
  readonly verdict?: unknown;
  readonly reference?: unknown;
}

/**
 * A structured review outcome (contract 1.3.0 `--review-result-json`): who reviewed, what they
 * decided, and where the review lives.
 *
 * @example
 * ```ts
 * const result: ReviewResult = { reviewer: 'bot', verdict: 'approved', reference: 'review-WP01-1' };
 * ```
 */
export interface ReviewResult {
  readonly reviewer: string;
  readonly verdict: 'approved' | 'changes_requested';
  readonly reference: string;
  readonly feedback_path?: string;
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
  /** `--evidence-json`, or (contract 1.0.0) the evidence built from `--review-ref`. */
  readonly evidence?: Readonly<Record<string, unknown>> | null;
  /** `--review-result-json` (contract 1.3.0). */
  readonly reviewResult?: ReviewResult | null;
  /** The workspace this WP is worked in (needed for `claimed → in_progress`). */
  readonly workspaceContext?: string | null;
  /** The WP's subtasks are complete (tasks.md boxes at 1.0; the subtask roster at 1.3). */
  readonly subtasksComplete?: boolean;
  /** The WP has implementation evidence (at least one earlier lane event, unless told). */
  readonly implementationEvidencePresent?: boolean;
  readonly force?: boolean;
}

/** Is a text option absent or only white space? */
export const blank = (value: string | null | undefined): boolean =>
  value === null || value === undefined || value.trim() === '';

/**
 * Does `evidence` carry a review: `{ review: { reviewer, reference, verdict? } }` with non-blank
 * reviewer and reference?
 *
 * @example
 * ```ts
 * hasReviewEvidence({ review: { reviewer: 'bot', reference: 'PR#4' } }); // true
 * ```
 */
export function hasReviewEvidence(
  evidence: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  const review = reviewOf(evidence);
  if (review === null) return false;
  const { reviewer, reference } = review;
  return (
    typeof reviewer === 'string' &&
    !blank(reviewer) &&
    typeof reference === 'string' &&
    !blank(reference)
  );
}

/** `evidence.review` when it is an object, else `null`. */
export function reviewOf(
  evidence: Readonly<Record<string, unknown>> | null | undefined,
): ReviewEvidence | null {
  const review = evidence?.['review'];
  return typeof review === 'object' && review !== null && !Array.isArray(review)
    ? (review as ReviewEvidence)
    : null;
}
