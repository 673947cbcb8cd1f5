// Types of lane-mission.mjs (plain ESM, so benchmarks run it without a build).

/**
 * The directory of the shared spec-kitty 3.2 fixtures (`../shared/fixtures/spec-kitty-3.2/`
 * beside the repository); it may be absent (a fresh clone on CI).
 *
 * @example
 * ```ts
 * join(SPEC_KITTY_FIXTURES, 'coord-3wp.json');
 * ```
 */
export declare const SPEC_KITTY_FIXTURES: string;

/** A fixture of that directory, with the facts its manifest records. */
export interface SpecKittyFixture {
  readonly tarball: string;
  readonly manifest: string;
  readonly slug: string;
  readonly missionId: string;
  readonly mid8: string;
  readonly targetBranch: string;
  readonly coordinationBranch: string;
}

/**
 * `coord-3wp`: three WPs (WP02 after WP01, WP03 alone) planned by spec-kitty 3.2.6rc3 under its
 * default coordination topology, one lane each, right after `finalize-tasks`.
 *
 * @example
 * ```ts
 * COORD_3WP.slug; // 'coord-3wp-01M8RCK1'
 * ```
 */
export declare const COORD_3WP: SpecKittyFixture;

/**
 * Is the fixture there (tarball and `extract.sh`)? Tests that need it skip without it.
 *
 * @example
 * ```ts
 * describe.skipIf(!hasSpecKittyFixture())('on the 3.2 fixture', () => { … });
 * ```
 */
export declare function hasSpecKittyFixture(fixture?: SpecKittyFixture): boolean;

/**
 * Unpack a fixture under `destination` with its own `extract.sh` (which repairs the worktree
 * links) and return the repository's path. The fixture itself is never touched.
 *
 * @example
 * ```ts
 * const repo = extractSpecKittyFixture(mkdtempSync(join(tmpdir(), 'fx-'))); // …/h32-coord-3wp
 * ```
 */
export declare function extractSpecKittyFixture(
  destination: string,
  fixture?: SpecKittyFixture,
): string;

/** One WP of a mission built by {@link createLaneMission}. */
export interface LaneMissionWorkPackage {
  readonly id: string;
  readonly title?: string;
  readonly dependencies?: readonly string[];
  /** Its subtask roster. Default two ids (`T001`, `T002` for the first WP, …). */
  readonly subtasks?: readonly string[];
  /** Its `owned_files`. Default `src/<wp>.txt`. */
  readonly files?: readonly string[];
  /** The lane it shares with other WPs. Default a lane of its own (`lane-a`, `lane-b`, …). */
  readonly lane?: string;
}

/** Options of {@link createLaneMission}. */
export interface LaneMissionOptions {
  /** The human slug. Default `lanes-demo`. */
  readonly name?: string;
  /** The mid8 (and prefix of the mission_id). Default `01M8RB29`. */
  readonly mid8?: string;
  /** The target branch. Default `feat/<name>`. */
  readonly targetBranch?: string;
  /** `coord` (the host default: status on a coordination branch and worktree) or `lanes`. */
  readonly topology?: 'coord' | 'lanes';
  /** The WPs. Default WP01, WP02 (after WP01), WP03. */
  readonly workPackages?: readonly LaneMissionWorkPackage[];
  /** Leave the planning tools' untracked husk log in the primary dir (coord). Default true. */
  readonly husk?: boolean;
}

/** What {@link createLaneMission} made. */
export interface LaneMission {
  readonly root: string;
  readonly slug: string;
  readonly missionId: string;
  readonly mid8: string;
  readonly targetBranch: string;
  readonly topology: 'coord' | 'lanes';
  readonly coordinationBranch: string | null;
  readonly coordinationWorktree: string | null;
  readonly missionBranch: string;
  readonly planningCommit: string;
  /** lane id → its WPs. */
  readonly lanes: Readonly<Record<string, readonly string[]>>;
  readonly workPackages: readonly {
    readonly id: string;
    readonly dependencies: readonly string[];
    readonly subtasks: readonly string[];
    readonly files: readonly string[];
    readonly lane: string;
  }[];
}

/**
 * Build, in `root`, a mission laid out as spec-kitty 3.2's planning tools leave it: `main`, the
 * target branch with meta.json, spec and plan (the recorded planning commit), then tasks,
 * WP files and lanes.json; under `coord`, the coordination branch in
 * `.worktrees/<slug>-coord` holding the seed events (`genesis -> planned`) and the primary
 * dir's untracked husk log. Needs the `git` CLI.
 *
 * @example
 * ```ts
 * const mission = createLaneMission(mkdtempSync(join(tmpdir(), 'lanes-')), {
 *   workPackages: [{ id: 'WP01' }, { id: 'WP02', dependencies: ['WP01'] }],
 * });
 * mission.lanes; // { 'lane-a': ['WP01'], 'lane-b': ['WP02'] }
 * ```
 */
export declare function createLaneMission(root: string, options?: LaneMissionOptions): LaneMission;
