import {
  UNTOUCHED,
  applyLaneEvent,
  compareWpIds,
  emptySummary,
  foldAnnotations,
  instantOf,
  isRollback,
  orderAnnotations,
  orderLaneEvents,
  type FeatureStatus,
  type WorkPackageState,
} from './reduce.js';
import {
  isAnnotation,
  type AnnotationEvent,
  type LogEntry,
  type StatusEvent,
} from './status-event.js';

/** Reduces logs like {@link reduceEvents}, reusing its last work when a log only grew. */
export interface EventReducer {
  /** Exactly `reduceEvents(entries, knownWpIds)`. */
  reduce(entries: readonly LogEntry[], knownWpIds: readonly string[]): FeatureStatus;
}

/** Where the last reduction of one WP set ended. */
interface Memo {
  /** The array last reduced: its elements, by identity, must start the next one. */
  entries: readonly LogEntry[];
  seen: Set<string>;
  /** Lane states after every lane event (annotations are folded on top when answering). */
  states: Map<string, WorkPackageState>;
  /** WP ids in numeric order (recomputed only when a new id appears). */
  order: string[];
  count: number;
  last: StatusEvent | undefined;
  lastKey: number;
  lastRollback: number;
  annotations: AnnotationEvent[];
  /** `annotations` in fold order, or `undefined` when it must be sorted again. */
  orderedAnnotations: AnnotationEvent[] | undefined;
}

interface Keyed {
  readonly event: StatusEvent;
  readonly key: number;
  readonly rollback: number;
}

const keyOf = (event: StatusEvent): Keyed => ({
  event,
  key: instantOf(event.at),
  rollback: isRollback(event) ? 1 : 0,
});

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
  memo.states.set(event.wp_id, applyLaneEvent(previous, event));
}

function fresh(entries: readonly LogEntry[], knownWpIds: readonly string[]): Memo {
  const annotations: AnnotationEvent[] = [];
  const seen = new Set<string>();
  const ordered = orderLaneEvents(entries, annotations, seen);
  const memo: Memo = {
    entries,
    seen,
    states: new Map(knownWpIds.map((wpId) => [wpId, UNTOUCHED])),
    order: [...new Set(knownWpIds)],
    count: 0,
    last: undefined,
    lastKey: Number.NEGATIVE_INFINITY,
    lastRollback: 0,
    annotations,
    orderedAnnotations: undefined,
  };
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

/** Apply what `entries` added after `memo.entries`, or return false when a full reduction is due. */
function extend(memo: Memo, entries: readonly LogEntry[]): boolean {
  const known = memo.entries;
  if (entries.length < known.length) return false;
  for (let index = 0; index < known.length; index++)
    if (entries[index] !== known[index]) return false;
  const added: Keyed[] = [];
  const ids = new Set<string>();
  const addedAnnotations: AnnotationEvent[] = [];
  for (let index = known.length; index < entries.length; index++) {
    const entry = entries[index] as LogEntry;
    if (isAnnotation(entry)) {
      addedAnnotations.push(entry);
      continue;
    }
    if (memo.seen.has(entry.event_id) || ids.has(entry.event_id)) continue; // first wins
    ids.add(entry.event_id);
    added.push(keyOf(entry));
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
  if (addedAnnotations.length > 0) {
    memo.annotations.push(...addedAnnotations);
    memo.orderedAnnotations = undefined;
  }
  memo.count += added.length;
  memo.entries = entries;
  return true;
}

function statusOf(memo: Memo): FeatureStatus {
  let states = memo.states;
  if (memo.annotations.length > 0) {
    memo.orderedAnnotations ??= orderAnnotations(memo.annotations);
    states = new Map(states);
    foldAnnotations(states, memo.orderedAnnotations);
  }
  const summary = emptySummary();
  const workPackages: Record<string, WorkPackageState> = {};
  for (const wpId of memo.order) {
    const state = states.get(wpId) as WorkPackageState;
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
 * `capacity` sets). When the next log starts with the very same entry objects (a log that only
 * grew, as a long-lived store returns it) and the new lane events all sort after the last one
 * applied, only the new entries are applied; otherwise it reduces from scratch. The answer is
 * always exactly `reduceEvents(entries, knownWpIds)`.
 *
 * @example
 * ```ts
 * const reducer = createEventReducer();
 * const before = reducer.reduce(entries, ['WP01']);
 * const after = reducer.reduce([...entries, claimed], ['WP01']); // applies one event
 * ```
 */
export function createEventReducer(capacity = 16): EventReducer {
  const memos = new Map<string, Memo>();
  return {
    reduce(entries, knownWpIds) {
      const key = knownWpIds.join('\n');
      let memo = memos.get(key);
      if (memo === undefined || !extend(memo, entries)) memo = fresh(entries, knownWpIds);
      memos.delete(key);
      memos.set(key, memo);
      if (memos.size > capacity) memos.delete(memos.keys().next().value as string);
      return statusOf(memo);
    },
  };
}
