import type { StatusEvent } from './status-event.js';
import {
  reduceEvents,
  type FeatureStatus,
  type LaneSummary,
  type WorkPackageState,
} from './reduce.js';
import { pythonJsonDumps } from './status-event.js';

/**
 * The content of `status.json`: a snapshot materialised from the log. Derived data: it is
 * rewritten after every mutation and never read as the source of truth.
 */
export interface StatusSnapshot {
  readonly feature_slug: string;
  /** The `at` of the last event, so equal logs give byte-identical snapshots. */
  readonly materialized_at: string | null;
  readonly event_count: number;
  readonly last_event_id: string | null;
  readonly summary: LaneSummary;
  readonly work_packages: Readonly<Record<string, WorkPackageState>>;
}

/**
 * Build the snapshot of a feature from its log and its known WP ids.
 *
 * @example
 * ```ts
 * const snapshot = materializeSnapshot('001-demo', events, ['WP01', 'WP02']);
 * snapshot.summary.done; // 0
 * ```
 */
export function materializeSnapshot(
  featureSlug: string,
  events: readonly StatusEvent[],
  knownWpIds: readonly string[],
): StatusSnapshot {
  return snapshotOf(featureSlug, reduceEvents(events, knownWpIds));
}

/**
 * The snapshot of an already reduced log (see {@link materializeSnapshot}).
 *
 * @example
 * ```ts
 * snapshotOf('001-demo', reducer.reduce(events, ['WP01'])).event_count;
 * ```
 */
export function snapshotOf(featureSlug: string, status: FeatureStatus): StatusSnapshot {
  return {
    feature_slug: featureSlug,
    materialized_at: status.last_event_at,
    event_count: status.event_count,
    last_event_id: status.last_event_id,
    summary: status.summary,
    work_packages: status.work_packages,
  };
}

/**
 * Serialise a snapshot deterministically (sorted keys, like the log) with a trailing newline.
 *
 * @example
 * ```ts
 * serializeSnapshot(snapshot).endsWith('\n'); // true
 * ```
 */
export function serializeSnapshot(snapshot: StatusSnapshot): string {
  return `${pythonJsonDumps(snapshot)}\n`;
}
