import { LANES, type HostError, type Lane } from '@kittyhost/core';
import type { SpecStore } from '@kittyhost/core/ports';
import { ok, ResultAsync, safeTry } from 'neverthrow';
import type { OperationContext } from '../context.js';
import { featureStatus, lanesOf, withGraph } from '../operations/shared.js';
import { documentText, featureKind, featureTitle, metaText } from './feature-identity.js';
import type { FeatureListing, FeatureSummary } from './view-model.js';

/** A count of zero for each of the nine lanes. */
export function emptyLaneCounts(): Record<Lane, number> {
  return Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
}

/** One feature's line in the list; a feature that does not read is listed with its problem. */
function summaryOf(store: SpecStore, slug: string): ResultAsync<FeatureSummary, never> {
  const read = safeTry(async function* () {
    const { feature } = yield* store.loadFeature(slug).andThen(withGraph);
    const entries = yield* store.readEvents(slug);
    const status = featureStatus(feature, entries);
    const counts = emptyLaneCounts();
    for (const lane of Object.values(lanesOf(feature, status))) counts[lane] += 1;
    const spec = yield* documentText(store, slug, 'spec.md');
    const acceptedAt = metaText(feature.meta, 'accepted_at');
    return ok<FeatureSummary, HostError>({
      slug,
      title: featureTitle(slug, spec, feature.meta),
      kind: featureKind(feature.meta),
      lane_counts: counts,
      wp_count: feature.workPackages.length,
      accepted: acceptedAt !== null,
      accepted_at: acceptedAt,
      target_branch: metaText(feature.meta, 'target_branch'),
      last_event_at: status.last_event_at,
      problem: null,
    });
  });
  return read.orElse((error) =>
    documentText(store, slug, 'spec.md').map((spec): FeatureSummary => ({
      slug,
      title: featureTitle(slug, spec, {}),
      kind: 'feature',
      lane_counts: emptyLaneCounts(),
      wp_count: 0,
      accepted: false,
      accepted_at: null,
      target_branch: null,
      last_event_at: null,
      problem: { code: error.code, message: error.message },
    })),
  );
}

/**
 * `list-features`: every feature (mission) under `kitty-specs/`, in slug order, with its title,
 * lane counts (all nine lanes), WP count, acceptance, target branch and the time of its last
 * lane event. A feature whose files are broken (a bad WP file or meta.json, a dependency cycle,
 * a corrupt log) is listed with its problem — error code and message — and never hides the
 * others. Read-only; never loads git.
 *
 * @example
 * ```ts
 * const listing = await listFeatures(context);
 * listing._unsafeUnwrap().features.map((feature) => [feature.slug, feature.problem?.code ?? 'ok']);
 * // [['001-demo', 'ok'], ['002-broken', 'SPEC_INVALID']]
 * ```
 */
export function listFeatures(context: OperationContext): ResultAsync<FeatureListing, HostError> {
  return safeTry(async function* () {
    const { store } = yield* context.project();
    const slugs = yield* store.listFeatures();
    const features = yield* ResultAsync.combine(slugs.map((slug) => summaryOf(store, slug)));
    return ok({ features });
  });
}
