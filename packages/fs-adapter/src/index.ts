/**
 * `@kittyhost/fs-adapter`: Kitty Host's storage port (`SpecStore`) over the local file system,
 * with a cross-process lock per feature, and the project-root discovery of the CLI.
 *
 * @packageDocumentation
 */
export { createFsSpecStore, type FsSpecStoreOptions } from './create-fs-spec-store.js';
export {
  findProjectRoot,
  type FindProjectRootOptions,
  type ProjectRootError,
} from './find-project-root.js';
