import { join, resolve } from 'node:path';
import { internalError, pushFailed, type HostErrorOf } from '@kittyhost/core';
import type {
  GitError,
  LaneWorkspace,
  MergeItem,
  MergeStrategy,
  MissionIntegration,
  VersionControl,
  Workspace,
} from '@kittyhost/core/ports';
import { err, ok, ResultAsync, type Result } from 'neverthrow';
import { branchChanges } from './internal/branch-changes.js';
import { commitFile, toRepositoryPath } from './internal/commit-file.js';
import { commitFiles } from './internal/commit-files.js';
import { describeError, toInternalError } from './internal/errors.js';
import { workspaceLayout } from './layout.js';
import type { Identity } from './internal/identity.js';
import { currentBranch, inspectTarget } from './internal/inspect-target.js';
import { mergeBranches } from './internal/merge-branches.js';
import { push } from './internal/push.js';
import { branchRef, resolveRef } from './internal/refs.js';
import type { LockSettings } from './internal/repository-lock.js';
import type { Repository } from './internal/repository.js';
import {
  ensureWorkspace,
  inspectWorkspace,
  branchCommittedAt,
  removeWorkspace,
} from './internal/workspace-operations.js';
import {
  ensureLane,
  inspectLane,
  removeLane,
  restoreWorktree,
} from './internal/lane-operations.js';
import {
  finishIntegration,
  integrateMission,
  pendingIntegration,
} from './internal/mission-integration.js';

/**
 * Options of {@link createGitVersionControl}.
 *
 * @example
 * ```ts
 * const options: GitVersionControlOptions = { root: '/repo', tokenUsername: 'oauth2', lock: { timeoutMs: 10_000 } };
 * ```
 */
export interface GitVersionControlOptions {
  /** The main checkout: the directory that holds `.git`. */
  readonly root: string;
  /**
   * Author and committer of the commits Kitty Host makes. Default: `user.name` / `user.email`
   * from git config, else `Kitty Host <kittyhost@localhost>`. `GIT_AUTHOR_NAME`,
   * `GIT_AUTHOR_EMAIL`, `GIT_COMMITTER_NAME`, `GIT_COMMITTER_EMAIL` override either.
   */
  readonly identity?: Identity;
  /** Token for http(s) pushes. Default: the environment variable `KITTYHOST_GIT_TOKEN`. */
  readonly token?: string;
  /** Username sent with the token (HTTP basic auth). Default `x-access-token` (GitHub; GitLab accepts any name). */
  readonly tokenUsername?: string;
  /** The git executable used to push to ssh, scp-like, `file://` and path remotes; `false` disables it. Default `git`. */
  readonly gitExecutable?: string | false;
  /** Time limit of a git CLI push, in ms. Default 120 000. */
  readonly pushTimeoutMs?: number;
  /** The repository lock: stale takeover and waiting time. */
  readonly lock?: LockSettings;
  /** Environment to read `KITTYHOST_GIT_TOKEN` and `GIT_*` identity variables from. Default `process.env`. */
  readonly environment?: NodeJS.ProcessEnv;
  /** Clock for commit timestamps. Default `() => new Date()`. */
  readonly now?: () => Date;
}

/** Run `body`, turning anything thrown into a typed error through `onThrow`. */
function guard<T, E>(
  body: () => Promise<Result<T, E>>,
  onThrow: (error: unknown) => E,
): ResultAsync<T, E> {
  return new ResultAsync(
    (async () => {
      try {
        return await body();
      } catch (error) {
        return err(onThrow(error));
      }
    })(),
  );
}

const internal = (context: string) => (error: unknown) => toInternalError(context, error);

/**
 * Create the git implementation of the `VersionControl` port over isomorphic-git: WP
 * workspaces as real linked worktrees under `<root>/.worktrees/`, ordered `merge` / `squash` /
 * `rebase` merges (several merge bases included), a union merge of `status.events.jsonl`,
 * one-file commits and pushes. isomorphic-git is imported lazily, on the first call that needs
 * it; every mutating call holds a cross-process lock on `.git/kittyhost.lock`; nothing throws:
 * every failure is a typed `HostError` keeping the native error as `cause`.
 *
 * @example
 * ```ts
 * import { createGitVersionControl } from '@kittyhost/git-adapter';
 *
 * const vcs = createGitVersionControl({ root: '/path/to/repo' });
 * const workspace = await vcs.ensureWorkspace({ featureSlug: '001-demo', wpId: 'WP01', baseBranch: 'main' });
 * if (workspace.isOk()) console.log(workspace.value.path); // /path/to/repo/.worktrees/001-demo-WP01
 * const merged = await vcs.mergeBranches({
 *   target: 'main',
 *   strategy: 'merge',
 *   items: [{ wpId: 'WP01', branch: '001-demo-WP01', message: 'merge: 001-demo/WP01 into main' }],
 * });
 * ```
 */
