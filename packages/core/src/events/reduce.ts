import { LANES, type Lane } from '../lane/lane.js';
import type { StatusEvent } from './status-event.js';

/** The current state of one work package, as the log says. */
export interface WorkPackageState {
  readonly lane: Lane;
  /** Actor of the last applied event, `null` when the WP has none. */
  readonly actor: string | null;
  readonly last_transition_at: string | null;
  readonly last_event_id: string | null;
  /** How many applied events were forced. */
  readonly force_count: number;
}

/** A count for each of the 7 lanes. */
export type LaneSummary = Readonly<Record<Lane, number>>;

/** The reduction of a feature's log. */
export interface FeatureStatus {
  /** Every known WP (from `knownWpIds` and from the log), ordered numerically. */
  readonly work_packages: Readonly<Record<string, WorkPackageState>>;
  readonly summary: LaneSummary;
  /** Number of distinct events applied. */
  readonly event_count: number;
  /** Id of the last event in applied order, or `null`. */
  readonly last_event_id: string | null;
  /** `at` of the last event in applied order, or `null`. */
  readonly last_event_at: string | null;
}

const UNTOUCHED: WorkPackageState = {
  lane: 'planned',
  actor: null,
  last_transition_at: null,
  last_event_id: null,
  force_count: 0,
};

/**
 * Compare two WP ids numerically (`WP2` before `WP10`); ties by plain string order.
 *
 * @example
 * ```ts
 * ['WP10', 'WP2'].sort(compareWpIds); // ['WP2', 'WP10']
 * ```
 */
export function compareWpIds(left: string, right: string): number {
  const a = /^WP(\d+)$/.exec(left);
  const b = /^WP(\d+)$/.exec(right);
  if (a && b) {
    const difference = BigInt(a[1] as string) - BigInt(b[1] as string);
    if (difference !== 0n) return difference < 0n ? -1 : 1;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A sortable key for an event timestamp: microseconds since the epoch, so `…Z`, `…+00:00`,
 * millisecond and microsecond spellings of one instant compare equal.
 */
export function timestampKey(at: string): number {
  const millis = Date.parse(at);
  const fraction = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(at)?.[1] ?? '';
  const extraMicros = Number((fraction.padEnd(6, '0').slice(3, 6)) || '0');
  return millis * 1000 + extraMicros;
}

function isRollback(event: StatusEvent): boolean {
  return event.from_lane === 'for_review' && event.to_lane === 'in_progress' && event.review_ref !== null;
}

/**
 * The canonical order of events: duplicates of an `event_id` dropped (first occurrence wins),
 * then by `at`; at one instant a rollback (`for_review → in_progress` carrying a review_ref) is
 * applied after forward moves, so it wins; then by `event_id`.
 *
 * @example
 * ```ts
 * orderEvents([later, earlier, earlier]); // [earlier, later]
 * ```
 */
export function orderEvents(events: readonly StatusEvent[]): StatusEvent[] {
  const seen = new Set<string>();
  const unique: { event: StatusEvent; key: number }[] = [];
  for (const event of events) {
    if (seen.has(event.event_id)) continue;
    seen.add(event.event_id);
    unique.push({ event, key: timestampKey(event.at) });
  }
  // (at, rollback last, event_id): a total order, so the result never depends on input order.
  unique.sort((left, right) => {
    if (left.key !== right.key) return left.key - right.key;
    const rollback = Number(isRollback(left.event)) - Number(isRollback(right.event));
    if (rollback !== 0) return rollback; // a rollback is applied last: it beats a forward move
    return left.event.event_id < right.event.event_id ? -1 : left.event.event_id > right.event.event_id ? 1 : 0;
  });
  return unique.map((entry) => entry.event);
}

/**
 * Reduce a log to the current state of every WP. Deterministic whatever the line order and
 * however often a line is repeated. WPs in `knownWpIds` without events are `planned`; the summary
 * counts every WP.
 *
 * @example
 * ```ts
 * const status = reduceEvents(events, ['WP01', 'WP02']);
 * status.work_packages.WP01?.lane; // 'in_progress'
 * status.summary.planned;          // 1
 * ```
 */
export function reduceEvents(
  events: readonly StatusEvent[],
  knownWpIds: readonly string[] = [],
): FeatureStatus {
  const states = new Map<string, WorkPackageState>();
  for (const wpId of knownWpIds) states.set(wpId, UNTOUCHED);
  const ordered = orderEvents(events);
  for (const event of ordered) {
    const previous = states.get(event.wp_id) ?? UNTOUCHED;
    states.set(event.wp_id, {
      lane: event.to_lane,
      actor: event.actor,
      last_transition_at: event.at,
      last_event_id: event.event_id,
      force_count: previous.force_count + (event.force ? 1 : 0),
    });
  }
  const summary = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
  const workPackages: Record<string, WorkPackageState> = {};
  for (const wpId of [...states.keys()].sort(compareWpIds)) {
    const state = states.get(wpId) as WorkPackageState;
    workPackages[wpId] = state;
    summary[state.lane] += 1;
  }
  const last = ordered.at(-1);
  return {
    work_packages: workPackages,
    summary,
    event_count: ordered.length,
    last_event_id: last?.event_id ?? null,
    last_event_at: last?.at ?? null,
  };
}
