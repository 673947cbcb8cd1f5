/**
 * `@kittyhost/git-adapter`: the git implementation of Kitty Host's `VersionControl` port, over
 * isomorphic-git (loaded lazily).
 *
 * @packageDocumentation
 */
export {
  createGitVersionControl,
  type GitVersionControlOptions,
} from './create-git-version-control.js';
export type { Identity } from './internal/identity.js';
export type { LockSettings } from './internal/repository-lock.js';
export { workspaceLayout, type WorkspaceLayout } from './layout.js';
