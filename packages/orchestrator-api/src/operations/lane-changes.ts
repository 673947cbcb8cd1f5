import {
  MAX_JSON_DEPTH,
  isPolicyPresent,
  jsonDepth,
  parseLane,
  parsePolicy,
  policyMetadataRequired,
  transitionRejected,
  usageError,
  validateTransition,
  type HostError,
  type Lane,
} from '@kittyhost/core';
import { err, ok, safeTry, type Result, type ResultAsync } from 'neverthrow';
import type { OperationContext } from '../context.js';
import type { InputOf, OutputOf } from '../schemas.js';
import {
  draftEvents,
  featureStatus,
  findWorkPackage,
  policyIfGiven,
  recordEvents,
  withGraph,
} from './shared.js';

/** Lanes whose transition requires `--policy`. */
export const POLICY_REQUIRED_LANES: readonly Lane[] = ['claimed', 'in_progress', 'for_review'];

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/**
 * `start-review --feature S --wp W --actor A --policy P --review-ref R`: send a WP back from
 * review to implementation (for_review → in_progress), recording the review reference.
 */
export function startReview(
  context: OperationContext,
  input: InputOf<'start-review'>,
): ResultAsync<OutputOf<'start-review'>, HostError> {
  return safeTry(async function* () {
    if (!isPolicyPresent(input.policy)) return err(policyMetadataRequired());
    if (blank(input.review_ref)) {
      return err(
        transitionRejected('start-review requires a review reference (--review-ref)', {
          to_lane: 'in_progress',
        }),
      );
    }
    const policy = yield* parsePolicy(input.policy);
    const { store } = yield* context.project();
    return store.withFeatureLock(input.feature, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(feature, input.wp);
        const events = yield* locked.readEvents();
        const from =
          featureStatus(feature, events).work_packages[workPackage.id]?.lane ?? 'planned';
        if (from !== 'for_review') {
          return err(
            transitionRejected(
              `Illegal transition: ${from} -> in_progress (start-review needs for_review)`,
              {
                from_lane: from,
                to_lane: 'in_progress',
              },
            ),
          );
        }
        yield* validateTransition({
          from,
          to: 'in_progress',
          actor: input.actor,
          reviewRef: input.review_ref ?? null,
        });
        const drafts = [
          {
            wpId: workPackage.id,
            from,
            to: 'in_progress' as const,
            actor: input.actor,
            reviewRef: input.review_ref ?? null,
            policy,
          },
        ];
        const added = draftEvents(context, { feature, existing: events, drafts });
        yield* recordEvents(locked, events, added);
        return ok({
          feature_slug: feature.slug,
          wp_id: workPackage.id,
          from_lane: from,
          to_lane: 'in_progress' as const,
          prompt_path: workPackage.promptPath,
          policy_metadata_recorded: true as const,
        });
      }),
    );
  });
}

function parseEvidence(
  input: unknown,
): Result<Readonly<Record<string, unknown>> | null, HostError> {
  if (input === undefined) return ok(null);
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return err(usageError('--evidence-json is not valid JSON', 'transition'));
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err(usageError('--evidence-json must be a JSON object', 'transition'));
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    return err(
      usageError(`--evidence-json is nested more than ${MAX_JSON_DEPTH} levels deep`, 'transition'),
    );
  }
  return ok(value as Record<string, unknown>);
}

/**
 * `transition --feature S --wp W --to L --actor A [--note N] [--policy P] [--review-ref R]
 * [--force] [--evidence-json E]`: one lane change, validated against the 16 allowed pairs and
 * their guards (or forced, with an actor and a reason). `--review-ref R` alone is enough review
 * evidence for for_review → done.
 */
export function transition(
  context: OperationContext,
  input: InputOf<'transition'>,
): ResultAsync<OutputOf<'transition'>, HostError> {
  return safeTry(async function* () {
    const givenEvidence = yield* parseEvidence(input.evidence_json);
    const target = parseLane(input.to);
    const policyRequired = target.isOk() && POLICY_REQUIRED_LANES.includes(target.value);
    if (policyRequired && !isPolicyPresent(input.policy)) return err(policyMetadataRequired());
    const policy = yield* policyIfGiven(isPolicyPresent(input.policy) ? input.policy : undefined);
    const project = yield* context.project();
    return project.store.withFeatureLock(input.feature, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(feature, input.wp);
        const to = yield* target;
        const events = yield* locked.readEvents();
        const from =
          featureStatus(feature, events).work_packages[workPackage.id]?.lane ?? 'planned';
        const subtasks =
          from === 'in_progress' && to === 'for_review'
            ? yield* project.store.subtaskStatus(feature.slug, workPackage.id)
            : null;
        const reviewRef = blank(input.review_ref) ? null : (input.review_ref as string);
        const evidence =
          givenEvidence ??
          (to === 'done' && reviewRef !== null
            ? { review: { reviewer: input.actor, verdict: 'approved', reference: reviewRef } }
            : null);
        yield* validateTransition({
          from,
          to,
          actor: input.actor,
          reason: input.note ?? null,
          reviewRef,
          evidence,
          workspaceContext: project.vcs.workspacePath(feature.slug, workPackage.id),
          subtasksComplete: subtasks === null || subtasks.unchecked === 0,
          implementationEvidencePresent: events.some((event) => event.wp_id === workPackage.id),
          force: input.force === true,
        });
        const drafts = [
          {
            wpId: workPackage.id,
            from,
            to,
            actor: input.actor,
            force: input.force === true,
            reason: blank(input.note) ? null : (input.note as string),
            reviewRef,
            evidence,
            policy,
          },
        ];
        const added = draftEvents(context, { feature, existing: events, drafts });
        yield* recordEvents(locked, events, added);
        return ok({
          feature_slug: feature.slug,
          wp_id: workPackage.id,
          from_lane: from,
          to_lane: to,
          policy_metadata_recorded: policy !== null,
        });
      }),
    );
  });
}
