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
export { MERGE_STRATEGIES } from './version-control.js';
