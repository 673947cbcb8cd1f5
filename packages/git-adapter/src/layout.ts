import { join, resolve } from 'node:path';

/** Where a project's WP workspaces and branches live. Pure: no I/O, no isomorphic-git. */
export interface WorkspaceLayout {
  /** Absolute path of the main checkout. */
  readonly root: string;
  /** Branch name of a WP: `<slug>-<WP>`. */
  branchName(featureSlug: string, wpId: string): string;
  /** Workspace path of a WP: `<root>/.worktrees/<slug>-<WP>`. */
  workspacePath(featureSlug: string, wpId: string): string;
}

/**
 * The naming rules of WP workspaces, without loading the rest of the adapter: a host that
 * only needs paths (or that loads the adapter lazily) imports just this.
 *
 * @example
 * ```ts
 * import { workspaceLayout } from '@kittyhost/git-adapter';
 * workspaceLayout('/repo').workspacePath('001-demo', 'WP01'); // '/repo/.worktrees/001-demo-WP01'
 * ```
 */
export function workspaceLayout(root: string): WorkspaceLayout {
  const absolute = resolve(root);
  const branchName = (featureSlug: string, wpId: string) => `${featureSlug}-${wpId}`;
  return {
    root: absolute,
    branchName,
    workspacePath: (featureSlug, wpId) =>
      join(absolute, '.worktrees', branchName(featureSlug, wpId)),
  };
}
