import { LANES, type Lane } from '../lane/lane.js';
import {
  UNTOUCHED,
  compareWpIds,
  isRollback,
  orderEvents,
  type FeatureStatus,
  type WorkPackageState,
} from './reduce.js';
import type { StatusEvent } from './status-event.js';
import { timestampKey } from './timestamp.js';

/** Reduces logs like {@link reduceEvents}, reusing its last work when a log only grew. */
export interface EventReducer {
  /** Exactly `reduceEvents(events, knownWpIds)`. */
  reduce(events: readonly StatusEvent[], knownWpIds: readonly string[]): FeatureStatus;
}

/** Where the last reduction of one WP set ended. */
interface Memo {
  /** The array last reduced: its elements, by identity, must start the next one. */
  events: readonly StatusEvent[];
  seen: Set<string>;
  states: Map<string, WorkPackageState>;
  /** WP ids in numeric order (recomputed only when a new id appears). */
  order: string[];
  count: number;
  last: StatusEvent | undefined;
  lastKey: number;
  lastRollback: number;
}

interface Keyed {
  readonly event: StatusEvent;
  readonly key: number;
  readonly rollback: number;
}

const keyOf = (event: StatusEvent): Keyed => {
  const parsed = timestampKey(event.at);
  return {
    event,
    key: Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed,
    rollback: isRollback(event) ? 1 : 0,
  };
};

/** The canonical order of {@link orderEvents}, as a comparator. */
const compareKeyed = (left: Keyed, right: Keyed): number => {
  if (left.key !== right.key) return left.key < right.key ? -1 : 1;
  if (left.rollback !== right.rollback) return left.rollback - right.rollback;
  const a = left.event.event_id;
  const b = right.event.event_id;
  return a < b ? -1 : a > b ? 1 : 0;
};

function apply(memo: Memo, event: StatusEvent): void {
  const previous = memo.states.get(event.wp_id);
  if (previous === undefined) memo.order.push(event.wp_id);
  memo.states.set(event.wp_id, {
    lane: event.to_lane,
    actor: event.actor,
    last_transition_at: event.at,
    last_event_id: event.event_id,
    force_count: (previous ?? UNTOUCHED).force_count + (event.force ? 1 : 0),
  });
}

function fresh(events: readonly StatusEvent[], knownWpIds: readonly string[]): Memo {
  const memo: Memo = {
    events,
    seen: new Set(events.map((event) => event.event_id)),
    states: new Map(knownWpIds.map((wpId) => [wpId, UNTOUCHED])),
    order: [...new Set(knownWpIds)],
    count: 0,
    last: undefined,
    lastKey: Number.NEGATIVE_INFINITY,
    lastRollback: 0,
  };
  const ordered = orderEvents(events);
  for (const event of ordered) apply(memo, event);
  memo.count = ordered.length;
  memo.last = ordered.at(-1);
  if (memo.last !== undefined) {
    const keyed = keyOf(memo.last);
    memo.lastKey = keyed.key;
    memo.lastRollback = keyed.rollback;
  }
  memo.order.sort(compareWpIds);
  return memo;
}

/** Apply what `events` added after `memo.events`, or return false when a full reduction is due. */
function extend(memo: Memo, events: readonly StatusEvent[]): boolean {
  const known = memo.events;
  if (events.length < known.length) return false;
  for (let index = 0; index < known.length; index++)
    if (events[index] !== known[index]) return false;
  const added: Keyed[] = [];
  const ids = new Set<string>();
  for (let index = known.length; index < events.length; index++) {
    const event = events[index] as StatusEvent;
    if (memo.seen.has(event.event_id) || ids.has(event.event_id)) continue; // first wins
    ids.add(event.event_id);
    added.push(keyOf(event));
  }
  added.sort(compareKeyed);
  const first = added[0];
  if (
    first !== undefined &&
    memo.last !== undefined &&
    compareKeyed(first, { event: memo.last, key: memo.lastKey, rollback: memo.lastRollback }) <= 0
  ) {
    return false; // an added event sorts before what was applied: the order changes
  }
  const sizeBefore = memo.order.length;
  for (const { event } of added) {
    memo.seen.add(event.event_id);
    apply(memo, event);
  }
  if (memo.order.length !== sizeBefore) memo.order.sort(compareWpIds);
  const last = added.at(-1);
  if (last !== undefined) {
    memo.last = last.event;
    memo.lastKey = last.key;
    memo.lastRollback = last.rollback;
  }
  memo.count += added.length;
  memo.events = events;
  return true;
}

function statusOf(memo: Memo): FeatureStatus {
  const summary = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
  const workPackages: Record<string, WorkPackageState> = {};
  for (const wpId of memo.order) {
    const state = memo.states.get(wpId) as WorkPackageState;
    workPackages[wpId] = state;
    summary[state.lane] += 1;
  }
  return {
    work_packages: workPackages,
    summary,
    event_count: memo.count,
    last_event_id: memo.last?.event_id ?? null,
    last_event_at: memo.last?.at ?? null,
  };
}

/**
 * A reducer that remembers its last reductions (one per set of known WP ids, the most recent
 * `capacity` sets). When the next log starts with the very same event objects (a log that only
 * grew, as a long-lived store returns it) and the new events all sort after the last one
 * applied, only the new events are applied; otherwise it reduces from scratch. The answer is
 * always exactly `reduceEvents(events, knownWpIds)`.
 *
 * @example
 * ```ts
 * const reducer = createEventReducer();
 * const before = reducer.reduce(events, ['WP01']);
 * const after = reducer.reduce([...events, claimed], ['WP01']); // applies one event
 * ```
 */
export function createEventReducer(capacity = 16): EventReducer {
  const memos = new Map<string, Memo>();
  return {
    reduce(events, knownWpIds) {
      const key = knownWpIds.join('\n');
      let memo = memos.get(key);
      if (memo === undefined || !extend(memo, events)) memo = fresh(events, knownWpIds);
      memos.delete(key);
      memos.set(key, memo);
      if (memos.size > capacity) memos.delete(memos.keys().next().value as string);
      return statusOf(memo);
    },
  };
}
