import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { mergeFailed, preflightFailed, type HostErrorOf } from '../errors/host-error.js';
import type {
  LaneAllocationRequest,
  LaneInspection,
  LanePlacement,
  LaneWorkspace,
  MissionIntegration,
  MissionIntegrationRequest,
  PendingIntegration,
} from '../ports/lane-workspaces.js';
import type {
  GitError,
  MergeItem,
  MergeStrategy,
  WorkspaceState,
} from '../ports/version-control.js';
import {
  ancestors,
  baseSnapshot,
  changedPaths,
  commitsBetween,
  mergeSnapshots,
  unionEventLines,
  type MemoryCommit,
} from './memory-version-control-model.js';

/** A workspace of the fake: a worktree directory on a branch, with its local changes. */
export interface MemoryWorkspace {
  readonly branch: string;
  dirty: string[];
  files: Map<string, string | null>;
  /** Paths its sparse checkout hides. */
  hidden: readonly string[];
}

/** What the lane methods share with the rest of the fake (see `createMemoryVersionControl`). */
export interface MemoryRepository {
  readonly root: string;
  readonly commits: Map<string, MemoryCommit>;
  readonly branches: Map<string, string>;
  /** Workspaces by worktree directory name (`<slug>-<WP>`, `<slug>-<lane>`). */
  readonly workspaces: Map<string, MemoryWorkspace>;
  readonly commitTimes: ReadonlyMap<string, string>;
  newCommit(
    parents: readonly string[],
    files: ReadonlyMap<string, string>,
    message: string,
  ): string;
  /** Merge commit `theirs` into `tip` with `strategy` (the fake's merge step). */
  step(
    strategy: MergeStrategy,
    tip: string,
    theirs: string,
    item: MergeItem,
  ): string | { paths: readonly string[] };
  current(): string | null;
  /** Local changes of the main checkout: path → content (`null`: deleted). */
  readonly mainOverlay: Map<string, string | null>;
  mainLocalChanges(): string[];
  track(method: string): void;
}

type LaneMethods = Pick<
  import('../ports/version-control.js').VersionControl,
  | 'ensureLane'
  | 'inspectLane'
  | 'removeLane'
  | 'restoreWorktree'
  | 'integrateMission'
  | 'pendingIntegration'
  | 'finishIntegration'
  | 'branchChanges'
>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The lane methods of the in-memory `VersionControl` (CONTRACT-1.3.md §6, §9): allocation with
 * the planning commit and dependency lanes merged in (nothing moves on a conflict), per-WP start
 * records, mission integration through the mission branch, with a journal until it is finished.
 */
