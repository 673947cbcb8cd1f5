import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mergeFailed, preflightFailed, type HostErrorOf } from '@kittyhost/core';
import type {
  MissionIntegration,
  MissionIntegrationRequest,
  PendingIntegration,
} from '@kittyhost/core/ports';
import { err, ok, type Result } from 'neverthrow';
import {
  applyTreeChange,
  entryAt,
  isUntrackedFile,
  localChangesIn,
  type CheckoutPlace,
} from './checkout-update.js';
import { replacePaths } from './commit-files.js';
import { isMissing } from './errors.js';
import { unionEventLogs } from './events-merge-driver.js';
import { mergeInto } from './lane-operations.js';
import { MergeEngine } from './merge-engine.js';
import { ObjectStore, formatSignature } from './object-store.js';
import { appendReflog, branchRef, deleteRef, readHead, resolveRef, updateRef } from './refs.js';
import { failpoint, locked, signatures, type Repository } from './repository.js';
import { hiddenPathsOf } from './sparse-checkout.js';
import { treeChanges } from './tree-merge.js';
import { checkedOutElsewhere, isSafeBranch, isSafeName } from './workspace-operations.js';
import { isStale, listAdminDirs } from './worktrees.js';

type IntegrationError =
  HostErrorOf<'MERGE_FAILED'> | HostErrorOf<'PREFLIGHT_FAILED'> | HostErrorOf<'INTERNAL_ERROR'>;

/** One ref move of an integration: compare-and-swap from `from` (`null`: create) to `to`. */
interface RefMove {
  readonly ref: string;
  readonly from: string | null;
  readonly to: string;
  readonly message: string;
}

/** One checkout that follows a moved branch: its files from tree `from` to tree `to`. */
interface CheckoutMove {
  readonly top: string;
  readonly gitDir: string;
  readonly ref: string;
  readonly from: string;
  readonly to: string;
}

/**
 * `.git/kittyhost/merges/<key>.json`: everything an integration will move, written before the
 * first move, so that a crashed run is finished by the next call (roll forward, idempotent).
 */
interface Journal {
  readonly phase: 'moving' | 'integrated';
  readonly target: string;
  readonly missionBranch: string;
  readonly lanes: readonly string[];
  readonly targetTip: string;
  readonly identity: string;
  readonly refs: readonly RefMove[];
  readonly checkouts: readonly CheckoutMove[];
}

const journalPath = (repository: Repository, key: string) =>
  join(repository.commonDir, 'kittyhost', 'merges', `${key}.json`);

