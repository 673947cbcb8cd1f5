// Loaded lazily (its own chunk): read-only calls that need no project, such as contract-version,
// never pay for the adapters; and the git adapter loads isomorphic-git only when a git call runs.
import type { HostError } from '@kittyhost/core';
import { createFsSpecStore, findProjectRoot } from '@kittyhost/fs-adapter';
import { createGitVersionControl } from '@kittyhost/git-adapter';
import type { Project } from '@kittyhost/orchestrator-api';
import type { ResultAsync } from 'neverthrow';

/** Find the project root (`--repo`, `SPECIFY_REPO_ROOT`, walk up) and open its adapters. */
export function openProject(repo: string | undefined): ResultAsync<Project, HostError> {
  return findProjectRoot({ repo, cwd: process.cwd(), env: process.env }).map((root) => ({
    store: createFsSpecStore({ root }),
    vcs: createGitVersionControl({ root }),
  }));
}
