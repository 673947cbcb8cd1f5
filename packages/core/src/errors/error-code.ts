/**
 * Every `error_code` the orchestrator-api contracts 1.0.0 and 1.3.0 can return, plus Kitty Host's
 * own additions (`USAGE_ERROR`, `SPEC_INVALID`, `EVENT_LOG_CORRUPT`, `INTERNAL_ERROR`,
 * `MISSION_AMBIGUOUS_SELECTOR`). Operations return the model's codes; each contract generation
 * names them its own way (1.3.0 says `MISSION_NOT_FOUND` where 1.0.0 says `FEATURE_NOT_FOUND`).
 *
 * This list is the single source of truth: transports map every entry to an exit code and an HTTP
 * status through total `Record<ErrorCode, …>` tables, so a new code without a mapping fails to
 * compile.
 *
 * @example
 * ```ts
 * import { ERROR_CODES, isErrorCode } from '@kittyhost/core';
 * ERROR_CODES.includes('WP_NOT_FOUND'); // true
 * isErrorCode('NOPE'); // false
 * ```
 */
export const ERROR_CODES = [
  'CONTRACT_VERSION_MISMATCH',
  'FEATURE_NOT_FOUND',
  'WP_NOT_FOUND',
  'TRANSITION_REJECTED',
  'WP_ALREADY_CLAIMED',
  'POLICY_METADATA_REQUIRED',
  'POLICY_VALIDATION_FAILED',
  'FEATURE_NOT_READY',
  'PREFLIGHT_FAILED',
  'MERGE_FAILED',
  'PUSH_FAILED',
  'UNSUPPORTED_STRATEGY',
  'USAGE_ERROR',
  'SPEC_INVALID',
  'EVENT_LOG_CORRUPT',
  'INTERNAL_ERROR',
  'MISSION_NOT_FOUND',
  'MISSION_NOT_READY',
  'MISSION_AMBIGUOUS_SELECTOR',
  'STATUS_READ_PATH_NOT_FOUND',
  'DEPENDENCIES_NOT_SATISFIED',
  'LANE_ALLOCATION_FAILED',
  'HISTORY_COMMIT_FAILED',
  'WORKFLOW_EVIDENCE_REQUIRED',
] as const;

/** One of {@link ERROR_CODES}: the stable failure discriminator of the contract. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Narrow an unknown string to an {@link ErrorCode}.
 *
 * @example
 * ```ts
 * isErrorCode('MERGE_FAILED'); // true
 * ```
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
