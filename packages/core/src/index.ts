/**
 * `@kittyhost/core`: the pure domain of Kitty Host. No I/O, no `node:` imports: runs in any
 * JavaScript runtime. Ports (types) live in `@kittyhost/core/ports`; in-memory adapters and the
 * port contract suites in `@kittyhost/core/testing`.
 *
 * @packageDocumentation
 */
export { ERROR_CODES, isErrorCode, type ErrorCode } from './errors/error-code.js';
export {
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
  type ErrorDetails,
  type HostError,
  type HostErrorOf,
} from './errors/host-error.js';
export {
  LANE_ALIASES,
  LANES,
  TERMINAL_LANES,
  isLane,
  isTerminalLane,
  parseLane,
  type Lane,
} from './lane/lane.js';
export {
  ALLOWED_TRANSITIONS,
  hasReviewEvidence,
  isAllowedTransition,
  validateTransition,
  type ReviewEvidence,
  type TransitionRequest,
} from './lane/transitions.js';
export {
  formatEventTimestamp,
  parseEventLine,
  parseEventLog,
  pythonJsonDumps,
  serializeEvent,
  statusEventSchema,
  type StatusEvent,
} from './events/status-event.js';
export {
  compareWpIds,
  orderEvents,
  reduceEvents,
  type FeatureStatus,
  type LaneSummary,
  type WorkPackageState,
} from './events/reduce.js';
export { timestampKey } from './events/timestamp.js';
export {
  materializeSnapshot,
  serializeSnapshot,
  snapshotOf,
  type StatusSnapshot,
} from './events/snapshot.js';
export { createEventReducer, type EventReducer } from './events/incremental-reduce.js';
export {
  buildDependencyGraph,
  readyWorkPackages,
  topologicalOrder,
  unsatisfiedDependencies,
  type DependencyGraph,
  type GraphNode,
  type ReadyWorkPackage,
} from './graph/dependency-graph.js';
export {
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
export { splitFrontmatter, type FrontmatterSplit } from './markdown/frontmatter.js';
export { countSubtasks } from './markdown/subtasks.js';
export { insertActivityLine } from './markdown/activity-log.js';
export { withGroupCommit } from './storage/group-commit.js';
export { WORK_PACKAGE_FILE } from './markdown/work-package-file-name.js';
