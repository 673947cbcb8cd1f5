import type { ResultAsync } from 'neverthrow';
import type { HostErrorOf } from '../errors/host-error.js';
import type {
  LaneAllocationRequest,
  LaneInspection,
  LanePlacement,
  LaneWorkspace,
  MissionIntegration,
  MissionIntegrationRequest,
  PendingIntegration,
} from './lane-workspaces.js';

/** The merge strategies of `merge-feature`. */
export const MERGE_STRATEGIES = ['merge', 'squash', 'rebase'] as const;
/** One of {@link MERGE_STRATEGIES}. */
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

/** Where a WP's workspace lives and what it checks out. */
export interface WorkspaceRequest {
  readonly featureSlug: string;
  readonly wpId: string;
  /** The branch to create the WP branch from when it does not exist yet. */
  readonly baseBranch: string;
}

/** A workspace as it stands. */
export interface Workspace {
  /** Absolute path `<root>/.worktrees/<slug>-<WP>`. */
  readonly path: string;
  /** Branch `<slug>-<WP>`. */
  readonly branch: string;
  /** Whether this call created the directory (false when it already existed). */
  readonly created: boolean;
  /**
   * The branch the WP branch was created from (recorded when the workspace was first made), or
   * `null` when that is not known (a workspace made before such records were kept).
   */
  readonly baseRef: string | null;
  /** The commit the WP branch started from (recorded likewise), or `null`. */
  readonly baseOid: string | null;
}

/** What the merge preflight needs to know about one workspace. */
export interface WorkspaceState {
  readonly path: string;
  readonly branch: string;
  readonly directoryExists: boolean;
  readonly branchExists: boolean;
  /** Paths with uncommitted changes (tracked modified/deleted, or untracked not ignored). */
  readonly dirtyPaths: readonly string[];
  /** The commit the WP branch points at, or `null` when the branch does not exist. */
  readonly headOid: string | null;
  /** When that commit was made (committer time, ISO-8601), or `null` when unknown. */
  readonly headCommittedAt: string | null;
  /** The branch the WP branch was created from, when recorded (else the fallback given). */
  readonly baseRef: string | null;
  /** The commit it started from, when recorded (else the fallback branch's tip), or `null`. */
  readonly baseOid: string | null;
  /**
   * Commits on the WP branch beyond its start (`git rev-list --count <base>..<branch>`), or
   * `null` when the branch or its base is unknown.
   */
  readonly commitsAhead: number | null;
}

/** What the merge preflight needs to know about the target branch. */
export interface TargetState {
  readonly branch: string;
  readonly exists: boolean;
  /** True when an upstream is configured and has commits the target lacks. */
  readonly behindUpstream: boolean;
  /** True when the main checkout has this branch checked out. */
  readonly checkedOut: boolean;
}

/** One branch to merge, in the order given. */
export interface MergeItem {
  readonly wpId: string;
  readonly branch: string;
  /** Commit message for the merge or squash commit. */
  readonly message: string;
}

/** Errors of a git operation that is not a merge or a push. */
export type GitError = HostErrorOf<'INTERNAL_ERROR'> | HostErrorOf<'PREFLIGHT_FAILED'>;

/**
 * The version-control port: workspaces, branch facts, ordered merges, push, one-file commits.
 * Every mutating method runs under a repository lock (safe across processes).
 *
 * Implementation: `@kittyhost/git-adapter` (`createGitVersionControl`, isomorphic-git), and the
 * in-memory `createMemoryVersionControl` of `@kittyhost/core/testing`.
 *
 * @example
 * ```ts
 * const workspace = await vcs.ensureWorkspace({ featureSlug: '001-demo', wpId: 'WP01', baseBranch: 'main' });
 * ```
 */
