import { CommitGraph } from './commit-graph.js';
import { ObjectStore } from './object-store.js';
import { branchRef, resolveRef } from './refs.js';
import type { Repository } from './repository.js';
import { treeChanges } from './tree-merge.js';
import { isSafeBranch } from './workspace-operations.js';

/** See `VersionControl.branchChanges`. Read-only. */
export async function branchChanges(
  repository: Repository,
  request: { readonly base: string; readonly branches: readonly string[]; readonly under: string },
): Promise<readonly string[]> {
  const { commonDir } = repository;
  if (!isSafeBranch(request.base)) return [];
  const base = await resolveRef(commonDir, branchRef(request.base));
  if (base === null) return [];
  const objects = new ObjectStore(commonDir);
  const graph = new CommitGraph(objects);
  const prefix = `${request.under.replace(/\/+$/, '')}/`;
  const changed = new Set<string>();
  for (const branch of request.branches) {
    const tip = isSafeBranch(branch) ? await resolveRef(commonDir, branchRef(branch)) : null;
    if (tip === null || tip === base) continue;
    // As `git diff base...branch`: from the (first) merge base to the branch.
    const [mergeBase] = await graph.mergeBases(base, tip);
    if (mergeBase === undefined) continue;
    const changes = await treeChanges(
      objects,
      (await objects.readCommit(mergeBase)).tree,
      (await objects.readCommit(tip)).tree,
    );
    for (const change of changes)
      if (change.after !== undefined && change.path.startsWith(prefix)) changed.add(change.path);
  }
  return [...changed].sort();
}
