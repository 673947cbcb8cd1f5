import { join } from 'node:path';
import { readRepositoryConfig, type GitConfig } from './git-config.js';
import { resolveSignatures, type Identity } from './identity.js';
import type { LockSettings } from './repository-lock.js';
import { withRepositoryLock } from './repository-lock.js';
import type { Signature } from './object-store.js';

/** Everything the operations share about one repository. */
export interface Repository {
  readonly root: string;
  readonly commonDir: string;
  readonly worktreesDir: string;
  readonly environment: NodeJS.ProcessEnv;
  readonly identity: Identity | undefined;
  readonly now: () => Date;
  readonly lockSettings: LockSettings;
  readonly gitExecutable: string | false;
  readonly pushTimeoutMs: number;
  readonly token: string | undefined;
  readonly tokenUsername: string;
}

/** The repository's git config (global files overlaid by `.git/config`), read fresh. */
export function readConfig(repository: Repository): Promise<GitConfig> {
  return readRepositoryConfig(repository.commonDir, repository.environment);
}

/** Author and committer for a commit made now. */
export async function signatures(
  repository: Repository,
): Promise<{ author: Signature; committer: Signature }> {
  return resolveSignatures(
    await readConfig(repository),
    repository.environment,
    repository.now(),
    repository.identity,
  );
}

/** Run a mutation under the repository lock. */
export function locked<T>(repository: Repository, body: () => Promise<T>): Promise<T> {
  return withRepositoryLock(repository.commonDir, repository.lockSettings, body);
}

/** `<root>/.worktrees/<name>` */
export function worktreePath(repository: Repository, name: string): string {
  return join(repository.worktreesDir, name);
}

/**
 * Crash tests' hook: a process whose `KITTYHOST_FAILPOINT` environment variable names this point
 * dies here, by SIGKILL, exactly as a crash would (nothing is flushed or released). Points:
 * `lane-move` (a lane worktree updated, its branch not yet moved), `integrate-move` (a mission
 * merge half-way through moving its refs), `lane-cleanup` (a lane worktree removed, its branch not
 * yet deleted).
 */
export function failpoint(repository: Repository, name: string): void {
  if (repository.environment['KITTYHOST_FAILPOINT'] === name) process.kill(process.pid, 'SIGKILL');
}
