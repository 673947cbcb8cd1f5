/**
 * `@kittyhost/core/testing`: in-memory implementations of every port, and the contract test
 * suites every adapter of a port must pass. The suites import `vitest`; use them from tests only.
 *
 * @packageDocumentation
 */
export { fixedClock, steppingClock, sequentialIds } from './fakes.js';
export {
  createMemoryVersionControl,
  type MemoryVersionControl,
  type MemoryVersionControlControl,
  type MemoryVersionControlOptions,
} from './memory-version-control.js';
export type { MemoryCommit } from './memory-version-control-model.js';
export {
  describeVersionControlContract,
  type MakeVersionControlFixture,
  type VersionControlFixture,
} from './version-control-contract.js';
export {
  createMemorySpecStore,
  featureFiles,
  type CoordinationSeed,
  renderWorkPackageFile,
  type FeatureSeed,
  type MemorySpecStore,
  type MemorySpecStoreOptions,
  type ProjectSeed,
  type WorkPackageSeed,
} from './memory-spec-store.js';
export { describeSpecStoreContract, type SpecStoreFixture } from './spec-store-contract.js';
