// The public surface of @kittyhost/core, written out. A change here is an API change: update the
// list on purpose, add a changeset, and mention it in the PR. Types are erased at runtime, so only
// values appear (types are covered by `tsc` on the consumers).
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import * as root from './index.js';
import * as ports from './ports/index.js';
import * as testing from './testing/index.js';

const names = (module: object) => Object.keys(module).sort();

describe('exports of @kittyhost/core', () => {
  it('"." exports exactly these names', () => {
    expect(names(root)).toEqual([
      'ALLOWED_TRANSITIONS',
      'BANNED_DANGEROUS_FLAGS',
      'CONTRACT_GENERATIONS',
      'ERROR_CODES',
      'FEATURE_DOCUMENTS',
      'LANES',
      'LANES_1_0',
      'LANE_ALIASES',
      'LANE_MODELS',
      'MAX_JSON_DEPTH',
      'MERGE_STRATEGIES',
      'NO_LEASES',
      'PLANNING_LANE',
      'REQUIRED_POLICY_FIELDS',
      'SECRET_PATTERN',
      'SEED_LANE',
      'TERMINAL_LANES',
      'WORKFLOW_DIRECTORY',
      'WORKFLOW_EVIDENCE_FILE',
      'WORK_PACKAGE_FILE',
      'aboutFeature',
      'actorIdentity',
      'buildDependencyGraph',
      'compareWpIds',
      'contractVersionMismatch',
      'coordinationBranchOf',
      'coordinationWorktreeName',
      'countSubtasks',
      'countSubtasksByWorkPackage',
      'createEventReducer',
      'createIdSource',
      'dependenciesNotSatisfied',
      'dependencyLanes',
      'eventLogCorrupt',
      'featureNotFound',
      'featureNotReady',
      'formatEventTimestamp',
      'hasReviewEvidence',
      'hasWorkflowRunEvidence',
      'hiddenStatusPaths',
      'historyCommitFailed',
      'hostError',
      'insertActivityLine',
      'internalError',
      'isAllowedTransition',
      'isAnnotation',
      'isErrorCode',
      'isLane',
      'isMid8',
      'isPolicyPresent',
      'isTerminalLane',
      'jsonDepth',
      'laneAllocationFailed',
      'laneBranchName',
      'laneOfWorkPackage',
      'laneWorktreeName',
      'leaseStanding',
      'materializeSnapshot',
      'mathRandomFill',
      'mergeFailed',
      'mid8FromSlug',
      'missionAmbiguousSelector',
      'missionMid8',
      'missionSelectorMatcher',
      'missionSnapshotOf',
      'orderEvents',
      'parseDuration',
      'parseEventLine',
      'parseEventLog',
      'parseLane',
      'parseLanesManifest',
      'parseLeaseBook',
      'parsePolicy',
      'policyMetadataRequired',
      'policyValidationFailed',
      'preflightFailed',
      'pushFailed',
      'pythonJsonDumps',
      'pythonJsonDumpsIndented',
      'readActivityLines',
      'readyWorkPackages',
      'reduceEvents',
      'satisfiesDependency',
      'selectedMission',
      'serializeEvent',
      'serializeLeaseBook',
      'serializeLogEntry',
      'serializeSnapshot',
      'snapshotOf',
      'specInvalid',
      'splitFrontmatter',
      'statusEventSchema',
      'statusReadPathNotFound',
      'subtaskRoster',
      'systemClock',
      'timestampKey',
      'topologicalOrder',
      'transitionRejected',
      'unsatisfiedDependencies',
      'unsupportedStrategy',
      'usageError',
      'validateTransition',
      'webCryptoFill',
      'withGroupCommit',
      'workflowEvidenceRequired',
      'wpAlreadyClaimed',
      'wpNotFound',
    ]);
  });

  it('"./ports" exports types only, plus the merge strategies', () => {
    expect(names(ports)).toEqual(['MERGE_STRATEGIES']);
    expect(ports.MERGE_STRATEGIES).toBe(root.MERGE_STRATEGIES);
  });

  it('"./testing" exports exactly these names', () => {
    expect(names(testing)).toEqual([
      'createMemorySpecStore',
      'createMemoryVersionControl',
      'describeSpecStoreContract',
      'describeVersionControlContract',
      'featureFiles',
      'fixedClock',
      'renderWorkPackageFile',
      'sequentialIds',
      'steppingClock',
    ]);
  });

  it('package.json exposes exactly these entry points, each with types', () => {
    expect(Object.keys(packageJson.exports)).toEqual([
      '.',
      './ports',
      './testing',
      './package.json',
    ]);
    expect(packageJson.exports['.']).toEqual({
      types: './dist/index.d.ts',
      default: './dist/index.js',
    });
    expect(packageJson.exports['./ports']).toEqual({
      types: './dist/ports/index.d.ts',
      default: './dist/ports/index.js',
    });
    expect(packageJson.exports['./testing']).toEqual({
      types: './dist/testing/index.d.ts',
      default: './dist/testing/index.js',
    });
    expect(packageJson.sideEffects).toBe(false);
  });

  it('depends on no adapter, app or Node-only package', () => {
    expect(Object.keys(packageJson.dependencies).sort()).toEqual(['neverthrow', 'zod']);
  });
});
