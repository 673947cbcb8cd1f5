import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { usageError, type HostErrorOf } from '@kittyhost/core';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { SPECS_DIRECTORY } from './internal/feature-path.js';
import { errorCode, guard, ioError, isMissing } from './internal/native-error.js';

/**
 * Where to look for the project root. Every field is optional.
 *
 * @example
 * ```ts
 * const options: FindProjectRootOptions = { repo: flags.repo, cwd: process.cwd(), env: process.env };
 * ```
 */
export interface FindProjectRootOptions {
  /** An explicit root (`--repo`), absolute or relative to `cwd`. Wins over everything else. */
  readonly repo?: string | undefined;
  /** Where the walk up starts, and what a relative `repo` is relative to. Default `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** Environment to read `SPECIFY_REPO_ROOT` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Errors of {@link findProjectRoot}.
 *
 * @example
 * ```ts
 * const failure: ProjectRootError = usageError('--repo does not exist: /nope');
 * ```
 */
export type ProjectRootError = HostErrorOf<'USAGE_ERROR'> | HostErrorOf<'INTERNAL_ERROR'>;

/** A directory holding any of these is a project directory. */
const MARKERS = [SPECS_DIRECTORY, '.kittify', '.git'] as const;
const WORKSPACES_DIRECTORY = '.worktrees';

/**
 * Find the project root, as the contract says: `repo` (`--repo`), else `SPECIFY_REPO_ROOT`, else
 * the nearest directory at or above `cwd` holding `kitty-specs/`, `.kittify/` or `.git`. From
 * inside a workspace the answer is the MAIN checkout: a linked git worktree (`.git` is a file
 * `gitdir: <main>/.git/worktrees/<name>`) is followed through its `commondir`, and a directory
 * under `<main>/.worktrees/<name>` maps to `<main>`.
 *
 * Errors: `USAGE_ERROR` when `repo`/`SPECIFY_REPO_ROOT` does not exist or is not a directory, or
 * when no project directory is found above `cwd`; `INTERNAL_ERROR` for unexpected I/O failures.
 * Reads only.
 *
 * @example
 * ```ts
 * import { createFsSpecStore, findProjectRoot } from '@kittyhost/fs-adapter';
 *
 * const root = await findProjectRoot({ repo: options.repo });
 * if (root.isOk()) {
 *   const store = createFsSpecStore({ root: root.value });
 * }
 * ```
 */
export function findProjectRoot(
  options: FindProjectRootOptions = {},
): ResultAsync<string, ProjectRootError> {
  return guard('finding the project root', async (): Promise<Result<string, ProjectRootError>> => {
    const cwd = resolve(options.cwd ?? process.cwd());
    const env = options.env ?? process.env;
    const explicit = nonEmpty(options.repo)
      ? { path: options.repo, source: '--repo' }
      : nonEmpty(env['SPECIFY_REPO_ROOT'])
        ? { path: env['SPECIFY_REPO_ROOT'], source: 'SPECIFY_REPO_ROOT' }
        : null;
    if (explicit !== null) {
      const directory = resolve(cwd, explicit.path);
      const checked = await checkDirectory(directory, explicit.source);
      return checked.isErr() ? err(checked.error) : ok(await mainCheckoutOf(directory));
    }
    for (let directory = cwd; ; directory = dirname(directory)) {
      if (await hasMarker(directory)) return ok(await mainCheckoutOf(directory));
      if (dirname(directory) === directory) break;
    }
    return err(
      usageError(
        `No project found: no ${MARKERS.join(', ')} in ${cwd} or any parent directory; ` +
          'pass --repo <dir> or set SPECIFY_REPO_ROOT',
      ),
    );
  });
}

function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

async function checkDirectory(
  directory: string,
  source: string,
): Promise<Result<void, ProjectRootError>> {
  try {
    if ((await stat(directory)).isDirectory()) return ok(undefined);
    return err(usageError(`${source} is not a directory: ${directory}`));
  } catch (cause) {
    if (isMissing(cause)) return err(usageError(`${source} does not exist: ${directory}`));
    return err(ioError('open', directory, cause));
  }
}

async function exists(path: string, kind: 'directory' | 'any'): Promise<boolean> {
  try {
    const stats = await stat(path);
    return kind === 'any' || stats.isDirectory();
  } catch {
    return false;
  }
}

async function hasMarker(directory: string): Promise<boolean> {
  const found = await Promise.all(
    MARKERS.map((marker) =>
      exists(join(directory, marker), marker === '.git' ? 'any' : 'directory'),
    ),
  );
  return found.includes(true);
}

/** The main checkout of a project directory that may be a workspace. */
async function mainCheckoutOf(directory: string): Promise<string> {
  const linked = await mainOfLinkedWorktree(directory);
  if (linked !== null) return linked;
  // `<main>/.worktrees/<name>[/…]`: the innermost such `<main>` that looks like a project.
  const parts = directory.split(sep);
  for (let index = parts.length - 2; index > 0; index--) {
    if (parts[index] !== WORKSPACES_DIRECTORY) continue;
    const main = parts.slice(0, index).join(sep) || sep;
    if (await hasMarker(main)) return main;
  }
  return directory;
}

/**
 * For a linked worktree (`<dir>/.git` is a file `gitdir: <common>/worktrees/<name>` whose
 * directory holds `commondir`), the checkout owning the common `.git` directory; else `null`
 * (an ordinary checkout, a submodule, or a bare common directory).
 */
async function mainOfLinkedWorktree(directory: string): Promise<string | null> {
  try {
    const dotGit = join(directory, '.git');
    if (!(await stat(dotGit)).isFile()) return null;
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(dotGit, 'utf8'))?.[1];
    if (pointer === undefined) return null;
    const gitDirectory = resolve(directory, pointer);
    const common = (await readFile(join(gitDirectory, 'commondir'), 'utf8')).trim();
    const commonDirectory = resolve(gitDirectory, common);
    if (basename(commonDirectory) !== '.git') return null;
    const main = dirname(commonDirectory);
    return (await exists(main, 'directory')) ? main : null;
  } catch (cause) {
    if (isMissing(cause) || errorCode(cause) === 'EISDIR') return null;
    return null;
  }
}
