import { LANES, type Lane } from '../lane/lane.js';
import type { StatusEvent } from './status-event.js';
import { timestampKey } from './timestamp.js';

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

/** The state of a WP without events. */
export const UNTOUCHED: WorkPackageState = {
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

/** A `for_review → in_progress` event carrying a review_ref: it wins ties at one instant. */
export function isRollback(event: StatusEvent): boolean {
  return (
    event.from_lane === 'for_review' && event.to_lane === 'in_progress' && event.review_ref !== null
  );
}

/**
 * The canonical order of events: duplicates of an `event_id` dropped (first occurrence wins),
 * then by `at` (as an instant, see {@link timestampKey}); at one instant a rollback
 * (`for_review → in_progress` carrying a review_ref) is applied after forward moves, so it wins;
 * then by `event_id`. A total order, so the result never depends on the input order.
 *
 * @example
 * ```ts
 * orderEvents([later, earlier, earlier]); // [earlier, later]
 * ```
 */
export function orderEvents(events: readonly StatusEvent[]): StatusEvent[] {
  const seen = new Set<string>();
  const unique: StatusEvent[] = [];
  const keys: number[] = [];
  const rollbacks: number[] = [];
  let sorted = true;
  for (const event of events) {
    const size = seen.size;
    if (seen.add(event.event_id).size === size) continue; // a repeated event_id: first wins
    const parsed = timestampKey(event.at);
    // Unparseable timestamps (only possible for events that skipped the schema) sort last.
    const key = Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
    const rollback = isRollback(event) ? 1 : 0;
    const last = unique.length - 1;
    if (sorted && last >= 0) {
      const previousKey = keys[last] as number;
      if (
        previousKey > key ||
        (previousKey === key &&
          ((rollbacks[last] as number) > rollback ||
            ((rollbacks[last] as number) === rollback &&
              (unique[last] as StatusEvent).event_id > event.event_id)))
      ) {
        sorted = false;
      }
    }
    unique.push(event);
    keys.push(key);
    rollbacks.push(rollback);
  }
  // Logs are appended in time order, so they usually arrive sorted: skip the sort then.
  if (sorted) return unique;
  const order = Array.from(unique, (_, index) => index);
  order.sort((left, right) => {
    const keyLeft = keys[left] as number;
    const keyRight = keys[right] as number;
    if (keyLeft !== keyRight) return keyLeft < keyRight ? -1 : 1;
    // A rollback is applied last at its instant, so it beats a forward move.
    const rollback = (rollbacks[left] as number) - (rollbacks[right] as number);
    if (rollback !== 0) return rollback;
    const idLeft = (unique[left] as StatusEvent).event_id;
    const idRight = (unique[right] as StatusEvent).event_id;
    return idLeft < idRight ? -1 : idLeft > idRight ? 1 : 0;
  });
  return order.map((index) => unique[index] as StatusEvent);
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
