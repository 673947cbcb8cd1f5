import {
  NO_LEASES,
  compareWpIds,
  contractVersionMismatch,
  readyWorkPackages,
  type HostError,
  type Lane,
} from '@kittyhost/core';
import { errAsync, ok, okAsync, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext } from '../context.js';
import {
  CONTRACT_VERSION,
  MIN_SUPPORTED_PROVIDER_VERSION,
  SUPPORTED_CONTRACT_VERSIONS,
} from '../envelope.js';
import type { Call, ContractVersionInput, SelectorInput, WorkPackageInput } from './inputs.js';
import { comparePep440, parsePep440 } from './pep440.js';
import {
  about,
  featureStatus,
  findWorkPackage,
  lanesOf,
  loadMission,
  withGraph,
} from './shared.js';
import { claimTtl, leaseFields, leaseViews, type Leases } from './leases.js';

/** What this host offers beyond the contract (`contract-version` lists it). */
export const HOST_CAPABILITIES: readonly string[] = ['leases', 'heartbeat', 'board'];
import { missionLayout } from './layout.js';
import { predictWorkspace } from './workspace.js';

/**
 * `contract-version [--provider-version V]`: the host's contract version (the newest it
 * serves), the generations it serves, and whether a provider of version V (a PEP 440 version,
 * as the original compares it) is supported.
 *
 * @example
 * ```ts
 * await contractVersion(context, call, { provider_version: '0.1.3' });
 * // ok({ api_version: '1.3.0', min_supported_provider_version: '0.1.0', supported_contract_versions: ['1.0.0', '1.3.0'] })
 * ```
 */
export function contractVersion(
  _context: OperationContext,
  _call: Call,
  input: ContractVersionInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const data = {
    api_version: CONTRACT_VERSION,
    min_supported_provider_version: MIN_SUPPORTED_PROVIDER_VERSION,
    supported_contract_versions: [...SUPPORTED_CONTRACT_VERSIONS],
    // Ours: what a provider can detect and use beyond the contract.
    capabilities: [...HOST_CAPABILITIES],
  };
  const version = input.provider_version;
  if (version === undefined) return okAsync(data);
  const parsed = parsePep440(version);
  if (parsed === null) {
    return errAsync(
      contractVersionMismatch(
        {
          provider_version: version,
          api_version: CONTRACT_VERSION,
          min_supported_provider_version: MIN_SUPPORTED_PROVIDER_VERSION,
        },
        `Provider version ${JSON.stringify(version)} is not a valid version string`,
      ),
    );
  }
  const minimum = parsePep440(MIN_SUPPORTED_PROVIDER_VERSION);
  if (minimum !== null && comparePep440(parsed, minimum) < 0) {
    return errAsync(
      contractVersionMismatch(
        {
          provider_version: version,
          api_version: CONTRACT_VERSION,
          min_supported_provider_version: MIN_SUPPORTED_PROVIDER_VERSION,
        },
        `Provider version ${JSON.stringify(version)} is below minimum ${JSON.stringify(MIN_SUPPORTED_PROVIDER_VERSION)}`,
      ),
    );
  }
  return okAsync(data);
}

/**
 * `feature-state --feature S` / `mission-state --mission S`: every WP with its lane (in the
 * generation's names), dependencies and last actor, and a count per lane. At 1.0 the WPs are the
 * feature's WP files; at 1.3 also WPs the log names without a file (as the original lists them),
 * numerically ordered. The summary counts exactly the WPs listed. Read-only.
 */
