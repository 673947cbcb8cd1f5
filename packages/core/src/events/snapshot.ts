import { LANES_1_0, type Lane } from '../lane/lane.js';
import { LANE_MODELS } from '../generations/lane-model.js';
import type { LogEntry } from './status-event.js';
import {
  emptySummary,
  reduceEvents,
  type FeatureStatus,
  type LaneSummary,
  type WorkPackageState,
} from './reduce.js';
import { pythonJsonDumpsIndented } from './python-json.js';

/** One WP in a contract 1.0 `status.json`: the five fields of its reduced state. */
export interface SnapshotWorkPackage1_0 {
  readonly lane: Lane;
  readonly actor: string | null;
  readonly last_transition_at: string | null;
  readonly last_event_id: string | null;
  readonly force_count: number;
}

/**
 * The content of `status.json` as contract 1.0 hosts write it: a snapshot materialised from the
 * log, lanes projected onto 1.0's seven. Derived data: rewritten after every mutation and never
 * read as the source of truth.
 */
export interface StatusSnapshot1_0 {
  readonly feature_slug: string;
  /** The `at` of the last event, so equal logs give byte-identical snapshots. */
  readonly materialized_at: string | null;
  readonly event_count: number;
  readonly last_event_id: string | null;
  readonly summary: Readonly<Record<string, number>>;
  readonly work_packages: Readonly<Record<string, SnapshotWorkPackage1_0>>;
}

/** The identity fields a contract 1.3 `status.json` carries. */
export interface MissionIdentity {
  readonly mission_slug: string;
  /** `""` when the mission has no number yet. */
  readonly mission_number: string;
  readonly mission_type: string;
}

/**
 * The content of `status.json` as the contract 1.3 host writes it: identity, the nine-lane
 * summary, and per WP with lane events its reduced state with review outcome and runtime slots.
 */
export interface StatusSnapshot1_3 extends MissionIdentity {
  readonly materialized_at: string;
  readonly event_count: number;
  readonly last_event_id: string | null;
  readonly summary: LaneSummary;
  readonly work_packages: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A `status.json` of either generation. */
export type StatusSnapshot = StatusSnapshot1_0 | StatusSnapshot1_3;

/**
 * Build the contract 1.0 snapshot of a feature from its log and its known WP ids.
 *
 * @example
 * ```ts
 * const snapshot = materializeSnapshot('001-demo', entries, ['WP01', 'WP02']);
 * snapshot.summary.done; // 0
 * ```
 */
export function materializeSnapshot(
  featureSlug: string,
  entries: readonly LogEntry[],
  knownWpIds: readonly string[],
): StatusSnapshot1_0 {
  return snapshotOf(featureSlug, reduceEvents(entries, knownWpIds));
}

/**
 * The contract 1.0 snapshot of an already reduced log (see {@link materializeSnapshot}): every
 * known WP, lanes projected (`in_review` reads `for_review`, `approved` reads `done`).
 *
 * @example
 * ```ts
 * snapshotOf('001-demo', reducer.reduce(entries, ['WP01'])).event_count;
 * ```
 */
export function snapshotOf(featureSlug: string, status: FeatureStatus): StatusSnapshot1_0 {
  const project = LANE_MODELS['1.0.0'].project;
  const summary: Record<string, number> = Object.fromEntries(LANES_1_0.map((lane) => [lane, 0]));
  const workPackages: Record<string, SnapshotWorkPackage1_0> = {};
  for (const [wpId, state] of Object.entries(status.work_packages)) {
    const lane = project(state.lane);
    summary[lane] = (summary[lane] ?? 0) + 1;
    workPackages[wpId] = {
      lane,
      actor: state.actor,
      last_transition_at: state.last_transition_at,
      last_event_id: state.last_event_id,
      force_count: state.force_count,
    };
  }
  return {
    feature_slug: featureSlug,
    materialized_at: status.last_event_at,
    event_count: status.event_count,
    last_event_id: status.last_event_id,
    summary,
    work_packages: workPackages,
  };
}

/** A WP's entry in a 1.3 snapshot: its state with the runtime slots beside the lane fields. */
function missionWorkPackage(state: WorkPackageState): Record<string, unknown> {
  const entry: Record<string, unknown> = { ...state.runtime };
  entry['lane'] = state.lane;
  entry['actor'] = state.actor;
  entry['last_transition_at'] = state.last_transition_at;
  entry['last_event_id'] = state.last_event_id;
  entry['force_count'] = state.force_count;
  if (state.review_result !== undefined) entry['review_result'] = state.review_result;
  return entry;
}

/**
 * The contract 1.3 snapshot of a reduced log, as the original host materialises it: only WPs
 * with lane events (or runtime slots) appear, and the summary counts those.
 *
 * @example
 * ```ts
 * missionSnapshotOf({ mission_slug: 'demo-01M8RB29', mission_number: '', mission_type: 'software-dev' }, status);
 * ```
 */
export function missionSnapshotOf(
  identity: MissionIdentity,
  status: FeatureStatus,
): StatusSnapshot1_3 {
  const summary = emptySummary();
  const workPackages: Record<string, Record<string, unknown>> = {};
  for (const [wpId, state] of Object.entries(status.work_packages)) {
    if (state.last_event_id === null && state.runtime === undefined) continue;
    summary[state.lane] += 1;
    workPackages[wpId] = missionWorkPackage(state);
  }
  return {
    ...identity,
    materialized_at: status.last_event_at ?? '',
    event_count: status.event_count,
    last_event_id: status.last_event_id,
    summary,
    work_packages: workPackages,
  };
}

/**
 * Serialise a snapshot as both original hosts write `status.json`: Python's `json.dumps(…,
 * sort_keys=True, indent=2, ensure_ascii=False)` plus a trailing newline. Deterministic.
 *
 * @example
 * ```ts
 * serializeSnapshot(snapshot).endsWith('\n'); // true
 * ```
 */
export function serializeSnapshot(snapshot: StatusSnapshot): string {
  return `${pythonJsonDumpsIndented(snapshot)}\n`;
}
