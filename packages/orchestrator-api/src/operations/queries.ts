import { LANES, hostError, readyWorkPackages, type HostError, type Lane } from '@kittyhost/core';
import { errAsync, ok, okAsync, ResultAsync, safeTry } from 'neverthrow';
import type { OperationContext } from '../context.js';
import { CONTRACT_VERSION, MIN_SUPPORTED_PROVIDER_VERSION } from '../envelope.js';
import type { InputOf, OutputOf } from '../schemas.js';
import { featureStatus, lanesOf, withGraph } from './shared.js';

/**
 * `contract-version [--provider-version V]`: the host's contract version, and whether a provider
 * of version V is supported.
 *
 * @example
 * ```ts
 * await contractVersion(context, { provider_version: '0.1.2' });
 * // ok({ api_version: '1.0.0', min_supported_provider_version: '0.1.0' })
 * ```
 */
export function contractVersion(
  _context: OperationContext,
  input: InputOf<'contract-version'>,
): ResultAsync<OutputOf<'contract-version'>, HostError> {
  const data = {
    api_version: CONTRACT_VERSION,
    min_supported_provider_version: MIN_SUPPORTED_PROVIDER_VERSION,
  };
  const version = input.provider_version;
  if (version === undefined) return okAsync(data);
  // semver loads only when a version is to be checked.
  return ResultAsync.fromSafePromise(import('./semver.js')).andThen(({ semverLt, semverValid }) => {
    const valid = semverValid(version.trim());
    if (valid === null || semverLt(valid, MIN_SUPPORTED_PROVIDER_VERSION)) {
      const reason =
        valid === null
          ? 'is not a semantic version'
          : `is below the minimum ${MIN_SUPPORTED_PROVIDER_VERSION}`;
      return errAsync(
        hostError(
          'CONTRACT_VERSION_MISMATCH',
          `Provider version ${JSON.stringify(version)} ${reason}`,
          {
            provider_version: version,
            ...data,
          },
        ),
      );
    }
    return okAsync(data);
  });
}

/**
 * `feature-state --feature S`: every WP with its lane, dependencies and last actor, and a count
 * per lane. Read-only.
 */
export function featureState(
  context: OperationContext,
  input: InputOf<'feature-state'>,
): ResultAsync<OutputOf<'feature-state'>, HostError> {
  return safeTry(async function* () {
    const { store } = yield* context.project();
    const { feature } = yield* store.loadFeature(input.feature).andThen(withGraph);
    const events = yield* store.readEvents(feature.slug);
    const status = featureStatus(feature, events);
    const workPackages = feature.workPackages.map((wp) => ({
      wp_id: wp.id,
      lane: status.work_packages[wp.id]?.lane ?? ('planned' as const),
      dependencies: [...wp.dependencies],
      last_actor: status.work_packages[wp.id]?.actor ?? null,
    }));
    // The summary counts exactly the WPs listed: events of a WP without a file do not count.
    const summary = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
    for (const workPackage of workPackages) summary[workPackage.lane] += 1;
    return ok({ feature_slug: feature.slug, summary, work_packages: workPackages });
  });
}

/**
 * `list-ready --feature S`: planned WPs whose dependencies are all done, with the recommended
 * base (the last listed dependency). Read-only.
 */
export function listReady(
  context: OperationContext,
  input: InputOf<'list-ready'>,
): ResultAsync<OutputOf<'list-ready'>, HostError> {
  return safeTry(async function* () {
    const { store } = yield* context.project();
    const { feature, graph } = yield* store.loadFeature(input.feature).andThen(withGraph);
    const events = yield* store.readEvents(feature.slug);
    const lanes = lanesOf(feature, featureStatus(feature, events));
    return ok({ feature_slug: feature.slug, ready_work_packages: readyWorkPackages(graph, lanes) });
  });
}
