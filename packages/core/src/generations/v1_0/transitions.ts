import type { Lane } from '../../lane/lane.js';
import { blank, hasReviewEvidence, type TransitionRequest } from '../../lane/transition-request.js';

/**
 * The 16 allowed `from → to` pairs of contract 1.0.0 (CONTRACT.md, "Allowed pairs").
 *
 * @example
 * ```ts
 * TRANSITIONS_1_0.length; // 16
 * ```
 */
export const TRANSITIONS_1_0: readonly (readonly [Lane, Lane])[] = [
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

/** Why a forced 1.0 transition is refused, or `null`: it needs an actor and a reason. */
export function forceFailure1_0(request: TransitionRequest): string | null {
  const { from, to } = request;
  if (blank(request.actor)) return `Forced transition ${from} -> ${to} requires an actor`;
  if (blank(request.reason)) return `Forced transition ${from} -> ${to} requires a reason (--note)`;
  return null;
}

/** Why the guard of an allowed 1.0 pair refuses, or `null` (CONTRACT.md's guard table). */
export function guardFailure1_0(request: TransitionRequest): string | null {
  const reason = (() => {
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
  })();
  return reason === null ? null : `Transition ${request.from} -> ${request.to} rejected: ${reason}`;
}
