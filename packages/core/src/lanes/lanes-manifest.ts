import { err, ok, type Result } from 'neverthrow';

/** The lane that spec-kitty gives every `planning_artifact` WP (worked on in the main checkout). */
export const PLANNING_LANE = 'lane-planning';

/** One execution lane of `lanes.json`: WPs that share one worktree and one branch. */
export interface ExecutionLane {
  /** `lane-a`, `lane-b`, …, or {@link PLANNING_LANE}. */
  readonly laneId: string;
  /** The WPs of the lane, in the order they are worked on. */
  readonly wpIds: readonly string[];
  /** Lanes holding dependencies of this lane's WPs (their tips are merged in at allocation). */
  readonly dependsOnLanes: readonly string[];
  /** Topological group: lanes of group 0 depend on nothing. */
  readonly parallelGroup: number;
  /** The files the lane's WPs own. */
  readonly writeScope: readonly string[];
}

/**
 * `kitty-specs/<slug>/lanes.json` as spec-kitty 3.2's `finalize-tasks` writes it
 * (CONTRACT-1.3.md §6), with the fields an orchestrator host uses.
 */
export interface LanesManifest {
  readonly version: number;
  readonly missionSlug: string;
  readonly missionId: string | null;
  /** The mission's integration branch, `kitty/mission-<human-slug>-<mid8>`. */
  readonly missionBranch: string;
  readonly targetBranch: string;
  /** In file order: `(parallel_group, lane_id)`. */
  readonly lanes: readonly ExecutionLane[];
  readonly computedAt: string;
  readonly computedFrom: string;
  readonly planningArtifactWps: readonly string[];
  /** The recorded planning-artifact commit each lane merges in (FR-009), or `null`. */
  readonly planningCommit: string | null;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function parseLane(value: unknown, index: number): Result<ExecutionLane, string> {
  const where = `lanes[${index}]`;
  if (!isObject(value)) return err(`${where} must be an object`);
  const { lane_id: laneId, wp_ids: wpIds } = value;
  if (!isText(laneId)) return err(`${where}.lane_id must be a non-empty string`);
  if (!isTextList(wpIds)) return err(`${where}.wp_ids must be a list of WP ids`);
  const optionalList = (key: string): Result<string[], string> => {
    const item = value[key];
    if (item === undefined || item === null) return ok([]);
    return isTextList(item) ? ok([...item]) : err(`${where}.${key} must be a list of strings`);
  };
  const depends = optionalList('depends_on_lanes');
  if (depends.isErr()) return err(depends.error);
  const scope = optionalList('write_scope');
  if (scope.isErr()) return err(scope.error);
  const group = value['parallel_group'] ?? 0;
  if (typeof group !== 'number' || !Number.isInteger(group))
    return err(`${where}.parallel_group must be an integer`);
  return ok({
    laneId,
    wpIds: [...wpIds],
    dependsOnLanes: depends.value,
    parallelGroup: group,
    writeScope: scope.value,
  });
}

/**
 * Parse the text of `lanes.json`. The fields spec-kitty requires on read (`version`,
 * `mission_slug`, `mission_branch`, `target_branch`, `lanes` with `lane_id` and `wp_ids`,
 * `computed_at`, `computed_from`) must be there and well-typed; anything else is a problem
 * naming the field, never "no lanes". Pure.
 *
 * @example
 * ```ts
 * const manifest = parseLanesManifest(text);
 * if (manifest.isOk()) console.log(manifest.value.lanes.map((lane) => lane.laneId)); // ['lane-a', …]
 * else console.log(manifest.error); // 'lanes[0].wp_ids must be a list of WP ids'
 * ```
 */
export function parseLanesManifest(text: string): Result<LanesManifest, string> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    return err(`not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (!isObject(value)) return err('must hold a JSON object');
  const version = value['version'];
  if (typeof version !== 'number' || !Number.isInteger(version))
    return err('version must be an integer');
  for (const key of [
    'mission_slug',
    'mission_branch',
    'target_branch',
    'computed_at',
    'computed_from',
  ]) {
    if (!isText(value[key])) return err(`${key} must be a non-empty string`);
  }
  const rawLanes = value['lanes'];
  if (!Array.isArray(rawLanes)) return err('lanes must be a list');
  const lanes: ExecutionLane[] = [];
  const seen = new Map<string, string>();
  for (const [index, raw] of rawLanes.entries()) {
    const lane = parseLane(raw, index);
    if (lane.isErr()) return err(lane.error);
    if (lanes.some((other) => other.laneId === lane.value.laneId))
      return err(`lane ${lane.value.laneId} is listed twice`);
    for (const wpId of lane.value.wpIds) {
      const other = seen.get(wpId);
      if (other !== undefined) return err(`${wpId} is in both ${other} and ${lane.value.laneId}`);
      seen.set(wpId, lane.value.laneId);
    }
    lanes.push(lane.value);
  }
  for (const lane of lanes) {
    const unknown = lane.dependsOnLanes.find((id) => !lanes.some((other) => other.laneId === id));
    if (unknown !== undefined) return err(`${lane.laneId} depends on unknown lane ${unknown}`);
  }
  const missionId = value['mission_id'];
  const planning = value['planning_commit_sha'];
  const artifacts = value['planning_artifact_wps'];
  return ok({
    version,
    missionSlug: value['mission_slug'] as string,
    missionId: isText(missionId) ? missionId : null,
    missionBranch: value['mission_branch'] as string,
    targetBranch: value['target_branch'] as string,
    lanes,
    computedAt: value['computed_at'] as string,
    computedFrom: value['computed_from'] as string,
    planningArtifactWps: isTextList(artifacts) ? [...artifacts] : [],
    planningCommit: isText(planning) && /^[0-9a-f]{40}$/.test(planning) ? planning : null,
  });
}

/**
 * The lane that lists `wpId`, or `undefined` (a WP of the legacy arm).
 *
 * @example
 * ```ts
 * laneOfWorkPackage(manifest, 'WP02')?.laneId; // 'lane-b'
 * ```
 */
export function laneOfWorkPackage(
  manifest: LanesManifest,
  wpId: string,
): ExecutionLane | undefined {
  return manifest.lanes.find((lane) => lane.wpIds.includes(wpId));
}

/**
 * The lanes `lane` depends on, in the order their tips are merged in: `(parallel_group,
 * lane_id)`, as spec-kitty's allocator orders them.
 *
 * @example
 * ```ts
 * dependencyLanes(manifest, laneB).map((lane) => lane.laneId); // ['lane-a']
 * ```
 */
export function dependencyLanes(manifest: LanesManifest, lane: ExecutionLane): ExecutionLane[] {
  return manifest.lanes
    .filter((candidate) => lane.dependsOnLanes.includes(candidate.laneId))
    .sort((left, right) =>
      left.parallelGroup !== right.parallelGroup
        ? left.parallelGroup - right.parallelGroup
        : left.laneId < right.laneId
          ? -1
          : left.laneId > right.laneId
            ? 1
            : 0,
    );
}
