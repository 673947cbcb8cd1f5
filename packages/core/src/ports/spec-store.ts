import type { ResultAsync } from 'neverthrow';
import type { HostError, HostErrorOf } from '../errors/host-error.js';
import type { LogEntry } from '../events/status-event.js';
import type { StatusSnapshot } from '../events/snapshot.js';
import type { LeaseBook, LeaseRecord } from '../leases/lease.js';
import type { LanesManifest } from '../lanes/lanes-manifest.js';

/** One work package as its `tasks/WP##[-title].md` file declares it. */
export interface WorkPackageSpec {
  /** Canonical id, `WP` + digits, taken from the file name and equal to `work_package_id`. */
  readonly id: string;
  /** Frontmatter `title`, or `''`. */
  readonly title: string;
  /** Frontmatter `dependencies`; a non-list counts as none. Order is kept as written. */
  readonly dependencies: readonly string[];
  /** Absolute path of the WP file (the contract's `prompt_path`). */
  readonly promptPath: string;
  /**
   * Frontmatter `subtasks`: the WP's subtask roster (ids such as `T001`), in order. Absent when
   * the frontmatter has no `subtasks` key (contract 1.3 then falls back to tasks.md).
   */
  readonly subtasks?: readonly string[];
}

/** A feature directory `kitty-specs/<slug>/` as read from storage. */
export interface FeatureSpec {
  readonly slug: string;
  /** Absolute path of `kitty-specs/<slug>`: the primary surface (spec, tasks, meta.json). */
  readonly directory: string;
  /**
   * Absolute path of the directory holding `status.events.jsonl` and `status.json`: the status
   * surface. The feature directory itself, unless the mission keeps its status elsewhere (a
   * coordination worktree).
   */
  readonly statusDirectory: string;
  /** Every WP file of the feature, ordered numerically by id (WP2 before WP10). */
  readonly workPackages: readonly WorkPackageSpec[];
  /** The parsed `meta.json` object, or `{}` when the file is absent. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** Checkbox counts of one WP's `##` section of `tasks.md`. */
export interface SubtaskStatus {
  readonly checked: number;
  readonly unchecked: number;
  /** Every box in order, with the first `T<digits>` id written after it (or `null`). */
  readonly items?: readonly { readonly id: string | null; readonly checked: boolean }[];
}

/**
 * The feature documents of the primary surface a store reads as text (the board's title comes
 * from `spec.md`; its subtask counts of every WP from one read of `tasks.md`). Only these names:
 * a caller can never name any other path.
 */
export type FeatureDocument = 'spec.md' | 'plan.md' | 'tasks.md';

/** Every {@link FeatureDocument}: the names `readFeatureFile` answers, and no others. */
export const FEATURE_DOCUMENTS: readonly FeatureDocument[] = ['spec.md', 'plan.md', 'tasks.md'];

/**
 * Errors a storage read may return. `STATUS_READ_PATH_NOT_FOUND`: a coordination mission whose
 * coordination worktree is missing (its status is never read from anywhere else; the error's
 * data names the worktree and branch a caller may restore it from).
 */
export type StoreReadError =
  | HostErrorOf<'FEATURE_NOT_FOUND'>
  | HostErrorOf<'STATUS_READ_PATH_NOT_FOUND'>
  | HostErrorOf<'SPEC_INVALID'>
  | HostErrorOf<'EVENT_LOG_CORRUPT'>
  | HostErrorOf<'INTERNAL_ERROR'>;

/**
 * What a caller may do while it holds a feature's lock. Every method must only be called inside
 * {@link SpecStore.withFeatureLock}'s callback; the lock makes read → decide → write atomic with
 * respect to every other holder, in this process or any other.
 */
export interface LockedFeature {
  readonly feature: FeatureSpec;
  /**
   * Read the whole event log in file order: lane events and annotations (rows of other
   * subsystems are skipped and stay in the file). A bad line → `EVENT_LOG_CORRUPT` naming its
   * number. An unterminated last line that does not parse is an interrupted write and is skipped.
   */
  readEvents(): ResultAsync<readonly LogEntry[], StoreReadError>;
  /**
   * Append rows (lane events, annotations) as whole lines in one write, durably (fsync) before
   * resolving. An interrupted tail left by a crashed writer is truncated first; a line is never
   * glued onto another. May return `INTERNAL_ERROR` (I/O failure), in which case nothing was
   * appended.
   */
  appendEvents(events: readonly LogEntry[]): ResultAsync<void, HostErrorOf<'INTERNAL_ERROR'>>;
  /** Replace `status.json` atomically (temp file + rename). Deterministic for equal snapshots. */
  writeSnapshot(snapshot: StatusSnapshot): ResultAsync<void, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Merge `patch` into the primary `meta.json`, keeping every other key (a key whose patch value
   * is `undefined` is removed) and the file's formatting style (two-space indentation, trailing
   * newline; keys sorted and non-ASCII kept, as spec-kitty 3 writes it, with `sortKeys`).
   * Atomic. Returns the new object.
   */
  updateMeta(
    patch: Readonly<Record<string, unknown>>,
    options?: { readonly sortKeys?: boolean },
  ): ResultAsync<Readonly<Record<string, unknown>>, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Append `line` (one Markdown list line, no newline) at the end of the WP file's
   * `## Activity Log` section, creating the section at the end of the body when missing. The
   * frontmatter and everything else stay byte-for-byte identical (line endings follow the file's).
   * Atomic. Returns the absolute path of the file changed.
   */
  appendActivity(
    wpId: string,
    line: string,
  ): ResultAsync<string, HostErrorOf<'WP_NOT_FOUND'> | HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Undo this lock session's `appendActivity` calls on the WP file: put back, byte for byte, the
   * content it had before the first of them (so a caller whose follow-up step failed leaves the
   * disk as it was). Atomic; a no-op when nothing was appended to that WP in this session.
   */
  revertActivity(wpId: string): ResultAsync<void, HostErrorOf<'INTERNAL_ERROR'>>;
  /** The feature's lease records (runtime state, never history; see {@link SpecStore.readLeases}). */
  readLeases(): ResultAsync<LeaseBook, HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * Replace the feature's lease records, atomically. They live outside the committed tree (the
   * fs adapter keeps them under `.git/kittyhost/leases/`), so `git diff` of kitty-specs stays
   * clean. Without a place to keep them (not a git repository) nothing is written.
   */
  writeLeases(
    leases: Readonly<Record<string, LeaseRecord>>,
  ): ResultAsync<void, HostErrorOf<'INTERNAL_ERROR'>>;
}

