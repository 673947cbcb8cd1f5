import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  internalError,
  mergeFailed,
  preflightFailed,
  pushFailed,
  type HostErrorOf,
} from '../errors/host-error.js';
import type {
  MergeItem,
  MergeStrategy,
  TargetState,
  VersionControl,
  Workspace,
  WorkspaceState,
} from '../ports/version-control.js';
import {
  ancestors,
  baseSnapshot,
  changedPaths,
  commitsBetween,
  mergeSnapshots,
  type MemoryCommit,
} from './memory-version-control-model.js';
import { memoryLanes, type MemoryWorkspace } from './memory-lanes.js';

/** Options of {@link createMemoryVersionControl}. */
export interface MemoryVersionControlOptions {
  /** Absolute path of the pretend main checkout. Default `/repo`. */
  readonly root?: string;
  /** Branch checked out in the main checkout, created with `files`. Default `main`. */
  readonly initialBranch?: string;
  /** Files of the initial commit. Default `{ 'README.md': '# demo\n' }`. */
  readonly files?: Readonly<Record<string, string>>;
  /** Configured remotes. Default `['origin']`. */
  readonly remotes?: readonly string[];
  /** The time commits made through `control.commit` are stamped with. Default: the system clock. */
  readonly now?: () => Date;
}

/** Knobs and probes of the in-memory fake, for tests. */
export interface MemoryVersionControlControl {
  /** Commit `files` (`null` deletes) on `branch`; returns the commit id. */
  commit(branch: string, files: Readonly<Record<string, string | null>>, message?: string): string;
  /** Create `name` at the tip of `from`. */
  createBranch(name: string, from: string): void;
  /** Content of `path` at the tip of `branch`, `undefined` when absent. */
  readFile(branch: string, path: string): string | undefined;
  /** Tip commit of `branch`, `undefined` when it does not exist. */
  tip(branch: string): string | undefined;
  /** The commit behind an id. */
  commitInfo(id: string): MemoryCommit | undefined;
  /** Mark paths of a workspace as having uncommitted changes (empty list = clean). */
  setWorkspaceDirty(featureSlug: string, wpId: string, paths: readonly string[]): void;
  /**
   * Write a file in a workspace's working tree (a local change there; `null` deletes): the path
   * counts as dirty, and `commitFiles` of the workspace's path commits this content.
   */
  writeWorkspaceFile(featureSlug: string, wpId: string, path: string, content: string | null): void;
  /** Simulate `rm -rf` of a workspace directory (git's registration stays stale). */
  deleteWorkspaceDirectory(featureSlug: string, wpId: string): void;
  /**
   * The branch a worktree directory (`<slug>-<WP>`, or a lane's `<slug>-<lane>`; the workspace
   * controls above take a lane id in place of the WP id) has checked out, or `undefined`.
   */
  workspaceBranch(worktreeName: string): string | undefined;
  /** Content of `path` in a worktree directory's working tree (`undefined`: absent or hidden). */
  readWorkspaceFile(worktreeName: string, path: string): string | undefined;
  /** Write a file in the main checkout's working tree (a local change; `null` deletes). */
  writeMainFile(path: string, content: string | null): void;
  /** Content of `path` in the main checkout's working tree. */
  readMainFile(path: string): string | undefined;
  /** Paths with local changes in the main checkout. */
  mainLocalChanges(): string[];
  /** Check out `branch` in the main checkout (`null` detaches). */
  checkout(branch: string | null): void;
  /** Make `branch` behind (or not) its upstream. */
  setBehindUpstream(branch: string, behind: boolean): void;
  /** Make the next merges of this WP conflict on `paths` (empty list removes the injection). */
  injectConflict(wpId: string, paths: readonly string[]): void;
  /** Make pushes fail with `message` until called with `null`. */
  failPush(message: string | null): void;
  /** Add a remote (pushes to it succeed unless failing). */
  addRemote(name: string): void;
  /** What a remote received: branch → commit id. */
  remoteTip(remote: string, branch: string): string | undefined;
  /** Every call made to the port, by method name, in order. */
  readonly calls: readonly string[];
}

/** The in-memory `VersionControl` plus its test controls. */
export interface MemoryVersionControl extends VersionControl {
  readonly control: MemoryVersionControlControl;
}

