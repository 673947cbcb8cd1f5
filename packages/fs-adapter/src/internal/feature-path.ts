import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep, win32 } from 'node:path';
import { featureNotFound, type HostErrorOf } from '@kittyhost/core';
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
}

/** Topologies whose status lives on the coordination branch (CONTRACT-1.3.md §2). */
const COORD_TOPOLOGIES: ReadonlySet<unknown> = new Set(['coord', 'lanes_with_coord']);
const MID8 = /^[0-9A-HJKMNP-TV-Z]{8}$/;
const MID8_SUFFIX = /-([0-9A-HJKMNP-TV-Z]{8})$/;

/**
 * The status surface of a feature (CONTRACT-1.3.md §2). A mission whose `meta.json` says
 * `topology` `coord` or `lanes_with_coord` and names a `coordination_branch` keeps its log and
 * snapshot in its coordination worktree, `<root>/.worktrees/<slug>-coord/kitty-specs/<slug>`
 * (`<slug>-<mid8>-coord` when the slug does not end in the mid8, the first 8 characters of
 * `mission_id`); while that worktree has no mission directory, the feature directory is read.
 * Everything else (our own layout, `single_branch`, `lanes`, no or unreadable meta.json): the
 * feature directory itself. Every name is built from the validated slug and a checked mid8.
 */
export async function statusDirectoryOf(
  root: string,
  slug: string,
  directory: string,
): Promise<string> {
  let meta: unknown;
  try {
    meta = JSON.parse(
      (await readFile(join(directory, 'meta.json'), 'utf8')).replace(/^\uFEFF/, ''),
    );
  } catch {
    return directory; // absent, unreadable or invalid: readFeature reports what matters
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return directory;
  const record = meta as Record<string, unknown>;
  const branch = record['coordination_branch'];
  if (!COORD_TOPOLOGIES.has(record['topology']) || typeof branch !== 'string' || branch === '')
    return directory;
  const missionId = record['mission_id'];
  const fromId = typeof missionId === 'string' ? missionId.slice(0, 8) : '';
  const mid8 = MID8.test(fromId) ? fromId : MID8_SUFFIX.exec(slug)?.[1];
  const name =
    mid8 === undefined || slug.endsWith(`-${mid8}`) ? `${slug}-coord` : `${slug}-${mid8}-coord`;
  const candidate = join(root, '.worktrees', name, SPECS_DIRECTORY, slug);
  const stats = await stat(candidate).catch(() => undefined);
  return stats?.isDirectory() === true ? candidate : directory;
}

/**
 * Resolve a slug to its feature directory. The slug is validated before any path is built; the
 * real path (symlinks followed) must stay inside the real `kitty-specs/` and be a directory.
 * Anything else is `FEATURE_NOT_FOUND` (keeping the native error as `cause`); an unexpected I/O
 * failure (EACCES, EIO, …) is `INTERNAL_ERROR`. Reads only.
 */
export async function resolveFeature(
  root: string,
  slug: string,
): Promise<
  Result<FeatureLocation, HostErrorOf<'FEATURE_NOT_FOUND'> | HostErrorOf<'INTERNAL_ERROR'>>
> {
  if (!isSafeSlug(slug)) return err(featureNotFound(String(slug)));
  const specs = join(root, SPECS_DIRECTORY);
  const directory = join(specs, slug);
  try {
    const [realSpecs, realFeature] = await Promise.all([realpath(specs), realpath(directory)]);
    const inside = relative(realSpecs, realFeature);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      return err(featureNotFound(slug));
    }
    if (!(await stat(realFeature)).isDirectory()) return err(featureNotFound(slug));
    return ok({ slug, directory, statusDirectory: await statusDirectoryOf(root, slug, directory) });
  } catch (cause) {
    const code = errorCode(cause);
    if (code !== undefined && NOT_FOUND_CODES.has(code)) return err(featureNotFound(slug, cause));
    return err(ioError('open the feature directory', directory, cause));
  }
}
