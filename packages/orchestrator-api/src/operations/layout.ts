import {
  PLANNING_LANE,
  coordinationBranchOf,
  dependencyLanes,
  hiddenStatusPaths,
  laneBranchName,
  laneOfWorkPackage,
  laneWorktreeName,
  type HostError,
  type LanesManifest,
} from '@kittyhost/core';
import type { FeatureSpec, LaneAllocationRequest } from '@kittyhost/core/ports';
import { okAsync, type ResultAsync } from 'neverthrow';
import type { Project } from '../context.js';
import type { Generation } from '../generations/generation.js';

/**
 * Where a WP of an execution lane works (CONTRACT-1.3.md §6): the lane's worktree and branch,
 * shared with the lane's other WPs, and how a fresh lane is made.
 */
export interface LaneArm extends Omit<LaneAllocationRequest, 'wpId' | 'mode'> {
  /** Absolute path of the lane worktree, `<root>/.worktrees/<slug>-<lane>`. */
  readonly path: string;
  /** The answer's `lane_base_ref`: the coordination branch, else the target branch. */
  readonly baseRef: string;
}

/**
 * A mission's layout as contract 1.3 reads it: its `lanes.json` (when the generation honours
 * lanes and the mission has one), the coordination branch, the target. Every name comes from the
 * canonical slug.
 */
export interface MissionLayout {
  readonly lanes: LanesManifest | null;
  /** The coordination branch under a coordination topology, else `null`. */
  readonly coordinationBranch: string | null;
  /** The branch the mission merges into (meta.json, else lanes.json). */
  readonly target: string | null;
  /**
   * The lane a WP works in, or `null` for Kitty Host's own layout (no lanes.json, a WP it does
   * not list, a `lane-planning` WP): a lane of one WP in `<root>/.worktrees/<slug>-<WP>`.
   */
  laneOf(wpId: string): LaneArm | null;
}

const nonEmpty = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** The layout of a mission from its lanes manifest (pure). */
export function layoutOf(
  project: Project,
  feature: FeatureSpec,
  lanes: LanesManifest | null,
): MissionLayout {
  const slug = feature.slug;
  const coordinationBranch = coordinationBranchOf(feature.meta);
  const target = nonEmpty(feature.meta['target_branch']) ?? lanes?.targetBranch ?? null;
  return {
    lanes,
    coordinationBranch,
    target,
    laneOf: (wpId) => {
      const lane = lanes === null ? undefined : laneOfWorkPackage(lanes, wpId);
      if (lanes === null || lane === undefined || lane.laneId === PLANNING_LANE) return null;
      const parentFrom = target ?? lanes.targetBranch;
      return {
        laneId: lane.laneId,
        worktreeName: laneWorktreeName(slug, lane.laneId),
        branch: laneBranchName(slug, lane.laneId),
        // The lane worktree has the grammar of a workspace: `<root>/.worktrees/<slug>-<lane>`.
        path: project.vcs.workspacePath(slug, lane.laneId),
        baseRef: coordinationBranch ?? parentFrom,
        parent: coordinationBranch ?? lanes.missionBranch,
        parentFrom,
        planningCommit: lanes.planningCommit,
        planningMessage: `Merge recorded planning-artifact commit into ${lane.laneId} (FR-009)`,
        dependencies: dependencyLanes(lanes, lane).map((dependency) => ({
          laneId: dependency.laneId,
          branch: laneBranchName(slug, dependency.laneId),
          message: `Merge dependency lane ${dependency.laneId} into ${lane.laneId}`,
        })),
        hiddenPaths: coordinationBranch === null ? [] : hiddenStatusPaths(slug),
      };
    },
  };
}

/** Read a mission's layout: lanes.json only when the generation honours execution lanes. */
export function missionLayout(
  generation: Pick<Generation, 'executionLanes'>,
  project: Project,
  feature: FeatureSpec,
): ResultAsync<MissionLayout, HostError> {
  if (!generation.executionLanes) return okAsync(layoutOf(project, feature, null));
  return project.store.readLanes(feature.slug).map((lanes) => layoutOf(project, feature, lanes));
}