type MergeResult = ResultAsync<
  readonly string[],
  HostErrorOf<'MERGE_FAILED'> | HostErrorOf<'PREFLIGHT_FAILED'> | HostErrorOf<'INTERNAL_ERROR'>
>;

/**
 * An in-memory fake of the `VersionControl` port for operation tests: commits are snapshots
 * with parents (so "already merged", several merge bases, squash and rebase behave like git's),
 * workspaces are records, and dirty paths, upstream lag, conflicts and push failures can be
 * injected. Passes `describeVersionControlContract`.
 *
 * @example
 * ```ts
 * const vcs = createMemoryVersionControl({ files: { 'README.md': '# demo\n' } });
 * await vcs.ensureWorkspace({ featureSlug: '001-demo', wpId: 'WP01', baseBranch: 'main' });
 * vcs.control.commit('001-demo-WP01', { 'a.txt': 'A\n' });
 * vcs.control.injectConflict('WP02', ['shared.txt']);
 * ```
 */
export function createMemoryVersionControl(
  options: MemoryVersionControlOptions = {},
): MemoryVersionControl {
  const root = (options.root ?? '/repo').replace(/\/+$/, '');
  const commits = new Map<string, MemoryCommit>();
  const branches = new Map<string, string>();
  /** Workspaces by worktree directory name: branch, dirty paths, working-tree contents that differ. */
  const workspaces = new Map<string, MemoryWorkspace>();
  /** When each commit made through `control.commit` was made (the fake's own clock). */
  const commitTimes = new Map<string, string>();
  /** Where each WP branch started: recorded when its workspace is first made. */
  const starts = new Map<string, { baseRef: string; baseOid: string }>();
  const mainOverlay = new Map<string, string | null>();
  const behind = new Set<string>();
  const conflicts = new Map<string, readonly string[]>();
  const remotes = new Map<string, Map<string, string>>(
    (options.remotes ?? ['origin']).map((name) => [name, new Map()]),
  );
  const calls: string[] = [];
  let current: string | null = options.initialBranch ?? 'main';
  let pushFailure: string | null = null;
  let counter = 0;

  const newCommit = (
    parents: readonly string[],
    files: ReadonlyMap<string, string>,
    message: string,
  ): string => {
    const id = (++counter).toString(16).padStart(40, '0');
    commits.set(id, { id, parents, files, message });
    // Committer time in whole seconds, as git records it.
    const now = (options.now ?? (() => new Date()))().getTime();
    commitTimes.set(id, new Date(Math.floor(now / 1000) * 1000).toISOString());
    return id;
  };
  const snapshot = (branch: string) =>
    commits.get(branches.get(branch) ?? '')?.files ?? new Map<string, string>();
  branches.set(
    current,
    newCommit([], new Map(Object.entries(options.files ?? { 'README.md': '# demo\n' })), 'initial'),
  );

  const name = (featureSlug: string, wpId: string) => `${featureSlug}-${wpId}`;
  const workspacePath = (featureSlug: string, wpId: string) =>
    `${root}/.worktrees/${name(featureSlug, wpId)}`;
  const track = (method: string) => calls.push(method);

  const control: MemoryVersionControlControl = {
    commit(branch, files, message = 'change') {
      const tip = branches.get(branch);
      if (tip === undefined) throw new Error(`No branch ${branch}`);
      const next = new Map(snapshot(branch));
      for (const [path, content] of Object.entries(files)) {
        if (content === null) next.delete(path);
        else next.set(path, content);
      }
      const id = newCommit([tip], next, message);
      branches.set(branch, id);
      return id;
    },
    createBranch(branchName, from) {
      const tip = branches.get(from);
      if (tip === undefined) throw new Error(`No branch ${from}`);
      branches.set(branchName, tip);
    },
    readFile: (branch, path) => snapshot(branch).get(path),
    tip: (branch) => branches.get(branch),
    commitInfo: (id) => commits.get(id),
    setWorkspaceDirty(featureSlug, wpId, paths) {
      const workspace = workspaces.get(name(featureSlug, wpId));
      if (workspace === undefined) throw new Error(`No workspace ${name(featureSlug, wpId)}`);
      workspace.dirty = [...paths].sort();
    },
    writeWorkspaceFile(featureSlug, wpId, path, content) {
      const workspace = workspaces.get(name(featureSlug, wpId));
      if (workspace === undefined) throw new Error(`No workspace ${name(featureSlug, wpId)}`);
      workspace.files.set(path, content);
      if (!workspace.dirty.includes(path)) workspace.dirty = [...workspace.dirty, path].sort();
    },
    deleteWorkspaceDirectory: (featureSlug, wpId) =>
      void workspaces.delete(name(featureSlug, wpId)),
    workspaceBranch: (worktreeName) => workspaces.get(worktreeName)?.branch,
    readWorkspaceFile: (worktreeName, path) => {
      const workspace = workspaces.get(worktreeName);
      if (workspace === undefined || workspace.hidden.includes(path)) return undefined;
      const local = workspace.files.get(path);
      return local !== undefined ? (local ?? undefined) : snapshot(workspace.branch).get(path);
    },
    writeMainFile: (path, content) => void mainOverlay.set(path, content),
    readMainFile: (path) => {
      const local = mainOverlay.get(path);
      if (local !== undefined) return local ?? undefined;
      return current === null ? undefined : snapshot(current).get(path);
    },
    mainLocalChanges: () =>
      [...mainOverlay.entries()]
        .filter(
          ([path, content]) =>
            (content ?? undefined) !== (current === null ? undefined : snapshot(current).get(path)),
        )
        .map(([path]) => path)
        .sort(),
    checkout(branch) {
      current = branch;
    },
    setBehindUpstream: (branch, value) => void (value ? behind.add(branch) : behind.delete(branch)),
    injectConflict: (wpId, paths) =>
      void (paths.length === 0 ? conflicts.delete(wpId) : conflicts.set(wpId, paths)),
    failPush(message) {
      pushFailure = message;
    },
    addRemote: (remote) => void remotes.set(remote, remotes.get(remote) ?? new Map()),
    remoteTip: (remote, branch) => remotes.get(remote)?.get(branch),
    calls,
  };

  /** Merge one WP into `tip`; returns the new tip or the conflicting paths. */
  const step = (
    strategy: MergeStrategy,
    tip: string,
    theirs: string,
    item: MergeItem,
  ): string | { paths: readonly string[] } => {
    const injected = conflicts.get(item.wpId);
    if (injected !== undefined) return { paths: injected };
    if (ancestors(commits, tip).has(theirs)) return tip;
    if (strategy === 'rebase') {
      let head = tip;
      for (const id of commitsBetween(commits, tip, theirs)) {
        const commit = commits.get(id) as MemoryCommit;
        if (commit.parents.length > 1) continue;
        const base = commits.get(commit.parents[0] ?? '')?.files ?? new Map<string, string>();
        const picked = mergeSnapshots(
          base,
          (commits.get(head) as MemoryCommit).files,
          commit.files,
        );
        if (picked.kind === 'conflict') return { paths: picked.paths };
        if (changedPaths((commits.get(head) as MemoryCommit).files, picked.files).length === 0)
          continue;
        head = newCommit([head], picked.files, commit.message);
      }
      return head;
    }
    const base = baseSnapshot(commits, tip, theirs);
    if (base === undefined) return { paths: [] };
    const merged = mergeSnapshots(
      base,
      (commits.get(tip) as MemoryCommit).files,
      (commits.get(theirs) as MemoryCommit).files,
    );
    if (merged.kind === 'conflict') return { paths: merged.paths };
    if (
      strategy === 'squash' &&
      changedPaths((commits.get(tip) as MemoryCommit).files, merged.files).length === 0
    )
      return tip;
    return newCommit(strategy === 'merge' ? [tip, theirs] : [tip], merged.files, item.message);
  };

  const mergeBranches = (request: {
    readonly target: string;
    readonly strategy: MergeStrategy;
    readonly items: readonly MergeItem[];
  }): MergeResult => {
    track('mergeBranches');
    const start = branches.get(request.target);
    const problems = [
      ...(start === undefined ? [`Target branch ${request.target} does not exist`] : []),
      ...request.items
        .filter((item) => !branches.has(item.branch))
        .map((item) => `Branch ${item.branch} of ${item.wpId} does not exist`),
    ];
    if (start === undefined || problems.length > 0) return errAsync(preflightFailed(problems));
    const tips: { wpId: string; tip: string }[] = [];
    let failure: { wpId: string; paths: readonly string[] } | undefined;
    let tip = start;
    for (const item of request.items) {
      const outcome = step(request.strategy, tip, branches.get(item.branch) as string, item);
      if (typeof outcome !== 'string') {
        failure = { wpId: item.wpId, paths: outcome.paths };
        break;
      }
      tip = outcome;
      tips.push({ wpId: item.wpId, tip });
    }
    if (current === request.target) {
      const changed = changedPaths(
        (commits.get(start) as MemoryCommit).files,
        (commits.get(tip) as MemoryCommit).files,
      );
      const blocked = control.mainLocalChanges().filter((path) => changed.includes(path));
      if (blocked.length > 0) {
        return errAsync(
          preflightFailed([
            `Local changes in the main checkout would be overwritten by merging into ${request.target}: ${blocked.join(', ')}`,
          ]),
        );
      }
      // The changed paths are checked out: working-tree entries equal to the old HEAD give way.
      for (const path of changed) mainOverlay.delete(path);
    }
    branches.set(request.target, tip);
    const merged = tips.map((entry) => entry.wpId);
    if (failure !== undefined) {
      return errAsync(
        mergeFailed(
          merged,
          failure.wpId,
          `Merging ${failure.wpId} into ${request.target} conflicted`,
          failure.paths,
        ),
      );
    }
    return okAsync(merged);
  };

  const lanes = memoryLanes({
    root,
    commits,
    branches,
    workspaces,
    commitTimes,
    newCommit,
    step,
    current: () => current,
    mainOverlay,
    mainLocalChanges: () => control.mainLocalChanges(),
    track,
  });

  const vcs: VersionControl = {
    ...lanes,
    root,
    branchName: name,
    workspacePath,
    currentBranch: () => (track('currentBranch'), okAsync(current)),
    branchExists: (branch) => (track('branchExists'), okAsync(branches.has(branch))),
    branchCommittedAt: (branch) => {
      track('branchCommittedAt');
      const head = branches.get(branch);
      return okAsync(head === undefined ? null : (commitTimes.get(head) ?? null));
    },
    ensureWorkspace(request) {
      track('ensureWorkspace');
      const branch = name(request.featureSlug, request.wpId);
      const path = workspacePath(request.featureSlug, request.wpId);
      const recorded = () => ({
        baseRef: starts.get(branch)?.baseRef ?? null,
        baseOid: starts.get(branch)?.baseOid ?? null,
      });
      if (workspaces.has(branch))
        return okAsync<Workspace>({ path, branch, created: false, ...recorded() });
      if (current === branch) {
        return errAsync(preflightFailed([`Branch ${branch} is already checked out at ${root}`]));
      }
      if (!branches.has(branch)) {
        const base = branches.get(request.baseBranch);
        if (base === undefined) {
          return errAsync(
            preflightFailed([
              `Base branch ${request.baseBranch} does not exist (needed to create ${branch})`,
            ]),
          );
        }
        branches.set(branch, base);
        starts.set(branch, { baseRef: request.baseBranch, baseOid: base });
      }
      workspaces.set(branch, { branch, dirty: [], files: new Map(), hidden: [] });
      return okAsync<Workspace>({ path, branch, created: true, ...recorded() });
    },
    inspectWorkspace(featureSlug, wpId, fallbackBase) {
      track('inspectWorkspace');
      const branch = name(featureSlug, wpId);
      const workspace = workspaces.get(branch);
      const head = branches.get(branch) ?? null;
      const start = starts.get(branch);
      const baseRef = start?.baseRef ?? fallbackBase ?? null;
      const baseOid =
        start?.baseOid ??
        (fallbackBase === undefined ? null : (branches.get(fallbackBase) ?? null));
      return okAsync<WorkspaceState>({
        path: workspacePath(featureSlug, wpId),
        branch,
        directoryExists: workspace !== undefined,
        branchExists: head !== null,
        dirtyPaths: workspace?.dirty ?? [],
        headOid: head,
        headCommittedAt: head === null ? null : (commitTimes.get(head) ?? null),
        baseRef,
        baseOid,
        commitsAhead:
          head === null || baseOid === null ? null : commitsBetween(commits, baseOid, head).length,
      });
    },
    inspectTarget(branch) {
      track('inspectTarget');
      return okAsync<TargetState>({
        branch,
        exists: branches.has(branch),
        behindUpstream: branches.has(branch) && behind.has(branch),
        checkedOut: current === branch,
      });
    },
    mergeBranches,
    removeWorkspace: (featureSlug, wpId) => (
      track('removeWorkspace'),
      okAsync(workspaces.delete(name(featureSlug, wpId)))
    ),
    push(request) {
      track('push');
      const remote = request.remote ?? 'origin';
      const received = remotes.get(remote);
      if (received === undefined) {
        return errAsync(
          pushFailed(
            request.mergedWps,
            `Cannot push ${request.branch}: no remote named ${remote} is configured`,
          ),
        );
      }
      if (pushFailure !== null) return errAsync(pushFailed(request.mergedWps, pushFailure));
      const tip = branches.get(request.branch);
      if (tip === undefined)
        return errAsync(
          pushFailed(request.mergedWps, `Cannot push ${request.branch}: the branch does not exist`),
        );
      const remoteTip = received.get(request.branch);
      if (remoteTip !== undefined && !ancestors(commits, tip).has(remoteTip)) {
        return errAsync(
          pushFailed(
            request.mergedWps,
            `The remote ${remote} rejected the push of ${request.branch}: not a fast-forward`,
          ),
        );
      }
      received.set(request.branch, tip);
      return okAsync(undefined);
    },
    commitFiles(request) {
      track('commitFiles');
      if (request.paths.length === 0) return okAsync(null);
      // Which checkout holds each path: a workspace (`.worktrees/<branch>/…`) or the main one.
      const located: { checkout: string | null; relative: string }[] = [];
      for (const path of request.paths) {
        const relative = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
        if (relative.startsWith('/') || relative.split('/').includes('..') || relative === '') {
          return errAsync(internalError(`${path} is not a file inside ${root}`));
        }
        const inWorkspace = /^\.worktrees\/([^/]+)\/(.+)$/.exec(relative);
        if (inWorkspace !== null && !workspaces.has(inWorkspace[1] as string)) {
          return errAsync(internalError(`${path} is not inside a checkout of ${root}`));
        }
        located.push(
          inWorkspace === null
            ? { checkout: null, relative }
            : { checkout: inWorkspace[1] as string, relative: inWorkspace[2] as string },
        );
      }
      const checkout = (located[0] as { checkout: string | null }).checkout;
      if (located.some((entry) => entry.checkout !== checkout))
        return errAsync(internalError('The files to commit live in different checkouts'));
      if (checkout === null && current === null)
        return errAsync(
          internalError('The main checkout has a detached HEAD: no branch to commit on'),
        );
      const workspace = checkout === null ? undefined : workspaces.get(checkout);
      const branch = workspace?.branch ?? (current as string);
      const working = (relative: string): string | null => {
        if (checkout === null) return control.readMainFile(relative) ?? null;
        const local = workspace?.files.get(relative);
        return local !== undefined ? local : (control.readFile(branch, relative) ?? null);
      };
      const changes: Record<string, string | null> = {};
      for (const { relative } of located) {
        const content = working(relative);
        if (content !== (control.readFile(branch, relative) ?? null)) changes[relative] = content;
        if (checkout === null) mainOverlay.delete(relative);
        else if (workspace !== undefined) {
          workspace.files.delete(relative);
          workspace.dirty = workspace.dirty.filter((path) => path !== relative);
        }
      }
      if (Object.keys(changes).length === 0) return okAsync(null);
      return okAsync(control.commit(branch, changes, request.message));
    },
    commitFile(request) {
      track('commitFile');
      const relative = request.path.startsWith(`${root}/`)
        ? request.path.slice(root.length + 1)
        : request.path;
      if (relative.startsWith('/') || relative.split('/').includes('..') || relative === '') {
        return errAsync(internalError(`${request.path} is not a file inside ${root}`));
      }
      if (current === null)
        return errAsync(
          internalError('The main checkout has a detached HEAD: no branch to commit on'),
        );
      const content = control.readMainFile(relative);
      const id = control.commit(current, { [relative]: content ?? null }, request.message);
      mainOverlay.delete(relative);
      return okAsync(id);
    },
  };
  return { ...vcs, control };
}
