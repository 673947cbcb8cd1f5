import { LANES, type Lane } from '../lane/lane.js';
import type { ReviewResult } from '../lane/transition-request.js';
import {
  actorIdentity,
  type AnnotationEvent,
  type LogEntry,
  type StatusEvent,
} from './status-event.js';
import { timestampKey } from './timestamp.js';

/**
 * Runtime state the log keeps per WP beside its lane (annotation rows, and the claim metadata of
 * `planned → claimed`): `subtasks` marks (`{T001: 'done'}`), `notes` (contract 1.3 history
 * entries), and the original host's slots (`agent`, `shell_pid`, `assignee`, `role`, `model`, …).
 * Only the slots that were set are present.
 */
export type RuntimeSlots = Readonly<Record<string, unknown>> & {
  readonly subtasks?: Readonly<Record<string, string>>;
  readonly notes?: readonly string[];
};

/** The current state of one work package, as the log says. */
export interface WorkPackageState {
  readonly lane: Lane;
  /** Display identity of the actor of the last applied lane event, `null` when there is none. */
  readonly actor: string | null;
  readonly last_transition_at: string | null;
  readonly last_event_id: string | null;
  /** How many applied events were forced. */
  readonly force_count: number;
  /**
   * The last review outcome: set by any event carrying one, `null` after an exit from
   * `in_review` that carried none, absent when the WP never had either.
   */
  readonly review_result?: ReviewResult | null;
  /** Runtime slots ({@link RuntimeSlots}), absent when none was ever set. */
  readonly runtime?: RuntimeSlots;
}

/** A count for each of the nine lanes. */
export type LaneSummary = Readonly<Record<Lane, number>>;

