import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import type { BigIntStats, Stats } from 'node:fs';
import { join } from 'node:path';
import { isMissing } from './errors.js';
import { parseIndex, type IndexRecord } from './index-reader.js';
import { loadGit } from './load-git.js';
import { createWorktreeFs } from './mapped-fs.js';
import { hashObject, isTreeEntry, type ObjectStore } from './object-store.js';
import { readHead, resolveRef } from './refs.js';

const u32 = (value: bigint) => Number(BigInt.asUintN(32, value));

async function flattenTree(
  objects: ObjectStore,
  tree: string,
  prefix: string,
  out: Map<string, { oid: string; mode: number }>,
) {
  for (const entry of await objects.readTree(tree)) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (isTreeEntry(entry)) await flattenTree(objects, entry.oid, path, out);
    else out.set(path, { oid: entry.oid, mode: Number.parseInt(entry.mode, 8) });
  }
}

/** Does the working file still hold what the index entry records? */
export async function workingFileMatches(
  record: IndexRecord,
  absolute: string,
  stats: BigIntStats,
  racyFrom: number,
): Promise<boolean> {
  const type = record.mode & 0o170000;
  if (type === 0o160000) return true; // a submodule: not inspected
  if (type === 0o120000) {
    if (!stats.isSymbolicLink()) return false;
  } else {
    if (!stats.isFile()) return false;
    const executable = (Number(stats.mode) & 0o100) !== 0;
    if (executable !== (record.mode === 0o100755)) return false;
  }
  // A recorded size of 0 for a non-empty file is git's racily-clean smudge (and ours): git then
  // compares contents, so stat data proves nothing either way.
  const smudged = record.size === 0 && stats.size !== 0n;
  if (!smudged && u32(stats.size) !== record.size) return false;
  const sameTimes =
    !smudged &&
    u32(stats.mtimeNs / 1_000_000_000n) === record.mtimeSeconds &&
    u32(stats.mtimeNs % 1_000_000_000n) === record.mtimeNanoseconds &&
    u32(stats.ctimeNs / 1_000_000_000n) === record.ctimeSeconds &&
    u32(stats.ctimeNs % 1_000_000_000n) === record.ctimeNanoseconds;
  // Racily clean: written in the same instant as the index or later; compare contents then.
  if (sameTimes && Number(stats.mtimeNs / 1_000_000n) < racyFrom) return true;
  const content =
    type === 0o120000 ? Buffer.from(await readlink(absolute), 'utf8') : await readFile(absolute);
  return hashObject('blob', content) === record.oid;
}

/**
 * The dirty paths of a linked worktree, as `git status` sees them: index entries that differ
 * from HEAD (staged), working files that differ from the index (modified, deleted, type or
 * executable-bit changes, conflicts; never for skip-worktree entries, which a sparse checkout
 * keeps out of the working tree), and untracked files that are not ignored. Stat data
 * decides when it can; contents are hashed only for entries whose stat data changed. Returns
 * `undefined` when the index is in a form this reader does not handle.
 */
export async function worktreeDirtyPaths(
  objects: ObjectStore,
  worktreePath: string,
  adminDir: string,
  commonDir: string,
): Promise<string[] | undefined> {
  let indexBuffer: Buffer;
  let indexStats: Stats;
  try {
    [indexBuffer, indexStats] = await Promise.all([
      readFile(join(adminDir, 'index')),
      lstat(join(adminDir, 'index')),
    ]);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const records = parseIndex(indexBuffer);
  if (records === undefined) return undefined;
  const dirty = new Set<string>();
  const head = new Map<string, { oid: string; mode: number }>();
  const headRef = await readHead(join(adminDir, 'HEAD'));
  const headOid =
    headRef?.kind === 'detached'
      ? headRef.oid
      : headRef
        ? await resolveRef(commonDir, headRef.ref)
        : null;
  if (headOid !== null)
    await flattenTree(objects, (await objects.readCommit(headOid)).tree, '', head);

  const tracked = new Set<string>();
  const trackedDirectories = new Set<string>(['']);
  const racyFrom = Math.floor(indexStats.mtimeMs);
  await Promise.all(
    records.map(async (record) => {
      tracked.add(record.path);
      for (
        let slash = record.path.indexOf('/');
        slash !== -1;
        slash = record.path.indexOf('/', slash + 1)
      ) {
        trackedDirectories.add(record.path.slice(0, slash));
      }
      if (record.stage !== 0) {
        dirty.add(record.path);
        return;
      }
      const inHead = head.get(record.path);
      if (inHead === undefined || inHead.oid !== record.oid || inHead.mode !== record.mode)
        dirty.add(record.path);
      // A sparse checkout keeps the path out of the working tree: git never looks at it there.
      if (record.skipWorktree) return;
      const absolute = join(worktreePath, record.path);
      let stats: BigIntStats;
      try {
        stats = await lstat(absolute, { bigint: true });
      } catch (error) {
        if (isMissing(error)) {
          dirty.add(record.path);
          return;
        }
        throw error;
      }
      if (!(await workingFileMatches(record, absolute, stats, racyFrom))) dirty.add(record.path);
    }),
  );
  for (const path of head.keys()) if (!tracked.has(path)) dirty.add(path);

  // Untracked files: walk the directories, asking isomorphic-git about ignore rules only for
  // candidates (so a clean workspace never loads it).
  const candidates: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(relative === '' ? worktreePath : join(worktreePath, relative), {
      withFileTypes: true,
    });
    await Promise.all(
      entries.map(async (entry) => {
        if (relative === '' && entry.name === '.git') return;
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (tracked.has(path)) return;
        if (entry.isDirectory() && trackedDirectories.has(path)) return walk(path);
        candidates.push(entry.isDirectory() ? `${path}/` : path);
      }),
    );
  };
  await walk('');
  if (candidates.length > 0) {
    const git = await loadGit();
    const fs = createWorktreeFs(adminDir, commonDir);
    const visit = async (candidate: string): Promise<void> => {
      const isDirectory = candidate.endsWith('/');
      const path = isDirectory ? candidate.slice(0, -1) : candidate;
      if (await git.isIgnored({ fs, dir: worktreePath, gitdir: adminDir, filepath: path })) return;
      if (!isDirectory) {
        dirty.add(path);
        return;
      }
      const entries = await readdir(join(worktreePath, path), { withFileTypes: true });
      await Promise.all(
        entries.map((entry) => visit(`${path}/${entry.name}${entry.isDirectory() ? '/' : ''}`)),
      );
    };
    await Promise.all(candidates.map(visit));
  }
  return [...dirty].sort();
}
