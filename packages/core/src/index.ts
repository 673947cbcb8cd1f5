/**
 * `@kittyhost/core`: the pure domain of Kitty Host. No I/O, no `node:` imports: runs in any
 * JavaScript runtime. Ports (types) live in `@kittyhost/core/ports`; in-memory adapters and the
 * port contract suites in `@kittyhost/core/testing`.
 *
 * @packageDocumentation
 */
export { ERROR_CODES, isErrorCode, type ErrorCode } from './errors/error-code.js';
export {
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
  workflowEvidenceRequired,
  wpNotFound,
  type ErrorContext,
  type ErrorDetails,
  type HostError,
  type HostErrorOf,
} from './errors/host-error.js';
export {
  LANE_ALIASES,
  LANES,
  LANES_1_0,
  SEED_LANE,
  TERMINAL_LANES,
  isLane,
  isTerminalLane,
  parseLane,
  type Lane,
  type Lane1_0,
  type SourceLane,
} from './lane/lane.js';
export {
  ALLOWED_TRANSITIONS,
  hasReviewEvidence,
  isAllowedTransition,
  validateTransition,
  type ReviewEvidence,
  type ReviewResult,
  type TransitionRequest,
} from './lane/transitions.js';
export {
  CONTRACT_GENERATIONS,
  LANE_MODELS,
  type ContractGeneration,
  type LaneModel,
} from './generations/lane-model.js';
export {
  actorIdentity,
  formatEventTimestamp,
  isAnnotation,
  parseEventLine,
  parseEventLog,
  pythonJsonDumps,
  pythonJsonDumpsIndented,
  serializeEvent,
  serializeLogEntry,
  statusEventSchema,
  type Actor,
  type AnnotationDelta,
  type AnnotationEvent,
  type LogEntry,
  type StatusEvent,
  type StructuredActor,
} from './events/status-event.js';
export {
  compareWpIds,
  orderEvents,
  reduceEvents,
  type FeatureStatus,
  type LaneSummary,
  type RuntimeSlots,
  type WorkPackageState,
} from './events/reduce.js';
export { timestampKey } from './events/timestamp.js';
export {
  materializeSnapshot,
  missionSnapshotOf,
  serializeSnapshot,
  snapshotOf,
  type MissionIdentity,
  type SnapshotWorkPackage1_0,
  type StatusSnapshot,
  type StatusSnapshot1_0,
  type StatusSnapshot1_3,
} from './events/snapshot.js';
export { createEventReducer, type EventReducer } from './events/incremental-reduce.js';
export {
  buildDependencyGraph,
  readyWorkPackages,
  satisfiesDependency,
  topologicalOrder,
  unsatisfiedDependencies,
  type DependencyGraph,
  type GraphNode,
  type ReadyWorkPackage,
} from './graph/dependency-graph.js';
export {
  BANNED_DANGEROUS_FLAGS,
  MAX_JSON_DEPTH,
  REQUIRED_POLICY_FIELDS,
  SECRET_PATTERN,
  isPolicyPresent,
  jsonDepth,
  parsePolicy,
  type Policy,
  type PolicyError,
} from './policy/policy.js';
export {
  createIdSource,
  mathRandomFill,
  systemClock,
  webCryptoFill,
  type RandomFill,
} from './ids/id-source.js';
export { MERGE_STRATEGIES, type MergeStrategy } from './ports/version-control.js';
export { FEATURE_DOCUMENTS } from './ports/spec-store.js';
export { splitFrontmatter, type FrontmatterSplit } from './markdown/frontmatter.js';
export { countSubtasks, countSubtasksByWorkPackage } from './markdown/subtasks.js';
export { insertActivityLine, readActivityLines } from './markdown/activity-log.js';
export { withGroupCommit } from './storage/group-commit.js';
export { WORK_PACKAGE_FILE, subtaskRoster } from './markdown/work-package-file-name.js';
export {
  NO_LEASES,
  leaseStanding,
  parseDuration,
  parseLeaseBook,
  serializeLeaseBook,
  type LeaseBook,
  type LeaseClaim,
  type LeaseRecord,
  type LeaseStanding,
} from './leases/lease.js';
export {
  PLANNING_LANE,
  dependencyLanes,
  laneOfWorkPackage,
  parseLanesManifest,
  type ExecutionLane,
  type LanesManifest,
} from './lanes/lanes-manifest.js';
export {
  coordinationBranchOf,
  coordinationWorktreeName,
  hiddenStatusPaths,
  isMid8,
  laneBranchName,
  laneWorktreeName,
  mid8FromSlug,
  missionMid8,
} from './lanes/mission-names.js';
export {
  missionSelectorMatcher,
  selectedMission,
  type MissionMatcher,
} from './lanes/mission-selector.js';
export {
  WORKFLOW_DIRECTORY,
  WORKFLOW_EVIDENCE_FILE,
  hasWorkflowRunEvidence,
} from './acceptance/workflow-evidence.js';
