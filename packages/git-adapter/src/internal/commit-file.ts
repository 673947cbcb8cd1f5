import * as fs from 'node:fs';
import { lstat, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMissing } from './errors.js';
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

/** `path` (absolute or relative to the root) as a git path, or an error message. */
export function toRepositoryPath(root: string, path: string): string | { error: string } {
  const absolute = isAbsolute(path) ? resolve(path) : resolve(root, path);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { error: `${path} is not a file inside ${root}` };
  }
  const gitPath = inside.split(sep).join('/');
  if (gitPath === '.git' || gitPath.startsWith('.git/')) return { error: `${path} is inside .git` };
  return gitPath;
}

/** Replace (or remove, when `entry` is undefined) the blob at `path` in `tree`; returns the new tree. */
export async function replaceInTree(
  objects: ObjectStore,
  tree: string,
  segments: readonly string[],
  entry: Omit<TreeEntry, 'name'> | undefined,
): Promise<string | undefined> {
  const [name, ...rest] = segments as [string, ...string[]];
  const entries = [...(await objects.readTree(tree))];
  const index = entries.findIndex((candidate) => candidate.name === name);
  const existing = index === -1 ? undefined : entries[index];
  let replacement: TreeEntry | undefined;
  if (rest.length === 0) {
    replacement = entry === undefined ? undefined : { ...entry, name };
  } else {
    const subtree = existing !== undefined && isTreeEntry(existing) ? existing.oid : EMPTY_TREE;
    const oid = await replaceInTree(objects, subtree, rest, entry);
    replacement = oid === undefined ? undefined : { mode: '40000', name, oid };
  }
  if (index === -1) {
    if (replacement !== undefined) entries.push(replacement);
  } else if (replacement === undefined) {
    entries.splice(index, 1);
  } else {
    entries[index] = replacement;
  }
  if (entries.length === 0) return undefined;
  return objects.writeTree(entries);
}

/**
 * See `VersionControl.commitFile`: the new commit's tree is HEAD's tree with only this path
 * changed (`git commit -- <path>` semantics); the index entry of that path is updated and
 * every other index entry, staged or not, is left alone.
 */
export async function commitFile(
  repository: Repository,
  request: { path: string; message: string },
): Promise<string> {
  const gitPath = toRepositoryPath(repository.root, request.path);
  if (typeof gitPath !== 'string') throw new Error(gitPath.error);
  return locked(repository, () =>
    // Take index.lock before anything else: if a git process holds it, nothing is written.
    preservingRacyEntries(join(repository.commonDir, 'index'), async () => {
      const { commonDir, root } = repository;
      const head = await readHead(join(commonDir, 'HEAD'));
      if (head?.kind !== 'symbolic')
        throw new Error('The main checkout has a detached HEAD: no branch to commit on');
      const parent = await resolveRef(commonDir, head.ref);
      const objects = new ObjectStore(commonDir);
      const absolute = join(root, ...gitPath.split('/'));
      const stats = await lstat(absolute).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      let entry: Omit<TreeEntry, 'name'> | undefined;
      if (stats?.isSymbolicLink()) {
        entry = {
          mode: '120000',
          oid: await objects.write('blob', Buffer.from(await readlink(absolute), 'utf8')),
        };
      } else if (stats?.isFile()) {
        entry = {
          mode: (stats.mode & 0o111) !== 0 ? '100755' : '100644',
          oid: await objects.write('blob', await readFile(absolute)),
        };
      } else if (stats !== undefined) {
        throw new Error(`${gitPath} is not a file`);
      }
      const parentTree = parent === null ? EMPTY_TREE : (await objects.readCommit(parent)).tree;
      const tree =
        (await replaceInTree(objects, parentTree, gitPath.split('/'), entry)) ??
        (await objects.writeTree([]));
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
      await appendReflog(commonDir, 'HEAD', parent, oid, reflog);
      const git = await loadGit();
      if (entry === undefined) {
        await git.remove({
          fs,
          dir: root,
          gitdir: commonDir,
          filepath: gitPath,
          cache: objects.cache,
        });
      } else {
        await git.add({
          fs,
          dir: root,
          gitdir: commonDir,
          filepath: gitPath,
          force: true,
          cache: objects.cache,
        });
      }
      return oid;
    }),
  );
}
