import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { writeEntryStats } from './index-file.js';

/**
 * What a path's index entry becomes: a stage-0 entry (with the written file's stat data, or
 * `skipWorktree` for a path a sparse checkout keeps out of the working tree), or `null` to
 * remove the path.
 */
export type IndexUpdate =
  | {
      readonly oid: string;
      readonly mode: number;
      readonly stats: BigIntStats;
    }
  | { readonly oid: string; readonly mode: number; readonly skipWorktree: true }
  | null;

/** Why {@link patchIndex} will not rewrite an index. */
export type UnpatchableIndex =
  'not an index' | 'split index' | 'sparse index' | `version ${number}`;

interface RawEntry {
  readonly path: Buffer;
  /** The fixed part: 62 bytes, 64 with the extended flags of versions 3 and 4. */
  readonly header: Buffer;
  /** Versions 2 and 3: the whole entry as stored (header, path, NUL padding). */
  readonly stored?: Buffer;
}

/** The fixed part of a new stage-0 entry (extended flags only for a skip-worktree entry). */
function newHeader(path: Buffer, update: NonNullable<IndexUpdate>): Buffer {
  const skip = 'skipWorktree' in update;
  const header = Buffer.alloc(skip ? 64 : 62);
  if (!skip) writeEntryStats(header, update.stats);
  header.writeUInt32BE(update.mode, 24);
  header.write(update.oid, 40, 'hex');
  header.writeUInt16BE(Math.min(path.length, 0xfff) | (skip ? 0x4000 : 0), 60);
  if (skip) header.writeUInt16BE(0x4000, 62);
  return header;
}

/** git's offset varint (varint.c): 7 bits a byte, most significant first, each step minus one. */
function encodeVarint(value: number): Buffer {
  const bytes = [value & 0x7f];
  for (let rest = value >>> 7; rest !== 0; rest >>>= 7) {
    rest -= 1;
    bytes.unshift(0x80 | (rest & 0x7f));
  }
  return Buffer.from(bytes);
}

/** The entries of an index of version 2, 3 or 4, or why it is not read. */
function readEntries(buffer: Buffer): { version: number; entries: RawEntry[] } | UnpatchableIndex {
  if (buffer.length < 32 || buffer.toString('latin1', 0, 4) !== 'DIRC') return 'not an index';
  const version = buffer.readUInt32BE(4);
  if (version < 2 || version > 4) return `version ${version}`;
  const count = buffer.readUInt32BE(8);
  const end = buffer.length - 20;
  const entries: RawEntry[] = [];
  let position = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let index = 0; index < count; index++) {
    const start = position;
    if (start + 62 > end) return 'not an index';
    const flags = buffer.readUInt16BE(start + 60);
    const extended = version >= 3 && (flags & 0x4000) !== 0;
    const headerLength = 62 + (extended ? 2 : 0);
    let nameStart = start + headerLength;
    let prefix: Buffer = Buffer.alloc(0);
    if (version === 4) {
      let byte = buffer[nameStart++] as number;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = buffer[nameStart++] as number;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      if (strip > previous.length) return 'not an index';
      prefix = previous.subarray(0, previous.length - strip);
    }
    const nul = buffer.indexOf(0, nameStart);
    if (nul === -1 || nul >= end) return 'not an index';
    const path = Buffer.concat([prefix, buffer.subarray(nameStart, nul)]);
    position = version === 4 ? nul + 1 : start + ((headerLength + (nul - nameStart) + 8) & ~7);
    entries.push({
      path,
      header: buffer.subarray(start, start + headerLength),
      ...(version === 4 ? {} : { stored: buffer.subarray(start, position) }),
    });
    previous = path;
  }
  for (let at = position; at + 8 <= end;) {
    const signature = buffer.toString('latin1', at, at + 4);
    if (signature === 'link') return 'split index';
    if (signature === 'sdir') return 'sparse index';
    at += 8 + buffer.readUInt32BE(at + 4);
  }
  return { version, entries };
}

/** `header` with its recorded size set to 0 (git's smudge of a racily clean entry). */
function smudged(header: Buffer): Buffer {
  const copy = Buffer.from(header);
  copy.writeUInt32BE(0, 36);
  return copy;
}

/**
 * Rewrite a git index (version 2, 3 or 4, kept as it is) with `updates` applied: every entry of
 * an updated path (all stages) is replaced by one stage-0 entry, or removed. The other entries
 * keep their stat data exactly as git wrote it (versions 2 and 3: byte for byte), except that an
 * entry racily clean in the old index (its mtime, in seconds, not older than
 * `racySinceSeconds`, the old index's mtime) gets size 0, as git's
 * `ce_smudge_racily_clean_entry` does, so readers compare its contents instead of trusting stat
 * data that the newer index would vouch for. Extensions are dropped (the cache tree would be
 * stale; git rebuilds what it needs). No index yet (`undefined`): a version 2 index of the
 * updates. A split or sparse index, or another version, is not rewritten: the reason is returned.
 *
 * @example
 * ```ts
 * const next = patchIndex(await readFile(indexPath), new Map([['a.txt', { oid, mode: 0o100644, stats }]]), 1_700_000_000);
 * if (typeof next === 'string') throw new Error(`cannot update a ${next}`);
 * ```
 */
export function patchIndex(
  buffer: Buffer | undefined,
  updates: ReadonlyMap<string, IndexUpdate>,
  racySinceSeconds = Number.POSITIVE_INFINITY,
): Buffer | UnpatchableIndex {
  const read = buffer === undefined ? { version: 2, entries: [] } : readEntries(buffer);
  if (typeof read === 'string') return read;
  // A skip-worktree entry needs the extended flags of version 3 (a version 2 index is a valid
  // version 3 one otherwise: no entry has the extended bit).
  const needsExtended = [...updates.values()].some(
    (update) => update !== null && 'skipWorktree' in update,
  );
  const version = needsExtended && read.version === 2 ? 3 : read.version;
  const updated = new Map(
    [...updates].map(([path, update]) => [Buffer.from(path, 'utf8').toString('latin1'), update]),
  );
  const kept: RawEntry[] = [];
  for (const entry of read.entries) {
    if (updated.has(entry.path.toString('latin1'))) continue;
    const racy =
      entry.header.readUInt32BE(8) >= racySinceSeconds && entry.header.readUInt32BE(36) !== 0;
    if (!racy) kept.push(entry);
    else {
      const header = smudged(entry.header);
      kept.push(
        entry.stored === undefined
          ? { path: entry.path, header }
          : {
              path: entry.path,
              header,
              stored: Buffer.concat([header, entry.stored.subarray(header.length)]),
            },
      );
    }
  }
  for (const [key, update] of updated) {
    if (update === null) continue;
    const path = Buffer.from(key, 'latin1');
    kept.push({ path, header: newHeader(path, update) });
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
  const parts: Uint8Array[] = [header];
  let previous: Buffer = Buffer.alloc(0);
  for (const entry of sorted) {
    if (version === 4) {
      let common = 0;
      const limit = Math.min(previous.length, entry.path.length);
      while (common < limit && previous[common] === entry.path[common]) common += 1;
      parts.push(
        entry.header,
        encodeVarint(previous.length - common),
        entry.path.subarray(common),
        Buffer.alloc(1),
      );
    } else if (entry.stored !== undefined) {
      parts.push(entry.stored);
    } else {
      const length = entry.header.length + entry.path.length;
      const padded = Buffer.alloc(Math.ceil((length + 1) / 8) * 8);
      entry.header.copy(padded, 0);
      entry.path.copy(padded, entry.header.length);
      parts.push(padded);
    }
    previous = entry.path;
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}
