import * as fs from 'node:fs';
import { join } from 'node:path';
import { mergeFailed, preflightFailed, type HostErrorOf } from '@kittyhost/core';
import type { MergeItem, MergeStrategy } from '@kittyhost/core/ports';
import { err, ok, type Result } from 'neverthrow';
import { preservingRacyEntries } from './racy-index.js';
import { loadGit } from './load-git.js';
import { MergeEngine } from './merge-engine.js';
import { ObjectStore, formatSignature } from './object-store.js';
import { appendReflog, branchRef, readHead, resolveRef, updateRef } from './refs.js';
import { locked, signatures, type Repository } from './repository.js';
import { changedPaths } from './tree-merge.js';
import { isStale, listAdminDirs } from './worktrees.js';

/** The input of `VersionControl.mergeBranches`. */
export interface MergeRequest {
  readonly target: string;
  readonly strategy: MergeStrategy;
  readonly items: readonly MergeItem[];
}

type MergeError = HostErrorOf<'MERGE_FAILED'> | HostErrorOf<'PREFLIGHT_FAILED'>;

interface Step {
  readonly item: MergeItem;
  readonly tip: string;
  readonly created: boolean;
}

/**
 * See `VersionControl.mergeBranches`. Under the repository lock: compute every merge in memory
 * (commit objects, no ref moves), check the main checkout when it has the target checked out,
 * then move the target once per successful WP and check out exactly the changed paths.
 */
export async function mergeBranches(
  repository: Repository,
  request: MergeRequest,
): Promise<Result<readonly string[], MergeError>> {
  return locked(repository, async () => {
    const { commonDir } = repository;
    const targetRef = branchRef(request.target);
    const start = await resolveRef(commonDir, targetRef);
    const problems: string[] = [];
    if (start === null) problems.push(`Target branch ${request.target} does not exist`);
    const tips = new Map<string, string>();
    for (const item of request.items) {
      const tip = await resolveRef(commonDir, branchRef(item.branch));
      if (tip === null) problems.push(`Branch ${item.branch} of ${item.wpId} does not exist`);
      else tips.set(item.branch, tip);
    }
    for (const admin of await listAdminDirs(commonDir)) {
      if (admin.head?.kind === 'symbolic' && admin.head.ref === targetRef && !isStale(admin)) {
        problems.push(
          `Target branch ${request.target} is checked out in the linked worktree ${admin.gitFile}`,
        );
      }
    }
    if (problems.length > 0 || start === null) return err(preflightFailed(problems));

    const objects = new ObjectStore(commonDir);
    const who = await signatures(repository);
    const engine = new MergeEngine(objects, commonDir, who);
    const steps: Step[] = [];
    let failure: { item: MergeItem; paths: readonly string[]; reason: string } | undefined;
    let tip = start;
    for (const item of request.items) {
      const outcome = await engine.step(
        request.strategy,
        tip,
        tips.get(item.branch) as string,
        item,
      );
      if (outcome.kind === 'conflict') {
        failure = { item, paths: outcome.paths, reason: outcome.reason };
        break;
      }
      steps.push({ item, tip: outcome.tip, created: outcome.created });
      tip = outcome.tip;
    }

    const head = await readHead(join(commonDir, 'HEAD'));
    const checkedOut = head?.kind === 'symbolic' && head.ref === targetRef;
    let paths: string[] = [];
    if (checkedOut && tip !== start) {
      paths = await changedPaths(
        objects,
        (await objects.readCommit(start)).tree,
        (await objects.readCommit(tip)).tree,
      );
      const blocked = await localChanges(repository, objects.cache, paths);
      if (blocked.length > 0) {
        return err(
          preflightFailed([
            `Local changes in the main checkout would be overwritten by merging into ${request.target}: ${blocked.join(', ')}`,
          ]),
        );
      }
    }

    const moveTarget = async () => {
      let previous = start;
      for (const step of steps) {
        if (step.tip === previous) continue;
        const reflog = {
          identity: formatSignature(who.committer),
          message: `${request.strategy} ${step.item.branch}: ${step.item.message.split('\n')[0]}`,
        };
        await updateRef(commonDir, targetRef, step.tip, { expected: previous, reflog });
        if (checkedOut) await appendReflog(commonDir, 'HEAD', previous, step.tip, reflog);
        previous = step.tip;
      }
      if (checkedOut && paths.length > 0) {
        const git = await loadGit();
        await git.checkout({
          fs,
          dir: repository.root,
          gitdir: commonDir,
          ref: targetRef,
          filepaths: paths,
          force: true,
          noUpdateHead: true,
          cache: objects.cache,
        });
      }
    };
    // A checked-out target moves together with its working tree: take index.lock first, so a
    // git process holding it stops us before the target moves, never half-way.
    if (checkedOut) await preservingRacyEntries(join(commonDir, 'index'), moveTarget);
    else await moveTarget();

    const merged = steps.map((step) => step.item.wpId);
    if (failure !== undefined) {
      const where = failure.paths.length > 0 ? ` in ${failure.paths.join(', ')}` : '';
      return err(
        mergeFailed(
          merged,
          failure.item.wpId,
          `Merging ${failure.item.branch} (${failure.item.wpId}) into ${request.target} failed: ${failure.reason}${where}. ` +
            `${request.target} stays at the last successful work package.`,
          failure.paths,
        ),
      );
    }
    return ok(merged);
  });
}

/** The paths among `paths` where the main checkout's index or working tree differs from HEAD. */
async function localChanges(
  repository: Repository,
  cache: object,
  paths: readonly string[],
): Promise<string[]> {
  if (paths.length === 0) return [];
  const git = await loadGit();
  const matrix = await git.statusMatrix({
    fs,
    dir: repository.root,
    gitdir: repository.commonDir,
    ref: 'HEAD',
    filepaths: [...paths],
    cache,
  });
  const wanted = new Set(paths);
  const inside = (file: string) =>
    wanted.has(file) || paths.some((path) => file.startsWith(`${path}/`));
  return matrix
    .filter(
      ([file, headStatus, workdir, stage]) =>
        inside(file) && !(headStatus === 1 && workdir === 1 && stage === 1),
    )
    .filter(([, headStatus, workdir, stage]) => !(headStatus === 0 && workdir === 0 && stage === 0))
    .map(([file]) => file)
    .sort();
}
