import type { ErrorCode } from './error-code.js';

/**
 * The structured fields each error code carries. They are copied verbatim into the envelope's
 * `data` object, next to `message`.
 */
export interface ErrorDetails {
  CONTRACT_VERSION_MISMATCH: {
    readonly provider_version: string;
    readonly api_version: string;
    readonly min_supported_provider_version: string;
  };
  FEATURE_NOT_FOUND: { readonly feature_slug: string };
  WP_NOT_FOUND: { readonly feature_slug: string; readonly wp_id: string };
  TRANSITION_REJECTED: {
    readonly from_lane?: string;
    readonly to_lane?: string;
    readonly unsatisfied_dependencies?: readonly string[];
    /** The for_review commit gate names the WP and its execution lane. */
    readonly wp_id?: string;
    readonly lane_id?: string;
  };
  WP_ALREADY_CLAIMED: { readonly claimed_by: string; readonly requesting_actor: string };
  POLICY_METADATA_REQUIRED: Record<string, never>;
  POLICY_VALIDATION_FAILED: { readonly errors: readonly string[] };
  FEATURE_NOT_READY: { readonly incomplete_wps: readonly string[] };
  PREFLIGHT_FAILED: { readonly errors: readonly string[]; readonly target_branch?: string };
  MERGE_FAILED: {
    readonly merged_so_far: readonly string[];
    readonly failed_wp: string | null;
    readonly conflicts?: readonly string[];
    readonly target_branch?: string;
  };
  PUSH_FAILED: { readonly merged_wps: readonly string[]; readonly target_branch?: string };
  UNSUPPORTED_STRATEGY: { readonly strategy: string; readonly supported: readonly string[] };
  USAGE_ERROR: { readonly subcommand?: string };
  SPEC_INVALID: { readonly errors: readonly string[] };
  EVENT_LOG_CORRUPT: { readonly path?: string; readonly line: number };
  INTERNAL_ERROR: Record<string, never>;
  MISSION_NOT_FOUND: Record<string, never>;
  MISSION_NOT_READY: { readonly incomplete_wps?: readonly string[] };
  MISSION_AMBIGUOUS_SELECTOR: { readonly selector: string; readonly candidates: readonly string[] };
  STATUS_READ_PATH_NOT_FOUND: {
    readonly mission_slug: string;
    readonly mid8: string | null;
    readonly coord_candidate: string;
    readonly primary_candidate: string;
    /** The branch the missing coordination worktree checks out (ours: what a repair re-attaches). */
    readonly coordination_branch: string;
    /** The coordination worktree's top directory. */
    readonly coordination_worktree: string;
  };
  DEPENDENCIES_NOT_SATISFIED: {
    readonly wp_id: string;
    readonly unsatisfied_dependencies: readonly string[];
    /** The WP's lane when it was refused (contract 1.0 answers carry it). */
    readonly from_lane?: string;
  };
  LANE_ALLOCATION_FAILED: { readonly wp_id: string; readonly reason: string };
  HISTORY_COMMIT_FAILED: Record<string, never>;
  WORKFLOW_EVIDENCE_REQUIRED: { readonly required_evidence_path: string };
}

/**
 * Facts about a failure that are not part of every generation's `data`: which feature (mission)
 * it is about, so a contract generation can add its identity fields, and which subcommand
 * raised it. Never serialised as such.
 */
export interface ErrorContext {
  /** The feature the failing call was about, once it was read. */
  readonly feature?: { readonly slug: string; readonly meta: Readonly<Record<string, unknown>> };
}

/** A failure of one specific code: `{ code, message, details, cause? }`. */
export interface HostErrorOf<C extends ErrorCode> {
  readonly code: C;
  /** A human sentence. Never parse it: `code` is the discriminator. */
  readonly message: string;
  /** Structured fields that go into the envelope's `data`. */
  readonly details: ErrorDetails[C];
  /** The native error behind this one, when an adapter caught one. Never serialised. */
  readonly cause?: unknown;
  /** What the failure is about (see {@link ErrorContext}). Never serialised as such. */
  readonly context?: ErrorContext;
}

/**
 * The one error type of Kitty Host: a discriminated union over {@link ErrorCode}.
 *
 * @example
 * ```ts
 * import { featureNotFound, type HostError } from '@kittyhost/core';
 * const error: HostError = featureNotFound('001-demo');
 * if (error.code === 'FEATURE_NOT_FOUND') console.log(error.details.feature_slug);
 * ```
 */
export type HostError = { [C in ErrorCode]: HostErrorOf<C> }[ErrorCode];

/**
 * Build a {@link HostError} of any code. Prefer the named factories below.
 *
 * @example
 * ```ts
 * hostError('USAGE_ERROR', 'Missing option --feature', {});
 * ```
 */
