import type { HostError } from '@kittyhost/core';
import type { Clock, IdSource, SpecStore, VersionControl } from '@kittyhost/core/ports';
import { okAsync, type ResultAsync } from 'neverthrow';

/** The adapters of one project. */
export interface Project {
  readonly store: SpecStore;
  readonly vcs: VersionControl;
}

/**
 * What every operation receives. `project()` is called only once the input and the policy have
 * been checked (the contract's order of checks), so a bad call never touches the disk; an app
 * resolves the project root there (`--repo`, `SPECIFY_REPO_ROOT`, walk up).
 *
 * @example
 * ```ts
 * const context: OperationContext = {
 *   clock: systemClock,
 *   ids: createIdSource(),
 *   project: () => okAsync({ store: createFsSpecStore({ root }), vcs: createGitVersionControl({ root }) }),
 * };
 * ```
 */
export interface OperationContext {
  readonly clock: Clock;
  readonly ids: IdSource;
  project(): ResultAsync<Project, HostError>;
  /**
   * The host's own claim time-to-live (leases), when the project's `.kittify/config.yaml` names
   * none: `value` as written (`30m`, or seconds) and where it came from, for error messages
   * (`KITTYHOST_CLAIM_TTL`, `--claim-ttl`). Absent: claims never expire unless the project says so.
   */
  readonly defaultClaimTtl?: { readonly value: string | number; readonly source: string };
}

/**
 * `project()` for a host that opened its project once, at start-up (a long-running server):
 * every call answers the same adapters.
 *
 * @example
 * ```ts
 * const context: OperationContext = { clock: systemClock, ids: createIdSource(), project: fixedProject({ store, vcs }) };
 * ```
 */
export function fixedProject(project: Project): () => ResultAsync<Project, HostError> {
  return () => okAsync(project);
}
