import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';

/** One stage-0 entry of a git index. */
export interface IndexEntry {
  readonly path: string;
  readonly oid: string;
  /** Numeric mode: 0o100644, 0o100755, 0o120000 or 0o160000. */
  readonly mode: number;
  /** `lstat` of the checked-out file (bigint, for nanosecond times); absent for gitlinks. */
  readonly stats?: BigIntStats;
  /** git's skip-worktree bit: a path a sparse checkout keeps out of the working tree. */
  readonly skipWorktree?: boolean;
}

/** Flag bits of an index entry: the extended flags follow (v3+), and skip-worktree among them. */
export const EXTENDED_FLAG = 0x4000;
export const SKIP_WORKTREE_FLAG = 0x4000;

const u32 = (value: bigint) => Number(BigInt.asUintN(32, value));
const BILLION = 1_000_000_000n;

/** Write the stat fields of an index entry (ctime, mtime, dev, ino, uid, gid, size) at its start. */
export function writeEntryStats(buffer: Buffer, stats: BigIntStats): void {
  buffer.writeUInt32BE(u32(stats.ctimeNs / BILLION), 0);
  buffer.writeUInt32BE(u32(stats.ctimeNs % BILLION), 4);
  buffer.writeUInt32BE(u32(stats.mtimeNs / BILLION), 8);
  buffer.writeUInt32BE(u32(stats.mtimeNs % BILLION), 12);
  buffer.writeUInt32BE(u32(stats.dev), 16);
  buffer.writeUInt32BE(u32(stats.ino), 20);
  buffer.writeUInt32BE(u32(stats.uid), 28);
  buffer.writeUInt32BE(u32(stats.gid), 32);
  buffer.writeUInt32BE(u32(stats.size), 36);
}

/**
 * Serialise a git index (version 2, or 3 when an entry has the skip-worktree bit; no extensions)
 * holding `entries` at stage 0. Entries are sorted here as git requires (bytewise by path); the
 * trailer is the SHA-1 of the content.
 */
export function serializeIndex(entries: readonly IndexEntry[]): Buffer {
  const sorted = entries
    .map((entry) => ({ entry, key: Buffer.from(entry.path, 'utf8') }))
    .sort((left, right) => Buffer.compare(left.key, right.key));
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  const extended = entries.some((entry) => entry.skipWorktree === true);
  header.writeUInt32BE(extended ? 3 : 2, 4);
  header.writeUInt32BE(sorted.length, 8);
  const parts: Buffer[] = [header];
  for (const { entry, key } of sorted) {
    const skip = entry.skipWorktree === true;
    const headerLength = skip ? 64 : 62;
    const length = headerLength + key.length;
    const buffer = Buffer.alloc(Math.ceil((length + 1) / 8) * 8);
    if (entry.stats) writeEntryStats(buffer, entry.stats);
    buffer.writeUInt32BE(entry.mode, 24);
    buffer.write(entry.oid, 40, 'hex');
    buffer.writeUInt16BE(Math.min(key.length, 0xfff) | (skip ? EXTENDED_FLAG : 0), 60);
    if (skip) buffer.writeUInt16BE(SKIP_WORKTREE_FLAG, 62);
    key.copy(buffer, headerLength);
    parts.push(buffer);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}
