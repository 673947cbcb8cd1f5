import { join, relative, resolve, sep } from 'node:path';
import { preflightFailed } from '@kittyhost/core';
import type {
  GitError,
  LaneAllocationRequest,
  LaneInspection,
  LanePlacement,
  LaneWorkspace,
  WorkspaceState,
} from '@kittyhost/core/ports';
import { err, ok, type Result } from 'neverthrow';
import { checkoutTreeInto } from './checkout-tree.js';
import { applyTreeChange } from './checkout-update.js';
import { CommitGraph } from './commit-graph.js';
import {
  readLaneStart,
  readPendingMove,
  removeLaneRecords,
  writeLaneStart,
  writePendingMove,
} from './lane-records.js';
import { MergeEngine } from './merge-engine.js';
import { ObjectStore, formatSignature } from './object-store.js';
import { appendReflog, branchRef, deleteRef, readHead, resolveRef, updateRef } from './refs.js';
import { failpoint, locked, signatures, worktreePath, type Repository } from './repository.js';
import { hiddenPathsOf, registerSparseCheckout } from './sparse-checkout.js';
import {
  branchCommittedAt,
  checkedOutElsewhere,
  dirtyPathsOf,
  isSafeBranch,
  isSafeName,
  liveAdminDir,
  removeWorktreeAt,
} from './workspace-operations.js';
import {
  chooseAdminDir,
  ensureExcluded,
  isDirectory,
  isEmptyOrMissing,
  writeWorktreeLink,
} from './worktrees.js';

const refuse = (reason: string) => err(preflightFailed([reason]));

/** Finish a lane move a crash interrupted: the worktree follows to `to`, then the branch moves. */
async function finishPendingMove(
  repository: Repository,
  objects: ObjectStore,
  placement: LanePlacement,
  adminDir: string | null,
): Promise<void> {
  const { commonDir } = repository;
  const pending = await readPendingMove(commonDir, placement.worktreeName);
  if (pending === null) return;
  const ref = branchRef(pending.branch);
  const tip = await resolveRef(commonDir, ref);
  if (adminDir !== null && (tip === pending.from || tip === pending.to)) {
    const place = {
      top: worktreePath(repository, placement.worktreeName),
      gitDir: adminDir,
      hidden: await hiddenPathsOf(adminDir),
    };
    await applyTreeChange(
      objects,
      place,
      (await objects.readCommit(pending.from)).tree,
      (await objects.readCommit(pending.to)).tree,
    );
  }
  failpoint(repository, 'lane-move');
  if (tip === pending.from) await updateRef(commonDir, ref, pending.to, { expected: pending.from });
  await writePendingMove(commonDir, placement.worktreeName, null);
}

/**
 * Merge `source` into `tip` as `git merge --no-edit -m message` does (a fast-forward when it
 * can, else a merge commit), as objects only; or the conflicting paths.
 */
export async function mergeInto(
  engine: MergeEngine,
  tip: string,
  source: string,
  message: string,
): Promise<{ tip: string } | { paths: readonly string[]; reason: string }> {
  if (await engine.graph.isAncestor(source, tip)) return { tip };
  if (await engine.graph.isAncestor(tip, source)) return { tip: source };
  const outcome = await engine.step('merge', tip, source, { wpId: '', branch: '', message });
  return outcome.kind === 'merged' ? { tip: outcome.tip } : outcome;
}

/**
 * The lane HEAD with the recorded planning commit and the dependency lanes merged in (objects
 * only: no ref moves, so a conflict leaves nothing half-merged).
 */
async function mergedLaneHead(
  repository: Repository,
  engine: MergeEngine,
  request: LaneAllocationRequest,
  tip: string,
): Promise<
  Result<{ readonly tip: string; readonly merged: string[]; readonly skipped: string[] }, string>
> {
  const merged: string[] = [];
  const skipped: string[] = [];
  let head = tip;
  const sources: { id: string; label: string; oid: string | null; message: string }[] = [];
  if (request.planningCommit !== null) {
    const exists = await engine.graph
      .isAncestor(request.planningCommit, tip)
      .then(() => true)
      .catch(() => false);
    if (!exists)
      return err(
        `The recorded planning commit ${request.planningCommit} of lanes.json is not in this repository`,
      );
    sources.push({
      id: 'planning',
      label: `the recorded planning commit ${request.planningCommit.slice(0, 12)}`,
      oid: request.planningCommit,
      message: request.planningMessage,
    });
  }
  for (const dependency of request.dependencies) {
    sources.push({
      id: dependency.laneId,
      label: `dependency lane ${dependency.laneId} (${dependency.branch})`,
      oid: isSafeBranch(dependency.branch)
        ? await resolveRef(repository.commonDir, branchRef(dependency.branch))
        : null,
      message: dependency.message,
    });
  }
  for (const source of sources) {
    if (source.oid === null) {
      skipped.push(source.id);
      continue;
    }
    const outcome = await mergeInto(engine, head, source.oid, source.message);
    if ('paths' in outcome) {
      const where = outcome.paths.length > 0 ? `: conflicts in ${outcome.paths.join(', ')}` : '';
      return err(
        `Cannot merge ${source.label} into lane ${request.laneId}${where}. Nothing was merged; resolve it by hand in the lane, then start the work package again.`,
      );
    }
    if (outcome.tip !== head) merged.push(source.id);
    head = outcome.tip;
  }
  return ok({ tip: head, merged, skipped });
}

