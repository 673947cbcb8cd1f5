import { lstat, readFile, readlink, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMissing } from './errors.js';
import { patchIndex, type IndexUpdate } from './index-patch.js';
import {
  EMPTY_TREE,
  ObjectStore,
  formatSignature,
  isTreeEntry,
  type TreeEntry,
} from './object-store.js';
import { lockIndex } from './racy-index.js';
import { appendReflog, readHead, resolveRef, updateRef } from './refs.js';
import { locked, signatures, type Repository } from './repository.js';
import { readGitLink } from './worktrees.js';

/** A checkout of the repository: the main one, or a linked worktree. */
export interface Checkout {
  /** Its top directory. */
  readonly top: string;
  /** Where its HEAD, index and logs/HEAD live (`.git`, or `.git/worktrees/<name>`). */
  readonly gitDir: string;
}

/** The main checkout. */
export const mainCheckout = (repository: Repository): Checkout => ({
  top: repository.root,
  gitDir: repository.commonDir,
});

/** The checkout holding `path` (absolute): the nearest directory above it with a `.git` entry. */
async function checkoutOf(repository: Repository, path: string): Promise<Checkout> {
  const root = resolve(repository.root);
  for (let directory = dirname(path); ; directory = dirname(directory)) {
    const inside = relative(root, directory);
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new Error(`${path} is not a file inside ${root}`);
    }
    const dotGit = join(directory, '.git');
    const stats = await lstat(dotGit).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (stats?.isDirectory()) {
      if (resolve(dotGit) !== resolve(repository.commonDir))
        throw new Error(`${path} belongs to another repository (${dotGit})`);
      return { top: directory, gitDir: repository.commonDir };
    }
    if (stats?.isFile()) {
      const gitDir = await readGitLink(directory);
      if (gitDir === null) throw new Error(`${dotGit} does not name a git directory`);
      const common = (await readFile(join(gitDir, 'commondir'), 'utf8')).trim();
      if (resolve(gitDir, common) !== resolve(repository.commonDir))
        throw new Error(`${path} belongs to another repository (${gitDir})`);
      return { top: directory, gitDir };
    }
    if (directory === root) throw new Error(`${path} is not inside a checkout of ${root}`);
  }
}

/** The git path of `path` (absolute) inside `checkout`, refusing anything under `.git`. */
function gitPathOf(checkout: Checkout, path: string): string {
  const inside = relative(checkout.top, path);
  const gitPath = inside.split(sep).join('/');
  if (gitPath === '' || gitPath === '..' || gitPath.startsWith('../') || isAbsolute(inside))
    throw new Error(`${path} is not a file inside ${checkout.top}`);
  if (gitPath === '.git' || gitPath.startsWith('.git/')) throw new Error(`${path} is inside .git`);
  return gitPath;
}

/**
 * `tree` with every change applied (a path's blob replaced, or removed when `entry` is
 * undefined), writing each changed tree once — no intermediate trees are left dangling. Returns
 * the new tree, or `undefined` when it ends up empty. Unchanged subtrees keep their ids.
 */
export interface PathChange {
  readonly segments: readonly string[];
  readonly entry: Omit<TreeEntry, 'name'> | undefined;
}

export async function replacePaths(
  objects: ObjectStore,
  tree: string,
  changes: readonly PathChange[],
): Promise<string | undefined> {
  const entries = new Map((await objects.readTree(tree)).map((entry) => [entry.name, entry]));
  const nested = new Map<string, PathChange[]>();
  for (const change of changes) {
    const [name, ...rest] = change.segments as [string, ...string[]];
    if (rest.length === 0) {
      if (change.entry === undefined) entries.delete(name);
      else entries.set(name, { ...change.entry, name });
    } else {
      nested.set(name, [...(nested.get(name) ?? []), { segments: rest, entry: change.entry }]);
    }
  }
  for (const [name, group] of nested) {
    const existing = entries.get(name);
    const subtree = existing !== undefined && isTreeEntry(existing) ? existing.oid : EMPTY_TREE;
    const oid = await replacePaths(objects, subtree, group);
    if (oid === undefined) entries.delete(name);
    else entries.set(name, { mode: '40000', name, oid });
  }
  if (entries.size === 0) return undefined;
  const before = await objects.readTree(tree);
  const after = [...entries.values()];
  const same =
    before.length === after.length &&
    before.every((entry) => {
      const other = entries.get(entry.name);
      return other !== undefined && other.oid === entry.oid && other.mode === entry.mode;
    });
  return same ? tree : objects.writeTree(after);
}

interface FileState {
  readonly gitPath: string;
  /** The blob and mode to commit, `undefined` when the file is gone (deleted from the tree). */
  readonly entry: Omit<TreeEntry, 'name'> | undefined;
  /** `lstat` of the file when its blob was written (for its index entry). */
  readonly stats: import('node:fs').BigIntStats | undefined;
}

async function fileState(
  objects: ObjectStore,
  checkout: Checkout,
  gitPath: string,
): Promise<FileState> {
  const absolute = join(checkout.top, ...gitPath.split('/'));
  const stats = await lstat(absolute, { bigint: true }).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (stats === undefined) return { gitPath, entry: undefined, stats };
  if (stats.isSymbolicLink()) {
    const oid = await objects.write('blob', Buffer.from(await readlink(absolute), 'utf8'));
    return { gitPath, entry: { mode: '120000', oid }, stats };
  }
  if (stats.isFile()) {
    const oid = await objects.write('blob', await readFile(absolute));
    const mode = (Number(stats.mode) & 0o111) !== 0 ? '100755' : '100644';
    return { gitPath, entry: { mode, oid }, stats };
  }
  throw new Error(`${gitPath} is not a file`);
}

