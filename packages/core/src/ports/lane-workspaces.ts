import type { MergeStrategy, Workspace } from './version-control.js';

/**
 * Where an execution lane of spec-kitty 3.2 lives: one linked worktree and one branch shared by
 * the WPs of the lane (CONTRACT-1.3.md §6). Names come from the canonical slug
 * (`laneWorktreeName`, `laneBranchName` of `@kittyhost/core`).
 */
export interface LanePlacement {
  /** The lane id, `lane-a`. */
  readonly laneId: string;
  /** The worktree's directory name under `<root>/.worktrees/`: `<slug>-<lane>`. */
  readonly worktreeName: string;
  /** The lane branch, `kitty/mission-<slug>-<lane>`. */
  readonly branch: string;
}

/** A branch merged into a lane at allocation, with the commit message of that merge. */
export interface LaneMergeSource {
  /** What the answer names it by: a dependency lane's id. */
  readonly laneId: string;
  readonly branch: string;
  readonly message: string;
}

/** What {@link LaneAllocationRequest.mode} asks. */
export type LaneAllocationMode = 'claim' | 'resume';

/** What `VersionControl.ensureLane` is asked. */
export interface LaneAllocationRequest extends LanePlacement {
  /** The WP taking (or continuing in) the lane: where it starts is recorded per WP. */
  readonly wpId: string;
  /**
   * `claim`: a WP starts in the lane. An existing worktree must be clean; the planning commit and
   * the dependency lanes are merged in; the lane HEAD after that is recorded as the WP's start
   * (unless one is recorded already). `resume`: the WP's holder continues (a no-op call, a
   * takeover): the worktree is only made present (re-attached when its directory is gone),
   * whatever it holds; nothing is merged.
   */
  readonly mode: LaneAllocationMode;
  /** The branch a new lane branch starts from: the coordination branch, else the mission branch. */
  readonly parent: string;
  /** The branch `parent` is created from when it does not exist (the target branch). */
  readonly parentFrom: string;
  /** The recorded planning-artifact commit, merged in when not yet an ancestor; `null`: none. */
  readonly planningCommit: string | null;
  /** The commit message of that merge. */
  readonly planningMessage: string;
  /** Dependency lanes in merge order; one whose branch does not exist is skipped. */
  readonly dependencies: readonly LaneMergeSource[];
  /**
   * Repository paths the lane worktree never shows (a sparse checkout, as spec-kitty registers
   * for coordination missions: the status files). Empty: a full checkout.
   */
  readonly hiddenPaths: readonly string[];
}

/** A lane's worktree after `ensureLane`. */
export interface LaneWorkspace extends Workspace {
  /** The lane branch's parent (`LaneAllocationRequest.parent`): the answer's `lane_base_ref`. */
  readonly baseRef: string;
  /** The lane HEAD recorded as this WP's start: the for_review commit gate counts beyond it. */
  readonly baseOid: string;
  /** What this call merged in, in order: `planning` and dependency lane ids. */
  readonly merged: readonly string[];
  /** Dependency lanes skipped because their branch does not exist. */
  readonly skippedDependencies: readonly string[];
}

/** What `VersionControl.inspectLane` is asked. */
export interface LaneInspection extends LanePlacement {
  /** The WP whose recorded start `baseOid` / `commitsAhead` refer to. */
  readonly wpId: string;
  /**
   * The branch to measure from when the WP has no recorded start (a lane another host
   * allocated): then merge commits do not count as implementation commits.
   */
  readonly fallbackBase: string;
}

/** One lane of a mission merge. */
export interface MissionLane extends LanePlacement {
  /** Message of the merge of the lane into the mission branch. */
  readonly message: string;
}

/** An untracked file of the main checkout that a mission merge may replace. */
export interface UntrackedFold {
  /** Repository path (`kitty-specs/<slug>/status.events.jsonl`). */
  readonly path: string;
  /**
   * `event-log`: its rows are folded into the merged event log, row by row (union, nothing
   * lost); `replace`: derived data that gives way to the merged file.
   */
  readonly fold: 'event-log' | 'replace';
}

/** What `VersionControl.integrateMission` is asked. */
export interface MissionIntegrationRequest {
  /** Names the journal that lets a rerun finish an interrupted merge (the mission slug). */
  readonly key: string;
  readonly target: string;
  readonly strategy: MergeStrategy;
  /** The mission branch the lanes are merged into first (created from the target if missing). */
  readonly missionBranch: string;
  /** The lanes, in `lanes.json` order. */
  readonly lanes: readonly MissionLane[];
  /** Message of the mission branch's merge (or squash commit) into the target. */
  readonly message: string;
  /** Untracked files of the main checkout the merged tree may replace (the husk status files). */
  readonly untracked: readonly UntrackedFold[];
  /** Message of the commit that folds an untracked event log into the target's log. */
  readonly foldMessage: string;
  /**
   * Only check: compute every merge and every refusal, move nothing, journal nothing (a
   * preflight that lists every problem at once). Answers as a real run would, `resumed: false`.
   */
  readonly dryRun?: boolean;
}

/** The result of `VersionControl.integrateMission`. */
export interface MissionIntegration {
  /** The lanes merged, in order (all of them, also when an earlier run had merged some). */
  readonly mergedLanes: readonly string[];
  /** The target's tip afterwards. */
  readonly targetTip: string;
  /** Whether this call finished a run that had been interrupted. */
  readonly resumed: boolean;
}

/** An integration that moved (or was moving) refs and has not been finished. */
export interface PendingIntegration {
  readonly target: string;
  readonly lanes: readonly string[];
}
