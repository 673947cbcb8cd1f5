import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  FEATURE_DOCUMENTS,
  countSubtasks,
  insertActivityLine,
  internalError,
  parseLanesManifest,
  specInvalid,
  readActivityLines,
  pythonJsonDumpsIndented,
  serializeSnapshot,
  wpNotFound,
  type HostError,
  type HostErrorOf,
  type LanesManifest,
  type LogEntry,
  type StatusSnapshot,
} from '@kittyhost/core';
import type {
  FeatureDocument,
  FeatureSpec,
  LockedFeature,
  SpecStore,
  StoreReadError,
  SubtaskStatus,
} from '@kittyhost/core/ports';
import { err, ok, ResultAsync, type Result } from 'neverthrow';
import { replaceDerivedFile, writeAtomically } from './internal/atomic-write.js';
import { appendEventLines, EVENT_LOG_FILE } from './internal/event-log.js';
import { EventLogReader } from './internal/event-log-cache.js';
import { acquireFeatureLock } from './internal/feature-lock.js';
import {
  isSafeSlug,
  resolveFeature,
  resolveFeatureDirectory,
  SPECS_DIRECTORY,
  type FeatureLocation,
} from './internal/feature-path.js';
import { resolveMissionSelector } from './internal/mission-selector.js';
import { errorCode, guard, ioError } from './internal/native-error.js';
import { META_FILE, parseMeta, readFeature } from './internal/read-feature.js';
import { readLeases, readProjectConfig, writeLeases } from './internal/leases.js';

/**
 * Options of {@link createFsSpecStore}.
 *
 * @example
 * ```ts
 * const options: FsSpecStoreOptions = { root: '/repo', staleLockMs: 5_000, lockTimeoutMs: 30_000 };
 * ```
 */
export interface FsSpecStoreOptions {
  /** The project root (the main checkout): the directory holding `kitty-specs/`. */
  readonly root: string;
  /**
   * A feature lock whose holder has not refreshed it for this long is stale and is taken over,
   * so a crashed holder blocks the feature at most this long. Default 10 000 ms, minimum 2 000 ms
   * (proper-lockfile's floor). The holder refreshes it every `staleLockMs / 2`.
   */
  readonly staleLockMs?: number;
  /** Give up waiting for a feature lock after this long (`INTERNAL_ERROR`). Default 60 000 ms. */
  readonly lockTimeoutMs?: number;
  /** Told about an unreadable lease file (a warning: its claims are treated as unleased). Default: stderr. */
  readonly onProblem?: (message: string) => void;
}

/** The snapshot's file name inside a feature directory. */
const SNAPSHOT_FILE = 'status.json';
const TASKS_MARKDOWN = 'tasks.md';
const LANES_FILE = 'lanes.json';
const WP_ID = /^WP\d+$/;

type InternalError = HostErrorOf<'INTERNAL_ERROR'>;

/**
 * The `SpecStore` port over the local file system: `kitty-specs/<slug>/` of one project, its WP
 * files, `meta.json`, `tasks.md`, the `status.events.jsonl` log and the `status.json` snapshot.
 * Queries never write; mutations run under a per-feature lock that is safe across processes and
 * recovers from crashed holders. Nothing throws: every native error becomes a `HostError` that
 * keeps it as `cause`.
 *
 * @example
 * ```ts
 * import { createFsSpecStore } from '@kittyhost/fs-adapter';
 *
 * const store = createFsSpecStore({ root: '/path/to/repo' });
 * const feature = await store.loadFeature('001-demo');
 * if (feature.isOk()) console.log(feature.value.workPackages.map((wp) => wp.id)); // ['WP01', …]
 * ```
 */
