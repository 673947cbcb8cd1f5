import { err, errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow';
import {
  featureNotFound,
  internalError,
  specInvalid,
  statusReadPathNotFound,
  wpNotFound,
  type HostError,
  type HostErrorOf,
} from '../errors/host-error.js';
import { compareWpIds } from '../events/reduce.js';
import { parseLanesManifest, type LanesManifest } from '../lanes/lanes-manifest.js';
import {
  coordinationBranchOf,
  coordinationWorktreeName,
  missionMid8,
} from '../lanes/mission-names.js';
import { missionSelectorMatcher, selectedMission } from '../lanes/mission-selector.js';
import { serializeSnapshot } from '../events/snapshot.js';
import { parseEventLine, parseEventLog, serializeLogEntry } from '../events/status-event.js';
import { pythonJsonDumpsIndented } from '../events/python-json.js';
import type {
  FeatureDocument,
  FeatureSpec,
  LockedFeature,
  SpecStore,
  StoreReadError,
  WorkPackageSpec,
} from '../ports/spec-store.js';
import { FEATURE_DOCUMENTS } from '../ports/spec-store.js';
import { WORK_PACKAGE_FILE, subtaskRoster } from '../markdown/work-package-file-name.js';
import { parseFrontmatterFields } from './memory-spec-store-text.js';
import { insertActivityLine, readActivityLines } from '../markdown/activity-log.js';
import { splitFrontmatter } from '../markdown/frontmatter.js';
import { countSubtasks } from '../markdown/subtasks.js';
import {
  NO_LEASES,
  parseLeaseBook,
  serializeLeaseBook,
  type LeaseBook,
  type LeaseRecord,
} from '../leases/lease.js';

/**
 * One WP file to create. Its file is `tasks/<fileName>` (default `<id>.md`).
 *
 * @example
 * ```ts
 * const seed: WorkPackageSeed = { id: 'WP07', fileName: 'WP07-adapter.md', title: 'Adapter', dependencies: ['WP01'] };
 * ```
 */
export interface WorkPackageSeed {
  /** The WP id; with `fileName` given, the store derives the id from the file name, as on disk. */
  readonly id: string;
  /** The file name under `tasks/`, e.g. `WP07-adapter.md`. Default `<id>.md`. */
  readonly fileName?: string;
  /** Frontmatter `title`; omitted from the file when undefined. */
  readonly title?: string;
  /** Frontmatter `dependencies`: normally a list of ids; any JSON value to model odd files. */
  readonly dependencies?: unknown;
  /** Frontmatter `work_package_id`: default `id`; `null` leaves the field out. */
  readonly workPackageId?: string | null;
  /** Frontmatter `subtasks` (the roster); omitted from the file when undefined. */
  readonly subtasks?: unknown;
  /** The Markdown body after the frontmatter. Default `# <id>\n`. */
  readonly body?: string;
}

/**
 * One feature directory to create. Every field is optional; `{}` is an empty feature.
 *
 * @example
 * ```ts
 * const feature: FeatureSeed = {
 *   workPackages: [{ id: 'WP01' }],
 *   meta: { target_branch: 'main' },
 *   tasksMd: '## WP01\n- [ ] T001\n',
 *   files: { 'tasks/README.md': '# not a WP\n' },
 * };
 * ```
 */
export interface FeatureSeed {
  readonly workPackages?: readonly WorkPackageSeed[];
  /** Written as `meta.json` (two-space JSON + newline); absent → no meta.json. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** The text of `tasks.md`. */
  readonly tasksMd?: string;
  /** The text of `status.events.jsonl`, exactly as it should be on disk. */
  readonly eventsText?: string;
  /** Any other file, by path relative to the feature directory (`/`-separated), e.g. `tasks/README.md`. */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * The coordination worktree of a mission whose meta.json names a coordination branch (topology
   * `coord`): `present` with the files of its `kitty-specs/<slug>/` (none: no mission dir yet),
   * or `missing`. The fs fixture writes it under `.worktrees/<slug>-coord/`. Absent: missing.
   */
  readonly coordination?: CoordinationSeed;
}

/**
 * A mission's coordination worktree (see {@link FeatureSeed.coordination}).
 *
 * @example
 * ```ts
 * const coordination: CoordinationSeed = { worktree: 'present', files: { 'status.events.jsonl': '' } };
 * ```
 */
export interface CoordinationSeed {
  readonly worktree: 'present' | 'missing';
  /** Files of the worktree's mission directory, relative `/` path → text. */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * A project: feature slug → feature.
 *
 * @example
 * ```ts
 * const project: ProjectSeed = { '001-demo': { workPackages: [{ id: 'WP01' }] }, '002-empty': {} };
 * ```
 */
export type ProjectSeed = Readonly<Record<string, FeatureSeed>>;

/**
 * The text of a WP file as the seeds describe it: `---`, the frontmatter fields as JSON values
 * (valid YAML), `---`, then the body. The fs contract fixture writes exactly this to disk.
 *
 * @example
 * ```ts
 * renderWorkPackageFile({ id: 'WP02', title: 'B', dependencies: ['WP01'] });
 * // '---\nwork_package_id: "WP02"\ntitle: "B"\ndependencies: ["WP01"]\n---\n# WP02\n'
 * ```
 */
export function renderWorkPackageFile(seed: WorkPackageSeed): string {
  const fields: string[] = [];
  const declared = seed.workPackageId === undefined ? seed.id : seed.workPackageId;
  if (declared !== null) fields.push(`work_package_id: ${JSON.stringify(declared)}`);
  if (seed.title !== undefined) fields.push(`title: ${JSON.stringify(seed.title)}`);
  if (seed.dependencies !== undefined)
    fields.push(`dependencies: ${JSON.stringify(seed.dependencies)}`);
  if (seed.subtasks !== undefined) fields.push(`subtasks: ${JSON.stringify(seed.subtasks)}`);
  return `---\n${fields.map((field) => `${field}\n`).join('')}---\n${seed.body ?? `# ${seed.id}\n`}`;
}

/**
 * Every file of a seeded feature, path relative to the feature directory → text.
 *
 * @example
 * ```ts
 * featureFiles({ meta: { a: 1 } }); // { 'meta.json': '{\n  "a": 1\n}\n' }
 * ```
 */
export function featureFiles(seed: FeatureSeed): Record<string, string> {
  const files: Record<string, string> = {};
  for (const workPackage of seed.workPackages ?? []) {
    files[`tasks/${workPackage.fileName ?? `${workPackage.id}.md`}`] =
      renderWorkPackageFile(workPackage);
  }
  if (seed.meta !== undefined) files['meta.json'] = `${JSON.stringify(seed.meta, null, 2)}\n`;
  if (seed.tasksMd !== undefined) files['tasks.md'] = seed.tasksMd;
  if (seed.eventsText !== undefined) files['status.events.jsonl'] = seed.eventsText;
  return { ...files, ...seed.files };
}

/**
 * Options of {@link createMemorySpecStore}.
 *
 * @example
 * ```ts
 * createMemorySpecStore({}, { root: '/repo' }).root; // '/repo'
 * ```
 */
export interface MemorySpecStoreOptions {
  /** The absolute root reported by the store and used in paths. Default `/memory/project`. */
  readonly root?: string;
  /** What `.kittify/config.yaml` holds (`readProjectConfig`). Default `{}`. */
  readonly projectConfig?: Readonly<Record<string, unknown>>;
}

/**
 * The in-memory store, plus access to its virtual files for tests.
 *
 * @example
 * ```ts
 * const store: MemorySpecStore = createMemorySpecStore({ '001-demo': {} });
 * store.writeFile('001-demo', 'status.events.jsonl', '{"torn');
 * store.files('001-demo'); // { 'status.events.jsonl': '{"torn' }
 * ```
 */
export interface MemorySpecStore extends SpecStore {
  /** The files of a feature (relative path → text), or `null` for an unknown slug. A copy. */
  files(slug: string): Record<string, string> | null;
  /** Create or replace one file of an existing feature (simulates edits and crashed writers). */
  writeFile(slug: string, relativePath: string, text: string): void;
  /** The text of a feature's lease file, or `undefined` when there is none. */
  leaseText(slug: string): string | undefined;
  /** Replace (or, with `undefined`, remove) a feature's lease file (simulates corruption). */
  writeLeaseText(slug: string, text: string | undefined): void;
  /** The files of a mission's coordination worktree mission dir, or `null` when it is missing. */
  coordinationFiles(slug: string): Record<string, string> | null;
  /** Make a mission's coordination worktree present (as restoring it does) or missing. */
  setCoordination(slug: string, seed: CoordinationSeed): void;
}

/** A settled Result as a ResultAsync. */
function lift<T, E>(result: Result<T, E>): ResultAsync<T, E> {
  return result.isOk() ? okAsync(result.value) : errAsync(result.error);
}

/** Same rule as the fs adapter: a plain directory name, never a path. */
function isSafeSlug(slug: unknown): slug is string {
  return (
    typeof slug === 'string' &&
    slug !== '' &&
    !/[/\\\0]/.test(slug) &&
    !slug.startsWith('.') &&
    !/^[A-Za-z]:/.test(slug)
  );
}

/**
 * An in-memory {@link SpecStore} over virtual feature directories, seeded from a plain
 * description. It follows the fs adapter's rules (file-name ids, frontmatter checks, tail repair,
 * activity log placement) and passes `describeSpecStoreContract`; `withFeatureLock` is an async
 * mutex per feature. WP frontmatter is read with a small YAML subset: one `key: <JSON value or
 * plain scalar>` per line, which is what {@link renderWorkPackageFile} writes.
 *
 * @example
 * ```ts
 * const store = createMemorySpecStore({
 *   '001-demo': { workPackages: [{ id: 'WP01', title: 'Setup' }, { id: 'WP02', dependencies: ['WP01'] }] },
 * });
 * (await store.loadFeature('001-demo'))._unsafeUnwrap().workPackages.length; // 2
 * ```
 */
export function createMemorySpecStore(
  seed: ProjectSeed = {},
  options: MemorySpecStoreOptions = {},
): MemorySpecStore {
  const root = (options.root ?? '/memory/project').replace(/\/+$/, '') || '/';
  const features = new Map<string, Map<string, string>>();
  for (const [slug, feature] of Object.entries(seed)) {
    features.set(slug, new Map(Object.entries(featureFiles(feature))));
  }
  const coordinations = new Map<string, Map<string, string> | null>();
  for (const [slug, feature] of Object.entries(seed)) {
    if (feature.coordination !== undefined)
      coordinations.set(slug, coordinationMap(feature.coordination));
  }
  const locks = new Map<string, Promise<void>>();
  const leases = new Map<string, string>();
  const leaseBook = (slug: string): LeaseBook => {
    const text = leases.get(slug);
    return text === undefined ? NO_LEASES : parseLeaseBook(text);
  };
  const directoryOf = (slug: string) => `${root === '/' ? '' : root}/kitty-specs/${slug}`;

  const locate = (slug: string): Result<Map<string, string>, HostErrorOf<'FEATURE_NOT_FOUND'>> => {
    const files = isSafeSlug(slug) ? features.get(slug) : undefined;
    return files === undefined ? err(featureNotFound(String(slug))) : ok(files);
  };

  /**
   * Where a feature's status files live (CONTRACT-1.3.md §2), as the fs adapter resolves it: the
   * feature's own files, or a coordination worktree's mission dir (the feature's own while that
   * has none), or `STATUS_READ_PATH_NOT_FOUND` when the coordination worktree is missing.
   */
  const surfaceOf = (
    slug: string,
    files: Map<string, string>,
  ): Result<{ files: Map<string, string>; directory: string }, StoreReadError> => {
    const own = { files, directory: directoryOf(slug) };
    const text = files.get('meta.json');
    const meta = text === undefined ? {} : parseMeta(text);
    if (typeof meta === 'string') return ok(own);
    const branch = coordinationBranchOf(meta);
    if (branch === null) return ok(own);
    const mid8 = missionMid8(slug, meta);
    const worktree = `${root === '/' ? '' : root}/.worktrees/${coordinationWorktreeName(slug, mid8)}`;
    const candidate = `${worktree}/kitty-specs/${slug}`;
    const coordination = coordinations.get(slug) ?? null;
    if (coordination === null) {
      return err(
        statusReadPathNotFound({
          mission_slug: slug,
          mid8,
          coord_candidate: candidate,
          primary_candidate: own.directory,
          coordination_branch: branch,
          coordination_worktree: worktree,
        }),
      );
    }
    return ok(coordination.size > 0 ? { files: coordination, directory: candidate } : own);
  };

  const read = (slug: string): Result<FeatureSpec, StoreReadError> =>
    locate(slug).andThen((files) =>
      surfaceOf(slug, files).andThen((surface) =>
        readFeature(slug, directoryOf(slug), files, surface.directory),
      ),
    );

  const readEvents = (slug: string) =>
    locate(slug).andThen((files) =>
      surfaceOf(slug, files).andThen((surface) =>
        parseEventLog(
          surface.files.get('status.events.jsonl') ?? '',
          `${surface.directory}/status.events.jsonl`,
        ),
      ),
    );

  const resolveMission = (selector: string) => {
    if (locate(selector).isOk()) return okAsync(selector);
    const matches = missionSelectorMatcher(selector);
    if (matches === null) return errAsync(featureNotFound(String(selector)));
    const candidates = [...features.keys()].filter(isSafeSlug).filter((slug) => {
      const text = features.get(slug)?.get('meta.json');
      const meta = text === undefined ? {} : parseMeta(text);
      const raw = typeof meta === 'string' ? undefined : meta['mission_id'];
      return matches(slug, typeof raw === 'string' ? raw : null);
    });
    return lift(selectedMission(selector, candidates));
  };

  const readLanes = (slug: string): ResultAsync<LanesManifest | null, StoreReadError> => {
    const located = locate(slug);
    if (located.isErr()) return errAsync(located.error);
    const text = located.value.get('lanes.json');
    if (text === undefined) return okAsync(null);
    const parsed = parseLanesManifest(text);
    return parsed.isOk()
      ? okAsync(parsed.value)
      : errAsync(specInvalid([`lanes.json: ${parsed.error}`]));
  };

  const files = (slug: string): Record<string, string> | null => {
    const found = features.get(slug);
    return found === undefined ? null : Object.fromEntries(found);
  };

  const withFeatureLock = <T>(
    slug: string,
    work: (feature: LockedFeature) => ResultAsync<T, HostError>,
  ): ResultAsync<T, HostError> => {
    const located = locate(slug);
    if (located.isErr()) return errAsync(located.error);
    const files = located.value;
    const previous = locks.get(slug) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    locks.set(slug, tail);
    const run = async (): Promise<Result<T, HostError>> => {
      await previous;
      let held = true;
      try {
        const feature = read(slug);
        if (feature.isErr()) return err(feature.error);
        const surface = surfaceOf(slug, files)._unsafeUnwrap();
        const locked: LockedFeature = {
          ...lockedFeature(feature.value, files, surface, () => held),
          readLeases: () => okAsync(leaseBook(slug)),
          writeLeases: (records: Readonly<Record<string, LeaseRecord>>) => {
            if (!held)
              return errAsync(internalError(`The feature lock of ${slug} is no longer held`));
            leases.set(slug, serializeLeaseBook(records));
            return okAsync(undefined);
          },
        };
        try {
          return await work(locked);
        } catch (cause) {
          return err(
            internalError(`The work run under the feature lock failed: ${String(cause)}`, cause),
          );
        }
      } finally {
        held = false;
        release();
        if (locks.get(slug) === tail) locks.delete(slug);
      }
    };
    return new ResultAsync(run());
  };

  return {
    root,
    resolveMission,
    readLanes,
    readStatusFile: (slug, name) =>
      lift(
        locate(slug)
          .andThen((files) => surfaceOf(slug, files))
          .map((surface) =>
            /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) ? (surface.files.get(name) ?? null) : null,
          ),
      ),
    coordinationFiles: (slug) => {
      const coordination = coordinations.get(slug);
      return coordination === undefined || coordination === null
        ? null
        : Object.fromEntries([...coordination].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    setCoordination: (slug, coordination) =>
      void coordinations.set(slug, coordinationMap(coordination)),
    listFeatures: () => okAsync([...features.keys()].filter(isSafeSlug).sort()),
    readLeases: (slug) => lift(locate(slug)).map(() => leaseBook(slug)),
    readProjectConfig: () => okAsync(options.projectConfig ?? {}),
    leaseText: (slug) => leases.get(slug),
    writeLeaseText: (slug, text) => {
      if (text === undefined) leases.delete(slug);
      else leases.set(slug, text);
    },
    loadFeature: (slug) => lift(read(slug)),
    readEvents: (slug) => lift(readEvents(slug)),
    subtaskStatus: (slug, wpId) => {
      const located = locate(slug);
      if (located.isErr()) return errAsync(located.error);
      const tasks = located.value.get('tasks.md');
      return okAsync(
        tasks === undefined || !/^WP\d+$/.test(wpId) ? null : countSubtasks(tasks, wpId),
      );
    },
    readFeatureFile: (slug: string, name: FeatureDocument) => {
      const located = locate(slug);
      if (located.isErr()) return errAsync(located.error);
      if (!FEATURE_DOCUMENTS.includes(name))
        return errAsync(internalError(`Not a feature document: ${String(name)}`));
      return okAsync(located.value.get(name) ?? null);
    },
    activityLogs: (slug) =>
      lift(read(slug)).map((feature) => {
        const texts = files(slug) ?? {};
        return Object.fromEntries(
          feature.workPackages.map((workPackage) => {
            const name = workPackage.promptPath.slice(workPackage.promptPath.lastIndexOf('/') + 1);
            return [workPackage.id, readActivityLines(texts[`tasks/${name}`] ?? '')];
          }),
        );
      }),
    withFeatureLock,
    files: (slug) => {
      const files = features.get(slug);
      return files === undefined
        ? null
        : Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    writeFile: (slug, relativePath, text) => {
      features.get(slug)?.set(relativePath, text);
    },
  };
}

/** A coordination seed as the store keeps it: its mission dir's files, or `null` when missing. */
function coordinationMap(seed: CoordinationSeed): Map<string, string> | null {
  return seed.worktree === 'missing' ? null : new Map(Object.entries(seed.files ?? {}));
}

function readFeature(
  slug: string,
  directory: string,
  files: ReadonlyMap<string, string>,
  statusDirectory: string,
): Result<FeatureSpec, StoreReadError> {
  const problems: string[] = [];
  const byId = new Map<string, string>();
  const workPackages: WorkPackageSpec[] = [];
  const names = [...files.keys()]
    .filter((path) => path.startsWith('tasks/') && !path.slice(6).includes('/'))
    .map((path) => path.slice(6))
    .filter((name) => WORK_PACKAGE_FILE.test(name))
    .sort();
  for (const name of names) {
    const id = (WORK_PACKAGE_FILE.exec(name) as RegExpExecArray)[1] as string;
    const label = `tasks/${name}`;
    const previous = byId.get(id);
    if (previous !== undefined) {
      problems.push(`tasks/${previous} and ${label} both declare ${id}`);
      continue;
    }
    byId.set(id, name);
    const fields = workPackageFields(label, id, files.get(`tasks/${name}`) ?? '');
    if (typeof fields === 'string') problems.push(fields);
    else workPackages.push({ id, ...fields, promptPath: `${directory}/tasks/${name}` });
  }
  let meta: Record<string, unknown> = {};
  const metaText = files.get('meta.json');
  if (metaText !== undefined) {
    const parsed = parseMeta(metaText);
    if (typeof parsed === 'string') problems.push(parsed);
    else meta = parsed;
  }
  if (problems.length > 0) return err(specInvalid(problems));
  return ok({
    slug,
    directory,
    statusDirectory,
    workPackages: workPackages.sort((a, b) => compareWpIds(a.id, b.id)),
    meta,
  });
}

function workPackageFields(
  label: string,
  id: string,
  text: string,
): { title: string; dependencies: string[]; subtasks?: string[] } | string {
  const split = splitFrontmatter(text);
  if (split.kind === 'none') return { title: '', dependencies: [] };
  if (split.kind === 'unclosed')
    return `${label}: the frontmatter opened by --- is never closed by a --- line`;
  const parsed = parseFrontmatterFields(split.yaml);
  if ('problem' in parsed) return `${label}: the frontmatter is not valid YAML: ${parsed.problem}`;
  const { work_package_id: declared, title, dependencies, subtasks } = parsed.fields;
  if (declared !== undefined && declared !== null && String(declared) !== id) {
    return `${label}: work_package_id ${String(declared)} does not match the id ${id} of the file name`;
  }
  return {
    title:
      typeof title === 'string'
        ? title
        : typeof title === 'number' || typeof title === 'boolean'
          ? String(title)
          : '',
    dependencies: Array.isArray(dependencies)
      ? dependencies.filter((item): item is string => typeof item === 'string')
      : [],
    ...withRoster(subtaskRoster(subtasks)),
  };
}

function withRoster(roster: string[] | undefined): { subtasks?: string[] } {
  return roster === undefined ? {} : { subtasks: roster };
}

/** `current` with `patch` applied: a key whose value is `undefined` is removed. */
export function mergeMeta(
  current: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete merged[key];
  return merged;
}

function parseMeta(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    return `meta.json: not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'meta.json: must hold a JSON object';
  return value as Record<string, unknown>;
}

function lockedFeature(
  feature: FeatureSpec,
  files: Map<string, string>,
  surface: { readonly files: Map<string, string>; readonly directory: string },
  held: () => boolean,
): Omit<LockedFeature, 'readLeases' | 'writeLeases'> {
  const status = surface.files;
  const directory = surface.directory;
  const notHeld = () => internalError(`The feature lock of ${feature.slug} is no longer held`);
  /** Text of each WP file before this session's first activity append, for revertActivity. */
  const originals = new Map<string, string>();
  return {
    feature,
    readEvents: () =>
      lift(
        parseEventLog(status.get('status.events.jsonl') ?? '', `${directory}/status.events.jsonl`),
      ),
    appendEvents: (events) => {
      if (!held()) return errAsync(notHeld());
      if (events.length === 0) return okAsync(undefined);
      let text = status.get('status.events.jsonl') ?? '';
      if (text !== '' && !text.endsWith('\n')) {
        const tailStart = text.lastIndexOf('\n') + 1;
        const tail = text.slice(tailStart).replace(/\r$/, '');
        text =
          tail.trim() !== '' && parseEventLine(tail, 0).isOk()
            ? `${text}\n`
            : text.slice(0, tailStart);
      }
      status.set(
        'status.events.jsonl',
        text + events.map((event) => `${serializeLogEntry(event)}\n`).join(''),
      );
      return okAsync(undefined);
    },
    writeSnapshot: (snapshot) => {
      if (!held()) return errAsync(notHeld());
      status.set('status.json', serializeSnapshot(snapshot));
      return okAsync(undefined);
    },
    updateMeta: (patch, options) => {
      if (!held()) return errAsync(notHeld());
      const text = files.get('meta.json');
      const current = text === undefined ? {} : parseMeta(text);
      if (typeof current === 'string')
        return errAsync(internalError(`Cannot update meta.json: ${current}`));
      const merged = mergeMeta(current, patch);
      files.set(
        'meta.json',
        options?.sortKeys === true
          ? `${pythonJsonDumpsIndented(merged)}\n`
          : `${JSON.stringify(merged, null, 2)}\n`,
      );
      return okAsync(merged);
    },
    appendActivity: (wpId, line) => {
      if (!held()) return errAsync(notHeld());
      const workPackage = feature.workPackages.find((candidate) => candidate.id === wpId);
      if (workPackage === undefined) return errAsync(wpNotFound(feature.slug, wpId));
      const path = `tasks/${workPackage.promptPath.slice(workPackage.promptPath.lastIndexOf('/') + 1)}`;
      const text = files.get(path);
      if (text === undefined)
        return errAsync(internalError(`Could not read ${workPackage.promptPath}: ENOENT`));
      if (!originals.has(path)) originals.set(path, text);
      files.set(path, insertActivityLine(text, line));
      return okAsync(workPackage.promptPath);
    },
    revertActivity: (wpId) => {
      if (!held()) return errAsync(notHeld());
      const workPackage = feature.workPackages.find((candidate) => candidate.id === wpId);
      if (workPackage === undefined) return okAsync(undefined);
      const path = `tasks/${workPackage.promptPath.slice(workPackage.promptPath.lastIndexOf('/') + 1)}`;
      const original = originals.get(path);
      if (original !== undefined) files.set(path, original);
      originals.delete(path);
      return okAsync(undefined);
    },
  };
}
