import { realpath, stat } from 'node:fs/promises';
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
  /** Where the status log and snapshot live (the feature directory, for our own layout). */
  readonly statusDirectory: string;
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
    return ok({ slug, directory, statusDirectory: directory });
  } catch (cause) {
    const code = errorCode(cause);
    if (code !== undefined && NOT_FOUND_CODES.has(code)) return err(featureNotFound(slug, cause));
    return err(ioError('open the feature directory', directory, cause));
  }
}
