import { open, type FileHandle } from 'node:fs/promises';
import { parseEventLog, type HostErrorOf, type LogEntry } from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import { errorCode, ioError } from './native-error.js';

type ReadError = HostErrorOf<'EVENT_LOG_CORRUPT'> | HostErrorOf<'INTERNAL_ERROR'>;

/** What one store remembers of a log: its complete lines, parsed, and how to recognise them. */
interface Known {
  readonly dev: number;
  readonly ino: number;
  /** Bytes covered: always just after a `\n`. */
  readonly size: number;
  /** Lines covered (line numbers of new lines continue from here). */
  readonly lines: number;
  /** The last bytes covered, compared again before trusting the prefix. */
  readonly tail: Buffer;
  readonly events: readonly LogEntry[];
}

/**
 * How many bytes before the remembered end must still be the same. More than a whole event
 * line (a few hundred bytes), so the check covers a line's unique `event_id`: lines of one shape
 * share their last 64 bytes, and a same-size rewrite in place fooled a check that short.
 */
const TAIL_CHECK = 4096;
const NEWLINE = 0x0a;

/**
 * Reads `status.events.jsonl` files, parsing only what was appended since the last read of the
 * same file by this store. A long-running host (the HTTP server) then pays per call for the new
 * lines, not for the whole log. The cached prefix is trusted only while the file is the same
 * (device and inode), did not shrink, and still holds the same bytes (over a whole event line,
 * with its unique id) just before its end;
 * anything else (a rewrite, a checkout, a truncation) reads the whole file again. Results are
 * exactly those of `parseEventLog` over the whole text.
 */
export class EventLogReader {
  private readonly known = new Map<string, Known>();

  /** Parse the log at `path` (absent → no events). */
  async read(path: string): Promise<Result<readonly LogEntry[], ReadError>> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (cause) {
      this.known.delete(path);
      if (errorCode(cause) === 'ENOENT') return ok([]);
      return err(ioError('read', path, cause));
    }
    try {
      return await this.readOpen(path, handle);
    } catch (cause) {
      this.known.delete(path);
      return err(ioError('read', path, cause));
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private async readOpen(
    path: string,
    handle: FileHandle,
  ): Promise<Result<readonly LogEntry[], ReadError>> {
    const stats = await handle.stat();
    const previous = await this.reusable(path, handle, stats);
    const start = previous?.size ?? 0;
    // Not zero-filled (tens of ms for a large log): only the bytes read are ever looked at.
    const buffer = Buffer.allocUnsafe(stats.size - start);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(
        buffer,
        filled,
        buffer.length - filled,
        start + filled,
      );
      if (bytesRead === 0) break; // the file shrank while we read: parse what we have
      filled += bytesRead;
    }
    const bytes = buffer.subarray(0, filled);
    const complete = bytes.lastIndexOf(NEWLINE) + 1; // 0 when no complete line was added
    const firstLine = (previous?.lines ?? 0) + 1;
    const body = parseEventLog(bytes.toString('utf8', 0, complete), path, firstLine);
    if (body.isErr()) {
      this.known.delete(path);
      return err(body.error);
    }
    const events = previous === undefined ? body.value : [...previous.events, ...body.value];
    const lines = (previous?.lines ?? 0) + countNewlines(bytes, complete);
    const size = start + complete;
    if (size > 0) {
      const tailStart = Math.max(0, complete - TAIL_CHECK);
      const tail =
        complete >= TAIL_CHECK || previous === undefined
          ? Buffer.from(bytes.subarray(tailStart, complete))
          : Buffer.concat([previous.tail, bytes.subarray(0, complete)]).subarray(-TAIL_CHECK);
      this.known.set(path, { dev: stats.dev, ino: stats.ino, size, lines, tail, events });
    } else {
      this.known.delete(path);
    }
    // An unterminated last line: a valid event counts, anything else is an interrupted append.
    if (complete === bytes.length) return ok(events);
    const rest = parseEventLog(bytes.toString('utf8', complete), path, lines + 1);
    return rest.isOk() && rest.value.length > 0 ? ok([...events, ...rest.value]) : ok(events);
  }

  /** The remembered prefix, if the file still starts with it. */
  private async reusable(
    path: string,
    handle: FileHandle,
    stats: { dev: number; ino: number; size: number },
  ): Promise<Known | undefined> {
    const known = this.known.get(path);
    if (known === undefined) return undefined;
    if (known.dev !== stats.dev || known.ino !== stats.ino || stats.size < known.size) {
      return undefined;
    }
    const check = Buffer.alloc(known.tail.length);
    const { bytesRead } = await handle.read(check, 0, check.length, known.size - check.length);
    return bytesRead === check.length && check.equals(known.tail) ? known : undefined;
  }
}

function countNewlines(bytes: Buffer, end: number): number {
  let count = 0;
  for (
    let index = bytes.indexOf(NEWLINE);
    index !== -1 && index < end;
    index = bytes.indexOf(NEWLINE, index + 1)
  ) {
    count += 1;
  }
  return count;
}
