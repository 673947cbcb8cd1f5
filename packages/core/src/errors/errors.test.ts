import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode, type ErrorCode } from './error-code.js';
import {
  aboutFeature,
  contractVersionMismatch,
  dependenciesNotSatisfied,
  eventLogCorrupt,
  featureNotFound,
  featureNotReady,
  historyCommitFailed,
  hostError,
  internalError,
  laneAllocationFailed,
  mergeFailed,
  missionAmbiguousSelector,
  policyMetadataRequired,
  policyValidationFailed,
  preflightFailed,
  pushFailed,
  specInvalid,
  statusReadPathNotFound,
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
  // The 1.3 renames and shapes have no factory of their own: a generation projects the model's
  // codes onto them (FEATURE_NOT_FOUND → MISSION_NOT_FOUND …), building them with hostError.
  MISSION_NOT_FOUND: () =>
    hostError('MISSION_NOT_FOUND', "Mission '001-demo' not found in kitty-specs/", {}),
  MISSION_NOT_READY: () =>
    hostError('MISSION_NOT_READY', 'Mission has 1 incomplete WP(s)', { incomplete_wps: ['WP02'] }),
  MISSION_AMBIGUOUS_SELECTOR: () =>
    missionAmbiguousSelector('01M8RB29', ['demo-a-01M8RB29', 'demo-b-01M8RB29']),
  STATUS_READ_PATH_NOT_FOUND: () =>
    statusReadPathNotFound({
      mission_slug: 'demo-01M8RB29',
      mid8: '01M8RB29',
      coord_candidate: '/repo/.worktrees/demo-01M8RB29-coord/kitty-specs/demo-01M8RB29',
      primary_candidate: '/repo/kitty-specs/demo-01M8RB29',
      coordination_branch: 'kitty/mission-demo-01M8RB29',
      coordination_worktree: '/repo/.worktrees/demo-01M8RB29-coord',
    }),
  DEPENDENCIES_NOT_SATISFIED: () => dependenciesNotSatisfied('WP02', ['WP01']),
  LANE_ALLOCATION_FAILED: () =>
    laneAllocationFailed('WP02', 'worktree .worktrees/x-lane-b has uncommitted changes', cause),
  HISTORY_COMMIT_FAILED: () => historyCommitFailed('the event log could not be written', cause),
  WORKFLOW_EVIDENCE_REQUIRED: () =>
    hostError('WORKFLOW_EVIDENCE_REQUIRED', 'Workflow evidence is required', {
      required_evidence_path: '/repo/kitty-specs/x/workflow-evidence.md',
    }),
};

describe('ERROR_CODES', () => {
  it('holds the 12 codes of 1.0, our 4 additions, then the 8 of 1.3, once each', () => {
    expect(ERROR_CODES).toHaveLength(24);
    expect(new Set(ERROR_CODES).size).toBe(24);
    expect(ERROR_CODES.slice(12, 16)).toEqual([
      'USAGE_ERROR',
      'SPEC_INVALID',
      'EVENT_LOG_CORRUPT',
      'INTERNAL_ERROR',
    ]);
    // CONTRACT-1.3.md §1: the renamed codes, the new ones, and our ambiguous-selector code.
    expect(ERROR_CODES.slice(16)).toEqual([
      'MISSION_NOT_FOUND',
      'MISSION_NOT_READY',
      'MISSION_AMBIGUOUS_SELECTOR',
      'STATUS_READ_PATH_NOT_FOUND',
      'DEPENDENCIES_NOT_SATISFIED',
      'LANE_ALLOCATION_FAILED',
      'HISTORY_COMMIT_FAILED',
      'WORKFLOW_EVIDENCE_REQUIRED',
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
      supported: ['merge', 'rebase', 'squash'],
    });
    expect(FACTORIES.EVENT_LOG_CORRUPT().details).toEqual({
      path: '/x/status.events.jsonl',
      line: 3,
    });
    expect(FACTORIES.DEPENDENCIES_NOT_SATISFIED()).toEqual({
      code: 'DEPENDENCIES_NOT_SATISFIED',
      message:
        'dependencies_not_satisfied: WP02 depends on WP01; all dependencies must be approved or done before implementation can start',
      details: { wp_id: 'WP02', unsatisfied_dependencies: ['WP01'] },
    });
    expect(FACTORIES.LANE_ALLOCATION_FAILED()).toEqual({
      code: 'LANE_ALLOCATION_FAILED',
      message: 'worktree .worktrees/x-lane-b has uncommitted changes',
      details: { wp_id: 'WP02', reason: 'worktree .worktrees/x-lane-b has uncommitted changes' },
      cause,
    });
    expect(FACTORIES.MISSION_AMBIGUOUS_SELECTOR()).toEqual({
      code: 'MISSION_AMBIGUOUS_SELECTOR',
      message:
        "Mission selector '01M8RB29' matches several missions: demo-a-01M8RB29, demo-b-01M8RB29",
      details: { selector: '01M8RB29', candidates: ['demo-a-01M8RB29', 'demo-b-01M8RB29'] },
    });
    expect(FACTORIES.HISTORY_COMMIT_FAILED()).toEqual({
      code: 'HISTORY_COMMIT_FAILED',
      message: 'the event log could not be written',
      details: {},
      cause,
    });
  });

  it('aboutFeature remembers the feature once, without touching code, message or details', () => {
    const feature = { slug: '001-demo', meta: { mission_id: '01M8RB29' } };
    const error = wpAlreadyClaimed('a', 'b', 'WP01');
    const about = aboutFeature(error, feature);
    expect(about).toEqual({ ...error, context: { feature } });
    expect(error).not.toHaveProperty('context');
    const other = { slug: '002-other', meta: {} };
    expect(aboutFeature(about, other).context?.feature).toBe(feature);
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
