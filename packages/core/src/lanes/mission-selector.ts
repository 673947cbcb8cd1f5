/**
 * How contract 1.3's `--mission` names a mission that is not given by its directory name
 * (CONTRACT-1.3.md §2): by its whole `mission_id` or its mid8, case-insensitively. The rule is
 * pure; each store supplies its slugs and their `mission_id`s.
 */
import { err, ok, type Result } from 'neverthrow';
import {
  featureNotFound,
  missionAmbiguousSelector,
  type HostErrorOf,
} from '../errors/host-error.js';
import { isMid8, mid8FromSlug } from './mission-names.js';

/** Does the mission `slug` (with meta.json's `mission_id`, or `null`) answer the selector? */
export type MissionMatcher = (slug: string, missionId: string | null) => boolean;

/**
 * The matcher of a selector shaped like a whole `mission_id` (26 characters) or a mid8, else
 * `null` (it can name no mission but by its directory). A mid8 matches the first 8 characters
 * of the `mission_id`, or the slug's tail when the mission has no `mission_id`.
 *
 * @example
 * ```ts
 * missionSelectorMatcher('01m8rck1')?.('coord-3wp-01M8RCK1', null); // true
 * missionSelectorMatcher('demo'); // null
 * ```
 */
export function missionSelectorMatcher(selector: string): MissionMatcher | null {
  const wanted = typeof selector === 'string' ? selector.trim().toUpperCase() : '';
  const byMid8 = isMid8(wanted);
  if (!byMid8 && wanted.length !== 26) return null;
  return (slug, missionId) => {
    const id = missionId === null || missionId === '' ? null : missionId.toUpperCase();
    return byMid8
      ? id?.slice(0, 8) === wanted || (id === null && mid8FromSlug(slug) === wanted)
      : id === wanted;
  };
}

/**
 * The one mission the slugs a selector matched name: none → `FEATURE_NOT_FOUND`, several →
 * `MISSION_AMBIGUOUS_SELECTOR` with the candidates sorted.
 *
 * @example
 * ```ts
 * selectedMission('01M8RB29', ['demo-01M8RB29']); // ok('demo-01M8RB29')
 * ```
 */
export function selectedMission(
  selector: string,
  candidates: readonly string[],
): Result<string, HostErrorOf<'FEATURE_NOT_FOUND'> | HostErrorOf<'MISSION_AMBIGUOUS_SELECTOR'>> {
  if (candidates.length === 0) return err(featureNotFound(String(selector)));
  if (candidates.length > 1) return err(missionAmbiguousSelector(selector, [...candidates].sort()));
  return ok(candidates[0] as string);
}
