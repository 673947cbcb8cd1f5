import { laneAllocationFailed, type HostError } from '@kittyhost/core';
import type { LaneAllocationMode, Workspace, WorkspaceState } from '@kittyhost/core/ports';
import { ok, okAsync, safeTry, type ResultAsync } from 'neverthrow';
import type { Project } from '../context.js';
import type { LaneArm } from './layout.js';
import { defaultTargetBranch, type LoadedFeature } from './shared.js';

/**
 * The branch a WP's new branch starts from: the branch of its last listed dependency when that
 * exists (so the WP sees its dependency's work), else the feature's target branch.
 */
export function predictedBase(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
): ResultAsync<string, HostError> {
  const { vcs } = project;
  const slug = loaded.feature.slug;
  return safeTry(async function* () {
    const recommended = loaded.graph.dependencies.get(wpId)?.at(-1);
    const recommendedBranch = recommended === undefined ? null : vcs.branchName(slug, recommended);
    if (recommendedBranch !== null && (yield* vcs.branchExists(recommendedBranch)))
      return ok(recommendedBranch);
    const mainExists = yield* vcs.branchExists('main');
    const current = yield* vcs.currentBranch();
    return ok(defaultTargetBranch(loaded.feature, undefined, mainExists, current));
  });
}

/**
 * Where a WP's workspace starts (its `lane_base_ref`): the branch recorded when the workspace was
 * made, else the branch it would start from now ({@link predictedBase}). Read-only.
 */
export function workspaceBase(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
): ResultAsync<string, HostError> {
  return safeTry(async function* () {
    const state = yield* project.vcs.inspectWorkspace(loaded.feature.slug, wpId);
    if (state.branchExists && state.baseRef !== null) return ok(state.baseRef);
    return predictedBase(project, loaded, wpId);
  });
}

/**
 * The WP's workspace, inspected, with commits counted from where it started (the recorded start,
 * else the branch it would start from): what the for_review commit gate looks at.
 */
export function inspectWithBase(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
): ResultAsync<WorkspaceState, HostError> {
  return safeTry(async function* () {
    const fallback = yield* predictedBase(project, loaded, wpId);
    return project.vcs.inspectWorkspace(loaded.feature.slug, wpId, fallback);
  });
}

/**
 * Make sure the WP's workspace exists (a linked worktree on branch `<slug>-<WP>`, a new branch
 * starting from {@link predictedBase}). When git cannot provide it (the branch is checked out
 * elsewhere, the base branch is missing) → `LANE_ALLOCATION_FAILED` with the reason.
 */
export function ensureWorkspace(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
): ResultAsync<Workspace, HostError> {
  const { vcs } = project;
  const slug = loaded.feature.slug;
  return safeTry(async function* () {
    const branch = vcs.branchName(slug, wpId);
    const baseBranch = (yield* vcs.branchExists(branch))
      ? branch
      : yield* predictedBase(project, loaded, wpId);
    return vcs
      .ensureWorkspace({ featureSlug: slug, wpId, baseBranch })
      .mapErr((error): HostError =>
        error.code === 'PREFLIGHT_FAILED'
          ? laneAllocationFailed(wpId, error.details.errors.join('; '), error)
          : error,
      );
  });
}

/** A WP's workspace as an answer names it: its path and lane fields. */
export interface WorkspaceAnswer {
  readonly path: string;
  readonly laneId: string;
  readonly branch: string;
  /** The answer's `lane_base_ref`. */
  readonly baseRef: string;
}

/**
 * Allocate a WP's workspace, whichever arm it is in: an execution lane's shared worktree
 * (`claim`: a WP starts there — clean check, planning commit and dependency lanes merged in,
 * its start recorded; `resume`: its holder continues), or Kitty Host's own one-WP workspace.
 * Refusals → `LANE_ALLOCATION_FAILED` with the reason; nothing was changed then.
 */
export function allocateWorkspace(
  project: Project,
  loaded: LoadedFeature,
  request: {
    readonly wpId: string;
    readonly lane: LaneArm | null;
    readonly mode: LaneAllocationMode;
  },
): ResultAsync<WorkspaceAnswer, HostError> {
  const { wpId, lane } = request;
  if (lane === null)
    return safeTry(async function* () {
      const workspace = yield* ensureWorkspace(project, loaded, wpId);
      const baseRef = workspace.baseRef ?? (yield* workspaceBase(project, loaded, wpId));
      return ok({ path: workspace.path, laneId: wpId, branch: workspace.branch, baseRef });
    });
  return project.vcs
    .ensureLane({ ...lane, wpId, mode: request.mode })
    .map((workspace) => ({
      path: workspace.path,
      laneId: lane.laneId,
      branch: lane.branch,
      baseRef: lane.baseRef,
    }))
    .mapErr((error): HostError =>
      error.code === 'PREFLIGHT_FAILED'
        ? laneAllocationFailed(wpId, error.details.errors.join('; '), error)
        : error,
    );
}

/**
 * The WP's workspace as it stands, commits counted from where the WP started there (the
 * for_review commit gate, lease renewals): the lane worktree, or its own workspace.
 */
export function inspectPlacement(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
  lane: LaneArm | null,
): ResultAsync<WorkspaceState, HostError> {
  if (lane === null) return inspectWithBase(project, loaded, wpId);
  return project.vcs.inspectLane({ ...lane, wpId, fallbackBase: lane.baseRef });
}

/** The workspace a WP would get, as resolve-workspace answers it: nothing is created or checked. */
export function predictWorkspace(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
  lane: LaneArm | null,
): ResultAsync<WorkspaceAnswer, HostError> {
  if (lane !== null)
    return okAsync({
      path: lane.path,
      laneId: lane.laneId,
      branch: lane.branch,
      baseRef: lane.baseRef,
    });
  const slug = loaded.feature.slug;
  return workspaceBase(project, loaded, wpId).map((baseRef) => ({
    path: project.vcs.workspacePath(slug, wpId),
    laneId: wpId,
    branch: project.vcs.branchName(slug, wpId),
    baseRef,
  }));
}
