import {
  buildDependencyGraph,
  formatEventTimestamp,
  createEventReducer,
  parsePolicy,
  snapshotOf,
  timestampKey,
  wpNotFound,
  type DependencyGraph,
  type FeatureStatus,
  type HostError,
  type Lane,
  type Policy,
  type StatusEvent,
} from '@kittyhost/core';
import type { FeatureSpec, LockedFeature, WorkPackageSpec } from '@kittyhost/core/ports';
import { err, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import type { OperationContext } from '../context.js';

/** A feature with its validated dependency graph. */
export interface LoadedFeature {
  readonly feature: FeatureSpec;
  readonly graph: DependencyGraph;
}

/** Validate the WP graph of a loaded feature (`SPEC_INVALID` on unknown deps or cycles). */
export function withGraph(feature: FeatureSpec): Result<LoadedFeature, HostError> {
  return buildDependencyGraph(
    feature.workPackages.map((wp) => ({ id: wp.id, dependencies: wp.dependencies })),
  ).map((graph) => ({ feature, graph }));
}

/** The WP with exactly this canonical id, or `WP_NOT_FOUND`. */
export function findWorkPackage(
  feature: FeatureSpec,
  wpId: string,
): Result<WorkPackageSpec, HostError> {
  const workPackage = feature.workPackages.find((candidate) => candidate.id === wpId);
  return workPackage === undefined ? err(wpNotFound(feature.slug, wpId)) : ok(workPackage);
}

/**
 * The reducer of this process. It answers exactly as `reduceEvents`, but when a log only grew
 * since its last reduction (a mutation's snapshot after its decision; the next call of a
 * long-running server, whose store returns the same event objects) it applies just the new events.
 */
const reducer = createEventReducer();

/** Reduce the log over the feature's WP files only. */
export function featureStatus(feature: FeatureSpec, events: readonly StatusEvent[]): FeatureStatus {
  return reducer.reduce(
    events,
    feature.workPackages.map((wp) => wp.id),
  );
}

/** Current lane of every WP file. */
export function lanesOf(feature: FeatureSpec, status: FeatureStatus): Record<string, Lane> {
  return Object.fromEntries(
    feature.workPackages.map((wp) => [wp.id, status.work_packages[wp.id]?.lane ?? 'planned']),
  );
}

/** Parse a policy that the operation requires or that was given (optional elsewhere). */
export function policyIfGiven(input: unknown): Result<Policy | null, HostError> {
  if (input === undefined) return ok(null);
  return parsePolicy(input);
}

/** Fields of a new event that vary per call. */
export interface EventDraft {
  readonly wpId: string;
  readonly from: Lane;
  readonly to: Lane;
  readonly actor: string;
  readonly force?: boolean;
  readonly reason?: string | null;
  readonly reviewRef?: string | null;
  readonly evidence?: Readonly<Record<string, unknown>> | null;
  readonly policy?: Policy | null;
}

/** What {@link draftEvents} needs. */
export interface DraftRequest {
  readonly feature: FeatureSpec;
  /** The log as read under the lock. */
  readonly existing: readonly StatusEvent[];
  readonly drafts: readonly EventDraft[];
}

/**
 * Build the events of one call. They carry the call's instant, one microsecond apart, so they
 * sort in the order they were made; and never earlier than the last event of the log (a clock
 * that went back, or another host's future-dated event, must not make a recorded transition sort
 * before the state it was decided on).
 */
export function draftEvents(context: OperationContext, request: DraftRequest): StatusEvent[] {
  const now = context.clock.now();
  const last = featureStatus(request.feature, request.existing).last_event_at;
  const lastMicros = last === null ? Number.NEGATIVE_INFINITY : timestampKey(last);
  const start = Math.max(now.getTime() * 1000, Number.isNaN(lastMicros) ? 0 : lastMicros + 1);
  return request.drafts.map((draft, index) => {
    const micros = start + index;
    return {
      event_id: context.ids.eventId(),
      feature_slug: request.feature.slug,
      wp_id: draft.wpId,
      from_lane: draft.from,
      to_lane: draft.to,
      at: formatEventTimestamp(new Date(Math.floor(micros / 1000)), micros % 1000),
      actor: draft.actor,
      force: draft.force ?? false,
      execution_mode: 'worktree',
      reason: draft.reason ?? null,
      review_ref: draft.reviewRef ?? null,
      evidence: draft.evidence ?? null,
      policy_metadata: draft.policy ?? null,
    };
  });
}

/**
 * Append events, then rewrite the snapshot from the whole log (inside the feature lock). Once the
 * events are appended the transition has happened: the log is the truth. A snapshot that cannot
 * be written is derived data, rewritten by the next mutation, so it does not fail the call.
 */
export function recordEvents(
  locked: LockedFeature,
  existing: readonly StatusEvent[],
  added: readonly StatusEvent[],
): ResultAsync<void, HostError> {
  if (added.length === 0) return okAsync(undefined);
  const all = [...existing, ...added];
  return locked
    .appendEvents(added)
    .andThen(() =>
      locked
        .writeSnapshot(snapshotOf(locked.feature.slug, featureStatus(locked.feature, all)))
        .orElse(() => okAsync(undefined)),
    );
}

/** The target branch: `--target`, else meta.json `target_branch`, else `main` if it exists, else the current branch. */
export function defaultTargetBranch(
  feature: FeatureSpec,
  explicit: string | undefined,
  mainExists: boolean,
  currentBranch: string | null,
): string {
  if (explicit !== undefined && explicit.trim() !== '') return explicit.trim();
  const fromMeta = feature.meta['target_branch'];
  if (typeof fromMeta === 'string' && fromMeta.trim() !== '') return fromMeta.trim();
  if (mainExists || currentBranch === null) return 'main';
  return currentBranch;
}
