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
}

const u32 = (value: bigint) => Number(BigInt.asUintN(32, value));
const BILLION = 1_000_000_000n;

/**
 * Serialise a git index (version 2, no extensions) holding `entries` at stage 0. Entries are
 * sorted here as git requires (bytewise by path); the trailer is the SHA-1 of the content.
 */
export function serializeIndex(entries: readonly IndexEntry[]): Buffer {
  const sorted = entries
    .map((entry) => ({ entry, key: Buffer.from(entry.path, 'utf8') }))
    .sort((left, right) => Buffer.compare(left.key, right.key));
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(sorted.length, 8);
  const parts: Buffer[] = [header];
  for (const { entry, key } of sorted) {
    const length = 62 + key.length;
    const buffer = Buffer.alloc(Math.ceil((length + 1) / 8) * 8);
    const stats = entry.stats;
    if (stats) {
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
    buffer.writeUInt32BE(entry.mode, 24);
    buffer.write(entry.oid, 40, 'hex');
    buffer.writeUInt16BE(Math.min(key.length, 0xfff), 60);
    key.copy(buffer, 62);
    parts.push(buffer);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}
