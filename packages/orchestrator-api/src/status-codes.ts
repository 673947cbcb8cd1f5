import type { ErrorCode } from '@kittyhost/core';

/**
 * Process exit code of each error code. Total: a new code without an entry does not compile.
 * Success exits 0; usage errors 2; every other failure 1.
 */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  CONTRACT_VERSION_MISMATCH: 1,
  FEATURE_NOT_FOUND: 1,
  WP_NOT_FOUND: 1,
  TRANSITION_REJECTED: 1,
  WP_ALREADY_CLAIMED: 1,
  POLICY_METADATA_REQUIRED: 1,
  POLICY_VALIDATION_FAILED: 1,
  FEATURE_NOT_READY: 1,
  PREFLIGHT_FAILED: 1,
  MERGE_FAILED: 1,
  PUSH_FAILED: 1,
  UNSUPPORTED_STRATEGY: 1,
  USAGE_ERROR: 2,
  SPEC_INVALID: 1,
  EVENT_LOG_CORRUPT: 1,
  INTERNAL_ERROR: 1,
};

/** HTTP status of each error code. Total, like {@link EXIT_CODES}. */
export const HTTP_STATUSES: Readonly<Record<ErrorCode, number>> = {
  CONTRACT_VERSION_MISMATCH: 409,
  FEATURE_NOT_FOUND: 404,
  WP_NOT_FOUND: 404,
  TRANSITION_REJECTED: 409,
  WP_ALREADY_CLAIMED: 409,
  POLICY_METADATA_REQUIRED: 400,
  POLICY_VALIDATION_FAILED: 422,
  FEATURE_NOT_READY: 409,
  PREFLIGHT_FAILED: 409,
  MERGE_FAILED: 409,
  PUSH_FAILED: 502,
  UNSUPPORTED_STRATEGY: 400,
  USAGE_ERROR: 400,
  SPEC_INVALID: 422,
  EVENT_LOG_CORRUPT: 500,
  INTERNAL_ERROR: 500,
};
