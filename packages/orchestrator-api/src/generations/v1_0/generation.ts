import { LANE_MODELS, hostError, snapshotOf, type HostError } from '@kittyhost/core';
import type { Generation, SubcommandSpec } from '../generation.js';
import { boardSubcommands } from '../../board/subcommands.js';
import { OPTION, selectorOption } from '../options.js';

const feature = selectorOption('feature');

/** The nine subcommands of contract 1.0.0, in help order. */
const SUBCOMMANDS_1_0: Readonly<Record<string, SubcommandSpec>> = {
  'contract-version': {
    verb: 'contract-version',
    summary: 'Show the host contract version; check a provider version against it',
    options: [OPTION.providerVersion],
  },
  'feature-state': {
    verb: 'state',
    summary: 'Show every work package with its lane and a count per lane',
    options: [feature],
  },
  'list-ready': {
    verb: 'ready',
    summary: 'List planned work packages whose dependencies are all done',
    options: [feature],
  },
  'start-implementation': {
    verb: 'start-implementation',
    summary:
      'Claim a work package and start it (planned -> claimed -> in_progress), creating its workspace',
    options: [feature, OPTION.wp, OPTION.actor, OPTION.policy],
  },
  'start-review': {
    verb: 'start-review',
    summary: 'Send a reviewed work package back to implementation (for_review -> in_progress)',
    options: [feature, OPTION.wp, OPTION.actor, OPTION.policy, OPTION.reviewRef],
  },
  transition: {
    verb: 'transition',
    summary: 'Move a work package to another lane',
    options: [
      feature,
      OPTION.wp,
      {
        name: 'to',
        kind: 'required-text',
        placeholder: '<lane>',
        description:
          'target lane: planned, claimed, in_progress (doing), for_review, done, blocked, canceled',
      },
      OPTION.actor,
      OPTION.note,
      OPTION.policy,
      OPTION.reviewRef,
      OPTION.force,
      OPTION.evidence,
    ],
  },
  'append-history': {
    verb: 'append-history',
    summary: "Append an entry to a work package's activity log and commit it",
    options: [feature, OPTION.wp, OPTION.actor, OPTION.requiredNote],
  },
  'accept-feature': {
    verb: 'accept',
    summary: 'Accept a feature whose work packages are all done',
    options: [feature, OPTION.actor],
  },
  heartbeat: {
    verb: 'heartbeat',
    summary: "Renew the holder's lease of a claimed work package (ours; no event, no commit)",
    options: [feature, OPTION.wp, OPTION.actor],
  },
  'merge-feature': {
    verb: 'merge',
    summary: 'Merge every done work package branch into the target, in dependency order',
    options: [feature, OPTION.target, OPTION.strategy, OPTION.push],
  },
  ...boardSubcommands(feature),
};

/** Model codes contract 1.0.0 does not know, in its own terms. */
function projectError1_0(error: HostError): HostError {
  switch (error.code) {
    case 'DEPENDENCIES_NOT_SATISFIED':
      return {
        ...hostError(
          'TRANSITION_REJECTED',
          `Dependencies of ${error.details.wp_id} are not done: ${error.details.unsatisfied_dependencies.join(', ')}`,
          {
            ...(error.details.from_lane === undefined
              ? {}
              : { from_lane: error.details.from_lane }),
            to_lane: 'in_progress',
            unsatisfied_dependencies: error.details.unsatisfied_dependencies,
          },
        ),
        ...(error.context === undefined ? {} : { context: error.context }),
      };
    case 'LANE_ALLOCATION_FAILED':
      return hostError(
        'TRANSITION_REJECTED',
        `Cannot provide the workspace of ${error.details.wp_id}: ${error.details.reason}`,
        { to_lane: 'in_progress' },
        error.cause,
      );
    case 'HISTORY_COMMIT_FAILED':
      return hostError('INTERNAL_ERROR', error.message, {}, error.cause);
    case 'MISSION_NOT_FOUND':
      return hostError('FEATURE_NOT_FOUND', error.message, { feature_slug: '' });
    case 'MISSION_NOT_READY':
    case 'WORKFLOW_EVIDENCE_REQUIRED':
      return hostError('FEATURE_NOT_READY', error.message, {
        incomplete_wps:
          error.code === 'MISSION_NOT_READY' ? (error.details.incomplete_wps ?? []) : [],
      });
    case 'CONTRACT_VERSION_MISMATCH':
    case 'EVENT_LOG_CORRUPT':
    case 'FEATURE_NOT_FOUND':
    case 'FEATURE_NOT_READY':
    case 'INTERNAL_ERROR':
    case 'MERGE_FAILED':
    case 'MISSION_AMBIGUOUS_SELECTOR':
    case 'POLICY_METADATA_REQUIRED':
    case 'POLICY_VALIDATION_FAILED':
    case 'PREFLIGHT_FAILED':
    case 'PUSH_FAILED':
    case 'SPEC_INVALID':
    case 'STATUS_READ_PATH_NOT_FOUND':
    case 'TRANSITION_REJECTED':
    case 'UNSUPPORTED_STRATEGY':
    case 'USAGE_ERROR':
    case 'WP_ALREADY_CLAIMED':
    case 'WP_NOT_FOUND':
      return error;
  }
}

/**
 * Contract 1.0.0 (CONTRACT.md): `--feature`, `feature-state`, `accept-feature`,
 * `merge-feature`; seven lanes (1.3's `in_review` reads `for_review`, `approved` reads `done`);
 * log lines name `feature_slug`; no status commits.
 *
 * @example
 * ```ts
 * GENERATION_1_0.subcommands['feature-state']?.verb; // 'state'
 * ```
 */
export const GENERATION_1_0: Generation = {
  version: '1.0.0',
  lanes: LANE_MODELS['1.0.0'],
  selector: 'feature',
  subcommands: SUBCOMMANDS_1_0,
  commitsStatus: false,
  answersLaneFields: false,
  resolvesSelectors: false,
  executionLanes: false,
  startChecks: ['claim', 'lane', 'dependencies'],
  abandonedHolders: [],
  startReview: {
    to: 'in_progress',
    reviewRefRequired: true,
    reason: null,
    noOpInTarget: false,
  },
  recommendsBase: true,
  listsLoggedWorkPackages: false,
  history: 'activity-log',
  acceptRules: {
    mode: null,
    sortKeys: false,
    commitMeta: false,
    rematerialize: false,
    listsWorkPackages: false,
    workflowEvidence: false,
  },
  targetKeys: ['target_branch'],
  transitionRules: {
    laneCheckedFirst: false,
    reviewRefIsEvidence: true,
    commitGate: false,
    subtasks: 'tasks-md',
    normalizeEvidence: false,
    collapseAlias: false,
  },
  identity: (spec) => ({ feature_slug: spec.slug }),
  lineIdentity: (spec) => ({ feature_slug: spec.slug }),
  snapshot: (spec, status) => snapshotOf(spec.slug, status),
  projectError: projectError1_0,
  messages: {
    alreadyClaimed: (wpId, holder) => `${wpId} is already claimed by ${holder}`,
    notStartable: (wpId, lane) =>
      `start-implementation needs a planned or claimed work package: ${wpId} is ${lane}`,
    notReviewable: (_wpId, lane) =>
      `Illegal transition: ${lane} -> in_progress (start-review needs for_review)`,
    policyRequired: () => 'This command requires --policy metadata',
    invalidJson: (option) => `--${option} is not valid JSON`,
    notAnObject: (option) => `--${option} must be a JSON object`,
  },
};