export function createFsSpecStore(options: FsSpecStoreOptions): SpecStore {
  const root = resolve(options.root);
  const staleMs = Math.max(finiteOr(options.staleLockMs, 10_000), 2_000);
  const timeoutMs = Math.max(finiteOr(options.lockTimeoutMs, 60_000), 0);

  // Parses only what was appended since this store's last read of a log (see EventLogReader).
  const eventLogs = new EventLogReader();
  const readEventLog = (path: string) => eventLogs.read(path);
  const onProblem =
    options.onProblem ??
    ((message: string) => process.stderr.write(`spec-kitty: warning: ${message}\n`));
  const locate = (slug: string) => guard('resolving the feature', () => resolveFeature(root, slug));

  const loadFeature = (slug: string): ResultAsync<FeatureSpec, StoreReadError> =>
    locate(slug).andThen((location) => guard('reading the feature', () => readFeature(location)));

  const readEvents = (slug: string): ResultAsync<readonly LogEntry[], StoreReadError> =>
    locate(slug).andThen((location) =>
      guard('reading the event log', () =>
        readEventLog(join(location.statusDirectory, EVENT_LOG_FILE)),
      ),
    );

  const listFeatureNames = async (): Promise<Result<readonly string[], InternalError>> => {
    const specs = join(root, SPECS_DIRECTORY);
    try {
      const entries = await readdir(specs, { withFileTypes: true });
      const slugs: string[] = [];
      for (const entry of entries) {
        if (!isSafeSlug(entry.name)) continue;
        if (entry.isDirectory()) slugs.push(entry.name);
        else if (entry.isSymbolicLink()) {
          // A link is a feature only when loadFeature would open it: a directory inside kitty-specs/.
          const resolved = await resolveFeatureDirectory(root, entry.name);
          if (resolved.isOk()) slugs.push(entry.name);
          else if (resolved.error.code === 'INTERNAL_ERROR') return err(resolved.error);
        }
      }
      return ok(slugs.sort());
    } catch (cause) {
      if (errorCode(cause) === 'ENOENT' || errorCode(cause) === 'ENOTDIR') return ok([]);
      return err(ioError('list', specs, cause));
    }
  };
  const listFeatures = (): ResultAsync<readonly string[], InternalError> =>
    guard('listing the features', listFeatureNames);

  const readLanes = (slug: string): ResultAsync<LanesManifest | null, StoreReadError> =>
    guard<LanesManifest | null, StoreReadError>('reading lanes.json', async () => {
      const directory = await resolveFeatureDirectory(root, slug);
      if (directory.isErr()) return err(directory.error);
      const path = join(directory.value, LANES_FILE);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (cause) {
        if (errorCode(cause) === 'ENOENT') return ok(null);
        return err(ioError('read', path, cause));
      }
      const parsed = parseLanesManifest(text);
      return parsed.isOk()
        ? ok(parsed.value)
        : err(specInvalid([`${LANES_FILE}: ${parsed.error}`]));
    });

  const subtaskStatus = (
    slug: string,
    wpId: string,
  ): ResultAsync<SubtaskStatus | null, StoreReadError> =>
    locate(slug).andThen((location) =>
      guard('reading tasks.md', async () => {
        if (!WP_ID.test(wpId)) return ok(null);
        const path = join(location.directory, TASKS_MARKDOWN);
        try {
          return ok(countSubtasks(await readFile(path, 'utf8'), wpId));
        } catch (cause) {
          if (errorCode(cause) === 'ENOENT') return ok(null);
          return err(ioError('read', path, cause));
        }
      }),
    );

  const readFeatureFile = (
    slug: string,
    name: FeatureDocument,
  ): ResultAsync<string | null, StoreReadError> =>
    locate(slug).andThen((location) =>
      guard(`reading ${String(name)}`, async () => {
        if (!FEATURE_DOCUMENTS.includes(name))
          return err(internalError(`Not a feature document: ${String(name)}`));
        const path = join(location.directory, name);
        try {
          return ok(await readFile(path, 'utf8'));
        } catch (cause) {
          if (errorCode(cause) === 'ENOENT') return ok(null);
          return err(ioError('read', path, cause));
        }
      }),
    );

  const activityLogs = (
    slug: string,
  ): ResultAsync<Readonly<Record<string, readonly string[]>>, StoreReadError> =>
    loadFeature(slug).andThen((feature) =>
      guard('reading the activity logs', async () => {
        const logs: Record<string, readonly string[]> = {};
        for (const workPackage of feature.workPackages) {
          try {
            // Synchronous, as loadFeature reads WP files: small files, far fewer syscalls.
            logs[workPackage.id] = readActivityLines(readFileSync(workPackage.promptPath, 'utf8'));
          } catch (cause) {
            return err(ioError('read', workPackage.promptPath, cause));
          }
        }
        return ok(logs);
      }),
    );

  const withFeatureLock = <T>(
    slug: string,
    work: (feature: LockedFeature) => ResultAsync<T, HostError>,
  ): ResultAsync<T, HostError> =>
    locate(slug).andThen((location) =>
      guard<T, HostError>('running work under the feature lock', async () => {
        const held = await acquireFeatureLock(location.directory, { staleMs, timeoutMs, slug });
        if (held.isErr()) return err(held.error);
        const lock = held.value;
        let released = false;
        try {
          // meta.json is read again now that the lock is held: what resolving read may be stale.
          const { metaText: _beforeTheLock, ...fresh } = location;
          const feature = await readFeature(fresh);
          if (feature.isErr()) return err(feature.error);
          const unavailable = () =>
            released ? internalError(`The feature lock of ${slug} is no longer held`) : lock.lost();
          const locked: LockedFeature = {
            ...lockedFeature(location, feature.value, readEventLog, unavailable),
            readLeases: () =>
              guard('reading the lease records', () => readLeases(root, location.slug, onProblem)),
            writeLeases: (leases) =>
              guard('writing the lease records', async () => {
                const problem = unavailable();
                return problem === null ? writeLeases(root, location.slug, leases) : err(problem);
              }),
          };
          return await runWork(work, locked);
        } finally {
          released = true;
          await lock.release();
        }
      }),
    );

  const readStatusFile = (slug: string, name: string) =>
    locate(slug).andThen((location) =>
      guard<string | null, StoreReadError>('reading a status file', async () => {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return ok(null);
        const path = join(location.statusDirectory, name);
        try {
          return ok(await readFile(path, 'utf8'));
        } catch (cause) {
          if (errorCode(cause) === 'ENOENT') return ok(null);
          return err(ioError('read', path, cause));
        }
      }),
    );

  return {
    root,
    listFeatures,
    readStatusFile,
    resolveMission: (selector) =>
      guard('resolving the mission selector', () =>
        resolveMissionSelector(root, selector, listFeatureNames),
      ),
    readLanes,
    loadFeature,
    readEvents,
    subtaskStatus,
    readFeatureFile,
    activityLogs,
    withFeatureLock,
    readLeases: (slug) =>
      locate(slug).andThen((location) =>
        guard('reading the lease records', () => readLeases(root, location.slug, onProblem)),
      ),
    readProjectConfig: (section) =>
      guard('reading .kittify/config.yaml', () => readProjectConfig(root, section)),
  };
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

/** Run the caller's work; a throw or a rejected ResultAsync becomes `INTERNAL_ERROR`. */
async function runWork<T>(
  work: (feature: LockedFeature) => ResultAsync<T, HostError>,
  locked: LockedFeature,
): Promise<Result<T, HostError>> {
  try {
    return await work(locked);
  } catch (cause) {
    return err(
      internalError(`The work run under the feature lock failed: ${String(cause)}`, cause),
    );
  }
}

/** The write side of a feature, valid while `unavailable()` answers `null`. */
function lockedFeature(
  location: FeatureLocation,
  feature: FeatureSpec,
  readEventLog: (path: string) => ReturnType<EventLogReader['read']>,
  unavailable: () => InternalError | null,
): Omit<LockedFeature, 'readLeases' | 'writeLeases'> {
  const path = (name: string) => join(location.directory, name);
  const statusPath = (name: string) => join(location.statusDirectory, name);
  /** Run a write only while the lock is still ours. */
  const write = <T, E>(
    what: string,
    run: () => Promise<Result<T, E>>,
  ): ResultAsync<T, E | InternalError> =>
    guard<T, E | InternalError>(what, async () => {
      const problem = unavailable();
      return problem === null ? run() : err(problem);
    });

  /** Bytes of each WP file before this session's first activity append, for revertActivity. */
  const originals = new Map<string, Buffer>();
  return {
    feature,
    readEvents: () =>
      guard('reading the event log', () => readEventLog(statusPath(EVENT_LOG_FILE))),
    appendEvents: (events) =>
      write('appending events', () => appendEventLines(statusPath(EVENT_LOG_FILE), events)),
    writeSnapshot: (snapshot: StatusSnapshot) =>
      write('writing status.json', () =>
        replaceDerivedFile(statusPath(SNAPSHOT_FILE), serializeSnapshot(snapshot)),
      ),
    updateMeta: (patch, options) =>
      write('updating meta.json', async () => {
        const metaPath = path(META_FILE);
        let current: Record<string, unknown> = {};
        try {
          const parsed = parseMeta(await readFile(metaPath, 'utf8'));
          if (parsed.isErr())
            return err(internalError(`Cannot update ${metaPath}: ${parsed.error}`));
          current = parsed.value;
        } catch (cause) {
          if (errorCode(cause) !== 'ENOENT') return err(ioError('read', metaPath, cause));
        }
        const merged: Record<string, unknown> = { ...current, ...patch };
        for (const [key, value] of Object.entries(patch))
          if (value === undefined) delete merged[key];
        const text =
          options?.sortKeys === true
            ? pythonJsonDumpsIndented(merged)
            : JSON.stringify(merged, null, 2);
        const written = await writeAtomically(metaPath, `${text}\n`);
        return written.map(() => merged as Readonly<Record<string, unknown>>);
      }),
    appendActivity: (wpId, line) =>
      write(
        'appending to the activity log',
        async (): Promise<Result<string, HostErrorOf<'WP_NOT_FOUND'> | InternalError>> => {
          const workPackage = feature.workPackages.find((candidate) => candidate.id === wpId);
          if (workPackage === undefined) return err(wpNotFound(feature.slug, wpId));
          const file = workPackage.promptPath;
          let bytes: Buffer;
          try {
            bytes = await readFile(file);
          } catch (cause) {
            return err(ioError('read', file, cause));
          }
          // latin1 maps every byte to one character, so bytes we do not touch stay byte-identical
          // (even invalid UTF-8); the inserted line is UTF-8 encoded first.
          const entry = Buffer.from(line, 'utf8').toString('latin1');
          const updated = insertActivityLine(bytes.toString('latin1'), entry);
          const written = await writeAtomically(file, Buffer.from(updated, 'latin1'));
          if (written.isOk() && !originals.has(file)) originals.set(file, bytes);
          return written.map(() => file);
        },
      ),
    revertActivity: (wpId) =>
      write('reverting the activity log', async (): Promise<Result<void, InternalError>> => {
        const file = feature.workPackages.find((candidate) => candidate.id === wpId)?.promptPath;
        const original = file === undefined ? undefined : originals.get(file);
        if (file === undefined || original === undefined) return ok(undefined);
        const written = await writeAtomically(file, original);
        if (written.isOk()) originals.delete(file);
        return written;
      }),
  };
}