/** See `VersionControl.ensureLane`. Runs under the repository lock. */
export async function ensureLane(
  repository: Repository,
  request: LaneAllocationRequest,
): Promise<Result<LaneWorkspace, GitError>> {
  const names = [request.branch, request.parent, request.parentFrom];
  if (!isSafeName(request.worktreeName) || !isSafeName(request.wpId) || !names.every(isSafeBranch))
    return refuse(`Invalid lane names: ${request.worktreeName}, ${names.join(', ')}`);
  const { commonDir } = repository;
  const path = worktreePath(repository, request.worktreeName);
  const ref = branchRef(request.branch);
  return locked(repository, async () => {
    const objects = new ObjectStore(commonDir);
    let adminDir = await liveAdminDir(repository, path);
    await finishPendingMove(repository, objects, request, adminDir);
    if (adminDir !== null) {
      const head = await readHead(join(adminDir, 'HEAD'));
      if (head?.kind !== 'symbolic' || head.ref !== ref) {
        const actual = head?.kind === 'symbolic' ? head.ref : 'a detached HEAD';
        return refuse(`Lane worktree ${path} has ${actual} checked out, expected ${ref}`);
      }
      if (request.mode === 'claim') {
        const dirty = await dirtyPathsOf(repository, path, adminDir);
        if (dirty.length > 0)
          return refuse(
            `Lane ${request.laneId} worktree at ${path} has uncommitted changes (${dirty.join(', ')}). Commit or stash before starting the next WP.`,
          );
      }
    } else if (!(await isEmptyOrMissing(path))) {
      return refuse(`${path} exists but is not a linked worktree of ${repository.root}`);
    }
    const elsewhere = await checkedOutElsewhere(repository, ref, path);
    if (elsewhere !== null)
      return refuse(`Branch ${request.branch} is already checked out at ${elsewhere}`);

    const tip = await resolveRef(commonDir, ref);
    const parentTip = tip === null ? await resolveRef(commonDir, branchRef(request.parent)) : null;
    const parentFromTip =
      tip === null && parentTip === null
        ? await resolveRef(commonDir, branchRef(request.parentFrom))
        : null;
    const start = tip ?? parentTip ?? parentFromTip;
    if (start === null)
      return refuse(
        `Base branch ${request.parentFrom} does not exist (needed to create ${request.parent} for lane ${request.laneId})`,
      );
    const who = await signatures(repository);
    const merging = request.mode === 'claim' || tip === null;
    const computed = merging
      ? await mergedLaneHead(repository, new MergeEngine(objects, commonDir, who), request, start)
      : ok({ tip: start, merged: [], skipped: [] });
    if (computed.isErr()) return refuse(computed.error);
    const { tip: head, merged, skipped } = computed.value;

    // Every check passed and every merge is computed: only now write anything.
    const identity = formatSignature(who.committer);
    const recorded = await readLaneStart(commonDir, request.worktreeName, request.wpId);
    const created = adminDir === null;
    await ensureExcluded(commonDir);
    if (tip === null && parentTip === null) {
      await updateRef(commonDir, branchRef(request.parent), start, {
        expected: null,
        reflog: { identity, message: `branch: Created from ${request.parentFrom}` },
      });
    }
    if (request.mode === 'claim' && recorded === null)
      await writeLaneStart(commonDir, request.worktreeName, request.wpId, {
        baseRef: request.parent,
        baseOid: head,
      });
    if (adminDir === null) {
      // A fresh lane, or its branch without its directory: the branch first, then the worktree.
      if (tip !== head)
        await updateRef(commonDir, ref, head, {
          expected: tip,
          reflog: {
            identity,
            message:
              tip === null ? `branch: Created from ${request.parent}` : 'merge: lane allocation',
          },
        });
      adminDir = await chooseAdminDir(commonDir, request.worktreeName, path);
      await writeWorktreeLink({ adminDir, worktreePath: path, ref });
      if (request.hiddenPaths.length > 0)
        await registerSparseCheckout(commonDir, adminDir, request.hiddenPaths);
      const hidden = await hiddenPathsOf(adminDir);
      await checkoutTreeInto(
        objects,
        (await objects.readCommit(head)).tree,
        path,
        join(adminDir, 'index'),
        hidden,
      );
    } else if (tip !== null && tip !== head) {
      // A live worktree: journal the move, let the files follow, then move the branch.
      await writePendingMove(commonDir, request.worktreeName, {
        branch: request.branch,
        from: tip,
        to: head,
      });
      await finishPendingMove(repository, objects, request, adminDir);
      await appendReflog(adminDir, 'HEAD', tip, head, {
        identity,
        message: 'merge: lane allocation',
      });
    }
    return ok({
      path,
      branch: request.branch,
      created,
      baseRef: recorded?.baseRef ?? request.parent,
      baseOid: recorded?.baseOid ?? head,
      merged,
      skippedDependencies: skipped,
    });
  });
}

