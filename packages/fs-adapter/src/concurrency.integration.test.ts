import { spawn, type ChildProcess } from 'node:child_process';
import { access, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isAnnotation,
  materializeSnapshot,
  parseEventLog,
  serializeEvent,
  serializeSnapshot,
  type LogEntry,
  type StatusEvent,
} from '@kittyhost/core';
import { okAsync } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEntries, temporaryDirectory, writeProject } from '../test/project.js';
import { createFsSpecStore } from './create-fs-spec-store.js';

const isLaneEvent = (entry: LogEntry): entry is StatusEvent => !isAnnotation(entry);

// These tests run real `node` processes that import the BUILT package (`dist/`) by its name,
// exactly as an app does. `pnpm test` builds first (turbo); by hand: `npx tsc -p tsconfig.build.json`.
const here = dirname(fileURLToPath(import.meta.url));
const workers = join(here, '..', 'test', 'workers');
const SLUG = '001-race';
const WORKERS = 8;
const ROUNDS = 100;

let base: string;
beforeAll(async () => {
  await access(join(here, '..', 'dist', 'index.js')).catch(() => {
    throw new Error(
      'Build @kittyhost/fs-adapter first (npx tsc -p tsconfig.build.json): these tests run dist/',
    );
  });
  base = await temporaryDirectory('kittyhost-race-');
});
afterAll(() => rm(base, { recursive: true, force: true }));

function run(script: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [join(workers, script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function saysLocked(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('locked\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`holder exited early with ${String(code)}`)));
  });
}

describe('across processes', () => {
  it(`${WORKERS} processes × ${ROUNDS} locked appends lose and tear nothing`, async () => {
    const root = join(base, 'race');
    const workPackages = Array.from({ length: WORKERS }, (_, index) => ({ id: `WP0${index}` }));
    await writeProject(root, { [SLUG]: { workPackages } });
    const children = Array.from({ length: WORKERS }, (_, worker) =>
      exited(run('append-events.mjs', [root, SLUG, String(worker), String(ROUNDS)])),
    );
    const outcomes = await Promise.all(children);
    expect(outcomes.map((outcome) => [outcome.code, outcome.stderr])).toEqual(
      Array.from({ length: WORKERS }, () => [0, '']),
    );

    const directory = join(root, 'kitty-specs', SLUG);
    const text = await readFile(join(directory, 'status.events.jsonl'), 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    expect(lines).toHaveLength(WORKERS * ROUNDS);
    // Lane events only: the workers append no annotation.
    const events = parseEventLog(text)._unsafeUnwrap().filter(isLaneEvent);
    expect(events).toHaveLength(WORKERS * ROUNDS);
    // Every line is exactly one whole serialised event: nothing torn or glued together.
    expect(lines).toEqual(events.map((event) => serializeEvent(event)));
    expect(new Set(events.map((event) => event.event_id)).size).toBe(WORKERS * ROUNDS);
    // read → append was atomic: each holder saw exactly the events before its own line.
    expect(events.map((event) => Number(event.reason?.split(':')[2]))).toEqual(
      events.map((_, index) => index),
    );
    for (let worker = 0; worker < WORKERS; worker++) {
      const order = events
        .filter((event) => event.actor === `worker-${worker}`)
        .map((event) => event.reason?.split(':').slice(0, 2).join(':'));
      expect(order).toEqual(Array.from({ length: ROUNDS }, (_, round) => `${worker}:${round}`));
    }
    const snapshot = await readFile(join(directory, 'status.json'), 'utf8');
    expect(snapshot).toBe(
      serializeSnapshot(
        materializeSnapshot(
          SLUG,
          events,
          workPackages.map((wp) => wp.id),
        ),
      ),
    );
    // No lock directory and no temp file left behind.
    expect(await listEntries(directory)).toEqual([
      'status.events.jsonl',
      'status.json',
      'tasks/',
      ...workPackages.map((wp) => `tasks/${wp.id}.md`),
    ]);
  }, 60_000);

  it('a SIGKILLed lock holder delays the next caller by about the stale interval, no more', async () => {
    const staleLockMs = 2_000;
    const root = join(base, 'killed');
    await writeProject(root, { [SLUG]: { workPackages: [{ id: 'WP01' }] } });
    const holder = run('hold-lock.mjs', [root, SLUG, String(staleLockMs)]);
    const holderExit = exited(holder);
    await saysLocked(holder);

    // While the holder lives, the lock excludes this process.
    const blocked = await createFsSpecStore({
      root,
      staleLockMs,
      lockTimeoutMs: 500,
    }).withFeatureLock(SLUG, () => okAsync('should not run'));
    expect(blocked._unsafeUnwrapErr().message).toContain('waiting for the feature lock');

    holder.kill('SIGKILL');
    expect((await holderExit).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    const store = createFsSpecStore({ root, staleLockMs });
    const taken = await store.withFeatureLock(SLUG, () => okAsync(Date.now()));
    const waited = taken._unsafeUnwrap() - killedAt;
    // The lock turns stale `staleLockMs` after the holder's last heartbeat. proper-lockfile
    // stamps a process's FIRST lock up to 1 s in the future (its mtime-precision probe), so a
    // holder killed before its first heartbeat can add up to 1 s; 0.5 s more for polling.
    expect(waited).toBeLessThanOrEqual(staleLockMs + 1_500);
    expect(await listEntries(join(root, 'kitty-specs', SLUG))).toEqual(['tasks/', 'tasks/WP01.md']);
  }, 30_000);
});
