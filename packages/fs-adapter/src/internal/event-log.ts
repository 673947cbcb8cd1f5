import { open, type FileHandle } from 'node:fs/promises';
import {
  parseEventLine,
  serializeLogEntry,
  type HostErrorOf,
  type LogEntry,
} from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import { syncDirectory } from './atomic-write.js';
import { ioError } from './native-error.js';

/** The log's file name inside a feature directory. */
export const EVENT_LOG_FILE = 'status.events.jsonl';

const NEWLINE = 0x0a;
const TAIL_CHUNK = 64 * 1024;

/**
 * Append rows (lane events, annotations) as whole lines, durably. Callers hold the feature lock. Steps:
 * 1. if the file does not end with `\n`, look at its unterminated tail: a complete valid event
 *    gets its missing newline (never lose a valid event); anything else (a torn write) is
 *    truncated away;
 * 2. write every line of the batch in ONE write to a descriptor opened with O_APPEND;
 * 3. fsync (and fsync the directory when the file was just created).
 * If writing fails, the file is truncated back to its length before step 2, so nothing is
 * appended.
 */
export async function appendEventLines(
  path: string,
  events: readonly LogEntry[],
): Promise<Result<void, HostErrorOf<'INTERNAL_ERROR'>>> {
  if (events.length === 0) return ok(undefined);
  const lines = events.map((event) => `${serializeLogEntry(event)}\n`).join('');
  let handle: FileHandle | undefined;
  let created = false;
  let lengthBefore = -1;
  try {
    handle = await open(path, 'a+');
    let length = (await handle.stat()).size;
    created = length === 0;
    const repair = await repairTail(handle, length);
    if (repair.truncateTo !== undefined) {
      await handle.truncate(repair.truncateTo);
      length = repair.truncateTo;
    }
    lengthBefore = length;
    const data = Buffer.from(`${repair.prefix}${lines}`, 'utf8');
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written);
      written += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (created) await syncDirectory(path);
    return ok(undefined);
  } catch (cause) {
    if (handle !== undefined && lengthBefore >= 0) {
      await handle.truncate(lengthBefore).catch(() => undefined);
    }
    return err(ioError('append to', path, cause));
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

interface TailRepair {
  /** Written before the batch: `'\n'` to terminate a valid unterminated last event. */
  readonly prefix: string;
  /** Truncate the file to this length first (drops a torn tail). */
  readonly truncateTo?: number;
}

async function repairTail(handle: FileHandle, length: number): Promise<TailRepair> {
  if (length === 0) return { prefix: '' };
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, length - 1);
  if (last[0] === NEWLINE) return { prefix: '' };
  const tailStart = await findTailStart(handle, length);
  const tail = Buffer.alloc(length - tailStart);
  await handle.read(tail, 0, tail.length, tailStart);
  const text = tail.toString('utf8').replace(/\r$/, '');
  if (text.trim() !== '' && parseEventLine(text, 0).isOk()) return { prefix: '\n' };
  return { prefix: '', truncateTo: tailStart };
}

/** Offset just after the last `\n` before `length`, or 0. */
async function findTailStart(handle: FileHandle, length: number): Promise<number> {
  let end = length;
  const chunk = Buffer.alloc(TAIL_CHUNK);
  while (end > 0) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (newline !== -1) return start + newline + 1;
    end = start;
  }
  return 0;
}
