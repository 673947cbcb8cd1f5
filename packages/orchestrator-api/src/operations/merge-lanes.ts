import {
  hiddenStatusPaths,
  preflightFailed,
  topologicalOrder,
  type DependencyGraph,
  type FeatureStatus,
  type HostError,
  type Lane,
  type LogEntry,
  type MergeStrategy,
} from '@kittyhost/core';
import type {
  FeatureSpec,
  LockedFeature,
  MissionLane,
  UntrackedFold,
  WorkspaceState,
} from '@kittyhost/core/ports';
import { err, ok, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import type { Generation } from '../generations/generation.js';
import type { MissionLayout } from './layout.js';
import { commitStatus, draftEvents, recordEvents, statusCommitMessage } from './shared.js';

/**
 * Merged work is done: each approved WP of `merged` moves there, by actor `merge` (reason
 * `Merged W into <target>`, the original's evidence and policy), one event and — at 1.3 — one
 * status commit each, in merge order.
 */
export function markMergedDone(
  context: OperationContext,
  request: {
    readonly generation: Generation;
    readonly project: Project;
    readonly locked: LockedFeature;
    readonly entries: readonly LogEntry[];
    readonly status: FeatureStatus;
    readonly lanes: Readonly<Record<string, Lane>>;
    readonly merged: readonly string[];
    readonly target: string;
  },
): ResultAsync<void, HostError> {
  const { generation, project, locked, target } = request;
  const feature = locked.feature;
  return safeTry(async function* () {
    let entries = request.entries;
    for (const id of request.merged) {
      if (request.lanes[id] !== 'approved') continue;
      const agent = request.status.work_packages[id]?.runtime?.['agent'];
      const added = draftEvents(context, {
        generation,
        feature,
        existing: entries,
        drafts: [
          {
            wpId: id,
            from: 'approved',
            to: 'done',
            actor: 'merge',
            reason: `Merged ${id} into ${target}`,
            evidence: {
              review: {
                reviewer: typeof agent === 'string' && agent.trim() !== '' ? agent : 'unknown',
                verdict: 'approved',
                reference: `lane-approved:${id}`,
              },
            },
            policy: { merge_phase: 'lane_integrated', target_branch: target },
          },
        ],
      });
      yield* recordEvents(generation, locked, entries, added);
      entries = [...entries, ...added];
      yield* commitStatus(generation, project, feature, statusCommitMessage(id, 1));
    }
    return ok(undefined);
  });
}

/** One branch a lane mission merges: an execution lane, or a WP of Kitty Host's own layout. */
interface MergeUnit extends MissionLane {
  /** The WPs it carries that get merged (approved or done), in lane order. */
  readonly wpIds: readonly string[];
  /** An execution lane (its worktree and branch are removed afterwards), or an own workspace. */
  readonly kind: 'lane' | 'own';
  readonly state: WorkspaceState;
}

/** What the lane merge needs from `merge`. */
export interface LaneMergeRequest {
  readonly generation: Generation;
  readonly project: Project;
  readonly locked: LockedFeature;
  readonly feature: FeatureSpec;
  readonly graph: DependencyGraph;
  readonly layout: MissionLayout;
  readonly entries: readonly LogEntry[];
  readonly status: FeatureStatus;
  /** The model lane of every WP the answer is about (files and log). */
  readonly lanes: Readonly<Record<string, Lane>>;
  readonly target: string;
  readonly strategy: MergeStrategy;
  readonly push: boolean;
  /** The problems `merge` found already (WP lanes, the target). */
  readonly problems: readonly string[];
}

const merged = (lane: Lane | undefined) => lane === 'approved' || lane === 'done';

/** A branch to merge (or `null`: nothing to merge there) and its worktree's problem, if any. */
interface MergeSlot {
  readonly unit: MergeUnit | null;
  readonly dirty: string | null;
}

/** "<where> <path> has uncommitted changes: <paths>", or `null` for a clean or absent worktree. */
function dirtyProblem(where: string, state: WorkspaceState): string | null {
  return state.directoryExists && state.dirtyPaths.length > 0
    ? `${where} ${state.path} has uncommitted changes: ${state.dirtyPaths.join(', ')}`
    : null;
}

/** The branches to merge, in order: the execution lanes (lanes.json order), then own WPs. */
function mergeUnits(
  request: LaneMergeRequest,
): ResultAsync<{ slots: MergeSlot[]; skipped: string[] }, HostError> {
  const { project, feature, layout, lanes } = request;
  const vcs = project.vcs;
  return safeTry(async function* () {
    const slots: MergeSlot[] = [];
    const inLane = new Set<string>();
    for (const lane of layout.lanes?.lanes ?? []) {
      const arm = lane.wpIds[0] === undefined ? null : layout.laneOf(lane.wpIds[0]);
      if (arm === null) continue; // the planning lane: its WPs are Kitty Host's own
      for (const id of lane.wpIds) inLane.add(id);
      const wpIds = lane.wpIds.filter((id) => merged(lanes[id]));
      const state = yield* vcs.inspectLane({
        ...arm,
        wpId: wpIds[0] ?? (lane.wpIds[0] as string),
        fallbackBase: arm.baseRef,
      });
      // Every lane worktree must be clean, whatever its WPs' lanes: a merge must not strand work.
      const dirty = dirtyProblem(`Lane ${arm.laneId} worktree`, state);
      const message = `Merge ${arm.branch} into ${layout.lanes?.missionBranch ?? ''}`;
      // All canceled: nothing to merge, but the worktree is still checked.
      const unit: MergeUnit | null =
        wpIds.length === 0 ? null : { ...arm, message, wpIds, kind: 'lane', state };
      slots.push({ unit, dirty });
    }
    const skipped: string[] = [];
    for (const id of topologicalOrder(request.graph)) {
      if (inLane.has(id)) continue;
      const state = yield* vcs.inspectWorkspace(feature.slug, id);
      const dirty = dirtyProblem(`${id} workspace`, state);
      if (!merged(lanes[id]) || !state.branchExists) {
        if (merged(lanes[id])) skipped.push(id);
        if (dirty !== null) slots.push({ unit: null, dirty });
        continue;
      }
      const unit: MergeUnit = {
        laneId: id,
        worktreeName: vcs.branchName(feature.slug, id),
        branch: state.branch,
        message: `Merge ${state.branch} into ${layout.lanes?.missionBranch ?? ''}`,
        wpIds: [id],
        kind: 'own',
        state,
      };
      slots.push({ unit, dirty });
    }
    return ok({ slots, skipped });
  });
}

/**
 * `merge-mission` of a mission planned with execution lanes (CONTRACT-1.3.md §9, ours): a
 * preflight listing every problem (every WP approved, done or canceled, every lane branch there,
 * lane worktrees clean, the target there and not behind its upstream, no local change in the way
 * — the last two found by a dry run of the merge), then the lanes into the mission branch and
 * that into the target in one journaled move (a crashed run is finished by the next), approved
 * WPs to `done` by actor `merge`, an optional push, and the lane worktrees and branches removed.
 * Under a coordination topology the status files travel onto the target with the mission branch
 * and the main checkout's husk log is folded in.
 */
export function mergeLanes(
  context: OperationContext,
  request: LaneMergeRequest,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation, project, feature, layout, target } = request;
  const { vcs } = project;
  const missionBranch = layout.lanes?.missionBranch as string;
  return safeTry(async function* () {
    const pending = yield* vcs.pendingIntegration(feature.slug);
    const { slots, skipped } = yield* mergeUnits(request);
    const units = slots.flatMap((slot) => (slot.unit === null ? [] : [slot.unit]));
    const problems = [...request.problems];
    // An unfinished earlier run is finished as it was asked, never redirected to another target.
    if (pending !== null && pending.target !== target)
      problems.push(
        `An earlier merge-mission of ${feature.slug} into ${pending.target} is unfinished: run merge-mission --target ${pending.target} to finish it`,
      );
    // In merge order (lanes.json, then own WPs): what is wrong where.
    for (const { unit, dirty } of slots) {
      // A lane merged by an earlier run that crashed needs no branch (the cleanup may have
      // removed it); but its worktree is checked on a rerun too, since the cleanup removes it.
      const alreadyIn = unit !== null && pending?.lanes.includes(unit.laneId) === true;
      if (unit !== null && !alreadyIn && !unit.state.branchExists)
        problems.push(
          `Lane branch ${unit.branch} does not exist (${unit.laneId}: ${unit.wpIds.join(', ')})`,
        );
      if (dirty !== null) problems.push(dirty);
    }
    const strategyMessage =
      request.strategy === 'squash'
        ? `feat(${missionBranch}): squash merge of mission`
        : `Merge ${missionBranch} into ${target}`;
    const untracked: UntrackedFold[] =
      layout.coordinationBranch === null
        ? []
        : hiddenStatusPaths(feature.slug).map((path, index) => ({
            path,
            fold: index === 0 ? 'event-log' : 'replace',
          }));
    const integration = (dryRun: boolean) =>
      vcs.integrateMission({
        key: feature.slug,
        target,
        strategy: request.strategy,
        missionBranch,
        lanes: units,
        message: strategyMessage,
        untracked,
        foldMessage: `chore(spec-kitty): fold the mission-level events of ${feature.slug} into its status log`,
        dryRun,
      });
    const refusal = (errors: readonly string[]) => {
      const refused = preflightFailed(errors);
      return err({ ...refused, details: { ...refused.details, target_branch: target } });
    };
    if (problems.length > 0) {
      // List every problem at once: what merging would also refuse, when it can be tried.
      const branchesThere = units.every((unit) => unit.state.branchExists);
      if (pending === null && branchesThere) {
        const checked = await integration(true);
        if (checked.isErr())
          problems.push(
            ...(checked.error.code === 'PREFLIGHT_FAILED'
              ? checked.error.details.errors
              : [checked.error.message]),
          );
      }
      return refusal([...new Set(problems)]);
    }
    const done = yield* integration(false).mapErr((error): HostError =>
      error.code === 'MERGE_FAILED' || error.code === 'PREFLIGHT_FAILED'
        ? ({ ...error, details: { ...error.details, target_branch: target } } as HostError)
        : error,
    );
    const mergedWps = units.flatMap((unit) => unit.wpIds);
    yield* markMergedDone(context, { ...request, merged: mergedWps });
    if (request.push)
      yield* vcs.push({ branch: target, mergedWps }).mapErr((error): HostError => ({
        ...error,
        details: { ...error.details, target_branch: target },
      }));
    let removed = units.length > 0;
    for (const unit of units) {
      const result =
        unit.kind === 'lane'
          ? await vcs.removeLane(unit, { deleteBranch: true })
          : await vcs.removeWorkspace(feature.slug, unit.laneId);
      if (result.isErr()) removed = false;
    }
    yield* vcs.finishIntegration(feature.slug, {
      deleteMissionBranch: layout.coordinationBranch === null,
    });
    return ok({
      ...generation.identity(feature),
      merged: true as const,
      target_branch: target,
      strategy: request.strategy,
      merged_wps: mergedWps,
      merged_lanes: [...done.mergedLanes],
      skipped_wps: skipped,
      worktree_removed: removed,
      pushed: request.push,
    });
  });
}
