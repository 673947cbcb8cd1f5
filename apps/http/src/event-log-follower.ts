import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseEventLine, type LogEntry } from '@kittyhost/core';

/** One row of the log a follower saw: what it holds, and the line exactly as written. */
export interface FollowedRow {
  readonly entry: LogEntry;
  readonly line: string;
}

/** Receives each batch of newly seen rows (lane events and annotations), in log order. */
export type EventListener = (rows: readonly FollowedRow[]) => void;

/** Options of {@link EventLogFollower}. */
export interface FollowerOptions {
  /** How often to look at the file when no change notification arrives. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** Told about lines that are not valid events (they are skipped) and I/O failures. */
  readonly onProblem?: (message: string) => void;
}

const NEWLINE = 0x0a;
const ANCHOR_BYTES = 256;

/**
 * Follows one `status.events.jsonl` (lane events and annotations) as it grows, by this process or any other: `fs.watch` on the
 * feature directory plus a poll, reading only the bytes appended since the last offset.
 *
 * - Only whole lines are consumed: an unterminated tail (a write in progress, or one interrupted
 *   and later truncated by the next writer) is read again once it ends with a newline.
 * - The last bytes before the offset are kept as an anchor; if they changed, the file was rewritten
 *   (a git merge of logs, a checkout), as it was if it shrank or was replaced: then the whole file
 *   is read again and only events not seen before are delivered.
 * - Each `event_id` is delivered once, in the order first seen (for an append-only log: file order).
 *
 * @example
 * ```ts
 * const follower = new EventLogFollower('/repo/kitty-specs/001-x/status.events.jsonl');
 * follower.start();
 * await follower.ready;
 * const stop = follower.subscribe((events) => console.log(events.map((event) => event.event_id)));
 * ```
 */