/** The reduction of a feature's log. */
export interface FeatureStatus {
  /** Every known WP (from `knownWpIds` and from the log's lane events), ordered numerically. */
  readonly work_packages: Readonly<Record<string, WorkPackageState>>;
  readonly summary: LaneSummary;
  /** Number of distinct lane events applied (annotations are not counted). */
  readonly event_count: number;
  /** Id of the last lane event in applied order, or `null`. */
  readonly last_event_id: string | null;
  /** `at` of the last lane event in applied order, or `null`. */
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

/**
 * A review rollback: `in_review → in_progress`, or (as contract 1.0 hosts wrote it)
 * `for_review → in_progress` carrying a review_ref. It wins ties at one instant.
 */
export function isRollback(event: StatusEvent): boolean {
  if (event.to_lane !== 'in_progress') return false;
  return (
    event.from_lane === 'in_review' ||
    (event.from_lane === 'for_review' && event.review_ref !== null)
  );
}

/** Sort key of an event: its instant, with unparseable timestamps last. */
export function instantOf(at: string): number {
  const parsed = timestampKey(at);
  return Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
}

/**
 * The canonical order of lane events: duplicates of an `event_id` dropped (first occurrence
 * wins), then by `at` (as an instant, see {@link timestampKey}); at one instant a rollback is
 * applied after forward moves, so it wins; then by `event_id`. A total order, so the result never
 * depends on the input order.
 *
 * @example
 * ```ts
 * orderEvents([later, earlier, earlier]); // [earlier, later]
 * ```
 */
export function orderEvents(events: readonly StatusEvent[]): StatusEvent[] {
  return orderLaneEvents(events, undefined);
}

/**
 * {@link orderEvents} over a log's entries: the lane events in canonical order, the annotations
 * (in file order) pushed onto `annotations` on the way, so a reducer reads the log once.
 */
export function orderLaneEvents(
  entries: readonly LogEntry[],
  annotations: AnnotationEvent[] | undefined,
  /** Filled with every event id kept (a caller that needs them needs no second pass). */
  seen: Set<string> = new Set<string>(),
): StatusEvent[] {
  const unique: StatusEvent[] = [];
  const keys: number[] = [];
  const rollbacks: number[] = [];
  let sorted = true;
  for (const entry of entries) {
    if ('kind' in entry) {
      annotations?.push(entry);
      continue;
    }
    const event = entry;
    const size = seen.size;
    if (seen.add(event.event_id).size === size) continue; // a repeated event_id: first wins
    const key = instantOf(event.at);
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

/** Claim metadata `planned → claimed` copies from its policy into the runtime slots. */
const CLAIM_SLOTS = ['shell_pid', 'shell_pid_created_at', 'agent'] as const;

/**
 * The state after applying one lane event to `previous`: the new lane and actor, the force
 * count, the runtime slots carried over (plus a claim's metadata), and the review outcome.
 */
export function applyLaneEvent(
  previous: WorkPackageState | undefined,
  event: StatusEvent,
): WorkPackageState {
  const base = previous ?? UNTOUCHED;
  if (
    base.runtime === undefined &&
    base.review_result === undefined &&
    event.review_result === undefined &&
    event.from_lane !== 'in_review' &&
    typeof event.actor === 'string' &&
    !(
      event.to_lane === 'claimed' &&
      event.from_lane === 'planned' &&
      event.policy_metadata !== null
    )
  ) {
    // The common case (and every contract 1.0 log): the five fields, one object shape. Kept
    // small so that the engine inlines it into the reducers' loops.
    return {
      lane: event.to_lane,
      actor: event.actor,
      last_transition_at: event.at,
      last_event_id: event.event_id,
      force_count: base.force_count + (event.force ? 1 : 0),
    };
  }
  return applyLaneEventWithSlots(base, event);
}

/** {@link applyLaneEvent} when runtime slots, a review outcome or a structured actor are involved. */
function applyLaneEventWithSlots(base: WorkPackageState, event: StatusEvent): WorkPackageState {
  let runtime = base.runtime;
  const meta = event.policy_metadata;
  if (event.from_lane === 'planned' && event.to_lane === 'claimed' && meta !== null) {
    let claimed: Record<string, unknown> | undefined;
    for (const slot of CLAIM_SLOTS) {
      const value = meta[slot];
      // Truthiness for `agent` (an empty sidecar never blanks a real slot), presence otherwise.
      if (slot === 'agent' ? Boolean(value) : value !== null && value !== undefined)
        (claimed ??= {})[slot] = value;
    }
    if (claimed !== undefined) runtime = { ...runtime, ...claimed };
  }
  const state: {
    -readonly [K in keyof WorkPackageState]: WorkPackageState[K];
  } = {
    lane: event.to_lane,
    actor: actorIdentity(event.actor),
    last_transition_at: event.at,
    last_event_id: event.event_id,
    force_count: base.force_count + (event.force ? 1 : 0),
  };
  if (event.review_result !== undefined) state.review_result = event.review_result;
  else if (event.from_lane === 'in_review') state.review_result = null;
  else if (base.review_result !== undefined) state.review_result = base.review_result;
  if (runtime !== undefined) state.runtime = runtime;
  return state;
}

/** Slots an annotation replaces when it carries a non-empty value (latest wins). */
const REPLACE_SLOTS = [
  'shell_pid',
  'shell_pid_created_at',
  'agent',
  'assignee',
  'role',
  'agent_profile',
  'agent_profile_version',
  'model',
  'provider',
] as const;

const isBlankReview = (review: unknown): boolean =>
  typeof review === 'object' &&
  review !== null &&
  Object.values(review).every((value) => value === null || value === undefined || value === '');

/**
 * Fold one annotation's delta into a WP's runtime slots (the contract 1.3 host's rules): a claim
 * release first, then replaced slots (`""` never overwrites), subtask marks merged per id, notes
 * appended, tracker refs unioned (or replaced), a review override set (all-empty clears it).
 */
export function applyAnnotation(
  runtime: RuntimeSlots | undefined,
  annotation: AnnotationEvent,
): RuntimeSlots {
  const delta = annotation.delta;
  const next: Record<string, unknown> = { ...runtime };
  if (delta['release_runtime_claim'] === true) {
    for (const slot of CLAIM_SLOTS) next[slot] = null;
  }
  for (const slot of REPLACE_SLOTS) {
    const value = delta[slot];
    if (value !== null && value !== undefined && value !== '') next[slot] = value;
  }
  const subtasks = delta.subtasks;
  if (subtasks !== null && subtasks !== undefined && typeof subtasks === 'object') {
    next['subtasks'] = { ...(next['subtasks'] as Record<string, string> | undefined), ...subtasks };
  }
  if (typeof delta.note === 'string') {
    next['notes'] = [...((next['notes'] as string[] | undefined) ?? []), delta.note];
  }
  const replace = delta['tracker_refs_replace'];
  const refs = delta['tracker_refs'];
  if (Array.isArray(replace)) {
    next['tracker_refs'] = [...new Set(replace)];
  } else if (Array.isArray(refs)) {
    const merged = [...((next['tracker_refs'] as unknown[] | undefined) ?? [])];
    for (const ref of refs) if (!merged.includes(ref)) merged.push(ref);
    next['tracker_refs'] = merged;
  }
  if (delta['review'] !== undefined && delta['review'] !== null) {
    next['review'] = isBlankReview(delta['review']) ? null : delta['review'];
  }
  return next;
}

/**
 * Annotations in the order the host folds them: duplicates of an `event_id` dropped (first
 * wins), then by `at` and `event_id`.
 */
export function orderAnnotations(annotations: readonly AnnotationEvent[]): AnnotationEvent[] {
  const seen = new Set<string>();
  const unique = annotations.filter((annotation) => {
    const size = seen.size;
    return seen.add(annotation.event_id).size !== size;
  });
  return unique
    .map((annotation) => ({ annotation, key: instantOf(annotation.at) }))
    .sort((left, right) =>
      left.key !== right.key
        ? left.key < right.key
          ? -1
          : 1
        : left.annotation.event_id < right.annotation.event_id
          ? -1
          : left.annotation.event_id > right.annotation.event_id
            ? 1
            : 0,
    )
    .map(({ annotation }) => annotation);
}

/**
 * Fold ordered annotations over lane states (after every lane event, as the host does). A WP
 * that only has annotations and is not known is left out: without a lane event or a WP file
 * there is nothing to show it in.
 */
export function foldAnnotations(
  states: Map<string, WorkPackageState>,
  annotations: readonly AnnotationEvent[],
): void {
  for (const annotation of annotations) {
    const state = states.get(annotation.wp_id);
    if (state === undefined) continue;
    states.set(annotation.wp_id, { ...state, runtime: applyAnnotation(state.runtime, annotation) });
  }
}

/** An all-zero {@link LaneSummary}. */
export function emptySummary(): Record<Lane, number> {
  return Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
}

/**
 * Reduce a log (lane events and annotations) to the current state of every WP. Deterministic
 * whatever the line order and however often a line is repeated. WPs in `knownWpIds` without
 * events are `planned`; the summary counts every WP.
 *
 * @example
 * ```ts
 * const status = reduceEvents(entries, ['WP01', 'WP02']);
 * status.work_packages.WP01?.lane; // 'in_progress'
 * status.summary.planned;          // 1
 * ```
 */
export function reduceEvents(
  entries: readonly LogEntry[],
  knownWpIds: readonly string[] = [],
): FeatureStatus {
  const states = new Map<string, WorkPackageState>();
  for (const wpId of knownWpIds) states.set(wpId, UNTOUCHED);
  const annotations: AnnotationEvent[] = [];
  const ordered = orderLaneEvents(entries, annotations);
  for (const event of ordered) {
    states.set(event.wp_id, applyLaneEvent(states.get(event.wp_id), event));
  }
  if (annotations.length > 0) foldAnnotations(states, orderAnnotations(annotations));
  const summary = emptySummary();
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
