// Loaded lazily (its own chunk): calls that need no project, such as contract-version, never pay
// for the adapters; and the git adapter's code loads only when a git call runs.
import type { HostError } from '@kittyhost/core';
import { createFsSpecStore, findProjectRoot } from '@kittyhost/fs-adapter';
import { workspaceLayout } from '@kittyhost/git-adapter/layout';
import type { Project } from '@kittyhost/orchestrator-api';
import type { ResultAsync } from 'neverthrow';
import { lazyVersionControl } from './lazy-version-control.js';

/** Find the project root (`--repo`, `SPECIFY_REPO_ROOT`, walk up) and open its adapters. */
export function openProject(repo: string | undefined): ResultAsync<Project, HostError> {
  return findProjectRoot({ repo, cwd: process.cwd(), env: process.env }).map((root) => ({
    store: createFsSpecStore({ root }),
    vcs: lazyVersionControl(workspaceLayout(root), () =>
      import('@kittyhost/git-adapter').then((adapter) => adapter.createGitVersionControl({ root })),
    ),
  }));
}
