import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEventLog, serializeEvent, type StatusEvent } from '@kittyhost/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLogReader } from './event-log-cache.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const event = (index: number, to: 'claimed' | 'blocked' = 'claimed'): StatusEvent => ({
  event_id: `01JZ${String(index)
    .padStart(22, '0')
    .replace(/\d/g, (d) => CROCKFORD[Number(d)] as string)}`,
  feature_slug: '001-x',
  wp_id: `WP${(index % 5) + 1}`,
  from_lane: 'planned',
  to_lane: to,
  at: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString().replace('Z', '000+00:00'),
  actor: `agent-${index}`,
  force: false,
  execution_mode: 'worktree',
  reason: null,
  review_ref: null,
  evidence: null,
  policy_metadata: null,
});
const line = (index: number) => `${serializeEvent(event(index))}\n`;

describe('EventLogReader: incremental reads equal a full parse', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kittyhost-log-cache-'));
    path = join(dir, 'status.events.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const full = () => parseEventLog(readFileSync(path, 'utf8'), path);

  it('reads appended lines, and numbers a bad appended line from the start of the file', async () => {
    const reader = new EventLogReader();
    expect((await reader.read(path))._unsafeUnwrap()).toEqual([]);
    writeFileSync(path, line(1) + line(2));
    expect((await reader.read(path))._unsafeUnwrap()).toEqual(full()._unsafeUnwrap());
    appendFileSync(path, line(3));
    expect((await reader.read(path))._unsafeUnwrap().map((e) => e.actor)).toEqual([
      'agent-1',
      'agent-2',
      'agent-3',
    ]);
    appendFileSync(path, '{"not": "an event"}\n');
    const corrupt = await reader.read(path);
    expect(corrupt._unsafeUnwrapErr()).toMatchObject({
      code: 'EVENT_LOG_CORRUPT',
      details: { line: 4 },
    });
    expect(corrupt._unsafeUnwrapErr()).toEqual(full()._unsafeUnwrapErr());
  });

  it('re-reads a file that was replaced, truncated or rewritten in place', async () => {
    const reader = new EventLogReader();
    writeFileSync(path, line(1) + line(2) + line(3));
    await reader.read(path);
    const replacement = join(dir, 'other.jsonl');
    writeFileSync(replacement, line(7) + line(8) + line(9) + line(10));
    renameSync(replacement, path); // a new inode (git checkout, an editor's save)
    expect((await reader.read(path))._unsafeUnwrap()).toEqual(full()._unsafeUnwrap());
    truncateSync(path, 0);
    writeFileSync(path, line(4)); // same inode, shorter
    expect((await reader.read(path))._unsafeUnwrap().map((e) => e.actor)).toEqual(['agent-4']);
    writeFileSync(path, line(5) + line(6)); // same inode, rewritten and longer
    expect((await reader.read(path))._unsafeUnwrap().map((e) => e.actor)).toEqual([
      'agent-5',
      'agent-6',
    ]);
    // Same inode, rewritten to the same size with lines of the same shape (their last bytes
    // alike): the distinct event ids tell the rewrite from the file read before.
    writeFileSync(path, line(0) + line(1));
    expect(statSync(path).size).toBe(Buffer.byteLength(line(5) + line(6)));
    expect((await reader.read(path))._unsafeUnwrap().map((e) => e.actor)).toEqual([
      'agent-0',
      'agent-1',
    ]);
    rmSync(path);
    expect((await reader.read(path))._unsafeUnwrap()).toEqual([]);
  });

  it('counts a valid unterminated last line and skips a torn one, as parseEventLog does', async () => {
    const reader = new EventLogReader();
    writeFileSync(path, line(1) + line(2).trimEnd());
    expect((await reader.read(path))._unsafeUnwrap()).toHaveLength(2);
    writeFileSync(path, line(1) + line(2).slice(0, 40));
    expect((await reader.read(path))._unsafeUnwrap()).toHaveLength(1);
    appendFileSync(path, line(3).slice(40)); // the torn line completed: now line 2 is garbage
    expect((await reader.read(path)).isErr()).toBe(full().isErr());
  });

  it('agrees with a full parse over random appends and rewrites', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('append' as const),
              count: fc.integer({ min: 0, max: 4 }),
            }),
            fc.record({
              kind: fc.constant('partial' as const),
              cut: fc.integer({ min: 1, max: 120 }),
            }),
            fc.record({
              kind: fc.constant('rewrite' as const),
              count: fc.integer({ min: 0, max: 3 }),
            }),
            fc.constant({ kind: 'garbage' as const }),
          ),
          { maxLength: 12 },
        ),
        async (steps) => {
          writeFileSync(path, '');
          const reader = new EventLogReader();
          let next = 0;
          for (const step of steps) {
            if (step.kind === 'append') {
              for (let index = 0; index < step.count; index++) appendFileSync(path, line(next++));
            } else if (step.kind === 'partial') {
              appendFileSync(path, line(next++).slice(0, step.cut));
            } else if (step.kind === 'rewrite') {
              writeFileSync(path, Array.from({ length: step.count }, () => line(next++)).join(''));
            } else {
              appendFileSync(path, 'garbage\n');
            }
            const incremental = await reader.read(path);
            const whole = full();
            expect(incremental.isOk()).toBe(whole.isOk());
            if (whole.isOk()) expect(incremental._unsafeUnwrap()).toEqual(whole.value);
            else expect(incremental._unsafeUnwrapErr()).toEqual(whole.error);
            if (whole.isErr()) writeFileSync(path, ''); // start again from a clean log
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
