/**
 * The commit model behind `createMemoryVersionControl`: commits are whole snapshots
 * (path → content) with parents, so ancestry, merge bases and three-way merges behave like
 * git's on the scenarios operation tests need. Pure: no I/O.
 */

/** One commit: a full snapshot of the files plus its parents. */
export interface MemoryCommit {
  readonly id: string;
  readonly parents: readonly string[];
  readonly files: ReadonlyMap<string, string>;
  readonly message: string;
}

/** A three-way merge result: the merged snapshot, or the conflicting paths. */
export type SnapshotMerge =
  | { readonly kind: 'clean'; readonly files: Map<string, string> }
  | { readonly kind: 'conflict'; readonly paths: string[] };

/** Paths ending with this merge by union of event lines, like the git adapter's merge driver. */
export const EVENT_LOG_SUFFIX = 'status.events.jsonl';

/** All ancestors of `id`, itself included. */
export function ancestors(commits: ReadonlyMap<string, MemoryCommit>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...(commits.get(current)?.parents ?? []));
  }
  return seen;
}

/** The best common ancestors of two commits (none, one, or several for criss-cross histories). */
export function mergeBases(
  commits: ReadonlyMap<string, MemoryCommit>,
  left: string,
  right: string,
): string[] {
  const rightAncestors = ancestors(commits, right);
  const common = [...ancestors(commits, left)].filter((id) => rightAncestors.has(id));
  return common.filter(
    (candidate) =>
      !common.some((other) => other !== candidate && ancestors(commits, other).has(candidate)),
  );
}

export function unionEventLines(ours: string, theirs: string): string {
  const seen = new Set<string>();
  const lines: { text: string; id: string; at: string }[] = [];
  for (const text of `${ours}\n${theirs}`.split('\n')) {
    if (text.trim() === '') continue;
    let id = text;
    let at = '';
    try {
      const parsed = JSON.parse(text) as { event_id?: unknown; at?: unknown };
      if (typeof parsed.event_id === 'string') id = parsed.event_id;
      if (typeof parsed.at === 'string') at = parsed.at;
    } catch {
      // keep the raw line; it dedupes by its text
    }
    if (seen.has(id)) continue;
    seen.add(id);
    lines.push({ text, id, at });
  }
  const time = (at: string) => {
    const value = Date.parse(at);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };
  lines.sort((a, b) =>
    time(a.at) !== time(b.at) ? time(a.at) - time(b.at) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return lines.map((line) => `${line.text}\n`).join('');
}

/**
 * Merge snapshots path by path: a side that did not change a path takes the other side's
 * version; both changing it identically is fine; event logs merge by union; anything else
 * conflicts (whole-file granularity: the fake never merges inside a file).
 */
export function mergeSnapshots(
  base: ReadonlyMap<string, string>,
  ours: ReadonlyMap<string, string>,
  theirs: ReadonlyMap<string, string>,
): SnapshotMerge {
  const files = new Map<string, string>();
  const conflicts: string[] = [];
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const b = base.get(path);
    const o = ours.get(path);
    const t = theirs.get(path);
    let merged: string | undefined;
    if (o === t || t === b) merged = o;
    else if (o === b) merged = t;
    else if (path.endsWith(EVENT_LOG_SUFFIX) && o !== undefined && t !== undefined)
      merged = unionEventLines(o, t);
    else {
      conflicts.push(path);
      continue;
    }
    if (merged !== undefined) files.set(path, merged);
  }
  return conflicts.length > 0
    ? { kind: 'conflict', paths: conflicts.sort() }
    : { kind: 'clean', files };
}

/** The paths whose content differs between two snapshots. */
export function changedPaths(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((path) => before.get(path) !== after.get(path))
    .sort();
}

/**
 * The snapshot to use as merge base of two commits: the single base, or (several bases) their
 * recursive merge, as git's recursive strategy does. `undefined` when the virtual base conflicts.
 */
export function baseSnapshot(
  commits: ReadonlyMap<string, MemoryCommit>,
  left: string,
  right: string,
): ReadonlyMap<string, string> | undefined {
  const bases = mergeBases(commits, left, right);
  if (bases.length === 0) return new Map();
  let current = commits.get(bases[0] as string)?.files ?? new Map<string, string>();
  let currentId = bases[0] as string;
  for (const next of bases.slice(1)) {
    const inner = baseSnapshot(commits, currentId, next);
    if (inner === undefined) return undefined;
    const merged = mergeSnapshots(inner, current, commits.get(next)?.files ?? new Map());
    if (merged.kind === 'conflict') return undefined;
    current = merged.files;
    currentId = next;
  }
  return current;
}

/** Commits reachable from `tip` but not from `upstream`, parents first. */
export function commitsBetween(
  commits: ReadonlyMap<string, MemoryCommit>,
  upstream: string,
  tip: string,
): string[] {
  const excluded = ancestors(commits, upstream);
  const ordered: string[] = [];
  const visited = new Set<string>();
  const visit = (id: string) => {
    if (visited.has(id) || excluded.has(id)) return;
    visited.add(id);
    for (const parent of commits.get(id)?.parents ?? []) visit(parent);
    ordered.push(id);
  };
  visit(tip);
  return ordered;
}
