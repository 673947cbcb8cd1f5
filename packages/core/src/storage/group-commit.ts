import { ResultAsync, err, errAsync, ok, okAsync, type Result } from 'neverthrow';
import { internalError, type HostError } from '../errors/host-error.js';
import type { LogEntry } from '../events/status-event.js';
import type { StatusSnapshot } from '../events/snapshot.js';
import type { LockedFeature, SpecStore } from '../ports/spec-store.js';

interface Job {
  readonly work: (feature: LockedFeature) => ResultAsync<unknown, HostError>;
  readonly settle: (result: Result<unknown, HostError>) => void;
}

/**
 * Group commit over any {@link SpecStore}, for a long-running host (the HTTP server) where many
 * callers mutate one feature at once. Callers of `withFeatureLock` that arrive while the feature
 * is busy are served together, in arrival order, under ONE hold of the store's lock: the log is
 * read once, each caller sees the events of the callers before it, and all their events are
 * appended in one write (one fsync), followed by one snapshot. A caller's answer is released only
 * after that append succeeded, so nothing is answered that is not durable. A caller whose work
 * fails contributes no event; the append failing fails every caller that had events in it.
 *
 * Everything else passes through. Across processes nothing changes: the batch holds the same
 * lock any other process takes.
 *
 * @example
 * ```ts
 * const store = withGroupCommit(createFsSpecStore({ root }));
 * ```
 */
export function withGroupCommit(store: SpecStore): SpecStore {
  const queues = new Map<string, Job[]>();

  const drain = async (slug: string, queue: Job[]): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.splice(0, queue.length);
      const settled = new Set<Job>();
      const outcome = await store.withFeatureLock(slug, (locked) =>
        ResultAsync.fromSafePromise(runBatch(locked, batch, settled)).andThen((result) => result),
      );
      if (outcome.isErr()) {
        // The lock could not be taken, or the batch's append failed: every caller still waiting
        // gets that error.
        for (const job of batch) if (!settled.has(job)) job.settle(err(outcome.error));
      }
    }
    queues.delete(slug);
  };

  const withFeatureLock = <T>(
    slug: string,
    work: (feature: LockedFeature) => ResultAsync<T, HostError>,
  ): ResultAsync<T, HostError> =>
    new ResultAsync(
      new Promise<Result<T, HostError>>((resolve) => {
        const job: Job = {
          work,
          settle: (result) => resolve(result as Result<T, HostError>),
        };
        const queue = queues.get(slug);
        if (queue !== undefined) {
          queue.push(job);
          return;
        }
        const fresh = [job];
        queues.set(slug, fresh);
        void drain(slug, fresh);
      }),
    );

  return {
    root: store.root,
    loadFeature: (slug) => store.loadFeature(slug),
    listFeatures: () => store.listFeatures(),
    resolveMission: (selector) => store.resolveMission(selector),
    readLanes: (slug) => store.readLanes(slug),
    readStatusFile: (slug, name) => store.readStatusFile(slug, name),
    readLeases: (slug) => store.readLeases(slug),
    readProjectConfig: (section) => store.readProjectConfig(section),
    readEvents: (slug) => store.readEvents(slug),
    subtaskStatus: (slug, wpId) => store.subtaskStatus(slug, wpId),
    readFeatureFile: (slug, name) => store.readFeatureFile(slug, name),
    activityLogs: (slug) => store.activityLogs(slug),
    withFeatureLock,
  };
}

/**
 * Run the jobs of one batch against a view of the locked feature, then append everything once.
 * Jobs are settled here once their events are durable; on a failed append the error is returned
 * and the caller settles the jobs that are still waiting.
 */
async function runBatch(
  locked: LockedFeature,
  batch: readonly Job[],
  settled: Set<Job>,
): Promise<Result<void, HostError>> {
  const initial = await locked.readEvents();
  if (initial.isErr()) return err(initial.error);
  const committed: LogEntry[] = [...initial.value];
  const toAppend: LogEntry[] = [];
  const done: { job: Job; result: Result<unknown, HostError>; appended: boolean }[] = [];
  let snapshot: StatusSnapshot | undefined;
  for (const job of batch) {
    const own: LogEntry[] = [];
    let ownSnapshot: StatusSnapshot | undefined;
    let open = true;
    const released = () =>
      errAsync(internalError(`The feature lock of ${locked.feature.slug} is no longer held`));
    const view: LockedFeature = {
      feature: locked.feature,
      readEvents: () => okAsync([...committed, ...own]),
      appendEvents: (events) => {
        if (!open) return released();
        own.push(...events);
        return okAsync(undefined);
      },
      writeSnapshot: (value) => {
        if (!open) return released();
        ownSnapshot = value;
        return okAsync(undefined);
      },
      updateMeta: (patch, options) => (open ? locked.updateMeta(patch, options) : released()),
      appendActivity: (wpId, line) => (open ? locked.appendActivity(wpId, line) : released()),
      revertActivity: (wpId) => (open ? locked.revertActivity(wpId) : released()),
      readLeases: () => locked.readLeases(),
      writeLeases: (leases) => (open ? locked.writeLeases(leases) : released()),
    };
    let result: Result<unknown, HostError>;
    try {
      result = await job.work(view);
    } catch (cause) {
      result = err(
        internalError(`The work run under the feature lock failed: ${String(cause)}`, cause),
      );
    }
    open = false; // a view leaked out of its work refuses writes, as a released lock does
    const appended = result.isOk() && own.length > 0;
    if (appended) {
      committed.push(...own);
      toAppend.push(...own);
    }
    if (result.isOk() && ownSnapshot !== undefined) snapshot = ownSnapshot;
    done.push({ job, result, appended });
  }
  if (toAppend.length > 0) {
    const written = await locked.appendEvents(toAppend);
    if (written.isErr()) {
      // Nothing of this batch is durable: callers without events keep their own answers.
      for (const entry of done) {
        if (!entry.appended) {
          entry.job.settle(entry.result);
          settled.add(entry.job);
        }
      }
      return err(written.error);
    }
  }
  // Derived data: a snapshot that cannot be written is rewritten by the next mutation.
  if (snapshot !== undefined) await locked.writeSnapshot(snapshot);
  for (const { job, result } of done) {
    job.settle(result);
    settled.add(job);
  }
  return ok(undefined);
}
