import {
  aboutFeature,
  buildDependencyGraph,
  formatEventTimestamp,
  createEventReducer,
  isAnnotation,
  parsePolicy,
  timestampKey,
  wpNotFound,
  type AnnotationDelta,
  type AnnotationEvent,
  type DependencyGraph,
  type FeatureStatus,
  type HostError,
  type Lane,
  type LogEntry,
  type Policy,
  type ReviewResult,
  type SourceLane,
  type StatusEvent,
} from '@kittyhost/core';
import type { FeatureSpec, LockedFeature, WorkPackageSpec } from '@kittyhost/core/ports';
import { err, errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import type { Generation } from '../generations/generation.js';

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

/** The same result, its error remembering the feature (so a generation adds its identity). */
export function about<T>(
  result: ResultAsync<T, HostError>,
  feature: FeatureSpec,
): ResultAsync<T, HostError> {
  return result.mapErr((error) => aboutFeature(error, feature));
}

/**
 * The reducer of this process. It answers exactly as `reduceEvents`, but when a log only grew
 * since its last reduction (a mutation's snapshot after its decision; the next call of a
 * long-running server, whose store returns the same event objects) it applies just the new events.
 */
const reducer = createEventReducer();

/** Reduce the log over the feature's WP files only. */
export function featureStatus(feature: FeatureSpec, entries: readonly LogEntry[]): FeatureStatus {
  return reducer.reduce(
    entries,
    feature.workPackages.map((wp) => wp.id),
  );
}

/** Current (model) lane of every WP file. */
export function lanesOf(feature: FeatureSpec, status: FeatureStatus): Record<string, Lane> {
  return Object.fromEntries(
    feature.workPackages.map((wp) => [wp.id, status.work_packages[wp.id]?.lane ?? 'planned']),
  );
}

/** The lane events of a log (annotations left out). */
export function laneEvents(entries: readonly LogEntry[]): StatusEvent[] {
  return entries.filter((entry): entry is StatusEvent => !isAnnotation(entry));
}

/** Parse a policy that the operation requires or that was given (optional elsewhere). */
export function policyIfGiven(input: unknown): Result<Policy | null, HostError> {
  if (input === undefined) return ok(null);
  return parsePolicy(input);
}

/** Fields of a new lane event that vary per call. */
export interface EventDraft {
  readonly wpId: string;
  readonly from: SourceLane;
  readonly to: Lane;
  readonly actor: string;
  readonly force?: boolean;
  readonly reason?: string | null;
  readonly reviewRef?: string | null;
  readonly evidence?: Readonly<Record<string, unknown>> | null;
  readonly policy?: Policy | Readonly<Record<string, unknown>> | null;
  readonly reviewResult?: ReviewResult | null;
}

/** What {@link draftEvents} needs. */
export interface DraftRequest {
  readonly generation: Generation;
  readonly feature: FeatureSpec;
  /** The log as read under the lock. */
  readonly existing: readonly LogEntry[];
  readonly drafts: readonly EventDraft[];
}

/** The first instant new rows may carry: now, but never before the log's last event. */
function firstInstant(
  context: OperationContext,
  feature: FeatureSpec,
  existing: readonly LogEntry[],
): number {
  const now = context.clock.now();
  const last = featureStatus(feature, existing).last_event_at;
  const lastMicros = last === null ? Number.NEGATIVE_INFINITY : timestampKey(last);
  return Math.max(now.getTime() * 1000, Number.isNaN(lastMicros) ? 0 : lastMicros + 1);
}

const stamp = (micros: number) =>
  formatEventTimestamp(new Date(Math.floor(micros / 1000)), micros % 1000);

/**
 * Build the lane events of one call, in the line form of its generation (`feature_slug`, or
 * `mission_slug` with `mission_id`). They carry the call's instant, one microsecond apart, so
 * they sort in the order they were made; and never earlier than the last event of the log (a
 * clock that went back, or another host's future-dated event, must not make a recorded
 * transition sort before the state it was decided on).
 */
export function draftEvents(context: OperationContext, request: DraftRequest): StatusEvent[] {
  const start = firstInstant(context, request.feature, request.existing);
  const identity = request.generation.lineIdentity(request.feature);
  return request.drafts.map((draft, index) => {
    const event: StatusEvent = {
      event_id: context.ids.eventId(),
      ...identity,
      wp_id: draft.wpId,
      from_lane: draft.from,
      to_lane: draft.to,
      at: stamp(start + index),
      actor: draft.actor,
      force: draft.force ?? false,
      execution_mode: 'worktree',
      reason: draft.reason ?? null,
      review_ref: draft.reviewRef ?? null,
      evidence: draft.evidence ?? null,
      policy_metadata: (draft.policy as Readonly<Record<string, unknown>> | undefined) ?? null,
    };
    return draft.reviewResult === null || draft.reviewResult === undefined
      ? event
      : { ...event, review_result: draft.reviewResult };
  });
}

/** An annotation row of a call (contract 1.3 history entries and subtask marks). */
export function draftAnnotation(
  context: OperationContext,
  request: {
    readonly feature: FeatureSpec;
    readonly existing: readonly LogEntry[];
    readonly wpId: string;
    readonly actor: string;
    readonly delta: AnnotationDelta;
  },
): AnnotationEvent {
  return {
    kind: 'annotation',
    event_id: context.ids.eventId(),
    wp_id: request.wpId,
    at: stamp(firstInstant(context, request.feature, request.existing)),
    actor: request.actor,
    delta: request.delta,
  };
}

/**
 * Append rows, then rewrite the generation's snapshot from the whole log (inside the feature
 * lock). Once the rows are appended the change has happened: the log is the truth. A snapshot
 * that cannot be written is derived data, rewritten by the next mutation, so it does not fail
 * the call.
 */
export function recordEvents(
  generation: Generation,
  locked: LockedFeature,
  existing: readonly LogEntry[],
  added: readonly LogEntry[],
): ResultAsync<void, HostError> {
  if (added.length === 0) return okAsync(undefined);
  const all = [...existing, ...added];
  return locked
    .appendEvents(added)
    .andThen(() =>
      locked
        .writeSnapshot(generation.snapshot(locked.feature, featureStatus(locked.feature, all)))
        .orElse(() => okAsync(undefined)),
    );
}

/**
 * Commit the status files of a feature (contract 1.3's status commits): both files, nothing
 * else, on the branch of the checkout that holds them. Runs after the feature lock is released
 * (the git adapter serialises commits itself); whatever was appended by then is committed.
 * `true` when the files are committed (also when there was nothing new), `false` when the
 * commit could not be made — the events stand, the next mutation's commit carries them.
 */
export function commitStatus(
  generation: Generation,
  project: Project,
  feature: FeatureSpec,
  message: string,
): ResultAsync<boolean, never> {
  if (!generation.commitsStatus) return okAsync(true);
  const directory = feature.statusDirectory;
  return project.vcs
    .commitFiles({
      paths: [`${directory}/status.events.jsonl`, `${directory}/status.json`],
      message,
    })
    .map(() => true)
    .orElse(() => okAsync(false));
}

/** The status commit message of the original host for a WP's events. */
export function statusCommitMessage(wpId: string, eventCount: number): string {
  return eventCount > 1
    ? `chore(spec-kitty): status transition batch ${wpId}`
    : `chore(spec-kitty): status transition ${wpId}`;
}

/** The target branch: `--target`, else meta.json `merge_target_branch`/`target_branch`, else `main` if it exists, else the current branch. */
export function defaultTargetBranch(
  feature: FeatureSpec,
  explicit: string | undefined,
  mainExists: boolean,
  currentBranch: string | null,
  keys: readonly string[] = ['target_branch'],
): string {
  if (explicit !== undefined && explicit.trim() !== '') return explicit.trim();
  for (const key of keys) {
    const fromMeta = feature.meta[key];
    if (typeof fromMeta === 'string' && fromMeta.trim() !== '') return fromMeta.trim();
  }
  if (mainExists || currentBranch === null) return 'main';
  return currentBranch;
}

/** Collapse line breaks so one entry stays one Markdown list line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM:SSZ`, the activity-log stamp. */
export function activityTimestamp(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
}

/**
 * The directory name of the mission a selector names: at contract 1.3 a directory name, a
 * `mission_id` or its mid8 (`MISSION_AMBIGUOUS_SELECTOR` when several match); at 1.0 the name as
 * given. Every name built afterwards (branches, worktrees) uses this canonical slug.
 */
export function missionSlugOf(
  generation: Generation,
  project: Project,
  selector: string,
): ResultAsync<string, HostError> {
  return generation.resolvesSelectors ? project.store.resolveMission(selector) : okAsync(selector);
}

/**
 * Run a store call, and when it finds a coordination mission's worktree missing
 * (`STATUS_READ_PATH_NOT_FOUND`), re-create that worktree from its coordination branch and run it
 * once more. When the branch is gone too, the store's error stands: the status is never read from
 * anywhere else.
 */
export function restoringSurface<T>(
  project: Project,
  run: () => ResultAsync<T, HostError>,
): ResultAsync<T, HostError> {
  return run().orElse((error) =>
    error.code !== 'STATUS_READ_PATH_NOT_FOUND'
      ? errAsync(error)
      : project.vcs
          .restoreWorktree({
            path: error.details.coordination_worktree,
            branch: error.details.coordination_branch,
          })
          .orElse(() => errAsync(error))
          .andThen(run),
  );
}

/** Load the mission a selector names (see {@link missionSlugOf}, {@link restoringSurface}). */
export function loadMission(
  generation: Generation,
  project: Project,
  selector: string,
): ResultAsync<FeatureSpec, HostError> {
  return missionSlugOf(generation, project, selector).andThen((slug) =>
    restoringSurface(project, () => project.store.loadFeature(slug)),
  );
}

/**
 * Run `work` under the lock of the mission a selector names, with its errors remembering the
 * mission (see {@link missionSlugOf}, {@link restoringSurface}).
 */
export function underLock<T>(
  generation: Generation,
  project: Project,
  selector: string,
  work: (locked: LockedFeature) => ResultAsync<T, HostError>,
): ResultAsync<T, HostError> {
  return missionSlugOf(generation, project, selector).andThen((slug) =>
    restoringSurface(project, () =>
      project.store.withFeatureLock(slug, (locked) => about(work(locked), locked.feature)),
    ),
  );
}
