import type {
  ContractGeneration,
  FeatureStatus,
  HostError,
  LaneModel,
  StatusSnapshot,
} from '@kittyhost/core';
import type { FeatureSpec } from '@kittyhost/core/ports';
import type { OptionSpec } from './options.js';

/**
 * The verbs of the contract: what a call does, whatever a generation names it
 * (`feature-state` and `mission-state` are both `state`). One operation per verb.
 */
export const VERBS = [
  'contract-version',
  'state',
  'ready',
  'resolve-workspace',
  'start-implementation',
  'start-review',
  'transition',
  'append-history',
  'accept',
  'merge',
  'heartbeat',
  // Ours, beside the contract: the board's reads (list-features, feature-board).
  'features',
  'board',
] as const;

/** One of {@link VERBS}. */
export type Verb = (typeof VERBS)[number];

/** One subcommand of a generation: its verb, summary and options (in `--help` order). */
export interface SubcommandSpec {
  readonly verb: Verb;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
}

/** The claim a `WP_ALREADY_CLAIMED` is about. */
export type ClaimKind = 'implementation' | 'review';

/** The human sentences a generation words differently. */
export interface GenerationMessages {
  alreadyClaimed(wpId: string, holder: string, claim: ClaimKind): string;
  notStartable(wpId: string, lane: string): string;
  notReviewable(wpId: string, lane: string): string;
  policyRequired(subcommand: string, to?: string): string;
  /** A JSON option that does not parse. */
  invalidJson(option: string, detail: string): string;
  /** A JSON option that is not an object. */
  notAnObject(option: string): string;
}

/**
 * A generation of the orchestrator-api contract as data: its names, selector, options, lane
 * model, identity fields, error renames, sentences, the form of the log lines its calls write,
 * and its `status.json`. The operations receive one; nothing else in them depends on it.
 */
export interface Generation {
  readonly version: ContractGeneration;
  readonly lanes: LaneModel;
  /** The selector option of every subcommand but `contract-version`. */
  readonly selector: 'feature' | 'mission';
  /** Subcommand name → spec, in the order help lists them. Aliases are names too. */
  readonly subcommands: Readonly<Record<string, SubcommandSpec>>;
  /** Does a mutation commit the status files (contract 1.3's status commits)? */
  readonly commitsStatus: boolean;
  /** Do workspace answers carry `lane_id`, `lane_branch`, `lane_base_ref` (1.3)? */
  readonly answersLaneFields: boolean;
  /** Is the selector a mission's directory name, `mission_id` or mid8 (1.3), or only the name? */
  readonly resolvesSelectors: boolean;
  /**
   * Are the execution lanes of `lanes.json` honoured (1.3: lane worktrees, lane merges), or is
   * every WP a lane of one in Kitty Host's own layout?
   */
  readonly executionLanes: boolean;
  /** The order in which `start-implementation` checks dependencies, the claim and the lane. */
  readonly startChecks: readonly ('dependencies' | 'claim' | 'lane')[];
  /** Holders a claim is taken over from without a conflict (1.3: blank, `unknown`, `implement-command`). */
  readonly abandonedHolders: readonly string[];
  /** What `start-review` does. */
  readonly startReview: StartReviewRules;
  /** How `transition` reads and checks its input. */
  readonly transitionRules: TransitionRules;
  /** Does `list-ready` name each WP's recommended base (its last dependency, 1.0)? */
  readonly recommendsBase: boolean;
  /** Does the WP set of answers include WPs the log names without a WP file (1.3)? */
  readonly listsLoggedWorkPackages: boolean;
  /** Where `append-history` writes: the WP file's activity log, committed (1.0), or an annotation row (1.3). */
  readonly history: 'activity-log' | 'annotation';
  /** What `accept` records. */
  readonly acceptRules: AcceptRules;
  /** meta.json keys naming the merge target, in order of precedence. */
  readonly targetKeys: readonly string[];
  /** The identity fields that open every answer about a feature. */
  identity(feature: FeatureSpec): Record<string, unknown>;
  /** The identity fields written into log lines of this generation's calls. */
  lineIdentity(feature: FeatureSpec): { feature_slug: string } | MissionLineIdentity;
  /** `status.json` as this generation's original host writes it. */
  snapshot(feature: FeatureSpec, status: FeatureStatus): StatusSnapshot;
  /** A model error as this generation names and shapes it (code, message, data fields). */
  projectError(error: HostError): HostError;
  readonly messages: GenerationMessages;
}

/** What `start-review` does in a generation. */
export interface StartReviewRules {
  /** The lane it moves a `for_review` WP to (1.0: back to `in_progress`; 1.3: `in_review`). */
  readonly to: 'in_progress' | 'in_review';
  /** Is `--review-ref` required (checked right after the policy's presence)? */
  readonly reviewRefRequired: boolean;
  /** The event's reason. */
  readonly reason: string | null;
  /** A WP already in the target lane answers `no_op: true` instead of a rejection. */
  readonly noOpInTarget: boolean;
}

/** What `accept-feature` / `accept-mission` records in a generation. */
export interface AcceptRules {
  /** `acceptance_mode` (and an `acceptance_history` entry) written to meta.json, or none. */
  readonly mode: string | null;
  /** meta.json is rewritten with sorted keys (spec-kitty 3's format). */
  readonly sortKeys: boolean;
  /** meta.json is committed (ours at 1.3). */
  readonly commitMeta: boolean;
  /** status.json is rewritten by an acceptance (the original does it even when refusing). */
  readonly rematerialize: boolean;
  /** The answer lists approved / done / merge-pending WPs. */
  readonly listsWorkPackages: boolean;
  /**
   * A mission whose branches change `.github/workflows` needs proof of a real CI run in its
   * `workflow-evidence.md` (`WORKFLOW_EVIDENCE_REQUIRED`, 1.3).
   */
  readonly workflowEvidence: boolean;
}

/** How `transition` reads and checks its input in a generation. */
export interface TransitionRules {
  /** An unknown `--to` is refused before anything else (1.3), or once the WP is found (1.0). */
  readonly laneCheckedFirst: boolean;
  /** `--review-ref` alone is approval evidence for a move to `done` (1.0, ours). */
  readonly reviewRefIsEvidence: boolean;
  /** The for_review commit gate: a commit in the workspace beyond where it started (1.3). */
  readonly commitGate: boolean;
  /** Subtask completion: tasks.md boxes (1.0), or the frontmatter roster and its marks (1.3). */
  readonly subtasks: 'tasks-md' | 'roster';
  /** Given evidence is stored as `{review, repos?, verification?}` only (1.3). */
  readonly normalizeEvidence: boolean;
  /** `--to doing` on a WP already in_progress succeeds and writes nothing (1.3). */
  readonly collapseAlias: boolean;
}

/** The identity of a contract 1.3 log line. */
export interface MissionLineIdentity {
  readonly mission_slug: string;
  readonly mission_id?: string;
}
