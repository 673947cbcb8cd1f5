import {
  LANES,
  NO_LEASES,
  actorIdentity,
  countSubtasksByWorkPackage,
  isAnnotation,
  timestampKey,
  unsatisfiedDependencies,
  type HostError,
  type LogEntry,
  type WorkPackageState,
} from '@kittyhost/core';
import type { SubtaskStatus, WorkPackageSpec } from '@kittyhost/core/ports';
import { ok, okAsync, ResultAsync, safeTry } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import { missionLayout, type LaneArm } from '../operations/layout.js';
import { HELD_LANES, claimTtl, leaseViews, type LeaseView } from '../operations/leases.js';
import {
  about,
  featureStatus,
  lanesOf,
  restoringSurface,
  withGraph,
} from '../operations/shared.js';
import { documentText, featureKind, featureTitle, metaText } from './feature-identity.js';
import { emptyLaneCounts } from './list-features.js';
import type {
  BoardCard,
  BoardHistoryEntry,
  BoardLease,
  BoardProgress,
  FeatureBoard,
} from './view-model.js';

/** What {@link featureBoard} is asked. */
export interface FeatureBoardInput {
  /** The feature (mission): its directory under `kitty-specs/`. */
  readonly selector: string;
  /**
   * Ask the version-control port whether each workspace exists (default true). The terminal
   * board turns it off: its cards do not show workspaces, and it must not load git to start.
   */
  readonly workspaces?: boolean;
  /**
   * Resolve `selector` as contract 1.3's `--mission` does (the directory name, a `mission_id` or
   * its mid8; `MISSION_AMBIGUOUS_SELECTOR` for several). Default false: the directory name only.
   */
  readonly resolveSelectors?: boolean;
  /**
   * Read `lanes.json` as contract 1.3 does: a lane WP's card shows its lane's shared worktree and
   * branch, and its lease counts commits there. Default false: every WP in its own workspace, as
   * contract 1.0 places it.
   */
  readonly executionLanes?: boolean;
}

/** The most events a card's history lists. */
export const HISTORY_LIMIT = 50;

/** Microseconds since 1970 of a log timestamp, `NaN` when it does not parse. */
const micros = (at: string): number => timestampKey(at);

/** Newest first: by instant, then by event id (a log's order is its rows' `(at, event_id)`). */
function newestFirst(left: LogEntry, right: LogEntry): number {
  const a = micros(left.at);
  const b = micros(right.at);
  if (a !== b) return (Number.isNaN(b) ? -Infinity : b) - (Number.isNaN(a) ? -Infinity : a);
  return left.event_id < right.event_id ? 1 : left.event_id > right.event_id ? -1 : 0;
}

function historyEntry(entry: LogEntry): BoardHistoryEntry {
  if (isAnnotation(entry)) {
    const note = entry.delta.note;
    const subtasks = entry.delta.subtasks;
    return {
      kind: 'annotation',
      event_id: entry.event_id,
      at: entry.at,
      actor: actorIdentity(entry.actor),
      from_lane: null,
      to_lane: null,
      reason: null,
      review_ref: null,
      force: false,
      review_result: null,
      note: typeof note === 'string' ? note : null,
      subtasks: subtasks !== null && typeof subtasks === 'object' ? { ...subtasks } : null,
    };
  }
  return {
    kind: 'lane',
    event_id: entry.event_id,
    at: entry.at,
    actor: actorIdentity(entry.actor),
    from_lane: entry.from_lane,
    to_lane: entry.to_lane,
    reason: entry.reason,
    review_ref: entry.review_ref,
    force: entry.force,
    review_result: entry.review_result ?? null,
    note: null,
    subtasks: null,
  };
}

/** Each WP's rows, newest first, every event id once. */
function rowsByWorkPackage(entries: readonly LogEntry[]): Map<string, LogEntry[]> {
  const seen = new Set<string>();
  const rows = new Map<string, LogEntry[]>();
  for (const entry of entries) {
    if (seen.has(entry.event_id)) continue;
    seen.add(entry.event_id);
    const list = rows.get(entry.wp_id);
    if (list === undefined) rows.set(entry.wp_id, [entry]);
    else list.push(entry);
  }
  for (const list of rows.values()) list.sort(newestFirst);
  return rows;
}

/** Review references of a WP's lane events (and their review results), newest first, each once. */
function reviewReferences(rows: readonly LogEntry[]): string[] {
  const references = new Set<string>();
  for (const row of rows) {
    if (isAnnotation(row)) continue;
    for (const reference of [row.review_ref, row.review_result?.reference]) {
      if (typeof reference === 'string' && reference.trim() !== '') references.add(reference);
    }
  }
  return [...references];
}