/** The index as it is now: its bytes and mtime, or `undefined` when there is none yet. */
async function readIndex(
  indexPath: string,
): Promise<{ bytes: Buffer; mtimeSeconds: number } | undefined> {
  try {
    const [bytes, stats] = await Promise.all([readFile(indexPath), stat(indexPath)]);
    return { bytes, mtimeSeconds: Math.floor(stats.mtimeMs / 1000) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * One commit on the branch checked out in `checkout`, whose tree is HEAD's with only `gitPaths`
 * changed to what the working tree holds (`git commit -- <paths>` semantics). Holding the
 * repository lock and git's `index.lock`, it writes the blobs, the tree and the commit, then
 * prepares the new index (the committed entries updated, every other entry kept, racy ones
 * smudged) and only then moves the branch (compare-and-swap), appends the checkout's HEAD
 * reflog and replaces the index. So any refusal — a held `index.lock`, a detached or unborn
 * HEAD, an index format we do not rewrite, a branch that moved meanwhile — leaves refs, reflogs
 * and index as they were (only unreferenced loose objects may remain). `null` when the tree
 * would not change, unless `allowUnchanged`; an unborn branch gets a root commit only with
 * `allowUnborn`.
 */
export async function commitPaths(
  repository: Repository,
  checkout: Checkout,
  gitPaths: readonly string[],
  message: string,
  options: { readonly allowUnchanged?: boolean; readonly allowUnborn?: boolean } = {},
): Promise<string | null> {
  const indexPath = join(checkout.gitDir, 'index');
  return locked(repository, async () => {
    // Take index.lock before anything else: while a git process holds it, nothing is written.
    const release = await lockIndex(indexPath);
    try {
      const { commonDir } = repository;
      const head = await readHead(join(checkout.gitDir, 'HEAD'));
      if (head?.kind !== 'symbolic')
        throw new Error(`${checkout.top} has a detached HEAD: no branch to commit on`);
      const parent = await resolveRef(commonDir, head.ref);
      if (parent === null && options.allowUnborn !== true)
        throw new Error(`${head.ref} of ${checkout.top} has no commit yet: nothing to commit on`);
      const objects = new ObjectStore(commonDir);
      const parentTree = parent === null ? EMPTY_TREE : (await objects.readCommit(parent)).tree;
      const files: FileState[] = [];
      for (const gitPath of gitPaths) files.push(await fileState(objects, checkout, gitPath));
      const tree =
        (await replacePaths(
          objects,
          parentTree,
          files.map((file) => ({ segments: file.gitPath.split('/'), entry: file.entry })),
        )) ?? (await objects.writeTree([]));
      if (tree === parentTree && options.allowUnchanged !== true) return null;
      const updates = new Map<string, IndexUpdate>(
        files.map((file) => [
          file.gitPath,
          file.entry === undefined || file.stats === undefined
            ? null
            : { oid: file.entry.oid, mode: Number.parseInt(file.entry.mode, 8), stats: file.stats },
        ]),
      );
      const current = await readIndex(indexPath);
      const index = patchIndex(current?.bytes, updates, current?.mtimeSeconds);
      if (typeof index === 'string')
        throw new Error(
          `${indexPath} is a ${index}, which Kitty Host does not rewrite; nothing was committed`,
        );
      const who = await signatures(repository);
      const oid = await objects.writeCommit({
        tree,
        parents: parent === null ? [] : [parent],
        author: who.author,
        committer: who.committer,
        message,
      });
      const reflog = {
        identity: formatSignature(who.committer),
        message: `commit: ${message.split('\n')[0]}`,
      };
      await updateRef(commonDir, head.ref, oid, { expected: parent, reflog });
      await appendReflog(checkout.gitDir, 'HEAD', parent, oid, reflog);
      const temporary = `${indexPath}.kittyhost-${process.pid}`;
      await writeFile(temporary, index);
      await rename(temporary, indexPath);
      return oid;
    } finally {
      await release();
    }
  });
}

/**
 * See `VersionControl.commitFiles`: the paths (absolute, or relative to the root) must all live
 * in one checkout, the main one or a linked worktree; the commit lands on that checkout's
 * branch (see {@link commitPaths}). No path or no change → `null`.
 */
export async function commitFiles(
  repository: Repository,
  request: { readonly paths: readonly string[]; readonly message: string },
): Promise<string | null> {
  if (request.paths.length === 0) return null;
  // Relative paths are relative to the root (the main checkout), never to the process's cwd.
  const paths = request.paths.map((path) =>
    isAbsolute(path) ? resolve(path) : resolve(repository.root, path),
  );
  const checkouts = await Promise.all(paths.map((path) => checkoutOf(repository, path)));
  const checkout = checkouts[0] as Checkout;
  if (checkouts.some((other) => other.gitDir !== checkout.gitDir))
    throw new Error('The files to commit live in different checkouts');
  const gitPaths = [...new Set(paths.map((path) => gitPathOf(checkout, path)))];
  return commitPaths(repository, checkout, gitPaths, request.message);
}
