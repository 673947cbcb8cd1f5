import * as fs from 'node:fs';
import { lstat, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isMissing } from './errors.js';
import { patchIndex, type IndexUpdate } from './index-patch.js';
import { parseIndex, type IndexRecord } from './index-reader.js';
import { isTreeEntry, type ObjectStore, type TreeEntry } from './object-store.js';
import { lockIndex } from './racy-index.js';
import { treeChanges } from './tree-merge.js';
import { workingFileMatches } from './workspace-status.js';

/** A checkout whose working tree and index follow a branch: the main one or a linked worktree. */
export interface CheckoutPlace {
  /** Its top directory. */
  readonly top: string;
  /** Where its HEAD and index live (`.git`, or `.git/worktrees/<name>`). */
  readonly gitDir: string;
  /** Paths its sparse checkout keeps out of the working tree. */
  readonly hidden: ReadonlySet<string>;
}

async function readIndexFile(
  indexPath: string,
): Promise<{ bytes: Buffer; mtimeSeconds: number; mtimeMs: number } | undefined> {
  try {
    const [bytes, stats] = await Promise.all([readFile(indexPath), stat(indexPath)]);
    return {
      bytes,
      mtimeSeconds: Math.floor(stats.mtimeMs / 1000),
      mtimeMs: Math.floor(stats.mtimeMs),
    };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Remove now-empty directories above `file`, up to (not including) `top`. */
async function pruneEmptyParents(top: string, file: string): Promise<void> {
  for (let directory = dirname(file); directory !== top && directory.startsWith(top);) {
    try {
      await rmdir(directory);
    } catch {
      return; // not empty (or gone): stop
    }
    directory = dirname(directory);
  }
}

async function writeEntry(objects: ObjectStore, target: string, entry: TreeEntry): Promise<void> {
  await rm(target, { recursive: true, force: true });
  fs.mkdirSync(dirname(target), { recursive: true });
  if (entry.mode === '160000') {
    fs.mkdirSync(target, { recursive: true });
    return;
  }
  const body = objects.readSync(entry.oid)?.body ?? (await objects.readBlob(entry.oid));
  if (entry.mode === '120000') fs.symlinkSync(Buffer.from(body).toString('utf8'), target);
  else await writeFile(target, body, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
}

/**
 * Make a checkout follow its branch from tree `from` to tree `to`: exactly the paths that differ
 * are written (or removed) in the working tree and updated in the index — hidden paths only in
 * the index, with the skip-worktree bit — and every other entry is kept as git wrote it. Holds
 * git's `index.lock`. Forcing: the caller has made sure no local change is in the way (or, when
 * finishing an interrupted run, that what is there is its own partial write). Idempotent.
 */
export async function applyTreeChange(
  objects: ObjectStore,
  place: CheckoutPlace,
  from: string,
  to: string,
): Promise<void> {
  if (from === to) return;
  const changes = await treeChanges(objects, from, to);
  const indexPath = join(place.gitDir, 'index');
  const release = await lockIndex(indexPath);
  try {
    const updates = new Map<string, IndexUpdate>();
    // Removals first, so a file that becomes a directory (or the reverse) has room.
    for (const change of changes.filter((candidate) => candidate.after === undefined)) {
      updates.set(change.path, null);
      if (place.hidden.has(change.path)) continue;
      const target = join(place.top, ...change.path.split('/'));
      await rm(target, { force: true });
      await pruneEmptyParents(place.top, target);
    }
    for (const change of changes) {
      const entry = change.after;
      if (entry === undefined) continue;
      const mode = Number.parseInt(entry.mode, 8);
      if (place.hidden.has(change.path)) {
        updates.set(change.path, { oid: entry.oid, mode, skipWorktree: true });
        continue;
      }
      const target = join(place.top, ...change.path.split('/'));
      await writeEntry(objects, target, entry);
      updates.set(change.path, {
        oid: entry.oid,
        mode,
        stats: await lstat(target, { bigint: true }),
      });
    }
    const current = await readIndexFile(indexPath);
    const index = patchIndex(current?.bytes, updates, current?.mtimeSeconds);
    if (typeof index === 'string')
      throw new Error(`${indexPath} is a ${index}, which Kitty Host does not rewrite`);
    const temporary = `${indexPath}.kittyhost-${process.pid}`;
    await writeFile(temporary, index);
    await rename(temporary, indexPath);
  } finally {
    await release();
  }
}

/** The entry at `path` of `tree` (a file, link or submodule), or `undefined`. */
export async function entryAt(
  objects: ObjectStore,
  tree: string,
  path: string,
): Promise<TreeEntry | undefined> {
  let current = tree;
  const segments = path.split('/');
  for (const [index, name] of segments.entries()) {
    const entry = (await objects.readTree(current)).find((candidate) => candidate.name === name);
    if (entry === undefined) return undefined;
    if (index === segments.length - 1) return isTreeEntry(entry) ? undefined : entry;
    if (!isTreeEntry(entry)) return undefined;
    current = entry.oid;
  }
  return undefined;
}

/**
 * Is `path` an untracked file of a checkout whose HEAD has tree `headTree`: on disk, but in
 * neither its index nor that tree?
 */
export async function isUntrackedFile(
  objects: ObjectStore,
  place: CheckoutPlace,
  headTree: string,
  path: string,
): Promise<boolean> {
  const current = await readIndexFile(join(place.gitDir, 'index'));
  const records = current === undefined ? [] : parseIndex(current.bytes);
  if (records === undefined || records.some((record) => record.path === path)) return false;
  if ((await entryAt(objects, headTree, path)) !== undefined) return false;
  const stats = await lstat(join(place.top, ...path.split('/'))).catch(() => undefined);
  return stats?.isFile() === true;
}

/**
 * Which of `paths` hold a local change in a checkout whose HEAD has tree `headTree`: staged
 * (index differs from HEAD, a conflict), modified or deleted in the working tree, or an
 * untracked file where the path would be written. Hidden (skip-worktree) entries only count when
 * staged. `null` when the index is in a form this reader does not handle.
 */
export async function localChangesIn(
  objects: ObjectStore,
  place: CheckoutPlace,
  headTree: string,
  paths: readonly string[],
): Promise<string[] | null> {
  if (paths.length === 0) return [];
  const indexPath = join(place.gitDir, 'index');
  const current = await readIndexFile(indexPath);
  const records = current === undefined ? [] : parseIndex(current.bytes);
  if (records === undefined) return null;
  const racyFrom = current?.mtimeMs ?? 0;
  const byPath = new Map<string, IndexRecord[]>();
  for (const record of records)
    byPath.set(record.path, [...(byPath.get(record.path) ?? []), record]);
  const changed: string[] = [];
  for (const path of paths) {
    const [record, ...others] = byPath.get(path) ?? [];
    const head = await entryAt(objects, headTree, path);
    const absolute = join(place.top, ...path.split('/'));
    const stats = await lstat(absolute, { bigint: true }).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    let dirty: boolean;
    // Untracked: anything in the way (a file, or a directory the write would replace) counts.
    if (record === undefined) dirty = head !== undefined || stats !== undefined;
    else if (others.length > 0 || record.stage !== 0) dirty = true;
    else if (
      head === undefined ||
      head.oid !== record.oid ||
      Number.parseInt(head.mode, 8) !== record.mode
    )
      dirty = true;
    else if (record.skipWorktree) dirty = false;
    else
      dirty = stats === undefined || !(await workingFileMatches(record, absolute, stats, racyFrom));
    if (dirty) changed.push(path);
  }
  return changed.sort();
}