export function hostError<C extends ErrorCode>(
  code: C,
  message: string,
  details: ErrorDetails[C],
  cause?: unknown,
): HostErrorOf<C> {
  return cause === undefined ? { code, message, details } : { code, message, details, cause };
}

/**
 * @example
 * ```ts
 * contractVersionMismatch({ provider_version: '0.0.9', api_version: '1.0.0', min_supported_provider_version: '0.1.0' });
 * ```
 */
export const contractVersionMismatch = (
  details: ErrorDetails['CONTRACT_VERSION_MISMATCH'],
  message = `Provider version ${details.provider_version} is not supported: contract ${details.api_version} needs at least ${details.min_supported_provider_version}`,
) => hostError('CONTRACT_VERSION_MISMATCH', message, details);

/** @example `featureNotFound('001-demo')` */
export const featureNotFound = (featureSlug: string, cause?: unknown) =>
  hostError(
    'FEATURE_NOT_FOUND',
    `Feature not found: ${featureSlug}`,
    { feature_slug: featureSlug },
    cause,
  );

/** @example `wpNotFound('001-demo', 'WP09')` */
export const wpNotFound = (featureSlug: string, wpId: string) =>
  hostError('WP_NOT_FOUND', `Work package ${wpId} not found in feature ${featureSlug}`, {
    feature_slug: featureSlug,
    wp_id: wpId,
  });

/** @example `transitionRejected('Illegal transition: planned -> done', { from_lane: 'planned', to_lane: 'done' })` */
export const transitionRejected = (
  message: string,
  details: ErrorDetails['TRANSITION_REJECTED'] = {},
) => hostError('TRANSITION_REJECTED', message, details);

/** @example `wpAlreadyClaimed('agent-a', 'agent-b')` */
export const wpAlreadyClaimed = (
  claimedBy: string,
  requestingActor: string,
  wpId = 'Work package',
  message = `${wpId} is already claimed by ${claimedBy}`,
) =>
  hostError('WP_ALREADY_CLAIMED', message, {
    claimed_by: claimedBy,
    requesting_actor: requestingActor,
  });

/** @example `policyMetadataRequired()` */
export const policyMetadataRequired = (message = 'This command requires --policy metadata') =>
  hostError('POLICY_METADATA_REQUIRED', message, {});

/** @example `policyValidationFailed(['Missing required field: agent_family'])` */
export const policyValidationFailed = (errors: readonly string[]) =>
  hostError('POLICY_VALIDATION_FAILED', `Policy validation failed: ${errors.join('; ')}`, {
    errors,
  });

/** @example `featureNotReady(['WP02'])` */
export const featureNotReady = (incompleteWps: readonly string[]) =>
  hostError(
    'FEATURE_NOT_READY',
    `Feature is not ready: work packages not done: ${incompleteWps.join(', ')}`,
    { incomplete_wps: incompleteWps },
  );

/** @example `preflightFailed(['WP01 workspace has uncommitted changes'])` */
export const preflightFailed = (errors: readonly string[]) =>
  hostError('PREFLIGHT_FAILED', `Merge preflight failed: ${errors.join('; ')}`, { errors });

/** @example `mergeFailed(['WP01'], 'WP02', 'conflict in src/a.ts', ['src/a.ts'])` */
export const mergeFailed = (
  mergedSoFar: readonly string[],
  failedWp: string | null,
  message: string,
  conflicts?: readonly string[],
  cause?: unknown,
) =>
  hostError(
    'MERGE_FAILED',
    message,
    conflicts === undefined
      ? { merged_so_far: mergedSoFar, failed_wp: failedWp }
      : { merged_so_far: mergedSoFar, failed_wp: failedWp, conflicts },
    cause,
  );

/** @example `pushFailed(['WP01'], 'remote rejected the push')` */
export const pushFailed = (mergedWps: readonly string[], message: string, cause?: unknown) =>
  hostError('PUSH_FAILED', message, { merged_wps: mergedWps }, cause);

/**
 * The original hosts' words and data: the supported names sorted, listed as Python prints a list.
 *
 * @example `unsupportedStrategy('octopus', ['merge', 'squash', 'rebase'])` // "Strategy 'octopus' is not supported. Supported strategies: ['merge', 'rebase', 'squash']"
 */
export const unsupportedStrategy = (strategy: string, supported: readonly string[]) => {
  const sorted = [...supported].sort();
  return hostError(
    'UNSUPPORTED_STRATEGY',
    `Strategy '${strategy}' is not supported. Supported strategies: [${sorted.map((name) => `'${name}'`).join(', ')}]`,
    { strategy, supported: sorted },
  );
};

