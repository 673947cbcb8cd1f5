import type { MergeItem, MergeStrategy } from '@kittyhost/core/ports';
import { CommitGraph } from './commit-graph.js';
import { EMPTY_TREE, type ObjectStore, type Signature } from './object-store.js';
import { TreeMerger, changeSignature } from './tree-merge.js';

/** What merging one WP into the (in-memory) target tip gave. */
export type StepOutcome =
  | { readonly kind: 'merged'; readonly tip: string; readonly created: boolean }
  | { readonly kind: 'conflict'; readonly paths: readonly string[]; readonly reason: string };

type BaseOutcome =
  | { readonly kind: 'tree'; readonly tree: string }
  | { readonly kind: 'conflict'; readonly paths: readonly string[]; readonly reason: string };

const MAX_VIRTUAL_DEPTH = 8;

/**
 * Computes merges as commit objects without moving any ref: `merge` (a two-parent commit),
 * `squash` (one single-parent commit) and `rebase` (the WP's commits replayed, cherry-pick
 * style). Several merge bases are combined into a virtual base, recursively, as git's
 * recursive strategy does.
 */
export class MergeEngine {
  readonly graph: CommitGraph;
  private readonly trees: TreeMerger;
  private virtualCounter = 0;

  constructor(
    private readonly objects: ObjectStore,
    commonDir: string,
    private readonly signatures: { readonly author: Signature; readonly committer: Signature },
  ) {
    this.graph = new CommitGraph(objects);
    this.trees = new TreeMerger(objects, commonDir);
  }

  private async treeOf(commit: string): Promise<string> {
    return (await this.objects.readCommit(commit)).tree;
  }

  /** The tree to use as merge base of two commits (a virtual one for several bases). */
  private async baseTree(ours: string, theirs: string, depth: number): Promise<BaseOutcome> {
    const bases = await this.graph.mergeBases(ours, theirs);
    if (bases.length === 0) {
      return depth === 0
        ? { kind: 'conflict', paths: [], reason: 'the branches have no common history' }
        : { kind: 'tree', tree: EMPTY_TREE };
    }
    if (bases.length === 1) return { kind: 'tree', tree: await this.treeOf(bases[0] as string) };
    if (depth >= MAX_VIRTUAL_DEPTH) {
      return { kind: 'conflict', paths: [], reason: 'merge bases nest too deeply' };
    }
    let current = bases[0] as string;
    for (const next of bases.slice(1)) {
      const inner = await this.baseTree(current, next, depth + 1);
      if (inner.kind === 'conflict') return inner;
      const merged = await this.trees.merge(
        inner.tree,
        await this.treeOf(current),
        await this.treeOf(next),
      );
      if (merged.kind === 'conflict') {
        return {
          kind: 'conflict',
          paths: merged.paths,
          reason: 'merging the merge bases into a virtual base conflicted',
        };
      }
      const [left, right] = await Promise.all([
        this.objects.readCommit(current),
        this.objects.readCommit(next),
      ]);
      const virtual = `virtual-${++this.virtualCounter}`;
      this.objects.rememberCommit({
        oid: virtual,
        tree: merged.tree,
        parents: [current, next],
        author:
          left.committer.timestamp >= right.committer.timestamp ? left.committer : right.committer,
        committer:
          left.committer.timestamp >= right.committer.timestamp ? left.committer : right.committer,
        message: 'virtual merge base',
      });
      current = virtual;
    }
    return { kind: 'tree', tree: await this.treeOf(current) };
  }

  /** Three-way merge of two commits' trees. */
  private async mergeCommits(ours: string, theirs: string): Promise<BaseOutcome> {
    const base = await this.baseTree(ours, theirs, 0);
    if (base.kind === 'conflict') return base;
    const result = await this.trees.merge(
      base.tree,
      await this.treeOf(ours),
      await this.treeOf(theirs),
    );
    return result.kind === 'clean'
      ? { kind: 'tree', tree: result.tree }
      : { kind: 'conflict', paths: result.paths, reason: 'conflicting changes' };
  }

  /** Merge one WP branch tip into `tip` with `strategy`. */
  async step(
    strategy: MergeStrategy,
    tip: string,
    theirs: string,
    item: MergeItem,
  ): Promise<StepOutcome> {
    if (await this.graph.isAncestor(theirs, tip)) return { kind: 'merged', tip, created: false };
    if (strategy === 'rebase') return this.replay(tip, theirs);
    const merged = await this.mergeCommits(tip, theirs);
    if (merged.kind === 'conflict') return merged;
    if (strategy === 'squash' && merged.tree === (await this.treeOf(tip))) {
      return { kind: 'merged', tip, created: false };
    }
    const commit = await this.objects.writeCommit({
      tree: merged.tree,
      parents: strategy === 'merge' ? [tip, theirs] : [tip],
      author: this.signatures.author,
      committer: this.signatures.committer,
      message: item.message,
    });
    return { kind: 'merged', tip: commit, created: true };
  }

  /**
   * Replay the commits of `theirs` that `tip` lacks, oldest first, onto `tip` (cherry-pick:
   * base = the commit's parent). Keeps author and message; merge commits are dropped and
   * commits that become empty are skipped, as `git rebase` does. A commit whose parent is
   * already the current tip is reused as is (fast-forward).
   */
  private async replay(tip: string, theirs: string): Promise<StepOutcome> {
    let current = tip;
    let created = false;
    const upstream = await this.upstreamChanges(tip, theirs);
    for (const oid of await this.graph.commitsBetween(tip, theirs)) {
      const commit = await this.objects.readCommit(oid);
      if (commit.parents.length > 1) continue;
      if (commit.parents[0] === current) {
        current = oid;
        created = true;
        continue;
      }
      const parentTree =
        commit.parents[0] === undefined ? EMPTY_TREE : await this.treeOf(commit.parents[0]);
      // Already upstream (a dependency's commit the target got as a rebased copy): skip it.
      if (upstream.has(await changeSignature(this.objects, parentTree, commit.tree))) continue;
      const currentTree = await this.treeOf(current);
      const picked = await this.trees.merge(parentTree, currentTree, commit.tree);
      if (picked.kind === 'conflict') {
        return {
          kind: 'conflict',
          paths: picked.paths,
          reason: `conflicting changes replaying ${oid.slice(0, 7)}`,
        };
      }
      if (picked.tree === currentTree) continue;
      current = await this.objects.writeCommit({
        tree: picked.tree,
        parents: [current],
        author: commit.author,
        committer: this.signatures.committer,
        message: commit.message,
      });
      created = true;
    }
    return { kind: 'merged', tip: current, created };
  }

  /** The change signatures of the commits on `tip` that `theirs` lacks (git's `cherry` side). */
  private async upstreamChanges(tip: string, theirs: string): Promise<Set<string>> {
    const signatures = new Set<string>();
    for (const oid of await this.graph.commitsBetween(theirs, tip)) {
      const commit = await this.objects.readCommit(oid);
      if (commit.parents.length !== 1) continue;
      const parentTree = await this.treeOf(commit.parents[0] as string);
      signatures.add(await changeSignature(this.objects, parentTree, commit.tree));
    }
    return signatures;
  }
}