async function readJournal(repository: Repository, key: string): Promise<Journal | null> {
  try {
    return JSON.parse(await readFile(journalPath(repository, key), 'utf8')) as Journal;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function writeJournal(repository: Repository, key: string, journal: Journal): Promise<void> {
  const path = journalPath(repository, key);
  await mkdir(join(repository.commonDir, 'kittyhost', 'merges'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(journal)}\n`);
  await rename(temporary, path);
}

/** Carry out a journal's moves: the checkouts follow first, then the refs move (each once). */
async function rollForward(
  repository: Repository,
  objects: ObjectStore,
  journal: Journal,
): Promise<void> {
  for (const checkout of journal.checkouts) {
    const place: CheckoutPlace = {
      top: checkout.top,
      gitDir: checkout.gitDir,
      hidden: await hiddenPathsOf(checkout.gitDir),
    };
    await applyTreeChange(objects, place, checkout.from, checkout.to);
  }
  for (const move of journal.refs) {
    const current = await resolveRef(repository.commonDir, move.ref);
    if (current === move.to) continue;
    const reflog = { identity: journal.identity, message: move.message };
    await updateRef(repository.commonDir, move.ref, move.to, { expected: move.from, reflog });
    for (const checkout of journal.checkouts)
      if (checkout.ref === move.ref)
        await appendReflog(checkout.gitDir, 'HEAD', move.from, move.to, reflog);
    failpoint(repository, 'integrate-move');
  }
}

/** The checkouts that have `ref` checked out: the main one, and live linked worktrees. */
async function checkoutsOf(repository: Repository, ref: string): Promise<CheckoutPlace[]> {
  const places: CheckoutPlace[] = [];
  const main = await readHead(join(repository.commonDir, 'HEAD'));
  if (main?.kind === 'symbolic' && main.ref === ref)
    places.push({ top: repository.root, gitDir: repository.commonDir, hidden: new Set() });
  for (const admin of await listAdminDirs(repository.commonDir)) {
    if (admin.head?.kind !== 'symbolic' || admin.head.ref !== ref || isStale(admin)) continue;
    places.push({
      top: resolve(admin.gitFile as string, '..'),
      gitDir: admin.path,
      hidden: await hiddenPathsOf(admin.path),
    });
  }
  return places;
}

/**
 * Has `lane` gone stale against `mission`: since their merge base, has each changed a file the
 * other changed too (`git diff --name-only` of both sides, intersected, as the original checks)?
 */
async function laneIsStale(
  objects: ObjectStore,
  engine: MergeEngine,
  mission: string,
  lane: string,
): Promise<boolean> {
  const [base] = await engine.graph.mergeBases(lane, mission);
  if (base === undefined || base === mission || base === lane) return false;
  const tree = async (commit: string) => (await objects.readCommit(commit)).tree;
  const baseTree = await tree(base);
  const missionPaths = new Set(
    (await treeChanges(objects, baseTree, await tree(mission))).map((change) => change.path),
  );
  if (missionPaths.size === 0) return false;
  const laneChanges = await treeChanges(objects, baseTree, await tree(lane));
  return laneChanges.some((change) => missionPaths.has(change.path));
}

/** The blob of `path` in `tree`, as text, with its mode; `undefined` when there is none. */
async function blobText(
  objects: ObjectStore,
  tree: string,
  path: string,
): Promise<{ text: string; mode: string } | undefined> {
  const entry = await entryAt(objects, tree, path);
  if (entry === undefined || entry.mode === '160000' || entry.mode === '120000') return undefined;
  return {
    text: Buffer.from(await objects.readBlob(entry.oid)).toString('utf8'),
    mode: entry.mode,
  };
}

/** See `VersionControl.integrateMission`. Runs under the repository lock. */
export async function integrateMission(
  repository: Repository,
  request: MissionIntegrationRequest,
): Promise<Result<MissionIntegration, IntegrationError>> {
  const branches = [request.target, request.missionBranch, ...request.lanes.map((l) => l.branch)];
  if (!isSafeName(request.key) || !branches.every(isSafeBranch))
    return err(preflightFailed([`Invalid names: ${request.key}, ${branches.join(', ')}`]));
  return locked(repository, async () => {
    const { commonDir } = repository;
    const objects = new ObjectStore(commonDir);
    const earlier = request.dryRun === true ? null : await readJournal(repository, request.key);
    if (earlier !== null) {
      if (earlier.phase === 'moving') {
        await rollForward(repository, objects, earlier);
        await writeJournal(repository, request.key, { ...earlier, phase: 'integrated' });
      }
      return ok({ mergedLanes: earlier.lanes, targetTip: earlier.targetTip, resumed: true });
    }

    const targetRef = branchRef(request.target);
    const missionRef = branchRef(request.missionBranch);
    const start = await resolveRef(commonDir, targetRef);
    const problems: string[] = [];
    if (start === null) problems.push(`Target branch ${request.target} does not exist`);
    const tips = new Map<string, string>();
    for (const lane of request.lanes) {
      const tip = await resolveRef(commonDir, branchRef(lane.branch));
      if (tip === null) problems.push(`Lane branch ${lane.branch} does not exist`);
      else tips.set(lane.laneId, tip);
    }
    const targetCheckouts = await checkoutsOf(repository, targetRef);
    for (const place of targetCheckouts)
      if (place.gitDir !== commonDir)
        problems.push(
          `Target branch ${request.target} is checked out in the linked worktree ${place.top}`,
        );
    if (problems.length > 0 || start === null) return err(preflightFailed(problems));

    const who = await signatures(repository);
    const identity = formatSignature(who.committer);
    const engine = new MergeEngine(objects, commonDir, who);
    const missionStart = await resolveRef(commonDir, missionRef);
    let mission = missionStart ?? start;
    for (const lane of request.lanes) {
      const tip = tips.get(lane.laneId) as string;
      // A stale lane (CONTRACT-1.3 §9.2: both it and the mission branch changed a file since
      // their merge base) first takes the mission branch in, as the original's `git merge
      // <mission>` in the lane does; the mission branch then fast-forwards to that merge.
      const merged = (await laneIsStale(objects, engine, mission, tip))
        ? await mergeInto(
            engine,
            tip,
            mission,
            `Merge branch '${request.missionBranch}' into ${lane.branch}`,
          )
        : await mergeInto(engine, mission, tip, lane.message);
      if ('paths' in merged) {
        const where = merged.paths.length > 0 ? ` in ${merged.paths.join(', ')}` : '';
        return err(
          mergeFailed(
            [],
            lane.laneId,
            `Merging ${lane.branch} (${lane.laneId}) into ${request.missionBranch} failed: ${merged.reason}${where}. Nothing was merged: ${request.target} and ${request.missionBranch} are unchanged.`,
            merged.paths,
          ),
        );
      }
      mission = merged.tip;
    }
    const integrated =
      request.strategy === 'merge'
        ? await mergeInto(engine, start, mission, request.message)
        : await engine
            .step(request.strategy, start, mission, {
              wpId: '',
              branch: '',
              message: request.message,
            })
            .then((outcome) => (outcome.kind === 'merged' ? { tip: outcome.tip } : outcome));
    if ('paths' in integrated) {
      const where = integrated.paths.length > 0 ? ` in ${integrated.paths.join(', ')}` : '';
      return err(
        mergeFailed(
          [],
          null,
          `Merging ${request.missionBranch} into ${request.target} failed: ${integrated.reason}${where}. Nothing was merged: ${request.target} is unchanged.`,
          integrated.paths,
        ),
      );
    }
    let targetTip = integrated.tip;
    const startTree = (await objects.readCommit(start)).tree;
    const main = targetCheckouts.find((place) => place.gitDir === commonDir);
    const folded = new Set<string>();
    if (main !== undefined) {
      // Untracked files the merge brings in (the husk status files): an event log's rows are
      // folded into the merged log, one more commit on the target; other files give way.
      let tree = (await objects.readCommit(targetTip)).tree;
      for (const entry of request.untracked) {
        const merged = await blobText(objects, tree, entry.path);
        if (merged === undefined || !(await isUntrackedFile(objects, main, startTree, entry.path)))
          continue;
        folded.add(entry.path);
        if (entry.fold !== 'event-log') continue;
        const local = await readFile(join(repository.root, ...entry.path.split('/')), 'utf8');
        const union = unionEventLogs(merged.text, local);
        if (!union.cleanMerge)
          return err(
            preflightFailed([
              `${entry.path} in the main checkout is untracked and not an event log: move it away and merge again`,
            ]),
          );
        if (union.mergedText === merged.text) continue;
        const oid = await objects.write('blob', Buffer.from(union.mergedText, 'utf8'));
        tree =
          (await replacePaths(objects, tree, [
            { segments: entry.path.split('/'), entry: { mode: merged.mode, oid } },
          ])) ?? tree;
      }
      if (tree !== (await objects.readCommit(targetTip)).tree)
        targetTip = await objects.writeCommit({
          tree,
          parents: [targetTip],
          author: who.author,
          committer: who.committer,
          message: request.foldMessage,
        });
    }

    const checkouts: CheckoutMove[] = [];
    const refuse: string[] = [];
    const follow = async (
      place: CheckoutPlace,
      ref: string,
      from: string,
      to: string,
      what: string,
    ) => {
      const [fromTree, toTree] = [
        (await objects.readCommit(from)).tree,
        (await objects.readCommit(to)).tree,
      ];
      if (fromTree === toTree) return;
      const paths = [...new Set((await treeChanges(objects, fromTree, toTree)).map((c) => c.path))];
      const changed = await localChangesIn(objects, place, fromTree, paths);
      if (changed === null)
        throw new Error(`The index of ${place.top} is in a form Kitty Host does not rewrite`);
      const blocked = changed.filter((path) => !folded.has(path) || place.gitDir !== commonDir);
      if (blocked.length > 0)
        refuse.push(
          `Local changes in ${place.top} would be overwritten by ${what}: ${blocked.join(', ')}`,
        );
      checkouts.push({ top: place.top, gitDir: place.gitDir, ref, from: fromTree, to: toTree });
    };
    if (missionStart !== null && mission !== missionStart)
      for (const place of await checkoutsOf(repository, missionRef))
        await follow(
          place,
          missionRef,
          missionStart,
          mission,
          `merging the lanes into ${request.missionBranch}`,
        );
    if (main !== undefined && targetTip !== start)
      await follow(main, targetRef, start, targetTip, `merging into ${request.target}`);
    if (refuse.length > 0) return err(preflightFailed(refuse));
    if (request.dryRun === true)
      return ok({
        mergedLanes: request.lanes.map((lane) => lane.laneId),
        targetTip,
        resumed: false,
      });

    const journal: Journal = {
      phase: 'moving',
      target: request.target,
      missionBranch: request.missionBranch,
      lanes: request.lanes.map((lane) => lane.laneId),
      targetTip,
      identity,
      refs: [
        ...(mission === missionStart
          ? []
          : [
              {
                ref: missionRef,
                from: missionStart,
                to: mission,
                message: `merge: lanes into ${request.missionBranch}`,
              },
            ]),
        ...(targetTip === start
          ? []
          : [
              {
                ref: targetRef,
                from: start,
                to: targetTip,
                message: `${request.strategy} ${request.missionBranch}: ${request.message.split('\n')[0]}`,
              },
            ]),
      ],
      checkouts,
    };
    await writeJournal(repository, request.key, journal);
    await rollForward(repository, objects, journal);
    await writeJournal(repository, request.key, { ...journal, phase: 'integrated' });
    return ok({ mergedLanes: journal.lanes, targetTip, resumed: false });
  });
}

/** See `VersionControl.pendingIntegration`. Read-only. */
export async function pendingIntegration(
  repository: Repository,
  key: string,
): Promise<PendingIntegration | null> {
  if (!isSafeName(key)) return null;
  const journal = await readJournal(repository, key);
  return journal === null ? null : { target: journal.target, lanes: journal.lanes };
}

/** See `VersionControl.finishIntegration`. Runs under the repository lock. */
export async function finishIntegration(
  repository: Repository,
  key: string,
  options: { readonly deleteMissionBranch: boolean },
): Promise<void> {
  if (!isSafeName(key)) return;
  await locked(repository, async () => {
    const journal = await readJournal(repository, key);
    if (journal !== null && options.deleteMissionBranch) {
      const ref = branchRef(journal.missionBranch);
      if ((await checkedOutElsewhere(repository, ref, '')) === null)
        await deleteRef(repository.commonDir, ref);
    }
    await rm(journalPath(repository, key), { force: true });
  });
}
