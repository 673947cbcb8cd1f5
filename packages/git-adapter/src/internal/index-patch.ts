import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';

/** What a path's index entry becomes: a stage-0 entry, or `null` to remove the path. */
export type IndexUpdate = {
  readonly oid: string;
  readonly mode: number;
  readonly stats: BigIntStats;
} | null;

interface RawEntry {
  readonly path: Buffer;
  readonly bytes: Buffer;
}

const u32 = (value: bigint) => Number(BigInt.asUintN(32, value));
const BILLION = 1_000_000_000n;

/** One stage-0 entry in index format v2 (valid in v3 files too: no extended flag). */
function entryBytes(path: Buffer, update: NonNullable<IndexUpdate>): Buffer {
  const length = 62 + path.length;
  const buffer = Buffer.alloc(Math.ceil((length + 1) / 8) * 8);
  const { stats } = update;
  buffer.writeUInt32BE(u32(stats.ctimeNs / BILLION), 0);
  buffer.writeUInt32BE(u32(stats.ctimeNs % BILLION), 4);
  buffer.writeUInt32BE(u32(stats.mtimeNs / BILLION), 8);
  buffer.writeUInt32BE(u32(stats.mtimeNs % BILLION), 12);
  buffer.writeUInt32BE(u32(stats.dev), 16);
  buffer.writeUInt32BE(u32(stats.ino), 20);
  buffer.writeUInt32BE(update.mode, 24);
  buffer.writeUInt32BE(u32(stats.uid), 28);
  buffer.writeUInt32BE(u32(stats.gid), 32);
  buffer.writeUInt32BE(u32(stats.size), 36);
  buffer.write(update.oid, 40, 'hex');
  buffer.writeUInt16BE(Math.min(path.length, 0xfff), 60);
  path.copy(buffer, 62);
  return buffer;
}

/**
 * Rewrite a git index (version 2 or 3) with `updates` applied: every entry of an updated path
 * (all stages) is replaced by one stage-0 entry, or removed. Untouched entries are copied byte
 * for byte (their stat data stays exactly as git wrote it); extensions are dropped (the cache
 * tree would be stale; git rebuilds what it needs). Returns `undefined` for an index this does
 * not handle (version 4, split or sparse index), so the caller can fall back.
 *
 * @example
 * ```ts
 * const next = patchIndex(await readFile(indexPath), new Map([['a.txt', { oid, mode: 0o100644, stats }]]));
 * ```
 */
export function patchIndex(
  buffer: Buffer,
  updates: ReadonlyMap<string, IndexUpdate>,
): Buffer | undefined {
  if (buffer.length < 32 || buffer.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buffer.readUInt32BE(4);
  if (version !== 2 && version !== 3) return undefined;
  const count = buffer.readUInt32BE(8);
  const entries: RawEntry[] = [];
  let position = 12;
  for (let index = 0; index < count; index++) {
    const start = position;
    if (start + 62 > buffer.length - 20) return undefined;
    const flags = buffer.readUInt16BE(start + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const nameStart = start + 62 + (extended ? 2 : 0);
    const end = buffer.indexOf(0, nameStart);
    if (end === -1) return undefined;
    position = start + ((62 + (extended ? 2 : 0) + (end - nameStart) + 8) & ~7);
    entries.push({
      path: buffer.subarray(nameStart, end),
      bytes: buffer.subarray(start, position),
    });
  }
  for (let at = position; at + 8 <= buffer.length - 20;) {
    const signature = buffer.toString('latin1', at, at + 4);
    if (signature === 'link' || signature === 'sdir') return undefined;
    at += 8 + buffer.readUInt32BE(at + 4);
  }
  const updatedPaths = new Map(
    [...updates].map(([path, update]) => [Buffer.from(path, 'utf8').toString('latin1'), update]),
  );
  const kept = entries.filter((entry) => !updatedPaths.has(entry.path.toString('latin1')));
  for (const [key, update] of updatedPaths) {
    if (update === null) continue;
    const path = Buffer.from(key, 'latin1');
    kept.push({ path, bytes: entryBytes(path, update) });
  }
  // git orders entries bytewise by path, then by stage (kept entries keep their relative order).
  const sorted = kept
    .map((entry, order) => ({ entry, order }))
    .sort(
      (left, right) =>
        Buffer.compare(left.entry.path, right.entry.path) || left.order - right.order,
    )
    .map(({ entry }) => entry);
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(version, 4);
  header.writeUInt32BE(sorted.length, 8);
  const body = Buffer.concat([header, ...sorted.map((entry) => entry.bytes)]);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}