/** What the card's `3/5` counts ({@link BoardProgress}). */
export function progressOf(
  kind: 'feature' | 'mission',
  boxes: SubtaskStatus | null,
  roster: BoardCard['roster'],
  marks: Readonly<Record<string, string>>,
): BoardProgress | null {
  const fromRoster =
    roster === null ? null : { done: roster.done, total: roster.total, source: 'roster' as const };
  if (kind === 'mission' && fromRoster !== null) return fromRoster;
  if (boxes !== null) {
    const total = boxes.checked + boxes.unchecked;
    const done =
      kind === 'mission' && boxes.items !== undefined
        ? boxes.items.filter(
            (item) => item.checked || (item.id !== null && marks[item.id] === 'done'),
          ).length
        : boxes.checked;
    return { done, total, source: 'tasks-md' };
  }
  return fromRoster;
}

/** Does the WP's workspace exist (`null` when not asked, or when git could not tell)? */
function workspaceExists(
  project: Project,
  slug: string,
  workPackage: WorkPackageSpec,
  arm: LaneArm | null,
  inspect: boolean,
): ResultAsync<boolean | null, never> {
  if (!inspect) return okAsync(null);
  const inspected =
    arm === null
      ? project.vcs.inspectWorkspace(slug, workPackage.id)
      : project.vcs.inspectLane({ ...arm, wpId: workPackage.id, fallbackBase: arm.baseRef });
  return inspected
    .map((state): boolean | null => state.directoryExists)
    .orElse(() => okAsync(null));
}

interface CardRequest {
  readonly project: Project;
  readonly slug: string;
  readonly kind: 'feature' | 'mission';
  readonly now: Date;
  readonly workPackage: WorkPackageSpec;
  readonly state: WorkPackageState | undefined;
  readonly unmet: readonly string[];
  readonly rows: readonly LogEntry[];
  readonly boxes: SubtaskStatus | null;
  readonly exists: boolean | null;
  /** The execution lane the WP works in (its shared worktree), or `null` for its own. */
  readonly arm: LaneArm | null;
  readonly activity: readonly string[];
  readonly lease: LeaseView | undefined;
}

/** The board's lease of a card, from how its lease stands. */
function leaseOf(view: LeaseView | undefined, now: Date): BoardLease | null {
  if (view === undefined) return null;
  const renewed = view.renewedAt === null ? Number.NaN : Date.parse(view.renewedAt);
  return {
    expires_at: view.expiresAt,
    expired: view.expired,
    renewed_at: view.renewedAt,
    age_seconds: Number.isNaN(renewed)
      ? null
      : Math.max(0, Math.floor((now.getTime() - renewed) / 1000)),
  };
}

function cardOf(request: CardRequest): BoardCard {
  const { workPackage, state } = request;
  const lane = state?.lane ?? 'planned';
  const since = state?.last_transition_at ?? null;
  const sinceMicros = since === null ? Number.NaN : micros(since);
  const marks = state?.runtime?.subtasks ?? {};
  const rosterIds = workPackage.subtasks?.map((id) => ({ id, done: marks[id] === 'done' }));
  const roster =
    rosterIds === undefined
      ? null
      : {
          done: rosterIds.filter((item) => item.done).length,
          total: rosterIds.length,
          ids: rosterIds,
        };
  const boxes = request.boxes;
  return {
    wp_id: workPackage.id,
    title: workPackage.title,
    lane,
    holder: HELD_LANES.includes(lane) ? (state?.actor ?? null) : null,
    lane_since: since,
    age_seconds: Number.isNaN(sinceMicros)
      ? null
      : Math.max(0, Math.floor((request.now.getTime() * 1000 - sinceMicros) / 1e6)),
    dependencies: [...workPackage.dependencies],
    unmet_dependencies: [...request.unmet],
    subtasks:
      boxes === null ? null : { checked: boxes.checked, total: boxes.checked + boxes.unchecked },
    roster,
    progress: progressOf(request.kind, boxes, roster, marks),
    review_refs: reviewReferences(request.rows),
    review_result: state?.review_result ?? null,
    force_count: state?.force_count ?? 0,
    lease: leaseOf(request.lease, request.now),
    workspace: {
      path: request.arm?.path ?? request.project.vcs.workspacePath(request.slug, workPackage.id),
      branch: request.arm?.branch ?? request.project.vcs.branchName(request.slug, workPackage.id),
      exists: request.exists,
    },
    prompt_path: workPackage.promptPath,
    history: request.rows.slice(0, HISTORY_LIMIT).map(historyEntry),
    activity: [...request.activity, ...(state?.runtime?.notes ?? [])],
  };
}