/**
 * The storage port: the `kitty-specs/` tree of one project.
 *
 * Implementations: `@kittyhost/fs-adapter` (`createFsSpecStore`), and the in-memory
 * `createMemorySpecStore` of `@kittyhost/core/testing`. Both pass `describeSpecStoreContract`.
 *
 * @example
 * ```ts
 * const feature = await store.loadFeature('001-demo');
 * if (feature.isOk()) console.log(feature.value.workPackages.map((wp) => wp.id));
 * ```
 */
export interface SpecStore {
  /** Absolute path of the project root (the main checkout, never a workspace). */
  readonly root: string;
  /**
   * Resolve and read a feature. The slug is validated before any path is built: separators,
   * `..`, absolute paths, or anything resolving outside `kitty-specs/` (symlinks included) →
   * `FEATURE_NOT_FOUND`. A WP file whose `work_package_id` differs from its file name, or whose
   * frontmatter does not parse → `SPEC_INVALID` naming the file. The status surface is resolved
   * here (`statusDirectory`): for a coordination mission its coordination worktree's mission
   * directory (the primary directory while that worktree has none yet; a missing worktree →
   * `STATUS_READ_PATH_NOT_FOUND`, never the primary directory's husk log). Read-only.
   */
  loadFeature(slug: string): ResultAsync<FeatureSpec, StoreReadError>;
  /**
   * Resolve a contract 1.3 `--mission` selector to the mission's directory name (the canonical
   * slug every name is built from): a directory name as is; else a `mission_id` (exact) or its
   * first 8 characters (mid8, matched against each mission's `mission_id` and slug tail). No
   * match → `FEATURE_NOT_FOUND`; several → `MISSION_AMBIGUOUS_SELECTOR` with the candidates,
   * sorted. Read-only.
   */
  resolveMission(
    selector: string,
  ): ResultAsync<
    string,
    | HostErrorOf<'FEATURE_NOT_FOUND'>
    | HostErrorOf<'MISSION_AMBIGUOUS_SELECTOR'>
    | HostErrorOf<'INTERNAL_ERROR'>
  >;
  /**
   * The mission's execution lanes: `lanes.json` of the primary directory, parsed and checked
   * (`parseLanesManifest`); `null` when there is none. A file that does not read as lanes →
   * `SPEC_INVALID` naming it, never "no lanes". Read-only.
   */
  readLanes(slug: string): ResultAsync<LanesManifest | null, StoreReadError>;
  /**
   * The text of a file of the mission's status directory (`workflow-evidence.md`), or `null` when
   * there is none. `name` must be a plain file name (else `null`). Read-only.
   */
  readStatusFile(slug: string, name: string): ResultAsync<string | null, StoreReadError>;
  /**
   * Every feature directory under `kitty-specs/` (names that are safe slugs), sorted. A
   * project without `kitty-specs/` has none. Read-only.
   */
  listFeatures(): ResultAsync<readonly string[], HostErrorOf<'INTERNAL_ERROR'>>;
  /**
   * The lease records of a feature, without the lock (queries). A missing file is `missing`; a
   * file that does not read as lease records is `unreadable` (no lease information: a claim
   * never expires by accident). Never fails on the file's content.
   */
  readLeases(slug: string): ResultAsync<LeaseBook, StoreReadError>;
  /**
   * The project's `.kittify/config.yaml` as an object (`{}` when there is none). A file that
   * does not parse as a YAML mapping → `USAGE_ERROR` naming it. With `section`, an adapter may
   * answer `{}` without parsing a file that does not name it (start-up cost of every call).
   */
  readProjectConfig(
    section?: string,
  ): ResultAsync<
    Readonly<Record<string, unknown>>,
    HostErrorOf<'USAGE_ERROR'> | HostErrorOf<'INTERNAL_ERROR'>
  >;
  /**
   * Read the event log without taking the lock (queries). Appends are whole lines, so a
   * concurrent writer is never seen half-way, except as an unterminated tail, which is skipped.
   */
  readEvents(slug: string): ResultAsync<readonly LogEntry[], StoreReadError>;
  /**
   * Checkbox counts of the WP's `##` section of `tasks.md`; `null` when there is no tasks.md or
   * no section for the WP. Read-only.
   */
  subtaskStatus(slug: string, wpId: string): ResultAsync<SubtaskStatus | null, StoreReadError>;
  /**
   * The text of one feature document of the primary surface, or `null` when the feature has no
   * such file. `name` is one of {@link FeatureDocument}; anything else → `INTERNAL_ERROR`, no
   * path is built from it. Read-only.
   */
  readFeatureFile(slug: string, name: FeatureDocument): ResultAsync<string | null, StoreReadError>;
  /**
   * The activity log of every WP file of the feature, by WP id: the lines of its
   * `## Activity Log` section in file order — every non-blank line up to the next level-1/2
   * heading, without its line ending (the frontmatter and code fences are no section); `[]` when
   * the file has none. One read of the feature, whatever its size. The errors of
   * {@link SpecStore.loadFeature}. Read-only.
   */
  activityLogs(
    slug: string,
  ): ResultAsync<Readonly<Record<string, readonly string[]>>, StoreReadError>;
  /**
   * Run `work` while holding the feature's exclusive lock, safe across processes, with stale
   * lock recovery (a holder that died must not block the feature for longer than the stale
   * interval). The lock is released whatever `work` returns. Errors of `work` pass through.
   */
  withFeatureLock<T>(
    slug: string,
    work: (feature: LockedFeature) => ResultAsync<T, HostError>,
  ): ResultAsync<T, HostError>;
}
