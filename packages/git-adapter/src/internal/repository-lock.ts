import { statSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * How long to wait for the repository lock and when a holder counts as dead.
 *
 * @example
 * ```ts
 * createGitVersionControl({ root: '/repo', lock: { staleMs: 10_000, timeoutMs: 60_000 } });
 * ```
 */
export interface LockSettings {
  /** A lock not refreshed for this long (ms) is stale and taken over. Default 10 000. */
  readonly staleMs?: number;
  /** Give up waiting after about this long (ms). Default 30 000. */
  readonly timeoutMs?: number;
}

/**
 * Run `body` while holding `<commonDir>/kittyhost.lock`: a directory lock (proper-lockfile)
 * that works across processes, is refreshed while held, and is taken over when its holder
 * died (stale). Waiters retry with backoff until `timeoutMs`.
 */
export async function withRepositoryLock<T>(
  commonDir: string,
  settings: LockSettings,
  body: () => Promise<T>,
): Promise<T> {
  const stale = Math.max(settings.staleMs ?? 10_000, 2_000);
  const timeout = settings.timeoutMs ?? 30_000;
  const minTimeout = 10;
  const maxTimeout = 250;
  const factor = 1.5;
  // As many retries as fit in `timeout` with this backoff.
  let retries = 0;
  for (let waited = 0; waited < timeout; retries++)
    waited += Math.min(maxTimeout, minTimeout * factor ** retries);
  if (!statSync(commonDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${commonDir} is not a git directory`);
  }
  let compromised: Error | undefined;
  const release = await lockfile.lock(commonDir, {
    lockfilePath: join(commonDir, 'kittyhost.lock'),
    realpath: false,
    stale,
    update: Math.floor(stale / 2),
    retries: { retries, factor, minTimeout, maxTimeout },
    onCompromised: (error) => {
      compromised = error;
    },
  });
  try {
    return await body();
  } finally {
    if (compromised === undefined) await release().catch(() => undefined);
  }
}
