import { createIndexlessFs } from './mapped-fs.js';
import { loadGit } from './load-git.js';
import { isTreeEntry, type ObjectStore, type Signature, type TreeEntry } from './object-store.js';
import { EVENTS_FILE_SUFFIX, unionEventsMergeDriver } from './events-merge-driver.js';

/** The result of a three-way tree merge. */
export type TreeMergeResult =
  | { readonly kind: 'clean'; readonly tree: string }
  | { readonly kind: 'conflict'; readonly paths: readonly string[] };

const SYNTHETIC_SIGNATURE: Signature = {
  name: 'Kitty Host',
  email: 'kittyhost@localhost',
  timestamp: 0,
  timezone: '+0000',
};

const sameEntry = (left: TreeEntry | undefined, right: TreeEntry | undefined): boolean =>
  left === undefined || right === undefined
    ? left === right
    : left.oid === right.oid && normaliseMode(left.mode) === normaliseMode(right.mode);

const normaliseMode = (mode: string) => (mode === '040000' ? '40000' : mode);
const isBlobEntry = (entry: TreeEntry | undefined): entry is TreeEntry =>
  entry !== undefined && !isTreeEntry(entry) && entry.mode !== '160000';
const join = (prefix: string, name: string) => (prefix === '' ? name : `${prefix}/${name}`);

/**
 * A three-way merge of trees that only descends where both sides changed something (so a
 * merge costs what it changes, not the size of the repository), with isomorphic-git's `merge`
 * (diff3, or the `status.events.jsonl` union driver) for files both sides edited.
 */
export class TreeMerger {
  /**
   * isomorphic-git cache for the synthetic merges only: they see an empty index (see
   * `createIndexlessFs`), which isomorphic-git caches under the real index path, so sharing a
   * cache with calls on the main checkout would make those see an empty index too.
   */
  private readonly syntheticCache: object = {};

  constructor(
    private readonly objects: ObjectStore,
    private readonly commonDir: string,
  ) {}

  /** Merge `ours` and `theirs` (tree oids) against `base` (a tree oid; the empty tree when none). */
  async merge(base: string, ours: string, theirs: string): Promise<TreeMergeResult> {
    const conflicts: string[] = [];
    const tree = await this.mergeTree(base, ours, theirs, '', conflicts);
    return conflicts.length > 0
      ? { kind: 'conflict', paths: conflicts.sort() }
      : { kind: 'clean', tree };
  }

  private async mergeTree(
    base: string | undefined,
    ours: string,
    theirs: string,
    prefix: string,
    conflicts: string[],
  ): Promise<string> {
    if (ours === theirs || theirs === base) return ours;
    if (ours === base) return theirs;
    const [baseEntries, ourEntries, theirEntries] = await Promise.all([
      base === undefined ? [] : this.objects.readTree(base),
      this.objects.readTree(ours),
      this.objects.readTree(theirs),
    ]);
    const byName = (entries: readonly TreeEntry[]) =>
      new Map(entries.map((entry) => [entry.name, entry]));
    const baseMap = byName(baseEntries);
    const ourMap = byName(ourEntries);
    const theirMap = byName(theirEntries);
    const names = new Set([...ourMap.keys(), ...theirMap.keys(), ...baseMap.keys()]);
    const merged = await Promise.all(
      [...names].map((name) =>
        this.mergeEntry(
          name,
          baseMap.get(name),
          ourMap.get(name),
          theirMap.get(name),
          prefix,
          conflicts,
        ),
      ),
    );
    const entries = merged.filter((entry): entry is TreeEntry => entry !== undefined);
    return this.objects.writeTree(entries);
  }

  private async mergeEntry(
    name: string,
    base: TreeEntry | undefined,
    ours: TreeEntry | undefined,
    theirs: TreeEntry | undefined,
    prefix: string,
    conflicts: string[],
  ): Promise<TreeEntry | undefined> {
    if (sameEntry(ours, theirs)) return ours;
    if (sameEntry(ours, base)) return theirs;
    if (sameEntry(theirs, base)) return ours;
    const path = join(prefix, name);
    if (ours !== undefined && theirs !== undefined && isTreeEntry(ours) && isTreeEntry(theirs)) {
      const baseTree = base !== undefined && isTreeEntry(base) ? base.oid : undefined;
      const oid = await this.mergeTree(baseTree, ours.oid, theirs.oid, path, conflicts);
      return (await this.objects.readTree(oid)).length === 0
        ? undefined
        : { mode: '40000', name, oid };
    }
    if (isBlobEntry(ours) && isBlobEntry(theirs) && (base === undefined || isBlobEntry(base))) {
      const oid = await this.mergeFile(path, base, ours, theirs);
      if (oid === undefined) {
        conflicts.push(path);
        return ours;
      }
      const mode = base !== undefined && base.mode === ours.mode ? theirs.mode : ours.mode;
      return { mode, name, oid };
    }
    // modify/delete, file/directory, submodule changes on both sides: a conflict, as with git.
    conflicts.push(path);
    return ours;
  }