export interface VersionControl {
  /** Absolute path of the main checkout. */
  readonly root: string;
  /** Branch name of a WP: `<slug>-<WP>`. Pure. */
  branchName(featureSlug: string, wpId: string): string;
  /** Workspace path of a WP: `<root>/.worktrees/<slug>-<WP>`. Pure. */
  workspacePath(featureSlug: string, wpId: string): string;
  /** The main checkout's current branch, or `null` when HEAD is detached or unborn. */
  currentBranch(): ResultAsync<string | null, HostErrorOf<'INTERNAL_ERROR'>>;
  /** Does a local branch exist? */
  branchExists(branch: string): ResultAsync<boolean, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Make sure the WP's workspace exists: a linked worktree (the git CLI lists it, finds it clean,
   * refuses to check its branch out elsewhere) on branch `<slug>-<WP>`, created from
   * `baseBranch` when the branch is new. Idempotent; re-attaches a deleted directory. A missing
   * base branch → `PREFLIGHT_FAILED`. Where the branch started (branch and commit) is recorded
   * beside the worktree's git metadata and answered in `baseRef` / `baseOid`.
   */
  ensureWorkspace(request: WorkspaceRequest): ResultAsync<Workspace, GitError>;
  /**
   * Facts about one workspace (read-only, fast: status is scoped to the workspace).
   * `fallbackBase` names the branch to measure `commitsAhead` from when the workspace has no
   * recorded start (made before such records were kept).
   */
  inspectWorkspace(
    featureSlug: string,
    wpId: string,
    fallbackBase?: string,
  ): ResultAsync<WorkspaceState, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * When the tip of a branch was committed (committer time, ISO-8601, whole seconds), or `null`
   * when the branch does not exist. Read-only and cheap (one ref, one commit object): a lease
   * read asks it of every claim whose renewal has run out, since work itself renews a lease.
   */
  branchCommittedAt(branch: string): ResultAsync<string | null, HostErrorOf<'INTERNAL_ERROR'>>;
  /** Facts about a target branch (read-only). */
  inspectTarget(branch: string): ResultAsync<TargetState, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Merge `items` into `target` in order with `strategy`. Before moving anything, when the
   * target is checked out in the main checkout and a local change in a path the merges would
   * change would be overwritten → `PREFLIGHT_FAILED`. A conflict → `MERGE_FAILED` with
   * `merged_so_far`, `failed_wp` and `conflicts`; the target then points at the last successful
   * WP and the repository has no merge in progress. On success the main checkout (when on the
   * target) has exactly the changed paths checked out; unrelated local changes survive.
   * Returns the ids merged, in order.
   */
  mergeBranches(request: {
    readonly target: string;
    readonly strategy: MergeStrategy;
    readonly items: readonly MergeItem[];
  }): ResultAsync<
    readonly string[],
    HostErrorOf<'MERGE_FAILED'> | HostErrorOf<'PREFLIGHT_FAILED'> | HostErrorOf<'INTERNAL_ERROR'>
  >;
  /** Remove a WP's worktree (directory and git's registration); the branch is kept. Idempotent. */
  removeWorkspace(
    featureSlug: string,
    wpId: string,
  ): ResultAsync<boolean, HostErrorOf<'INTERNAL_ERROR'>>;
  /** Push `branch` to its remote (`origin` by default). Rejection or no remote → `PUSH_FAILED`. */
  push(request: {
    readonly branch: string;
    readonly remote?: string;
    readonly mergedWps: readonly string[];
  }): ResultAsync<void, HostErrorOf<'PUSH_FAILED'>>;
  /**
   * Commit exactly these files (absolute paths, or relative to the root) on the branch checked
   * out in the worktree that holds them (the main checkout, or a linked worktree such as a
   * coordination worktree), leaving every other staged or unstaged change alone and respecting
   * git's `index.lock`. Files whose content equals `HEAD`'s are skipped; nothing to commit
   * answers `null`. A detached or unborn HEAD → `INTERNAL_ERROR`. Returns the new commit's oid.
   */
  commitFiles(request: {
    readonly paths: readonly string[];
    readonly message: string;
  }): ResultAsync<string | null, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Allocate, reuse or re-attach an execution lane's worktree (CONTRACT-1.3.md §6, with Kitty
   * Host's own rules): a fresh lane branches from `parent` (created from `parentFrom` when
   * missing); then, in `claim` mode, an existing worktree must be clean, the planning commit and
   * the dependency lanes' tips are merged in (in memory first: a conflict moves nothing, so
   * nothing is ever left half-merged), and the lane HEAD is recorded as the WP's start. Hidden
   * paths are kept out of the worktree by a sparse checkout git understands. Safe across
   * processes; a run interrupted after it started moving the lane is finished by the next call.
   * Failures (dirty worktree, conflict, branch checked out elsewhere, missing parent) →
   * `PREFLIGHT_FAILED` with the reason.
   */
  ensureLane(request: LaneAllocationRequest): ResultAsync<LaneWorkspace, GitError>;
  /**
   * Facts about a lane's worktree for one of its WPs (read-only): `baseOid` is the WP's recorded
   * start, `commitsAhead` counts the lane's commits beyond it (from `fallbackBase` without a
   * record, counting no merge commits). Hidden (sparse) paths never count as dirty.
   */
  inspectLane(request: LaneInspection): ResultAsync<WorkspaceState, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Remove a lane's worktree (directory and git's registration) and, with `deleteBranch`, its
   * branch and start records. Idempotent; `true` when anything was removed.
   */
  removeLane(
    placement: LanePlacement,
    options: { readonly deleteBranch: boolean },
  ): ResultAsync<boolean, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Re-create a linked worktree that was deleted (a coordination worktree): `path` (absolute,
   * under the root) checked out on the existing `branch`. An intact worktree there is left as it
   * is. A missing branch → `PREFLIGHT_FAILED`.
   */
  restoreWorktree(request: {
    readonly path: string;
    readonly branch: string;
  }): ResultAsync<void, GitError>;
  /**
   * Merge a lane mission (CONTRACT-1.3.md §9, ours): every lane into the mission branch (merge
   * commits, fast-forward when possible), then the mission branch into the target with
   * `strategy`, all computed in memory first. A conflict → `MERGE_FAILED` naming the lane and
   * the paths; a local change in the main checkout (or in a worktree that has the mission branch
   * checked out) that the merge would overwrite → `PREFLIGHT_FAILED`; in both cases no ref has
   * moved. Then, journaled so that a crashed run is finished by the next call, the mission branch
   * and the target move once each and the checkouts that have them follow (changed paths only).
   * An interrupted run with a journal is finished (or, finished already, answered again) without
   * looking at the lanes. Untracked files listed in `untracked` never block: an event log is
   * folded in row by row with one more commit on the target, other files give way.
   */
  integrateMission(
    request: MissionIntegrationRequest,
  ): ResultAsync<
    MissionIntegration,
    HostErrorOf<'MERGE_FAILED'> | HostErrorOf<'PREFLIGHT_FAILED'> | HostErrorOf<'INTERNAL_ERROR'>
  >;
  /** The integration recorded under `key` that `finishIntegration` has not closed, or `null`. */
  pendingIntegration(
    key: string,
  ): ResultAsync<PendingIntegration | null, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Close the integration recorded under `key`: delete its journal and, with
   * `deleteMissionBranch`, the mission branch unless a worktree has it checked out. Idempotent.
   */
  finishIntegration(
    key: string,
    options: { readonly deleteMissionBranch: boolean },
  ): ResultAsync<void, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * The files under `under` (a repository directory, `.github/workflows`) that any of `branches`
   * adds or modifies since its merge base with `base` (`git diff --diff-filter=AMR base...branch`),
   * sorted, each once. Branches that do not exist, or equal `base`, contribute nothing. Read-only.
   */
  branchChanges(request: {
    readonly base: string;
    readonly branches: readonly string[];
    readonly under: string;
  }): ResultAsync<readonly string[], HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Commit exactly one file (path relative to the root or absolute, inside it) on the main
   * checkout's current branch, leaving every other staged or unstaged change alone. A default
   * author is used when git config has none. Returns the new commit's oid.
   */
  commitFile(request: {
    readonly path: string;
    readonly message: string;
  }): ResultAsync<string, HostErrorOf<'INTERNAL_ERROR'>>;
}
