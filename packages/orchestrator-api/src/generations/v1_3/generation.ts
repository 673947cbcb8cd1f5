import { LANE_MODELS, missionSnapshotOf, type HostError } from '@kittyhost/core';
import type { Generation, SubcommandSpec } from '../generation.js';
import { missionIdentity, missionSlug, snapshotMissionNumber } from '../identity.js';
import { boardSubcommands } from '../../board/subcommands.js';
import { OPTION, selectorOption } from '../options.js';

const mission = selectorOption('mission');

const merge: SubcommandSpec = {
  verb: 'merge',
  summary:
    'Merge every approved or done work package into the target in dependency order; approved ones become done',
  options: [mission, OPTION.target, OPTION.strategy, OPTION.push],
};

/** The subcommands of contract 1.3.0, in help order (`consolidate-mission` is an alias). */
const SUBCOMMANDS_1_3: Readonly<Record<string, SubcommandSpec>> = {
  'contract-version': {
    verb: 'contract-version',
    summary:
      'Show the host contract version and the generations it serves; check a provider version',
    options: [OPTION.providerVersion],
  },
  'mission-state': {
    verb: 'state',
    summary: 'Show every work package of a mission with its lane, dependencies and last actor',
    options: [mission],
  },
  'list-ready': {
    verb: 'ready',
    summary: 'List planned work packages whose dependencies are all approved or done',
    options: [mission],
  },
  'resolve-workspace': {
    verb: 'resolve-workspace',
    summary: "Show a work package's workspace and prompt without creating or changing anything",
    options: [mission, OPTION.wp],
  },
  'start-implementation': {
    verb: 'start-implementation',
    summary:
      'Claim a work package and start it (planned -> claimed -> in_progress), creating its workspace',
    options: [mission, OPTION.wp, OPTION.actor, OPTION.policy],
  },
  'start-review': {
    verb: 'start-review',
    summary: 'Claim the review of a work package (for_review -> in_review)',
    options: [mission, OPTION.wp, OPTION.actor, OPTION.policy, OPTION.reviewRef],
  },
  transition: {
    verb: 'transition',
    summary: 'Move a work package to another lane',
    options: [
      mission,
      OPTION.wp,
      {
        name: 'to',
        kind: 'required-text',
        placeholder: '<lane>',
        description:
          'target lane: planned, claimed, in_progress (doing), for_review, in_review, approved, done, blocked, canceled',
      },
      OPTION.actor,
      OPTION.note,
      OPTION.policy,
      OPTION.force,
      OPTION.reviewRef,
      OPTION.reviewResult,
      OPTION.evidence,
      OPTION.subtasksComplete,
      OPTION.implementationEvidence,
    ],
  },
  'append-history': {
    verb: 'append-history',
    summary: "Append a history entry to a work package's status log",
    options: [mission, OPTION.wp, OPTION.actor, OPTION.requiredNote],
  },
  'accept-mission': {
    verb: 'accept',
    summary: 'Accept a mission whose work packages are all approved or done',
    options: [mission, OPTION.actor],
  },
  heartbeat: {
    verb: 'heartbeat',
    summary:
      "Renew the holder's lease of a claimed or in-review work package (ours; no event, no commit)",
    options: [mission, OPTION.wp, OPTION.actor],
  },
  'merge-mission': merge,
  'consolidate-mission': merge,
  ...boardSubcommands(mission),
};

/** What every 1.3 failure about a known mission carries first. */
function identityOf(error: HostError): Record<string, unknown> {
  const feature = error.context?.feature;
  if (feature === undefined) return {};
  return missionIdentity({
    slug: feature.slug,
    meta: feature.meta,
    directory: '',
    statusDirectory: '',
    workPackages: [],
  });
}

/** A 1.3 failure: code, message, and `data` fields exactly (message is added last). */
function failure(
  error: HostError,
  code: HostError['code'],
  message: string,
  data: Record<string, unknown>,
): HostError {
  return {
    code,
    message,
    details: data,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    ...(error.context === undefined ? {} : { context: error.context }),
  } as HostError;
}

