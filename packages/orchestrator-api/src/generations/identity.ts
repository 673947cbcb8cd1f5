import type { FeatureSpec } from '@kittyhost/core/ports';

/** A mission's `mission_number` as the 1.3 host reads it: an int, `"042"` → 42, else `null`. */
export function missionNumber(meta: Readonly<Record<string, unknown>>): number | null {
  const raw = meta['mission_number'];
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) return Number.parseInt(raw.trim(), 10);
  return null;
}

const SAFE_SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** meta.json `mission_slug`, else `slug`, else the directory name (an unsafe value is ignored). */
export function missionSlug(feature: FeatureSpec): string {
  for (const key of ['mission_slug', 'slug']) {
    const value = feature.meta[key];
    if (typeof value === 'string' && value.trim() !== '' && SAFE_SLUG.test(value.trim()))
      return value.trim();
  }
  return feature.slug;
}

/**
 * The identity fields that open every contract 1.3 answer (`_mission_identity_payload`), read
 * from the primary meta.json.
 *
 * @example
 * ```ts
 * missionIdentity(feature); // { mission_slug: 'demo-01M8RB29', mission_number: null, mission_type: 'software-dev' }
 * ```
 */
export function missionIdentity(feature: FeatureSpec): {
  mission_slug: string;
  mission_number: number | null;
  mission_type: string;
} {
  const type = feature.meta['mission_type'];
  return {
    mission_slug: missionSlug(feature),
    mission_number: missionNumber(feature.meta),
    mission_type: typeof type === 'string' ? type : '',
  };
}

/** `mission_number` as `status.json` spells it: the number, else the slug's `NNN-` prefix, else `""`. */
export function snapshotMissionNumber(feature: FeatureSpec): string {
  const number = missionNumber(feature.meta);
  if (number !== null) return String(number);
  const prefix = /^(\d+)-/.exec(missionSlug(feature))?.[1];
  return prefix === undefined ? '' : String(Number.parseInt(prefix, 10));
}
