import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import type { PromiseFsClient } from 'isomorphic-git';

/** The subset of node:fs/promises isomorphic-git calls, as a `PromiseFsClient`. */
export type MappedFs = PromiseFsClient;

const COMMANDS = [
  'readFile',
  'writeFile',
  'unlink',
  'readdir',
  'mkdir',
  'rmdir',
  'rm',
  'stat',
  'lstat',
  'readlink',
  'symlink',
  'chmod',
] as const;

/**
 * An fs for isomorphic-git that rewrites the first path argument of every call through
 * `mapPath`. Every method is `async` on purpose: isomorphic-git probes `readFile()` without
 * arguments to decide whether an fs is promise-based, and a synchronous throw would make it
 * treat ours as a callback fs and hang.
 */
export function createMappedFs(mapPath: (path: string) => string): MappedFs {
  const promises: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const command of COMMANDS) {
    const target = fs[command] as (path: string, ...rest: unknown[]) => Promise<unknown>;
    promises[command] = async (path: string, ...rest: unknown[]) =>
      target(typeof path === 'string' ? mapPath(path) : path, ...rest);
  }
  // `symlink(target, path)`: the path to map is the second argument.
  promises['symlink'] = async (target: string, path: string, ...rest: unknown[]) =>
    fs.symlink(target, mapPath(path), ...(rest as []));
  return { promises: promises as unknown as PromiseFsClient['promises'] };
}

/**
 * Git's split between per-worktree and shared files inside a linked worktree's git dir
 * (`common_list` in git's path.c): these paths (and everything under the directories) live in
 * the common `.git`; the exceptions and everything else (`HEAD`, `index`, `logs/HEAD`,
 * `MERGE_HEAD`, `ORIG_HEAD`, …) stay in `.git/worktrees/<name>/`.
 */
const COMMON_DIRECTORIES = [
  'branches',
  'common',
  'hooks',
  'info',
  'logs',
  'lost-found',
  'objects',
  'refs',
  'remotes',
  'rr-cache',
  'svn',
  'worktrees',
];
const COMMON_FILES = ['config', 'gc.pid', 'packed-refs', 'shallow'];
const PER_WORKTREE_EXCEPTIONS = [
  'info/sparse-checkout',
  'logs/HEAD',
  'logs/refs/bisect',
  'logs/refs/rewritten',
  'logs/refs/worktree',
  'refs/bisect',
  'refs/rewritten',
  'refs/worktree',
];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Does `relative` (a path inside a git dir) belong to the common dir of a linked worktree? */
export function isCommonGitPath(relative: string): boolean {
  if (PER_WORKTREE_EXCEPTIONS.some((prefix) => under(relative, prefix))) return false;
  if (COMMON_FILES.includes(relative)) return true;
  return COMMON_DIRECTORIES.some((prefix) => under(relative, prefix));
}

/**
 * The fs through which isomorphic-git works on a linked worktree: call it with
 * `gitdir: adminDir` (`.git/worktrees/<name>`); per-worktree files stay there, shared ones are
 * read from and written to `commonDir`.
 *
 * @example
 * ```ts
 * const wtFs = createWorktreeFs('/repo/.git/worktrees/x', '/repo/.git');
 * await git.statusMatrix({ fs: wtFs, dir: '/repo/.worktrees/x', gitdir: '/repo/.git/worktrees/x' });
 * ```
 */
export function createWorktreeFs(adminDir: string, commonDir: string): MappedFs {
  const prefix = `${adminDir}/`;
  return createMappedFs((path) => {
    if (!path.startsWith(prefix)) return path;
    const relative = path.slice(prefix.length);
    return isCommonGitPath(relative) ? join(commonDir, relative) : path;
  });
}

/**
 * The fs for object-level isomorphic-git calls that must not touch the main checkout's index
 * (`merge` always acquires `<gitdir>/index`): the index path is sent to a file that never
 * exists, so isomorphic-git sees an empty index and writes nothing there.
 */
export function createIndexlessFs(commonDir: string): MappedFs {
  const indexPath = join(commonDir, 'index');
  const nowhere = join(commonDir, 'kittyhost-no-index', 'index');
  return createMappedFs((path) => (path === indexPath ? nowhere : path));
}