/** Model codes as contract 1.3.0 names and shapes them (CONTRACT-1.3.md §1, §7–§10). */
function projectError1_3(error: HostError): HostError {
  const id = identityOf(error);
  switch (error.code) {
    case 'FEATURE_NOT_FOUND':
      return failure(
        error,
        'MISSION_NOT_FOUND',
        `Mission '${error.details.feature_slug}' not found in kitty-specs/`,
        {},
      );
    case 'WP_NOT_FOUND':
      return failure(
        error,
        'WP_NOT_FOUND',
        `Work package '${error.details.wp_id}' not found in ${error.details.feature_slug}`,
        {},
      );
    case 'FEATURE_NOT_READY':
      return failure(
        error,
        'MISSION_NOT_READY',
        `Mission has ${error.details.incomplete_wps.length} incomplete WP(s)`,
        { ...id, incomplete_wps: [...error.details.incomplete_wps].sort() },
      );
    case 'WP_ALREADY_CLAIMED':
      return failure(error, error.code, error.message, { ...id, ...error.details });
    case 'TRANSITION_REJECTED':
      return failure(
        error,
        error.code,
        error.message,
        error.details.lane_id === undefined
          ? {}
          : { ...id, wp_id: error.details.wp_id, lane_id: error.details.lane_id },
      );
    case 'DEPENDENCIES_NOT_SATISFIED':
      return failure(error, error.code, error.message, {
        ...id,
        wp_id: error.details.wp_id,
        unsatisfied_dependencies: error.details.unsatisfied_dependencies,
      });
    case 'LANE_ALLOCATION_FAILED':
    case 'WORKFLOW_EVIDENCE_REQUIRED':
    case 'MISSION_NOT_READY':
      return failure(error, error.code, error.message, { ...id, ...error.details });
    case 'PREFLIGHT_FAILED':
      return failure(error, error.code, 'Merge failed', { ...id, ...error.details });
    case 'MERGE_FAILED': {
      const { target_branch: target, ...rest } = error.details;
      return failure(error, 'PREFLIGHT_FAILED', 'Merge failed', {
        ...id,
        ...(target === undefined ? {} : { target_branch: target }),
        errors: [error.message],
        ...rest,
      });
    }
    case 'PUSH_FAILED': {
      const { target_branch: target, ...rest } = error.details;
      return failure(error, 'PREFLIGHT_FAILED', 'Merge failed', {
        ...id,
        ...(target === undefined ? {} : { target_branch: target }),
        errors: [error.message],
        ...rest,
      });
    }
    case 'UNSUPPORTED_STRATEGY':
      return failure(error, error.code, error.message, {
        strategy: error.details.strategy,
        supported: error.details.supported,
      });
    case 'CONTRACT_VERSION_MISMATCH':
    case 'EVENT_LOG_CORRUPT':
    case 'HISTORY_COMMIT_FAILED':
    case 'INTERNAL_ERROR':
    case 'MISSION_AMBIGUOUS_SELECTOR':
    case 'MISSION_NOT_FOUND':
    case 'POLICY_METADATA_REQUIRED':
    case 'POLICY_VALIDATION_FAILED':
    case 'SPEC_INVALID':
    case 'STATUS_READ_PATH_NOT_FOUND':
    case 'USAGE_ERROR':
      return error;
  }
}

/**
 * Contract 1.3.0 (CONTRACT-1.3.md): `--mission`, `mission-state`, `resolve-workspace`,
 * `accept-mission`, `merge-mission` (alias `consolidate-mission`); nine lanes with review
 * results and evidence; identity fields in every answer; log lines name `mission_slug` (and
 * `mission_id`); every lane change is committed with the status files.
 *
 * @example
 * ```ts
 * GENERATION_1_3.subcommands['merge-mission']?.verb; // 'merge'
 * ```
 */
export const GENERATION_1_3: Generation = {
  version: '1.3.0',
  lanes: LANE_MODELS['1.3.0'],
  selector: 'mission',
  subcommands: SUBCOMMANDS_1_3,
  commitsStatus: true,
  answersLaneFields: true,
  resolvesSelectors: true,
  executionLanes: true,
  startChecks: ['dependencies', 'claim', 'lane'],
  abandonedHolders: ['', 'unknown', 'implement-command'],
  startReview: {
    to: 'in_review',
    reviewRefRequired: false,
    reason: 'Started review via action command',
    noOpInTarget: true,
  },
  recommendsBase: false,
  listsLoggedWorkPackages: true,
  history: 'annotation',
  acceptRules: {
    mode: 'orchestrator',
    sortKeys: true,
    commitMeta: true,
    rematerialize: true,
    listsWorkPackages: true,
    workflowEvidence: true,
  },
  targetKeys: ['merge_target_branch', 'target_branch'],
  transitionRules: {
    laneCheckedFirst: true,
    reviewRefIsEvidence: false,
    commitGate: true,
    subtasks: 'roster',
    normalizeEvidence: true,
    collapseAlias: true,
  },
  identity: missionIdentity,
  lineIdentity: (spec) => {
    const id = spec.meta['mission_id'];
    return typeof id === 'string' && id !== ''
      ? { mission_slug: missionSlug(spec), mission_id: id }
      : { mission_slug: missionSlug(spec) };
  },
  snapshot: (spec, status) =>
    missionSnapshotOf(
      {
        mission_slug: missionSlug(spec),
        mission_number: snapshotMissionNumber(spec),
        mission_type: missionIdentity(spec).mission_type,
      },
      status,
    ),
  projectError: projectError1_3,
  messages: {
    alreadyClaimed: (wpId, holder, claim) =>
      `WP ${wpId} is already claimed for ${claim} by '${holder}'`,
    notStartable: (wpId, lane) => `WP ${wpId} is in '${lane}', cannot start implementation`,
    notReviewable: (wpId, lane) => `WP ${wpId} is in '${lane}', cannot start review`,
    policyRequired: (subcommand, to) =>
      to === undefined
        ? `--policy is required for ${subcommand}`
        : `--policy is required when transitioning to '${to}'`,
    invalidJson: (option, detail) => `Invalid JSON in --${option}: ${detail}`,
    notAnObject: (option) => `--${option} must decode to a JSON object`,
  },
};
