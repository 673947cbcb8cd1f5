import { withGroupCommit, type HostError } from '@kittyhost/core';
import { createFsSpecStore, findProjectRoot } from '@kittyhost/fs-adapter';
import { createGitVersionControl } from '@kittyhost/git-adapter';
import type { Project } from '@kittyhost/orchestrator-api';

/** Where the project is: the CLI's rules (`--repo`, else `SPECIFY_REPO_ROOT`, else walk up from `cwd`). */
export interface ProjectLocation {
  readonly repo?: string | undefined;
  readonly cwd?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** The opened project: its main checkout and adapters. */
export interface OpenedProject extends Project {
  readonly root: string;
}

/**
 * Find the project root once (from a workspace it is the main checkout) and open its adapters:
 * the file-system store (with group commit) and the git version control. Both take the same
 * cross-process locks as the CLI, so a server and CLI processes can mutate one feature at the
 * same time.
 *
 * @example
 * ```ts
 * const project = await openProject({ repo: '/path/to/repo' });
 * if (project.ok) console.log(project.value.root);
 * ```
 */
export async function openProject(
  location: ProjectLocation = {},
): Promise<{ ok: true; value: OpenedProject } | { ok: false; error: HostError }> {
  const found = await findProjectRoot({
    repo: location.repo,
    cwd: location.cwd ?? process.cwd(),
    env: location.env ?? process.env,
  });
  if (found.isErr()) return { ok: false, error: found.error };
  const root = found.value;
  return {
    ok: true,
    value: {
      root,
      // Concurrent mutations of one feature share one lock hold and one fsynced append.
      store: withGroupCommit(createFsSpecStore({ root })),
      vcs: createGitVersionControl({ root }),
    },
  };
}
