import { laneAllocationFailed, type HostError } from '@kittyhost/core';
import type { Workspace, WorkspaceState } from '@kittyhost/core/ports';
import { ok, safeTry, type ResultAsync } from 'neverthrow';
import type { Project } from '../context.js';
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
