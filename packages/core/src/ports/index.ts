export type { Clock, IdSource } from './clock.js';
export type {
  FeatureDocument,
  FeatureSpec,
  LockedFeature,
  SpecStore,
  StoreReadError,
  SubtaskStatus,
  WorkPackageSpec,
} from './spec-store.js';
export type {
  GitError,
  MergeItem,
  MergeStrategy,
  TargetState,
  VersionControl,
  Workspace,
  WorkspaceRequest,
  WorkspaceState,
} from './version-control.js';
export type {
  LaneAllocationMode,
  LaneAllocationRequest,
  LaneInspection,
  LaneMergeSource,
  LanePlacement,
  LaneWorkspace,
  MissionIntegration,
  MissionIntegrationRequest,
  MissionLane,
  PendingIntegration,
  UntrackedFold,
} from './lane-workspaces.js';
export { MERGE_STRATEGIES } from './version-control.js';