/** @example `usageError("Missing required option '--feature <slug>'", 'feature-state')` */
export const usageError = (message: string, subcommand?: string) =>
  hostError('USAGE_ERROR', message, subcommand === undefined ? {} : { subcommand });

/** @example `specInvalid(['tasks/WP01.md: work_package_id WP02 does not match file name WP01'])` */
export const specInvalid = (errors: readonly string[]) =>
  hostError('SPEC_INVALID', `Invalid work package specification: ${errors.join('; ')}`, { errors });

/** @example `eventLogCorrupt(3, 'line 3 is not valid JSON', '/repo/kitty-specs/x/status.events.jsonl')` */
export const eventLogCorrupt = (line: number, message: string, path?: string, cause?: unknown) =>
  hostError('EVENT_LOG_CORRUPT', message, path === undefined ? { line } : { path, line }, cause);

/** @example `internalError('unexpected state', error)` */
export const internalError = (message: string, cause?: unknown) =>
  hostError('INTERNAL_ERROR', message, {}, cause);

/**
 * The same error, remembering which feature it is about (kept if it already knows one).
 *
 * @example
 * ```ts
 * aboutFeature(wpAlreadyClaimed('a', 'b'), { slug: '001-demo', meta: {} }).context?.feature?.slug; // '001-demo'
 * ```
 */
export function aboutFeature<E extends HostError>(
  error: E,
  feature: { readonly slug: string; readonly meta: Readonly<Record<string, unknown>> },
): E {
  if (error.context?.feature !== undefined) return error;
  return { ...error, context: { ...error.context, feature } };
}

/** @example `missionAmbiguousSelector('01M8RB29', ['demo-a-01M8RB29', 'demo-b-01M8RB29'])` */
export const missionAmbiguousSelector = (selector: string, candidates: readonly string[]) =>
  hostError(
    'MISSION_AMBIGUOUS_SELECTOR',
    `Mission selector '${selector}' matches several missions: ${candidates.join(', ')}`,
    { selector, candidates },
  );

/** @example `dependenciesNotSatisfied('WP02', ['WP01'], 'WP02 depends on WP01')` */
export const dependenciesNotSatisfied = (
  wpId: string,
  unsatisfied: readonly string[],
  message = `dependencies_not_satisfied: ${wpId} depends on ${unsatisfied.join(', ')}; all dependencies must be approved or done before implementation can start`,
) =>
  hostError('DEPENDENCIES_NOT_SATISFIED', message, {
    wp_id: wpId,
    unsatisfied_dependencies: unsatisfied,
  });

/** @example `laneAllocationFailed('WP02', 'worktree .worktrees/x-lane-b has uncommitted changes')` */
export const laneAllocationFailed = (wpId: string, reason: string, cause?: unknown) =>
  hostError('LANE_ALLOCATION_FAILED', reason, { wp_id: wpId, reason }, cause);

/** @example `historyCommitFailed('the event log could not be written')` */
export const historyCommitFailed = (message: string, cause?: unknown) =>
  hostError('HISTORY_COMMIT_FAILED', message, {}, cause);

/**
 * A coordination mission whose status surface cannot be read: its coordination worktree is
 * missing (and, once a repair was tried, its branch too).
 *
 * @example
 * ```ts
 * statusReadPathNotFound({
 *   mission_slug: 'demo-01M8RB29', mid8: '01M8RB29',
 *   coord_candidate: '/repo/.worktrees/demo-01M8RB29-coord/kitty-specs/demo-01M8RB29',
 *   primary_candidate: '/repo/kitty-specs/demo-01M8RB29',
 *   coordination_branch: 'kitty/mission-demo-01M8RB29',
 *   coordination_worktree: '/repo/.worktrees/demo-01M8RB29-coord',
 * });
 * ```
 */
export const statusReadPathNotFound = (
  details: ErrorDetails['STATUS_READ_PATH_NOT_FOUND'],
  message = `The status surface of mission ${details.mission_slug} cannot be resolved: its coordination worktree ${details.coordination_worktree} is missing and branch ${details.coordination_branch} cannot restore it`,
  cause?: unknown,
) => hostError('STATUS_READ_PATH_NOT_FOUND', message, details, cause);

/**
 * @example
 * ```ts
 * workflowEvidenceRequired('/repo/kitty-specs/x/workflow-evidence.md', ['.github/workflows/ci.yml']);
 * ```
 */
export const workflowEvidenceRequired = (evidencePath: string, changed: readonly string[]) =>
  hostError(
    'WORKFLOW_EVIDENCE_REQUIRED',
    `Workflow run evidence required: this mission changes ${changed.join(', ')}. Add a successful real GitHub Actions run ID or URL to ${evidencePath}.`,
    { required_evidence_path: evidencePath },
  );