export function createGitVersionControl(options: GitVersionControlOptions): VersionControl {
  const root = resolve(options.root);
  const environment = options.environment ?? process.env;
  const token = options.token ?? nonEmpty(environment['KITTYHOST_GIT_TOKEN']);
  const repository: Repository = {
    root,
    commonDir: join(root, '.git'),
    worktreesDir: join(root, '.worktrees'),
    environment,
    identity: options.identity,
    now: options.now ?? (() => new Date()),
    lockSettings: options.lock ?? {},
    gitExecutable: options.gitExecutable ?? 'git',
    pushTimeoutMs: options.pushTimeoutMs ?? 120_000,
    token,
    tokenUsername: options.tokenUsername ?? 'x-access-token',
  };
  const layout = workspaceLayout(root);

  return {
    root,
    branchName: layout.branchName,
    workspacePath: layout.workspacePath,
    currentBranch: () =>
      guard(
        async () => ok(await currentBranch(repository)),
        internal('Reading the current branch failed'),
      ),
    branchExists: (branch) =>
      guard(
        async () => ok((await resolveRef(repository.commonDir, branchRef(branch))) !== null),
        internal(`Checking branch ${branch} failed`),
      ),
    ensureWorkspace: (request) =>
      guard<Workspace, GitError>(
        () => ensureWorkspace(repository, request),
        internal(
          `Creating the workspace ${layout.branchName(request.featureSlug, request.wpId)} failed`,
        ),
      ),
    inspectWorkspace: (featureSlug, wpId, fallbackBase) =>
      guard(
        async () => ok(await inspectWorkspace(repository, featureSlug, wpId, fallbackBase)),
        internal(`Inspecting the workspace ${layout.branchName(featureSlug, wpId)} failed`),
      ),
    branchCommittedAt: (branch) =>
      guard(
        async () => ok(await branchCommittedAt(repository, branch)),
        internal(`Reading the tip of branch ${branch} failed`),
      ),
    inspectTarget: (branch) =>
      guard(
        async () => ok(await inspectTarget(repository, branch)),
        internal(`Inspecting branch ${branch} failed`),
      ),
    mergeBranches: (request: {
      target: string;
      strategy: MergeStrategy;
      items: readonly MergeItem[];
    }) =>
      guard<
        readonly string[],
        | HostErrorOf<'MERGE_FAILED'>
        | HostErrorOf<'PREFLIGHT_FAILED'>
        | HostErrorOf<'INTERNAL_ERROR'>
      >(
        () => mergeBranches(repository, request),
        internal(`Merging into ${request.target} failed`),
      ),
    removeWorkspace: (featureSlug, wpId) =>
      guard(
        async () => ok(await removeWorkspace(repository, featureSlug, wpId)),
        internal(`Removing the workspace ${layout.branchName(featureSlug, wpId)} failed`),
      ),
    push: (request) =>
      guard(
        () => push(repository, request),
        (error) =>
          pushFailed(
            request.mergedWps,
            `Pushing ${request.branch} failed: ${describeError(error)}`,
            error,
          ),
      ),
    ensureLane: (request) =>
      guard<LaneWorkspace, GitError>(
        () => ensureLane(repository, request),
        internal(`Allocating lane ${request.laneId} (${request.branch}) failed`),
      ),
    inspectLane: (request) =>
      guard(
        async () => ok(await inspectLane(repository, request)),
        internal(`Inspecting lane ${request.laneId} (${request.branch}) failed`),
      ),
    removeLane: (placement, removal) =>
      guard(
        async () => ok(await removeLane(repository, placement, removal)),
        internal(`Removing lane ${placement.laneId} (${placement.branch}) failed`),
      ),
    restoreWorktree: (request) =>
      guard<void, GitError>(
        () => restoreWorktree(repository, request),
        internal(`Restoring the worktree ${request.path} failed`),
      ),
    integrateMission: (request) =>
      guard<
        MissionIntegration,
        | HostErrorOf<'MERGE_FAILED'>
        | HostErrorOf<'PREFLIGHT_FAILED'>
        | HostErrorOf<'INTERNAL_ERROR'>
      >(
        () => integrateMission(repository, request),
        internal(`Merging ${request.missionBranch} into ${request.target} failed`),
      ),
    pendingIntegration: (key) =>
      guard(
        async () => ok(await pendingIntegration(repository, key)),
        internal(`Reading the merge journal of ${key} failed`),
      ),
    finishIntegration: (key, options) =>
      guard(
        async () => ok(await finishIntegration(repository, key, options)),
        internal(`Finishing the merge of ${key} failed`),
      ),
    branchChanges: (request) =>
      guard(
        async () => ok(await branchChanges(repository, request)),
        internal(`Listing what ${request.branches.join(', ')} change failed`),
      ),
    commitFiles: (request) =>
      guard(
        async () => ok(await commitFiles(repository, request)),
        internal(`Committing ${request.paths.join(', ')} failed`),
      ),
    commitFile: (request) => {
      const path = toRepositoryPath(root, request.path);
      if (typeof path !== 'string')
        return new ResultAsync(Promise.resolve(err(internalError(path.error))));
      return guard(
        async () => ok(await commitFile(repository, request)),
        internal(`Committing ${path} failed`),
      );
    },
  };
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value;