/** See `VersionControl.inspectLane`. Read-only. */
export async function inspectLane(
  repository: Repository,
  request: LaneInspection,
): Promise<WorkspaceState> {
  const { commonDir } = repository;
  const path = worktreePath(repository, request.worktreeName);
  const safe =
    isSafeName(request.worktreeName) && isSafeName(request.wpId) && isSafeBranch(request.branch);
  const headOid = safe ? await resolveRef(commonDir, branchRef(request.branch)) : null;
  const start = safe ? await readLaneStart(commonDir, request.worktreeName, request.wpId) : null;
  const baseOid =
    start?.baseOid ??
    (isSafeBranch(request.fallbackBase)
      ? await resolveRef(commonDir, branchRef(request.fallbackBase))
      : null);
  let commitsAhead: number | null = null;
  if (headOid !== null && baseOid !== null) {
    const objects = new ObjectStore(commonDir);
    const between =
      headOid === baseOid ? [] : await new CommitGraph(objects).commitsBetween(baseOid, headOid);
    // Without a recorded start, merge commits (a planning commit or a dependency lane merged in
    // at allocation) are not implementation work.
    commitsAhead = 0;
    for (const oid of between)
      if (start !== null || (await objects.readCommit(oid)).parents.length < 2) commitsAhead += 1;
  }
  const directoryExists = isDirectory(path);
  const adminDir = directoryExists ? await liveAdminDir(repository, path) : null;
  if (directoryExists && adminDir === null)
    throw new Error(`${path} exists but is not a linked worktree of ${repository.root}`);
  return {
    path,
    branch: request.branch,
    directoryExists,
    branchExists: headOid !== null,
    dirtyPaths: adminDir === null ? [] : await dirtyPathsOf(repository, path, adminDir),
    headOid,
    headCommittedAt: headOid === null ? null : await branchCommittedAt(repository, request.branch),
    baseRef: start?.baseRef ?? request.fallbackBase,
    baseOid,
    commitsAhead,
  };
}

/** See `VersionControl.removeLane`. Runs under the repository lock. */
export async function removeLane(
  repository: Repository,
  placement: LanePlacement,
  options: { readonly deleteBranch: boolean },
): Promise<boolean> {
  if (!isSafeName(placement.worktreeName) || !isSafeBranch(placement.branch)) return false;
  const path = worktreePath(repository, placement.worktreeName);
  return locked(repository, async () => {
    const removed = await removeWorktreeAt(repository, path);
    if (!options.deleteBranch) return removed;
    failpoint(repository, 'lane-cleanup');
    const deleted = await deleteRef(repository.commonDir, branchRef(placement.branch));
    await removeLaneRecords(repository.commonDir, placement.worktreeName);
    return removed || deleted;
  });
}

/** See `VersionControl.restoreWorktree`. Runs under the repository lock. */
export async function restoreWorktree(
  repository: Repository,
  request: { readonly path: string; readonly branch: string },
): Promise<Result<void, GitError>> {
  const path = resolve(request.path);
  const inside = relative(repository.worktreesDir, path);
  if (inside === '' || inside.includes(sep) || inside.startsWith('..') || !isSafeName(inside))
    return refuse(`${request.path} is not a worktree path under ${repository.worktreesDir}`);
  if (!isSafeBranch(request.branch)) return refuse(`Invalid branch name: ${request.branch}`);
  const ref = branchRef(request.branch);
  return locked(repository, async () => {
    const { commonDir } = repository;
    const live = await liveAdminDir(repository, path);
    if (live !== null) {
      const head = await readHead(join(live, 'HEAD'));
      return head?.kind === 'symbolic' && head.ref === ref
        ? ok(undefined)
        : refuse(`${path} is a worktree with another checkout than ${request.branch}`);
    }
    const tip = await resolveRef(commonDir, ref);
    if (tip === null)
      return refuse(`Branch ${request.branch} does not exist: ${path} cannot be restored`);
    if (!(await isEmptyOrMissing(path)))
      return refuse(`${path} exists but is not a linked worktree of ${repository.root}`);
    const elsewhere = await checkedOutElsewhere(repository, ref, path);
    if (elsewhere !== null)
      return refuse(`Branch ${request.branch} is already checked out at ${elsewhere}`);
    const objects = new ObjectStore(commonDir);
    await ensureExcluded(commonDir);
    const adminDir = await chooseAdminDir(commonDir, inside, path);
    await writeWorktreeLink({ adminDir, worktreePath: path, ref });
    await checkoutTreeInto(
      objects,
      (await objects.readCommit(tip)).tree,
      path,
      join(adminDir, 'index'),
    );
    return ok(undefined);
  });
}