export function state(
  context: OperationContext,
  call: Call,
  input: SelectorInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  return safeTry(async function* () {
    const project = yield* context.project();
    const { store } = project;
    const { feature } = yield* loadMission(generation, project, input.selector).andThen(withGraph);
    const entries = yield* about(store.readEvents(feature.slug), feature);
    const status = featureStatus(feature, entries);
    const ttlMs = yield* about(claimTtl(context, project), feature);
    const leases: Leases = {
      ttlMs,
      book: ttlMs === null ? NO_LEASES : yield* about(store.readLeases(feature.slug), feature),
    };
    const now = context.clock.now();
    const views = yield* about(
      leaseViews(
        project,
        (wpId) =>
          missionLayout(generation, project, feature).map(
            (layout) => layout.laneOf(wpId)?.branch ?? project.vcs.branchName(feature.slug, wpId),
          ),
        leases,
        Object.entries(status.work_packages),
        now,
      ),
      feature,
    );
    const dependencies = new Map(feature.workPackages.map((wp) => [wp.id, wp.dependencies]));
    const ids = !generation.listsLoggedWorkPackages
      ? feature.workPackages.map((wp) => wp.id)
      : [
          ...new Set([
            ...feature.workPackages.map((wp) => wp.id),
            ...Object.entries(status.work_packages)
              .filter(([, wpState]) => wpState.last_event_id !== null)
              .map(([id]) => id),
          ]),
        ].sort(compareWpIds);
    const workPackages = ids.map((id) => {
      const wpState = status.work_packages[id];
      return {
        wp_id: id,
        lane: generation.lanes.project(wpState?.lane ?? 'planned'),
        dependencies: [...(dependencies.get(id) ?? [])],
        last_actor: wpState?.actor ?? null,
        ...leaseFields(views.get(id)),
      };
    });
    const summary = Object.fromEntries(generation.lanes.lanes.map((lane) => [lane, 0])) as Record<
      Lane,
      number
    >;
    for (const workPackage of workPackages) summary[workPackage.lane] += 1;
    return ok({ ...generation.identity(feature), summary, work_packages: workPackages });
  });
}

/**
 * `list-ready --feature S | --mission S`: planned WPs whose dependencies are all approved or
 * done, in WP order; at 1.0 with the recommended base (the last listed dependency). Read-only.
 */
export function ready(
  context: OperationContext,
  call: Call,
  input: SelectorInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  return safeTry(async function* () {
    const project = yield* context.project();
    const { store } = project;
    const { feature, graph } = yield* loadMission(generation, project, input.selector).andThen(
      withGraph,
    );
    const entries = yield* about(store.readEvents(feature.slug), feature);
    const ready = readyWorkPackages(graph, lanesOf(feature, featureStatus(feature, entries)));
    return ok({
      ...generation.identity(feature),
      ready_work_packages: generation.recommendsBase
        ? ready
        : ready.map(({ wp_id, lane, dependencies_satisfied }) => ({
            wp_id,
            lane,
            dependencies_satisfied,
          })),
    });
  });
}

/**
 * `resolve-workspace --mission S --wp W` (1.3): the WP's workspace and prompt, and its lane
 * fields: for a WP of an execution lane the names allocation uses (the lane worktree and branch,
 * `lane_base_ref` the coordination branch or the target); for Kitty Host's own layout a lane of
 * one WP (`lane_id` = the WP, `lane_branch` its branch, `lane_base_ref` the branch it started
 * from or would start from). Creates, merges and checks nothing; the path may not exist.
 */
export function resolveWorkspace(
  context: OperationContext,
  call: Call,
  input: WorkPackageInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  return safeTry(async function* () {
    const project = yield* context.project();
    const loaded = yield* loadMission(generation, project, input.selector).andThen(withGraph);
    const workPackage = yield* findWorkPackage(loaded.feature, input.wp);
    const layout = yield* about(missionLayout(generation, project, loaded.feature), loaded.feature);
    const workspace = yield* about(
      predictWorkspace(project, loaded, workPackage.id, layout.laneOf(workPackage.id)),
      loaded.feature,
    );
    return ok({
      ...generation.identity(loaded.feature),
      wp_id: workPackage.id,
      workspace_path: workspace.path,
      prompt_path: workPackage.promptPath,
      lane_id: workspace.laneId,
      lane_branch: workspace.branch,
      lane_base_ref: workspace.baseRef,
    });
  });
}
