import { join } from 'node:path';
import type { TargetState } from '@kittyhost/core/ports';
import { CommitGraph } from './commit-graph.js';
import { configValue } from './git-config.js';
import { ObjectStore } from './object-store.js';
import { branchRef, readHead, resolveRef, shortBranch } from './refs.js';
import { readConfig, type Repository } from './repository.js';

/** The main checkout's current branch, or null when HEAD is detached or unborn. */
export async function currentBranch(repository: Repository): Promise<string | null> {
  const head = await readHead(join(repository.commonDir, 'HEAD'));
  if (head?.kind !== 'symbolic' || !head.ref.startsWith('refs/heads/')) return null;
  return (await resolveRef(repository.commonDir, head.ref)) === null ? null : shortBranch(head.ref);
}

/** The remote-tracking ref a branch follows (`branch.<b>.remote` + `branch.<b>.merge`), if any. */
export async function upstreamRef(repository: Repository, branch: string): Promise<string | null> {
  const config = await readConfig(repository);
  const remote = configValue(config, `branch.${branch}.remote`);
  const merge = configValue(config, `branch.${branch}.merge`);
  if (remote === undefined || merge === undefined) return null;
  if (remote === '.') return merge;
  return `refs/remotes/${remote}/${shortBranch(merge)}`;
}

/**
 * See `VersionControl.inspectTarget`. Behind means: the upstream's remote-tracking ref has
 * commits the target cannot reach (as of the last fetch: nothing is fetched here).
 */
export async function inspectTarget(repository: Repository, branch: string): Promise<TargetState> {
  const { commonDir } = repository;
  const ref = branchRef(branch);
  const tip = await resolveRef(commonDir, ref);
  const head = await readHead(join(commonDir, 'HEAD'));
  const checkedOut = head?.kind === 'symbolic' && head.ref === ref;
  let behindUpstream = false;
  const upstream = tip === null ? null : await upstreamRef(repository, branch);
  const upstreamTip = upstream === null ? null : await resolveRef(commonDir, upstream);
  if (tip !== null && upstreamTip !== null && upstreamTip !== tip) {
    behindUpstream = !(await new CommitGraph(new ObjectStore(commonDir)).isAncestor(
      upstreamTip,
      tip,
    ));
  }
  return { branch, exists: tip !== null, behindUpstream, checkedOut };
}
