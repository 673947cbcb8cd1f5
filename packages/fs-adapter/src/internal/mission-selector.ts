import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  featureNotFound,
  missionSelectorMatcher,
  selectedMission,
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
  const matches = missionSelectorMatcher(selector);
  if (matches === null) return err(featureNotFound(selector));
  const slugs = await listFeatures();
  if (slugs.isErr()) return err(slugs.error);
  const candidates: string[] = [];
  for (const slug of slugs.value) {
    if (!isSafeSlug(slug)) continue;
    if (matches(slug, await missionIdOf(join(root, SPECS_DIRECTORY, slug)))) candidates.push(slug);
  }
  return selectedMission(selector, candidates);
}
