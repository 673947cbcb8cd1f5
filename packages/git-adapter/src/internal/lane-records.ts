import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMissing } from './errors.js';

/**
 * Kitty Host's own records about a lane, beside git's (`.git/kittyhost/lanes/<worktree>/`): where
 * each WP of the lane started (`<WP>.json`), and a lane move in progress (`pending.json`).
 */
export interface LaneStart {
  /** The branch the lane started from (its `lane_base_ref`). */
  readonly baseRef: string;
  /** The lane HEAD when the WP was allocated: its commit gate counts beyond it. */
  readonly baseOid: string;
}

/** A lane move (merges into a live worktree) that a crash may have interrupted. */
export interface PendingLaneMove {
  readonly branch: string;
  readonly from: string;
  readonly to: string;
}

const directoryOf = (commonDir: string, worktreeName: string) =>
  join(commonDir, 'kittyhost', 'lanes', worktreeName);

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch (error) {
    if (isMissing(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}

async function writeJson(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value)}\n`);
  await rename(temporary, path);
}

/** The recorded start of `wpId` in the lane, or `null`. */
export async function readLaneStart(
  commonDir: string,
  worktreeName: string,
  wpId: string,
): Promise<LaneStart | null> {
  const record = await readJson(join(directoryOf(commonDir, worktreeName), `${wpId}.json`));
  return typeof record?.['base_ref'] === 'string' && typeof record['base_oid'] === 'string'
    ? { baseRef: record['base_ref'], baseOid: record['base_oid'] }
    : null;
}

/** Record where `wpId` started in the lane. */
export async function writeLaneStart(
  commonDir: string,
  worktreeName: string,
  wpId: string,
  start: LaneStart,
): Promise<void> {
  const directory = directoryOf(commonDir, worktreeName);
  await mkdir(directory, { recursive: true });
  await writeJson(join(directory, `${wpId}.json`), {
    base_ref: start.baseRef,
    base_oid: start.baseOid,
  });
}

/** The lane move in progress, or `null`. */
export async function readPendingMove(
  commonDir: string,
  worktreeName: string,
): Promise<PendingLaneMove | null> {
  const record = await readJson(join(directoryOf(commonDir, worktreeName), 'pending.json'));
  const { branch, from, to } = record ?? {};
  return typeof branch === 'string' && typeof from === 'string' && typeof to === 'string'
    ? { branch, from, to }
    : null;
}

/** Record a lane move before it starts (`null`: it is finished). */
export async function writePendingMove(
  commonDir: string,
  worktreeName: string,
  move: PendingLaneMove | null,
): Promise<void> {
  const directory = directoryOf(commonDir, worktreeName);
  if (move === null) {
    await rm(join(directory, 'pending.json'), { force: true });
    return;
  }
  await mkdir(directory, { recursive: true });
  await writeJson(join(directory, 'pending.json'), move);
}

/** Forget everything recorded about a lane (its branch is gone). */
export async function removeLaneRecords(commonDir: string, worktreeName: string): Promise<void> {
  await rm(directoryOf(commonDir, worktreeName), { recursive: true, force: true });
}
