import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  featureNotFound,
  isMid8,
  mid8FromSlug,
  missionAmbiguousSelector,
  type HostErrorOf,
} from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import { isSafeSlug, resolveFeatureDirectory, SPECS_DIRECTORY } from './feature-path.js';

type SelectorError =
  | HostErrorOf<'FEATURE_NOT_FOUND'>
  | HostErrorOf<'MISSION_AMBIGUOUS_SELECTOR'>
  | HostErrorOf<'INTERNAL_ERROR'>;

/** `mission_id` of a feature's meta.json, or `null` (absent, unreadable, not a string). */
async function missionIdOf(directory: string): Promise<string | null> {
  try {
    const meta = JSON.parse(
      (await readFile(join(directory, 'meta.json'), 'utf8')).replace(/^\uFEFF/, ''),
    ) as unknown;
    const id = (meta as { mission_id?: unknown } | null)?.mission_id;
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}

/**
 * See `SpecStore.resolveMission`: a directory name answers at once; otherwise every feature's
 * meta.json is read (only then) to match a `mission_id` or its mid8, case-insensitively.
 */
export async function resolveMissionSelector(
  root: string,
  selector: string,
  listFeatures: () => Promise<Result<readonly string[], HostErrorOf<'INTERNAL_ERROR'>>>,
): Promise<Result<string, SelectorError>> {
  const direct = await resolveFeatureDirectory(root, selector);
  if (direct.isOk()) return ok(selector);
  if (direct.error.code === 'INTERNAL_ERROR') return err(direct.error);
  const wanted = typeof selector === 'string' ? selector.trim().toUpperCase() : '';
  const byMid8 = isMid8(wanted);
  if (wanted === '' || (!byMid8 && wanted.length !== 26)) return err(featureNotFound(selector));
  const slugs = await listFeatures();
  if (slugs.isErr()) return err(slugs.error);
  const candidates: string[] = [];
  for (const slug of slugs.value) {
    if (!isSafeSlug(slug)) continue;
    const id = (await missionIdOf(join(root, SPECS_DIRECTORY, slug)))?.toUpperCase() ?? null;
    const matches = byMid8
      ? id?.slice(0, 8) === wanted || (id === null && mid8FromSlug(slug) === wanted)
      : id === wanted;
    if (matches) candidates.push(slug);
  }
  if (candidates.length === 0) return err(featureNotFound(selector));
  if (candidates.length > 1) return err(missionAmbiguousSelector(selector, candidates.sort()));
  return ok(candidates[0] as string);
}