  /**
   * Merge one file both sides changed, through isomorphic-git's `merge` on three tiny
   * synthetic commits (base, ours, theirs) holding only that file, so its diff3 algorithm and
   * the `mergeDriver` hook apply exactly as in a whole-repository merge. `undefined` on conflict.
   */
  private async mergeFile(
    path: string,
    base: TreeEntry | undefined,
    ours: TreeEntry,
    theirs: TreeEntry,
  ): Promise<string | undefined> {
    const isEventLog = path.endsWith(EVENTS_FILE_SUFFIX);
    // As git: symbolic links and binary files (a NUL byte in the first 8000) both sides changed
    // are conflicts, never line-merged.
    if ([base, ours, theirs].some((entry) => entry?.mode === '120000')) return undefined;
    if (!isEventLog) {
      const blobs = await Promise.all(
        [base, ours, theirs].map((entry) =>
          entry === undefined ? undefined : this.objects.readBlob(entry.oid),
        ),
      );
      if (
        blobs.some(
          (blob) =>
            blob !== undefined &&
            Buffer.from(blob.buffer, blob.byteOffset, Math.min(blob.byteLength, 8000)).includes(0),
        )
      ) {
        return undefined;
      }
    }
    const git = await loadGit();
    const name = path.slice(path.lastIndexOf('/') + 1);
    const single = (entry: TreeEntry | undefined) =>
      this.objects.writeTree(
        entry === undefined ? [] : [{ mode: entry.mode, name, oid: entry.oid }],
      );
    const commit = (tree: string, parents: string[]) =>
      this.objects.writeCommit({
        tree,
        parents,
        author: SYNTHETIC_SIGNATURE,
        committer: SYNTHETIC_SIGNATURE,
        message: `kittyhost: synthetic merge input for ${path}\n`,
      });
    const baseCommit = await commit(await single(base), []);
    const [ourCommit, theirCommit] = await Promise.all([
      single(ours).then((tree) => commit(tree, [baseCommit])),
      single(theirs).then((tree) => commit(tree, [baseCommit])),
    ]);
    try {
      const result = await git.merge({
        fs: createIndexlessFs(this.commonDir),
        gitdir: this.commonDir,
        ours: ourCommit,
        theirs: theirCommit,
        fastForward: false,
        noUpdateBranch: true,
        abortOnConflict: true,
        message: 'kittyhost: synthetic merge',
        author: { ...SYNTHETIC_SIGNATURE, timezoneOffset: 0 },
        committer: { ...SYNTHETIC_SIGNATURE, timezoneOffset: 0 },
        cache: this.syntheticCache,
        ...(isEventLog ? { mergeDriver: unionEventsMergeDriver } : {}),
      });
      if (result.tree === undefined) return undefined;
      const entries = await this.objects.readTree(result.tree);
      return entries.find((entry) => entry.name === name)?.oid;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'MergeConflictError' || code === 'MergeNotSupportedError') return undefined;
      throw error;
    }
  }
}

/**
 * The file paths whose entry differs between two trees (added, removed, modified, mode
 * changed), descending only into subtrees that differ.
 */
export async function changedPaths(
  objects: ObjectStore,
  before: string,
  after: string,
): Promise<string[]> {
  const changes = await treeChanges(objects, before, after);
  return [...new Set(changes.map((change) => change.path))].sort();
}

/** One non-tree entry that differs between two trees (`undefined`: absent, or a tree, there). */
export interface TreeChange {
  readonly path: string;
  readonly before: TreeEntry | undefined;
  readonly after: TreeEntry | undefined;
}

/** Every non-tree entry that differs between two trees, descending only into changed subtrees. */
export async function treeChanges(
  objects: ObjectStore,
  before: string,
  after: string,
): Promise<TreeChange[]> {
  const changes: TreeChange[] = [];
  const walk = async (
    left: string | undefined,
    right: string | undefined,
    prefix: string,
  ): Promise<void> => {
    if (left === right) return;
    const [leftEntries, rightEntries] = await Promise.all([
      left === undefined ? [] : objects.readTree(left),
      right === undefined ? [] : objects.readTree(right),
    ]);
    const leftMap = new Map(leftEntries.map((entry) => [entry.name, entry]));
    const rightMap = new Map(rightEntries.map((entry) => [entry.name, entry]));
    const names = new Set([...leftMap.keys(), ...rightMap.keys()]);
    await Promise.all(
      [...names].map(async (name) => {
        const a = leftMap.get(name);
        const b = rightMap.get(name);
        if (sameEntry(a, b)) return;
        const path = join(prefix, name);
        const aTree = a !== undefined && isTreeEntry(a);
        const bTree = b !== undefined && isTreeEntry(b);
        if ((a !== undefined && !aTree) || (b !== undefined && !bTree)) {
          changes.push({ path, before: aTree ? undefined : a, after: bTree ? undefined : b });
        }
        if (aTree || bTree) await walk(aTree ? a.oid : undefined, bTree ? b.oid : undefined, path);
      }),
    );
  };
  await walk(before, after, '');
  return changes;
}

/**
 * What a commit changes, as one comparable string (paths with their old and new blob and mode):
 * equal for a commit and its cherry-picked copy, as git's patch-id is. `git rebase` skips a
 * commit whose change is already upstream; so does our replay.
 */
export async function changeSignature(
  objects: ObjectStore,
  before: string,
  after: string,
): Promise<string> {
  const entry = (value: TreeEntry | undefined) =>
    value === undefined ? '-' : `${normaliseMode(value.mode)}:${value.oid}`;
  return (await treeChanges(objects, before, after))
    .map((change) => `${change.path}\0${entry(change.before)}\0${entry(change.after)}`)
    .sort()
    .join('\n');
}
