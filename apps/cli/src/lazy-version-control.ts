import type { HostError } from '@kittyhost/core';
import type { VersionControl } from '@kittyhost/core/ports';
import type { WorkspaceLayout } from '@kittyhost/git-adapter/layout';
import { ResultAsync, errAsync } from 'neverthrow';

type Deferred<T, E> = (vcs: VersionControl) => ResultAsync<T, E>;

/**
 * A `VersionControl` whose adapter is imported on its first asynchronous call. The naming rules
 * (`branchName`, `workspacePath`) come from the adapter's pure layout, so queries such as
 * `feature-state` and `transition` never load the git adapter's code at all.
 */
export function lazyVersionControl(
  layout: WorkspaceLayout,
  load: () => Promise<VersionControl>,
): VersionControl {
  let loading: Promise<VersionControl> | undefined;
  const defer = <T, E>(call: Deferred<T, E>): ResultAsync<T, E | HostError> =>
    ResultAsync.fromPromise((loading ??= load()), (cause) => cause)
      .orElse((cause) =>
        errAsync<VersionControl, HostError>({
          code: 'INTERNAL_ERROR',
          message: `Could not load the git adapter: ${cause instanceof Error ? cause.message : String(cause)}`,
          details: {},
          cause,
        }),
      )
      .andThen(call);
  // Every deferred method keeps the port's error union: a load failure is an INTERNAL_ERROR, which
  // each union already contains.
  return {
    root: layout.root,
    branchName: layout.branchName,
    workspacePath: layout.workspacePath,
    currentBranch: () =>
      defer((vcs) => vcs.currentBranch()) as ReturnType<VersionControl['currentBranch']>,
    branchExists: (branch) =>
      defer((vcs) => vcs.branchExists(branch)) as ReturnType<VersionControl['branchExists']>,
    ensureWorkspace: (request) =>
      defer((vcs) => vcs.ensureWorkspace(request)) as ReturnType<VersionControl['ensureWorkspace']>,
    inspectWorkspace: (slug, wpId, fallbackBase) =>
      defer((vcs) => vcs.inspectWorkspace(slug, wpId, fallbackBase)) as ReturnType<
        VersionControl['inspectWorkspace']
      >,
    branchCommittedAt: (branch) =>
      defer((vcs) => vcs.branchCommittedAt(branch)) as ReturnType<
        VersionControl['branchCommittedAt']
      >,
    inspectTarget: (branch) =>
      defer((vcs) => vcs.inspectTarget(branch)) as ReturnType<VersionControl['inspectTarget']>,
    mergeBranches: (request) =>
      defer((vcs) => vcs.mergeBranches(request)) as ReturnType<VersionControl['mergeBranches']>,
    removeWorkspace: (slug, wpId) =>
      defer((vcs) => vcs.removeWorkspace(slug, wpId)) as ReturnType<
        VersionControl['removeWorkspace']
      >,
    push: (request) => defer((vcs) => vcs.push(request)) as ReturnType<VersionControl['push']>,
    ensureLane: (request) =>
      defer((vcs) => vcs.ensureLane(request)) as ReturnType<VersionControl['ensureLane']>,
    inspectLane: (request) =>
      defer((vcs) => vcs.inspectLane(request)) as ReturnType<VersionControl['inspectLane']>,
    removeLane: (placement, options) =>
      defer((vcs) => vcs.removeLane(placement, options)) as ReturnType<
        VersionControl['removeLane']
      >,
    restoreWorktree: (request) =>
      defer((vcs) => vcs.restoreWorktree(request)) as ReturnType<VersionControl['restoreWorktree']>,
    integrateMission: (request) =>
      defer((vcs) => vcs.integrateMission(request)) as ReturnType<
        VersionControl['integrateMission']
      >,
    pendingIntegration: (key) =>
      defer((vcs) => vcs.pendingIntegration(key)) as ReturnType<
        VersionControl['pendingIntegration']
      >,
    finishIntegration: (key, options) =>
      defer((vcs) => vcs.finishIntegration(key, options)) as ReturnType<
        VersionControl['finishIntegration']
      >,
    branchChanges: (request) =>
      defer((vcs) => vcs.branchChanges(request)) as ReturnType<VersionControl['branchChanges']>,
    commitFiles: (request) =>
      defer((vcs) => vcs.commitFiles(request)) as ReturnType<VersionControl['commitFiles']>,
    commitFile: (request) =>
      defer((vcs) => vcs.commitFile(request)) as ReturnType<VersionControl['commitFile']>,
  };
}
