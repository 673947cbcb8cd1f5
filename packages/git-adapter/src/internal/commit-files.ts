import * as fs from 'node:fs';
import { lstat, readFile, readlink, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isMissing } from './errors.js';
import { patchIndex, type IndexUpdate } from './index-patch.js';
import { loadGit } from './load-git.js';
import {
  EMPTY_TREE,
  ObjectStore,
  formatSignature,
  isTreeEntry,
  type TreeEntry,
} from './object-store.js';
import { preservingRacyEntries } from './racy-index.js';
import { appendReflog, readHead, resolveRef, updateRef } from './refs.js';
import { locked, signatures, type Repository } from './repository.js';
import { readGitLink } from './worktrees.js';

/** A checkout of the repository: the main one, or a linked worktree. */
interface Checkout {
  /** Its top directory. */
  readonly top: string;
  /** Where its HEAD, index and logs/HEAD live (`.git`, or `.git/worktrees/<name>`). */
  readonly gitDir: string;
}

/** The checkout holding `path`: the nearest directory above it with a `.git` entry. */
async function checkoutOf(repository: Repository, path: string): Promise<Checkout> {
  const root = resolve(repository.root);
  for (let directory = dirname(resolve(path)); ; directory = dirname(directory)) {
    const inside = relative(root, directory);
    if (inside.startsWith(`..${sep}`) || inside === '..' || resolve(directory) !== directory) {
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

/** The git path of `path` inside `checkout`, refusing anything under `.git`. */
function gitPathOf(checkout: Checkout, path: string): string {
  const inside = relative(checkout.top, resolve(path));
  const gitPath = inside.split(sep).join('/');
  if (gitPath === '' || gitPath.startsWith('../') || gitPath === '..')
    throw new Error(`${path} is not a file inside ${checkout.top}`);
  if (gitPath === '.git' || gitPath.startsWith('.git/')) throw new Error(`${path} is inside .git`);
  return gitPath;
}

/**
 * `tree` with every change applied (a path's blob replaced, or removed when `entry` is
 * undefined), writing each changed tree once — no intermediate trees are left dangling. Returns
 * the new tree, or `undefined` when it ends up empty. Unchanged subtrees keep their ids.
 */
interface PathChange {
  readonly segments: readonly string[];
  readonly entry: Omit<TreeEntry, 'name'> | undefined;
}

async function replacePaths(
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
  readonly absolute: string;
  readonly entry: Omit<TreeEntry, 'name'> | undefined;
}

async function fileState(
  objects: ObjectStore,
  checkout: Checkout,
  path: string,
): Promise<FileState> {
  const gitPath = gitPathOf(checkout, path);
  const absolute = join(checkout.top, ...gitPath.split('/'));
  const stats = await lstat(absolute).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (stats?.isSymbolicLink()) {
    return {
      gitPath,
      absolute,
      entry: {
        mode: '120000',
        oid: await objects.write('blob', Buffer.from(await readlink(absolute), 'utf8')),
      },
    };
  }
  if (stats?.isFile()) {
    return {
      gitPath,
      absolute,
      entry: {
        mode: (stats.mode & 0o111) !== 0 ? '100755' : '100644',
        oid: await objects.write('blob', await readFile(absolute)),
      },
    };
  }
  if (stats !== undefined) throw new Error(`${gitPath} is not a file`);
  return { gitPath, absolute, entry: undefined };
}

/**
 * See `VersionControl.commitFiles`: one commit on the branch checked out where the files live,
 * whose tree is HEAD's with only these paths changed (`git commit -- <paths>` semantics). The
 * index entries of those paths are updated in place and every other entry, staged or not, is
 * copied unchanged; git's `index.lock` is held meanwhile. No change → `null`, nothing written
 * but objects.
 */
export async function commitFiles(
  repository: Repository,
  request: { readonly paths: readonly string[]; readonly message: string },
): Promise<string | null> {
  if (request.paths.length === 0) return null;
  const checkouts = await Promise.all(request.paths.map((path) => checkoutOf(repository, path)));
  const checkout = checkouts[0] as Checkout;
  if (checkouts.some((other) => other.gitDir !== checkout.gitDir))
    throw new Error('The files to commit live in different checkouts');
  const indexPath = join(checkout.gitDir, 'index');
  return locked(repository, () =>
    preservingRacyEntries(indexPath, async () => {
      const { commonDir } = repository;
      const head = await readHead(join(checkout.gitDir, 'HEAD'));
      if (head?.kind !== 'symbolic')
        throw new Error(`${checkout.top} has a detached HEAD: no branch to commit on`);
      const parent = await resolveRef(commonDir, head.ref);
      const objects = new ObjectStore(commonDir);
      const parentTree = parent === null ? EMPTY_TREE : (await objects.readCommit(parent)).tree;
      const files: FileState[] = [];
      for (const path of request.paths) files.push(await fileState(objects, checkout, path));
      const tree =
        (await replacePaths(
          objects,
          parentTree,
          files.map((file) => ({ segments: file.gitPath.split('/'), entry: file.entry })),
        )) ?? (await objects.writeTree([]));
      if (tree === parentTree) return null;
      const who = await signatures(repository);
      const oid = await objects.writeCommit({
        tree,
        parents: parent === null ? [] : [parent],
        author: who.author,
        committer: who.committer,
        message: request.message,
      });
      const reflog = {
        identity: formatSignature(who.committer),
        message: `commit: ${request.message.split('\n')[0]}`,
      };
      await updateRef(commonDir, head.ref, oid, { expected: parent, reflog });
      await appendReflog(checkout.gitDir, 'HEAD', parent, oid, reflog);
      await updateIndex(repository, checkout, indexPath, files, objects);
      return oid;
    }),
  );
}

/** Point the index entries of `files` at what was committed. */
async function updateIndex(
  repository: Repository,
  checkout: Checkout,
  indexPath: string,
  files: readonly FileState[],
  objects: ObjectStore,
): Promise<void> {
  const updates = new Map<string, IndexUpdate>();
  for (const file of files) {
    if (file.entry === undefined) {
      updates.set(file.gitPath, null);
      continue;
    }
    const stats = await lstat(file.absolute, { bigint: true });
    updates.set(file.gitPath, {
      oid: file.entry.oid,
      mode: Number.parseInt(file.entry.mode, 8),
      stats,
    });
  }
  const current = await readFile(indexPath).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  const patched = current === undefined ? undefined : patchIndex(current, updates);
  if (patched !== undefined) {
    const temporary = `${indexPath}.kittyhost-${process.pid}`;
    await writeFile(temporary, patched);
    await rename(temporary, indexPath);
    return;
  }
  // An index format we do not patch (v4, split, sparse) or none yet: let isomorphic-git do it
  // (main checkout only; linked worktrees always have an index we can patch).
  if (checkout.gitDir !== repository.commonDir)
    throw new Error(`${indexPath}: this index format is not supported`);
  const git = await loadGit();
  for (const file of files) {
    const options = {
      fs,
      dir: checkout.top,
      gitdir: repository.commonDir,
      filepath: file.gitPath,
      cache: objects.cache,
    };
    if (file.entry === undefined) await git.remove(options);
    else await git.add({ ...options, force: true });
  }
}
