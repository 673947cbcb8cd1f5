import { readFileSync, realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep, win32 } from 'node:path';
import {
  coordinationBranchOf,
  coordinationWorktreeName,
  featureNotFound,
  missionMid8,
  statusReadPathNotFound,
  type HostErrorOf,
} from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import { errorCode, ioError } from './native-error.js';

/** The directory under the project root that holds every feature. */
export const SPECS_DIRECTORY = 'kitty-specs';

/** Native codes that mean "there is no such feature directory". */
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG']);

/**
 * Is `slug` a plain directory name that cannot point anywhere but `kitty-specs/<slug>`? Rejects
 * the empty string, path separators (`/`, `\`), NUL, names starting with `.` (so `.`, `..` and
 * our own hidden files), and anything absolute on POSIX or Windows (`C:\x`, `C:x`).
 */
export function isSafeSlug(slug: unknown): slug is string {
  return (
    typeof slug === 'string' &&
    slug !== '' &&
    !/[/\\\0]/.test(slug) &&
    !slug.startsWith('.') &&
    !isAbsolute(slug) &&
    !win32.isAbsolute(slug) &&
    !/^[A-Za-z]:/.test(slug)
  );
}

/** A resolved feature directory: the lexical path users see, checked through its real path. */
export interface FeatureLocation {
  readonly slug: string;
  /** `<root>/kitty-specs/<slug>`: the path reported to users and used for I/O. */
  readonly directory: string;
  /**
   * Where the status log and snapshot live: the feature directory, or for a mission of
   * spec-kitty's coordination topology its coordination worktree (see {@link statusDirectoryOf}).
   */
  readonly statusDirectory: string;
  /**
   * The text of `meta.json` as resolving read it (`null`: there is none), so a reader need not
   * read it again; absent when it could not be read (the reader reports why).
   */
  readonly metaText?: string | null;
}

/**
 * The status surface of a feature (CONTRACT-1.3.md §2). A mission whose `meta.json` names a
 * coordination branch under topology `coord` or `lanes_with_coord` keeps its log and snapshot in
 * its coordination worktree, `<root>/.worktrees/<slug>-coord/kitty-specs/<slug>`
 * (`<slug>-<mid8>-coord` when the slug does not end in the mid8); while that worktree has no
 * mission directory yet, the feature directory is read (the husk's mission-level rows are skipped
 * by every log reader). A coordination worktree that is missing (no directory with a `.git`
 * entry) → `STATUS_READ_PATH_NOT_FOUND`: the primary directory's husk is never taken for the
 * status. Everything else (our own layout, `single_branch`, `lanes`, no or unreadable meta.json):
 * the feature directory itself. Every name is built from the validated slug and a checked mid8.
 */
export async function statusDirectoryOf(
  root: string,
  slug: string,
  directory: string,
): Promise<
  Result<
    { readonly statusDirectory: string; readonly metaText?: string | null },
    HostErrorOf<'STATUS_READ_PATH_NOT_FOUND'>
  >
> {
  // meta.json is small: one synchronous read (the WP files are read the same way).
  let metaText: string;
  try {
    metaText = readFileSync(join(directory, 'meta.json'), 'utf8');
  } catch (cause) {
    // Absent: no meta (and the reader need not look again); unreadable: readFeature reports it.
    return ok(
      errorCode(cause) === 'ENOENT'
        ? { statusDirectory: directory, metaText: null }
        : { statusDirectory: directory },
    );
  }
  const primary = { statusDirectory: directory, metaText };
  let meta: unknown;
  try {
    meta = JSON.parse(metaText.replace(/^\uFEFF/, ''));
  } catch {
    return ok(primary); // invalid: readFeature reports it
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return ok(primary);
  const record = meta as Record<string, unknown>;
  const branch = coordinationBranchOf(record);
  if (branch === null) return ok(primary);
  const mid8 = missionMid8(slug, record);
  const worktree = join(root, '.worktrees', coordinationWorktreeName(slug, mid8));
  const candidate = join(worktree, SPECS_DIRECTORY, slug);
  const present = await stat(join(worktree, '.git')).catch(() => undefined);
  if (present === undefined) {
    return err(
      statusReadPathNotFound({
        mission_slug: slug,
        mid8,
        coord_candidate: candidate,
        primary_candidate: directory,
        coordination_branch: branch,
        coordination_worktree: worktree,
      }),
    );
  }
  const stats = await stat(candidate).catch(() => undefined);
  return ok(stats?.isDirectory() === true ? { ...primary, statusDirectory: candidate } : primary);
}

/**
 * Resolve a slug to its feature directory only (no status surface): what reads of the primary
 * directory need (`lanes.json`, listing). Same checks as {@link resolveFeature}.
 */
export async function resolveFeatureDirectory(
  root: string,
  slug: string,
): Promise<Result<string, HostErrorOf<'FEATURE_NOT_FOUND'> | HostErrorOf<'INTERNAL_ERROR'>>> {
  if (!isSafeSlug(slug)) return err(featureNotFound(String(slug)));
  const specs = join(root, SPECS_DIRECTORY);
  const directory = join(specs, slug);
  try {
    // One realpath(3) call each: the native resolution is several times cheaper than walking.
    const realSpecs = realpathSync.native(specs);
    const realFeature = realpathSync.native(directory);
    const inside = relative(realSpecs, realFeature);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      return err(featureNotFound(slug));
    }
    if (!statSync(realFeature).isDirectory()) return err(featureNotFound(slug));
    return ok(directory);
  } catch (cause) {
    const code = errorCode(cause);
    if (code !== undefined && NOT_FOUND_CODES.has(code)) return err(featureNotFound(slug, cause));
    return err(ioError('open the feature directory', directory, cause));
  }
}

/**
 * Resolve a slug to its feature directory and status surface. The slug is validated before any
 * path is built; the real path (symlinks followed) must stay inside the real `kitty-specs/` and
 * be a directory. Anything else is `FEATURE_NOT_FOUND` (keeping the native error as `cause`); an
 * unexpected I/O failure (EACCES, EIO, …) is `INTERNAL_ERROR`; a coordination mission without its
 * coordination worktree is `STATUS_READ_PATH_NOT_FOUND` ({@link statusDirectoryOf}). Reads only.
 */
export async function resolveFeature(
  root: string,
  slug: string,
): Promise<
  Result<
    FeatureLocation,
    | HostErrorOf<'FEATURE_NOT_FOUND'>
    | HostErrorOf<'STATUS_READ_PATH_NOT_FOUND'>
    | HostErrorOf<'INTERNAL_ERROR'>
  >
> {
  const directory = await resolveFeatureDirectory(root, slug);
  if (directory.isErr()) return err(directory.error);
  const status = await statusDirectoryOf(root, slug, directory.value);
  return status.map((surface) => ({ slug, directory: directory.value, ...surface }));
}
