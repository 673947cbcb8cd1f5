import type { ObjectStore } from './object-store.js';

const PARENT1 = 1;
const PARENT2 = 2;
const STALE = 4;
const RESULT = 8;

/** A max-heap of commits by committer time (newest first), ties in insertion order. */
class CommitQueue {
  private readonly items: { oid: string; time: number; order: number }[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  entries(): readonly { oid: string }[] {
    return this.items;
  }

  push(oid: string, time: number): void {
    const items = this.items;
    items.push({ oid, time, order: this.counter++ });
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  pop(): string | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (items.length > 0) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let best = index;
        if (left < items.length && this.before(left, best)) best = left;
        if (right < items.length && this.before(right, best)) best = right;
        if (best === index) break;
        [items[index], items[best]] = [items[best]!, items[index]!];
        index = best;
      }
    }
    return top.oid;
  }

  private before(left: number, right: number): boolean {
    const a = this.items[left]!;
    const b = this.items[right]!;
    return a.time !== b.time ? a.time > b.time : a.order < b.order;
  }
}

/**
 * Ancestry questions over the commit graph, answered the way git answers them without a
 * commit-graph file: a walk ordered by committer date that paints commits reachable from each
 * side (`paint_down_to_common` in git's commit-reach.c), then drops redundant answers.
 */
export class CommitGraph {
  constructor(private readonly objects: ObjectStore) {}

  private async time(oid: string): Promise<number> {
    return (await this.objects.readCommit(oid)).committer.timestamp;
  }

  /** Paint from `one` (PARENT1) and `twos` (PARENT2); returns the common commits found. */
  private async paint(one: string, twos: readonly string[]): Promise<string[]> {
    if (twos.includes(one)) return [one];
    const flags = new Map<string, number>();
    const queue = new CommitQueue();
    flags.set(one, PARENT1);
    queue.push(one, await this.time(one));
    for (const two of twos) {
      flags.set(two, (flags.get(two) ?? 0) | PARENT2);
      queue.push(two, await this.time(two));
    }
    const results: string[] = [];
    const hasNonStale = () =>
      queue.entries().some((entry) => ((flags.get(entry.oid) ?? 0) & STALE) === 0);
    while (queue.size > 0 && hasNonStale()) {
      const oid = queue.pop() as string;
      const current = flags.get(oid) ?? 0;
      let paint = current & (PARENT1 | PARENT2 | STALE);
      if ((paint & (PARENT1 | PARENT2)) === (PARENT1 | PARENT2)) {
        if ((current & RESULT) === 0) {
          flags.set(oid, current | RESULT);
          results.push(oid);
        }
        paint |= STALE;
      }
      for (const parent of (await this.objects.readCommit(oid)).parents) {
        const parentFlags = flags.get(parent) ?? 0;
        if ((parentFlags & paint) === paint) continue;
        flags.set(parent, parentFlags | paint);
        queue.push(parent, await this.time(parent));
      }
    }
    return results;
  }

  /** Is `ancestor` reachable from `descendant` (or equal to it)? */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    if (ancestor === descendant) return true;
    return (await this.paint(descendant, [ancestor])).includes(ancestor);
  }

  /**
   * The best common ancestors of two commits (`git merge-base --all`): none for unrelated
   * histories, several for criss-cross histories.
   */
  async mergeBases(left: string, right: string): Promise<string[]> {
    const candidates = await this.paint(left, [right]);
    if (candidates.length < 2) return candidates;
    const redundant = new Set<string>();
    for (const candidate of candidates) {
      for (const other of candidates) {
        if (other === candidate || redundant.has(other) || redundant.has(candidate)) continue;
        if (await this.isAncestor(candidate, other)) redundant.add(candidate);
      }
    }
    return candidates.filter((candidate) => !redundant.has(candidate));
  }

  /**
   * The commits reachable from `tip` but not from `upstream`, parents before children
   * (`git rev-list --reverse --topo-order upstream..tip`).
   */
  async commitsBetween(upstream: string, tip: string): Promise<string[]> {
    const wanted = new Map<string, boolean>();
    const isWanted = async (oid: string): Promise<boolean> => {
      const known = wanted.get(oid);
      if (known !== undefined) return known;
      const value = !(await this.isAncestor(oid, upstream));
      wanted.set(oid, value);
      return value;
    };
    const ordered: string[] = [];
    const done = new Set<string>();
    // Iterative post-order DFS: a commit is emitted after all its wanted parents.
    const stack: { oid: string; expanded: boolean }[] = [{ oid: tip, expanded: false }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (done.has(frame.oid)) {
        stack.pop();
        continue;
      }
      if (!frame.expanded) {
        frame.expanded = true;
        if (!(await isWanted(frame.oid))) {
          done.add(frame.oid);
          stack.pop();
          continue;
        }
        const parents = (await this.objects.readCommit(frame.oid)).parents;
        for (let index = parents.length - 1; index >= 0; index--) {
          const parent = parents[index] as string;
          if (!done.has(parent)) stack.push({ oid: parent, expanded: false });
        }
        continue;
      }
      stack.pop();
      done.add(frame.oid);
      if (wanted.get(frame.oid)) ordered.push(frame.oid);
    }
    return ordered;
  }
}
