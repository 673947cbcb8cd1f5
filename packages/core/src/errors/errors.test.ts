import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode, type ErrorCode } from './error-code.js';
import {
  contractVersionMismatch,
  eventLogCorrupt,
  featureNotFound,
  featureNotReady,
  hostError,
  internalError,
  mergeFailed,
  policyMetadataRequired,
  policyValidationFailed,
  preflightFailed,
  pushFailed,
  specInvalid,
  transitionRejected,
  unsupportedStrategy,
  usageError,
  wpAlreadyClaimed,
  wpNotFound,
  type HostError,
} from './host-error.js';

const cause = new Error('EACCES: permission denied');

// A total Record: adding a code without a factory here fails to compile.
const FACTORIES: Record<ErrorCode, () => HostError> = {
  CONTRACT_VERSION_MISMATCH: () =>
    contractVersionMismatch({
      provider_version: '0.0.9',
      api_version: '1.0.0',
      min_supported_provider_version: '0.1.0',
    }),
  FEATURE_NOT_FOUND: () => featureNotFound('001-demo', cause),
  WP_NOT_FOUND: () => wpNotFound('001-demo', 'WP09'),
  TRANSITION_REJECTED: () =>
    transitionRejected('Illegal transition: planned -> done', {
      from_lane: 'planned',
      to_lane: 'done',
    }),
  WP_ALREADY_CLAIMED: () => wpAlreadyClaimed('agent-a', 'agent-b', 'WP01'),
  POLICY_METADATA_REQUIRED: () => policyMetadataRequired(),
  POLICY_VALIDATION_FAILED: () => policyValidationFailed(['Missing required field: agent_family']),
  FEATURE_NOT_READY: () => featureNotReady(['WP02', 'WP03']),
  PREFLIGHT_FAILED: () => preflightFailed(['WP01 workspace has uncommitted changes']),
  MERGE_FAILED: () => mergeFailed(['WP01'], 'WP02', 'conflict in src/a.ts', ['src/a.ts'], cause),
  PUSH_FAILED: () => pushFailed(['WP01'], 'remote rejected the push', cause),
  UNSUPPORTED_STRATEGY: () => unsupportedStrategy('octopus', ['merge', 'squash', 'rebase']),
  USAGE_ERROR: () => usageError("Missing required option '--feature <slug>'", 'feature-state'),
  SPEC_INVALID: () => specInvalid(['WP01: unknown dependency WP09']),
  EVENT_LOG_CORRUPT: () =>
    eventLogCorrupt(3, 'line 3 is not valid JSON', '/x/status.events.jsonl', cause),
  INTERNAL_ERROR: () => internalError('unexpected state', cause),
};

describe('ERROR_CODES', () => {
  it('holds the 12 contract codes and our 4 additions, once each', () => {
    expect(ERROR_CODES).toHaveLength(16);
    expect(new Set(ERROR_CODES).size).toBe(16);
    expect(ERROR_CODES.slice(12)).toEqual([
      'USAGE_ERROR',
      'SPEC_INVALID',
      'EVENT_LOG_CORRUPT',
      'INTERNAL_ERROR',
    ]);
  });

  it('isErrorCode narrows exactly the listed strings', () => {
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    for (const value of ['NOPE', 'wp_not_found', '', null, 3, undefined]) {
      expect(isErrorCode(value)).toBe(false);
    }
  });
});

describe('error factories', () => {
  it.each(ERROR_CODES)('%s has a factory that builds that code with a message', (code) => {
    const error = FACTORIES[code]();
    expect(error.code).toBe(code);
    expect(error.message.trim()).not.toBe('');
    expect(typeof error.details).toBe('object');
  });

  it('put the contract fields in details', () => {
    expect(FACTORIES.CONTRACT_VERSION_MISMATCH().details).toEqual({
      provider_version: '0.0.9',
      api_version: '1.0.0',
      min_supported_provider_version: '0.1.0',
    });
    expect(FACTORIES.WP_ALREADY_CLAIMED()).toEqual({
      code: 'WP_ALREADY_CLAIMED',
      message: 'WP01 is already claimed by agent-a',
      details: { claimed_by: 'agent-a', requesting_actor: 'agent-b' },
    });
    expect(FACTORIES.FEATURE_NOT_READY().details).toEqual({ incomplete_wps: ['WP02', 'WP03'] });
    expect(FACTORIES.MERGE_FAILED().details).toEqual({
      merged_so_far: ['WP01'],
      failed_wp: 'WP02',
      conflicts: ['src/a.ts'],
    });
    expect(FACTORIES.UNSUPPORTED_STRATEGY().details).toEqual({
      strategy: 'octopus',
      supported: ['merge', 'squash', 'rebase'],
    });
    expect(FACTORIES.EVENT_LOG_CORRUPT().details).toEqual({
      path: '/x/status.events.jsonl',
      line: 3,
    });
  });

  it('keep the native cause when given, and add no cause key otherwise', () => {
    expect(FACTORIES.INTERNAL_ERROR().cause).toBe(cause);
    expect(FACTORIES.FEATURE_NOT_FOUND().cause).toBe(cause);
    expect('cause' in featureNotFound('x')).toBe(false);
    expect('cause' in hostError('USAGE_ERROR', 'bad', {})).toBe(false);
  });

  it('leave optional details out rather than writing undefined', () => {
    expect(usageError('bad')).toEqual({ code: 'USAGE_ERROR', message: 'bad', details: {} });
    expect(Object.keys(eventLogCorrupt(1, 'bad').details)).toEqual(['line']);
    expect(Object.keys(mergeFailed([], null, 'no merge').details)).toEqual([
      'merged_so_far',
      'failed_wp',
    ]);
    expect(transitionRejected('no').details).toEqual({});
  });

  it('build messages a human can read', () => {
    expect(featureNotFound('001-demo').message).toBe('Feature not found: 001-demo');
    expect(wpNotFound('001-demo', 'WP09').message).toBe(
      'Work package WP09 not found in feature 001-demo',
    );
    expect(policyValidationFailed(['a', 'b']).message).toBe('Policy validation failed: a; b');
    expect(featureNotReady(['WP02']).message).toBe(
      'Feature is not ready: work packages not done: WP02',
    );
    expect(wpAlreadyClaimed('a', 'b').message).toBe('Work package is already claimed by a');
  });
});