export function memoryLanes(repository: MemoryRepository): LaneMethods {
  const { commits, branches, workspaces } = repository;
  const starts = new Map<string, { baseRef: string; baseOid: string }>();
  const journals = new Map<
    string,
    PendingIntegration & { readonly tip: string; readonly missionBranch: string }
  >();
  const startKey = (worktreeName: string, wpId: string) => `${worktreeName}\0${wpId}`;
  const pathOf = (worktreeName: string) => `${repository.root}/.worktrees/${worktreeName}`;
  const isAncestor = (ancestor: string, tip: string) => ancestors(commits, tip).has(ancestor);
  const snapshotOf = (id: string) => (commits.get(id) as MemoryCommit).files;

  /** Merge `theirs` into `tip` with a merge commit (fast-forward when `tip` is behind). */
  const mergeInto = (
    tip: string,
    theirs: string,
    message: string,
  ): string | { paths: readonly string[] } => {
    if (isAncestor(theirs, tip)) return tip;
    if (isAncestor(tip, theirs)) return theirs;
    const base = baseSnapshot(commits, tip, theirs);
    if (base === undefined) return { paths: [] };
    const merged = mergeSnapshots(base, snapshotOf(tip), snapshotOf(theirs));
    if (merged.kind === 'conflict') return { paths: merged.paths };
    return repository.newCommit([tip, theirs], merged.files, message);
  };

  const checkedOutElsewhere = (branch: string, worktreeName: string): boolean =>
    repository.current() === branch ||
    [...workspaces].some(
      ([name, workspace]) => name !== worktreeName && workspace.branch === branch,
    );

  const ensureLane = (request: LaneAllocationRequest): ResultAsync<LaneWorkspace, GitError> => {
    repository.track('ensureLane');
    const fail = (reason: string) => errAsync(preflightFailed([reason]));
    if (!NAME.test(request.worktreeName) || request.worktreeName.includes('..'))
      return fail(`Invalid lane worktree name: ${request.worktreeName}`);
    const path = pathOf(request.worktreeName);
    const existing = workspaces.get(request.worktreeName);
    if (existing !== undefined && existing.branch !== request.branch)
      return fail(
        `Lane worktree ${path} has ${existing.branch} checked out, expected ${request.branch}`,
      );
    if (request.mode === 'claim' && existing !== undefined && existing.dirty.length > 0)
      return fail(
        `Lane ${request.laneId} worktree at ${path} has uncommitted changes (${existing.dirty.join(', ')}). Commit or stash before starting the next WP.`,
      );
    if (checkedOutElsewhere(request.branch, request.worktreeName))
      return fail(`Branch ${request.branch} is already checked out elsewhere`);
    let tip = branches.get(request.branch);
    let parentTip: string | undefined;
    if (tip === undefined) {
      parentTip = branches.get(request.parent) ?? branches.get(request.parentFrom);
      if (parentTip === undefined)
        return fail(
          `Base branch ${request.parentFrom} does not exist (needed to create ${request.parent})`,
        );
      tip = parentTip;
    }
    const recorded = starts.get(startKey(request.worktreeName, request.wpId));
    const merged: string[] = [];
    const skipped: string[] = [];
    if (request.mode === 'claim' || existing === undefined) {
      const sources = [
        ...(request.planningCommit !== null && commits.has(request.planningCommit)
          ? [{ laneId: 'planning', tip: request.planningCommit, message: request.planningMessage }]
          : []),
        ...request.dependencies.map((dependency) => ({
          laneId: dependency.laneId,
          tip: branches.get(dependency.branch),
          message: dependency.message,
        })),
      ];
      for (const source of request.mode === 'claim' ? sources : []) {
        if (source.tip === undefined) {
          skipped.push(source.laneId);
          continue;
        }
        if (isAncestor(source.tip, tip)) continue;
        const next = mergeInto(tip, source.tip, source.message);
        if (typeof next !== 'string')
          return fail(
            `Merging ${source.laneId === 'planning' ? 'the planning commit' : `dependency lane ${source.laneId}`} into ${request.laneId} conflicts in ${next.paths.join(', ') || 'unrelated histories'}; nothing was merged`,
          );
        tip = next;
        merged.push(source.laneId);
      }
    }
    // Every check passed: only now change anything.
    if (parentTip !== undefined && !branches.has(request.parent))
      branches.set(request.parent, parentTip);
    branches.set(request.branch, tip);
    if (existing === undefined)
      workspaces.set(request.worktreeName, {
        branch: request.branch,
        dirty: [],
        files: new Map(),
        hidden: [...request.hiddenPaths],
      });
    const start =
      recorded ??
      (request.mode === 'claim' ? { baseRef: request.parent, baseOid: tip } : undefined);
    if (start !== undefined) starts.set(startKey(request.worktreeName, request.wpId), start);
    return okAsync({
      path,
      branch: request.branch,
      created: existing === undefined,
      baseRef: start?.baseRef ?? request.parent,
      baseOid: start?.baseOid ?? tip,
      merged,
      skippedDependencies: skipped,
    });
  };

  const inspectLane = (
    request: LaneInspection,
  ): ResultAsync<WorkspaceState, HostErrorOf<'INTERNAL_ERROR'>> => {
    repository.track('inspectLane');
    const workspace = workspaces.get(request.worktreeName);
    const head = branches.get(request.branch) ?? null;
    const start = starts.get(startKey(request.worktreeName, request.wpId));
    const baseOid = start?.baseOid ?? branches.get(request.fallbackBase) ?? null;
    const between =
      head === null || baseOid === null ? null : commitsBetween(commits, baseOid, head);
    const counted =
      between === null
        ? null
        : start !== undefined
          ? between.length
          : between.filter((id) => (commits.get(id)?.parents.length ?? 0) < 2).length;
    return okAsync({
      path: pathOf(request.worktreeName),
      branch: request.branch,
      directoryExists: workspace !== undefined,
      branchExists: head !== null,
      dirtyPaths: workspace?.dirty ?? [],
      headOid: head,
      headCommittedAt: head === null ? null : (repository.commitTimes.get(head) ?? null),
      baseRef: start?.baseRef ?? request.fallbackBase,
      baseOid,
      commitsAhead: counted,
    });
  };

  const removeLane = (placement: LanePlacement, options: { readonly deleteBranch: boolean }) => {
    repository.track('removeLane');
    const removed = workspaces.delete(placement.worktreeName);
    let deleted = false;
    if (options.deleteBranch) {
      deleted = branches.delete(placement.branch);
      for (const key of [...starts.keys()])
        if (key.startsWith(`${placement.worktreeName}\0`)) starts.delete(key);
    }
    return okAsync(removed || deleted);
  };

  const restoreWorktree = (request: { readonly path: string; readonly branch: string }) => {
    repository.track('restoreWorktree');
    if (!branches.has(request.branch))
      return errAsync(
        preflightFailed([
          `Branch ${request.branch} does not exist: ${request.path} cannot be restored`,
        ]),
      );
    const name = request.path.slice(request.path.lastIndexOf('/') + 1);
    const existing = workspaces.get(name);
    if (existing !== undefined && existing.branch !== request.branch)
      return errAsync(
        preflightFailed([
          `${request.path} is a worktree with another checkout than ${request.branch}`,
        ]),
      );
    if (existing === undefined)
      workspaces.set(name, { branch: request.branch, dirty: [], files: new Map(), hidden: [] });
    return okAsync(undefined);
  };

  const integrateMission = (
    request: MissionIntegrationRequest,
  ): ResultAsync<
    MissionIntegration,
    HostErrorOf<'MERGE_FAILED'> | HostErrorOf<'PREFLIGHT_FAILED'> | HostErrorOf<'INTERNAL_ERROR'>
  > => {
    repository.track('integrateMission');
    const journal = request.dryRun === true ? undefined : journals.get(request.key);
    if (journal !== undefined)
      return okAsync({ mergedLanes: journal.lanes, targetTip: journal.tip, resumed: true });
    const start = branches.get(request.target);
    const problems = [
      ...(start === undefined ? [`Target branch ${request.target} does not exist`] : []),
      ...request.lanes
        .filter((lane) => !branches.has(lane.branch))
        .map((lane) => `Lane branch ${lane.branch} does not exist`),
    ];
    if (start === undefined || problems.length > 0) return errAsync(preflightFailed(problems));
    let mission = branches.get(request.missionBranch) ?? start;
    const mergedLanes: string[] = [];
    for (const lane of request.lanes) {
      const next = mergeInto(mission, branches.get(lane.branch) as string, lane.message);
      if (typeof next !== 'string')
        return errAsync(
          mergeFailed(
            [],
            lane.laneId,
            `Merging ${lane.branch} (${lane.laneId}) into ${request.missionBranch} conflicts in ${next.paths.join(', ')}; nothing was merged`,
            next.paths,
          ),
        );
      mission = next;
      mergedLanes.push(lane.laneId);
    }
    let tip =
      request.strategy === 'merge'
        ? mergeInto(start, mission, request.message)
        : repository.step(request.strategy, start, mission, {
            wpId: request.missionBranch,
            branch: request.missionBranch,
            message: request.message,
          });
    if (typeof tip !== 'string')
      return errAsync(
        mergeFailed(
          [],
          null,
          `Merging ${request.missionBranch} into ${request.target} conflicts in ${tip.paths.join(', ')}; nothing was merged`,
          tip.paths,
        ),
      );
    const onTarget = repository.current() === request.target;
    const folds = onTarget ? request.untracked : [];
    const fold = new Map(snapshotOf(tip));
    for (const entry of folds) {
      const local = repository.mainOverlay.get(entry.path);
      const merged = fold.get(entry.path);
      if (
        local === undefined ||
        local === null ||
        entry.fold !== 'event-log' ||
        merged === undefined
      )
        continue;
      fold.set(entry.path, unionEventLines(merged, local));
    }
    if (changedPaths(snapshotOf(tip), fold).length > 0)
      tip = repository.newCommit([tip], fold, request.foldMessage);
    if (onTarget) {
      const changed = changedPaths(snapshotOf(start), snapshotOf(tip));
      const folded = new Set(folds.map((entry) => entry.path));
      const blocked = repository
        .mainLocalChanges()
        .filter((path) => changed.includes(path) && !folded.has(path));
      if (blocked.length > 0)
        return errAsync(
          preflightFailed([
            `Local changes in the main checkout would be overwritten by merging into ${request.target}: ${blocked.join(', ')}`,
          ]),
        );
      if (request.dryRun === true) return okAsync({ mergedLanes, targetTip: tip, resumed: false });
      for (const path of changed) repository.mainOverlay.delete(path);
    }
    if (request.dryRun === true) return okAsync({ mergedLanes, targetTip: tip, resumed: false });
    branches.set(request.missionBranch, mission);
    branches.set(request.target, tip);
    journals.set(request.key, {
      target: request.target,
      lanes: mergedLanes,
      tip,
      missionBranch: request.missionBranch,
    });
    return okAsync({ mergedLanes, targetTip: tip, resumed: false });
  };

  const branchChanges = (request: {
    readonly base: string;
    readonly branches: readonly string[];
    readonly under: string;
  }) => {
    repository.track('branchChanges');
    const base = branches.get(request.base);
    const changed = new Set<string>();
    for (const branch of request.branches) {
      const tip = branches.get(branch);
      if (tip === undefined || base === undefined || tip === base) continue;
      const before = baseSnapshot(commits, base, tip) ?? new Map<string, string>();
      const after = snapshotOf(tip);
      for (const path of changedPaths(before, after))
        if (after.has(path) && path.startsWith(`${request.under}/`)) changed.add(path);
    }
    return okAsync([...changed].sort());
  };

  return {
    ensureLane,
    inspectLane,
    branchChanges,
    removeLane,
    restoreWorktree,
    integrateMission,
    pendingIntegration: (key) => {
      repository.track('pendingIntegration');
      const journal = journals.get(key);
      return okAsync(
        journal === undefined ? null : { target: journal.target, lanes: journal.lanes },
      );
    },
    finishIntegration: (key, options) => {
      repository.track('finishIntegration');
      const journal = journals.get(key);
      journals.delete(key);
      if (
        journal !== undefined &&
        options.deleteMissionBranch &&
        !checkedOutElsewhere(journal.missionBranch, '')
      )
        branches.delete(journal.missionBranch);
      return okAsync(undefined);
    },
  };
}
