// Types of sample-project.mjs (plain ESM, so the demo and benchmarks run it without a build).

/**
 * The slug of the sample feature.
 *
 * @example
 * ```ts
 * join(root, 'kitty-specs', SAMPLE_FEATURE, 'tasks'); // …/kitty-specs/001-sample-feature/tasks
 * ```
 */
export declare const SAMPLE_FEATURE: '001-sample-feature';

/** One work package to plan: its file is `tasks/<id>-<slug>.md` (slug default `work`). */
export interface SampleWorkPackage {
  readonly id: string;
  readonly slug?: string;
  readonly title: string;
  readonly dependencies: readonly string[];
}

/**
 * The six WPs of the sample feature: WP01 → WP02, WP03 → WP04 (a diamond), WP05 on its own, and
 * WP06 after WP04 and WP05.
 *
 * @example
 * ```ts
 * SAMPLE_WORK_PACKAGES.map((wp) => wp.id); // ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06']
 * ```
 */
export declare const SAMPLE_WORK_PACKAGES: readonly SampleWorkPackage[];

/**
 * A valid policy of the orchestrator-api contract, as a provider sends it.
 *
 * @example
 * ```ts
 * spawnSync('spec-kitty', ['orchestrator-api', 'start-implementation', '--policy', JSON.stringify(SAMPLE_POLICY), …]);
 * ```
 */
export declare const SAMPLE_POLICY: {
  readonly orchestrator_id: string;
  readonly orchestrator_version: string;
  readonly agent_family: string;
  readonly approval_mode: string;
  readonly sandbox_mode: string;
  readonly network_mode: string;
  readonly dangerous_flags: readonly string[];
};

/**
 * Run the `git` CLI in `cwd` and return its trimmed stdout (throws when git fails).
 *
 * @example
 * ```ts
 * git(root, 'rev-parse', '--abbrev-ref', 'HEAD'); // 'main'
 * ```
 */
export declare function git(cwd: string, ...args: string[]): string;

/** Options of {@link createSampleProject}. */
export interface SampleProjectOptions {
  /** The WPs to plan. Default {@link SAMPLE_WORK_PACKAGES}. */
  readonly workPackages?: readonly SampleWorkPackage[] | undefined;
  /** The feature slug. Default {@link SAMPLE_FEATURE}. */
  readonly feature?: string | undefined;
  /** Whether the subtasks in tasks.md are checked (`[x]`). Default true. */
  readonly checkedSubtasks?: boolean | undefined;
}

/** What {@link createSampleProject} made. */
export interface SampleProject {
  readonly root: string;
  readonly feature: string;
  /** `<root>/kitty-specs/<feature>` */
  readonly featureDir: string;
  readonly workPackages: readonly SampleWorkPackage[];
}

/**
 * Create the sample project in `root` (an empty or new directory): spec, plan, tasks.md,
 * meta.json and one file per WP, committed on branch `main` of a new git repository.
 *
 * @example
 * ```ts
 * const { root, featureDir } = createSampleProject(mkdtempSync(join(tmpdir(), 'sample-')));
 * ```
 */
export declare function createSampleProject(
  root: string,
  options?: SampleProjectOptions,
): SampleProject;
