// Pure text formatting of the board: lane names, ages, times. No DOM, so it is unit-tested in Node.

/** The nine lanes of the one model, in board order (what `FeatureBoard.lanes` holds). */
export const LANE_ORDER = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'in_review',
  'approved',
  'done',
  'blocked',
  'canceled',
] as const;

/** A lane name of the model. */
export type LaneName = (typeof LANE_ORDER)[number];

const LABELS: Readonly<Record<LaneName, string>> = {
  planned: 'Planned',
  claimed: 'Claimed',
  in_progress: 'In progress',
  for_review: 'For review',
  in_review: 'In review',
  approved: 'Approved',
  done: 'Done',
  blocked: 'Blocked',
  canceled: 'Canceled',
};

/**
 * A lane's heading text. An unknown name (a newer server) shows as itself.
 *
 * @example
 * ```ts
 * laneLabel('for_review'); // 'For review'
 * ```
 */
export function laneLabel(lane: string): string {
  return (LABELS as Readonly<Record<string, string>>)[lane] ?? lane;
}

/**
 * A short age like the terminal board's: `42s`, `12m`, `3h`, `5d` (`3h 20m` below a day when
 * `precise`).
 *
 * @example
 * ```ts
 * formatAge(750); // '12m'
 * formatAge(12_000, true); // '3h 20m'
 * ```
 */
export function formatAge(seconds: number, precise = false): string {
  const whole = Math.max(0, Math.floor(seconds));
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return precise && minutes % 60 !== 0 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/**
 * An ISO instant as `YYYY-MM-DD HH:MM:SS` UTC (what the log holds, made readable), or the text as
 * given when it does not parse.
 *
 * @example
 * ```ts
 * formatInstant('2026-02-23T18:03:22.152177+00:00'); // '2026-02-23 18:03:22 UTC'
 * ```
 */
export function formatInstant(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A default review reference for a person's review on the board: `board-<WP>-<YYYYMMDDHHMMSS>`.
 *
 * @example
 * ```ts
 * defaultReviewReference('WP03', new Date('2026-02-23T18:03:22Z')); // 'board-WP03-20260223180322'
 * ```
 */
export function defaultReviewReference(wpId: string, now: Date): string {
  return `board-${wpId}-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
}

/**
 * `n thing` / `n things`.
 *
 * @example
 * ```ts
 * plural(1, 'work package'); // '1 work package'
 * ```
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
