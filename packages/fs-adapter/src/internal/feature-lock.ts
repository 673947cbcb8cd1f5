import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { internalError, type HostErrorOf } from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import { describeError, errorCode, ioError } from './native-error.js';

/** The lock directory inside a feature directory (git never shows an empty directory). */
export const LOCK_DIRECTORY = '.kittyhost.lock';

/** How a feature lock is taken. */
export interface FeatureLockOptions {
  /** A lock whose heartbeat is older than this is stale and may be taken over (min 2000 ms). */
  readonly staleMs: number;
  /** Give up with `INTERNAL_ERROR` after waiting this long. */
  readonly timeoutMs: number;
  /** Names the feature in messages. */
  readonly slug: string;
}

/** A held feature lock. */
export interface HeldLock {
  /** Set when the lock was lost while held (its heartbeat failed or another process took it). */
  lost(): HostErrorOf<'INTERNAL_ERROR'> | null;
  /** Release the lock; never fails (a lost lock is already gone). */
  release(): Promise<void>;
}

/** In-process queues per lock directory, so callers of one process take turns without polling. */
const queues = new Map<string, Promise<void>>();

/**
 * Take the exclusive lock of a feature directory, across processes: proper-lockfile's atomic
 * `mkdir` of `<feature>/.kittyhost.lock`, kept fresh by a heartbeat every `staleMs / 2`; a lock
 * whose holder died is taken over once `staleMs` has passed since its last heartbeat. Waiters
 * poll with small randomised waits (good under many contending processes) until `timeoutMs`.
 */
export async function acquireFeatureLock(
  directory: string,
  options: FeatureLockOptions,
): Promise<Result<HeldLock, HostErrorOf<'INTERNAL_ERROR'>>> {
  const deadline = Date.now() + options.timeoutMs;
  const lockPath = resolve(directory, LOCK_DIRECTORY);
  const turn = await takeTurn(lockPath, deadline);
  if (turn === null) return err(timedOut(options));
  const held = await lockAcrossProcesses(directory, lockPath, deadline, options);
  if (held.isErr()) turn();
  return held.map((lock) => ({
    lost: lock.lost,
    release: async () => {
      await lock.release();
      turn();
    },
  }));
}

function timedOut(options: FeatureLockOptions): HostErrorOf<'INTERNAL_ERROR'> {
  return internalError(
    `Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for the feature lock of ${options.slug}`,
  );
}

/** Wait for this process's turn on `key`; `null` on timeout. Returns the function ending the turn. */
async function takeTurn(key: string, deadline: number): Promise<(() => void) | null> {
  const previous = queues.get(key) ?? Promise.resolve();
  let end!: () => void;
  const current = new Promise<void>((resolvePromise) => {
    end = resolvePromise;
  });
  const tail = previous.then(() => current);
  queues.set(key, tail);
  const finish = () => {
    end();
    if (queues.get(key) === tail) queues.delete(key);
  };
  const timer = new AbortController();
  const outcome = await Promise.race([
    previous.then(() => 'turn' as const),
    sleep(Math.max(0, deadline - Date.now()), 'timeout' as const, { signal: timer.signal }).catch(
      () => 'turn' as const,
    ),
  ]);
  timer.abort();
  if (outcome === 'timeout') {
    void previous.then(finish); // pass the turn on when it comes
    return null;
  }
  return finish;
}

async function lockAcrossProcesses(
  directory: string,
  lockPath: string,
  deadline: number,
  options: FeatureLockOptions,
): Promise<Result<HeldLock, HostErrorOf<'INTERNAL_ERROR'>>> {
  let lostError: HostErrorOf<'INTERNAL_ERROR'> | null = null;
  // Loaded on the first lock (with graceful-fs): queries never pay for it.
  const { lockfile } = await import('./lazy-modules.js');
  const lockOptions = {
    lockfilePath: lockPath,
    realpath: false,
    stale: options.staleMs,
    update: Math.floor(options.staleMs / 2),
    retries: 0,
    onCompromised: (cause: Error) => {
      // proper-lockfile's default throws from a timer and kills the process; we record it and
      // refuse every later write of this holder instead.
      lostError = internalError(
        `The feature lock of ${options.slug} was lost while held: ${describeError(cause)}`,
        cause,
      );
    },
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockfile.lock(directory, lockOptions);
      return ok({
        lost: () => lostError,
        release: async () => {
          if (lostError !== null) return;
          await release().catch(() => undefined);
        },
      });
    } catch (cause) {
      if (errorCode(cause) !== 'ELOCKED') return err(ioError('lock', lockPath, cause));
      const remaining = deadline - Date.now();
      if (remaining <= 0) return err(timedOut(options));
      // Small randomised waits, growing slowly: contenders spread out and none sleeps long.
      const ceiling = Math.min(5 + attempt * 2, 50);
      await sleep(Math.min(remaining, 1 + Math.random() * ceiling));
    }
  }
}