export class EventLogFollower {
  /** Every row seen so far, in delivery order. */
  readonly events: FollowedRow[] = [];
  /** Resolves once the file has been read for the first time. */
  readonly ready: Promise<void>;
  readonly #path: string;
  readonly #pollIntervalMs: number;
  readonly #onProblem: (message: string) => void;
  readonly #positions = new Map<string, number>();
  readonly #listeners = new Set<EventListener>();
  #offset = 0;
  #lineCount = 0;
  #anchor: Buffer = Buffer.alloc(0);
  #identity: string | null = null;
  #requested = false;
  #running: Promise<void> | null = null;
  #watcher: FSWatcher | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(path: string, options: FollowerOptions = {}) {
    this.#path = path;
    this.#pollIntervalMs = options.pollIntervalMs ?? 250;
    this.#onProblem = options.onProblem ?? (() => undefined);
    this.ready = this.refresh();
  }

  /** Start watching (the first read has already begun in the constructor). */
  start(): void {
    if (this.#stopped || this.#timer !== null) return;
    const name = basename(this.#path);
    try {
      this.#watcher = watch(dirname(this.#path), { persistent: false }, (_type, filename) => {
        if (filename === null || filename === name) void this.refresh();
      });
      this.#watcher.on('error', () => {
        this.#watcher?.close();
        this.#watcher = null; // the poll carries on
      });
    } catch {
      this.#watcher = null;
    }
    this.#timer = setInterval(() => void this.refresh(), this.#pollIntervalMs);
    this.#timer.unref();
  }

  /** Stop watching and forget every listener. */
  stop(): void {
    this.#stopped = true;
    this.#watcher?.close();
    this.#watcher = null;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
  }

  /** Position of an event in {@link events}, or -1. */
  indexOf(eventId: string): number {
    return this.#positions.get(eventId) ?? -1;
  }

  /** Be told about every event seen from now on. Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Look at the file now. Calls made while a read runs are folded into one more read, so when the
   * returned promise resolves every change made before the call has been seen.
   */
  refresh(): Promise<void> {
    this.#requested = true;
    this.#running ??= this.#loop();
    return this.#running;
  }

  async #loop(): Promise<void> {
    try {
      while (this.#requested && !this.#stopped) {
        this.#requested = false;
        try {
          await this.#readChanges();
        } catch (cause) {
          this.#onProblem(
            `Could not read ${this.#path}: ${cause instanceof Error ? cause.message : String(cause)}`,
          );
        }
      }
    } finally {
      this.#running = null;
    }
  }

  async #readChanges(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.#path, 'r');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
      this.#restart(null); // no log yet, or it was removed: start again from its first byte
      return;
    }
    try {
      const info = await handle.stat();
      const identity = `${info.dev}:${info.ino}`;
      if (
        identity !== this.#identity ||
        info.size < this.#offset ||
        !(await this.#anchorHolds(handle))
      ) {
        this.#restart(identity);
      }
      if (info.size <= this.#offset) return;
      const buffer = Buffer.allocUnsafe(info.size - this.#offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
      const end = buffer.lastIndexOf(NEWLINE, bytesRead - 1);
      if (end < 0) return; // only part of a line so far
      const complete = buffer.subarray(0, end + 1);
      this.#offset += complete.length;
      this.#anchor = Buffer.concat([this.#anchor, complete]).subarray(-ANCHOR_BYTES);
      this.#deliver(this.#parse(complete));
    } finally {
      await handle.close();
    }
  }

  /** Do the bytes just before the offset still read as they did? */
  async #anchorHolds(handle: FileHandle): Promise<boolean> {
    if (this.#anchor.length === 0) return true;
    const bytes = Buffer.allocUnsafe(this.#anchor.length);
    const { bytesRead } = await handle.read(
      bytes,
      0,
      bytes.length,
      this.#offset - this.#anchor.length,
    );
    return bytesRead === bytes.length && bytes.equals(this.#anchor);
  }

  #restart(identity: string | null): void {
    this.#identity = identity;
    this.#offset = 0;
    this.#lineCount = 0;
    this.#anchor = Buffer.alloc(0);
  }

  #parse(complete: Buffer): FollowedRow[] {
    const fresh: FollowedRow[] = [];
    let start = 0;
    while (start < complete.length) {
      const end = complete.indexOf(NEWLINE, start);
      const line = complete.toString('utf8', start, end).replace(/\r$/, '');
      start = end + 1;
      this.#lineCount += 1;
      if (line.trim() === '') continue;
      const parsed = parseEventLine(line, this.#lineCount, this.#path);
      if (parsed.isErr()) {
        this.#onProblem(parsed.error.message);
        continue;
      }
      const entry = parsed.value;
      if (entry === null) continue; // a row of another subsystem of the original host
      if (this.#positions.has(entry.event_id)) continue;
      this.#positions.set(entry.event_id, this.events.length);
      const row = { entry, line };
      this.events.push(row);
      fresh.push(row);
    }
    return fresh;
  }

  #deliver(events: readonly FollowedRow[]): void {
    if (events.length === 0) return;
    for (const listener of [...this.#listeners]) listener(events);
  }
}

/**
 * One shared {@link EventLogFollower} per log file, alive while someone holds it.
 *
 * @example
 * ```ts
 * const feeds = new EventFeeds({ pollIntervalMs: 250 });
 * const { follower, release } = feeds.acquire(logPath);
 * ```
 */
export class EventFeeds {
  readonly #options: FollowerOptions;
  readonly #feeds = new Map<string, { follower: EventLogFollower; holders: number }>();

  constructor(options: FollowerOptions = {}) {
    this.#options = options;
  }

  /** The follower of `path`, started on first use; call `release()` when done with it. */
  acquire(path: string): { follower: EventLogFollower; release: () => void } {
    let entry = this.#feeds.get(path);
    if (entry === undefined) {
      const follower = new EventLogFollower(path, this.#options);
      follower.start();
      entry = { follower, holders: 0 };
      this.#feeds.set(path, entry);
    }
    entry.holders += 1;
    const held = entry;
    let released = false;
    return {
      follower: held.follower,
      release: () => {
        if (released) return;
        released = true;
        held.holders -= 1;
        if (held.holders === 0 && this.#feeds.get(path) === held) {
          this.#feeds.delete(path);
          held.follower.stop();
        }
      },
    };
  }

  /** Ask every follower to look at its file now (after this server appended events). */
  poke(): void {
    for (const { follower } of this.#feeds.values()) void follower.refresh();
  }

  /** Stop every follower. */
  close(): void {
    for (const { follower } of this.#feeds.values()) follower.stop();
    this.#feeds.clear();
  }
}