/**
 * `feature-board --feature S | --mission S`: the board of one feature (mission) — a card per
 * WP file in WP order with its lane (the nine lanes of the one model, whatever the generation
 * of the call), holder, time in lane (from `context.clock`), dependencies and the ones neither
 * approved nor done, subtask progress, review references and result, force count, workspace,
 * recent history (newest first) and activity; and a count per lane. Read-only. Workspaces are
 * inspected through the version-control port unless `workspaces: false`.
 *
 * @example
 * ```ts
 * const board = (await featureBoard(context, { selector: '001-demo' }))._unsafeUnwrap();
 * board.work_packages.map((card) => `${card.wp_id} ${card.lane} ${card.unmet_dependencies.join(',')}`);
 * // ['WP01 in_progress ', 'WP02 planned WP01']
 * ```
 */
export function featureBoard(
  context: OperationContext,
  input: FeatureBoardInput,
): ResultAsync<FeatureBoard, HostError> {
  return safeTry(async function* () {
    const project = yield* context.project();
    const { store } = project;
    const selected =
      input.resolveSelectors === true
        ? yield* store.resolveMission(input.selector)
        : input.selector;
    // At 1.3 a deleted coordination worktree is re-created from its branch, as mission-state does.
    const load = () => store.loadFeature(selected);
    const { feature, graph } = yield* (
      input.executionLanes === true ? restoringSurface(project, load) : load()
    ).andThen(withGraph);
    const slug = feature.slug;
    const entries = yield* about(store.readEvents(slug), feature);
    const status = featureStatus(feature, entries);
    const lanes = lanesOf(feature, status);
    const kind = featureKind(feature.meta);
    const now = context.clock.now();
    const spec = yield* documentText(store, slug, 'spec.md');
    // tasks.md is read and parsed once for every WP (per-WP reads would be quadratic).
    const tasks = yield* about(store.readFeatureFile(slug, 'tasks.md'), feature);
    const boxes = countSubtasksByWorkPackage(
      tasks ?? '',
      feature.workPackages.map((workPackage) => workPackage.id),
    );
    // A mission planned in execution lanes (lanes.json) works in the lanes' shared worktrees.
    const layout = yield* about(
      missionLayout({ executionLanes: input.executionLanes === true }, project, feature),
      feature,
    );
    const arms = feature.workPackages.map((workPackage) => layout.laneOf(workPackage.id));
    const exists = yield* ResultAsync.combine(
      feature.workPackages.map((workPackage, index) =>
        workspaceExists(
          project,
          slug,
          workPackage,
          arms[index] ?? null,
          input.workspaces !== false,
        ),
      ),
    );
    const activity = yield* about(store.activityLogs(slug), feature);
    const ttlMs = yield* about(claimTtl(context, project), feature);
    const leases = yield* about(
      leaseViews(
        project,
        (wpId) => okAsync(layout.laneOf(wpId)?.branch ?? project.vcs.branchName(slug, wpId)),
        { ttlMs, book: ttlMs === null ? NO_LEASES : yield* about(store.readLeases(slug), feature) },
        Object.entries(status.work_packages),
        now,
      ),
      feature,
    );
    const rows = rowsByWorkPackage(entries);
    const cards = feature.workPackages.map((workPackage, index) =>
      cardOf({
        project,
        slug,
        kind,
        now,
        workPackage,
        state: status.work_packages[workPackage.id],
        unmet: unsatisfiedDependencies(graph, workPackage.id, lanes),
        rows: rows.get(workPackage.id) ?? [],
        boxes: boxes[workPackage.id] ?? null,
        exists: exists[index] ?? null,
        arm: arms[index] ?? null,
        activity: activity[workPackage.id] ?? [],
        lease: leases.get(workPackage.id),
      }),
    );
    const summary = emptyLaneCounts();
    for (const card of cards) summary[card.lane] += 1;
    const acceptedAt = metaText(feature.meta, 'accepted_at');
    return ok({
      slug,
      title: featureTitle(slug, spec, feature.meta),
      kind,
      target_branch: metaText(feature.meta, 'target_branch'),
      accepted: acceptedAt !== null,
      accepted_at: acceptedAt,
      generated_at: now.toISOString(),
      lanes: [...LANES],
      summary,
      last_event_id: entries.at(-1)?.event_id ?? null,
      work_packages: cards,
    });
  });
}
