// The feature list at `/`: every feature (mission) with its progress and lane counts; a broken one
// is listed with its error, never hiding the others.
import { h, type Child } from './dom.js';
import { formatInstant, laneLabel, plural } from './format.js';
import type { FeatureListing, FeatureSummary } from './view-model.js';

/**
 * The board URL of a feature: `/features/{slug}` (contract 1.0.0 actions) or `/missions/{slug}`
 * for a mission (1.3.0 actions).
 *
 * @example
 * ```ts
 * boardPath({ slug: '001-demo', kind: 'feature' }); // '/features/001-demo'
 * ```
 */
export function boardPath(feature: Pick<FeatureSummary, 'slug' | 'kind'>): string {
  return `/${feature.kind}s/${encodeURIComponent(feature.slug)}`;
}

function featureItem(feature: FeatureSummary): HTMLElement {
  const done = feature.lane_counts.done + feature.lane_counts.approved;
  const counts = Object.entries(feature.lane_counts)
    .filter(([, count]) => count > 0)
    .map(([lane, count]) =>
      h(
        'li',
        { class: ['lane-chip', `lane-chip--${lane}`] },
        `${count} ${laneLabel(lane).toLowerCase()}`,
      ),
    );
  const details: Child[] = [
    h('span', {}, feature.kind),
    ' · ',
    h('code', {}, feature.slug),
    feature.target_branch === null ? null : [' · target ', h('code', {}, feature.target_branch)],
    ' · ',
    feature.accepted ? 'accepted' : 'not accepted',
    feature.last_event_at === null
      ? ' · no events yet'
      : ` · last change ${formatInstant(feature.last_event_at)}`,
  ];
  return h(
    'li',
    {
      class: ['feature', feature.problem === null ? null : 'feature--broken'],
      attributes: { 'data-slug': feature.slug },
    },
    h(
      'h2',
      { class: 'feature-title' },
      h('a', { attributes: { href: boardPath(feature) } }, feature.title),
    ),
    h('p', { class: 'feature-meta' }, details),
    feature.problem === null
      ? [
          h(
            'div',
            { class: 'progress-line' },
            h('progress', {
              attributes: {
                max: Math.max(1, feature.wp_count),
                value: done,
                'aria-label': `${feature.title}: ${done} of ${feature.wp_count} done`,
              },
            }),
            h(
              'span',
              { class: 'progress-text' },
              `${done} of ${plural(feature.wp_count, 'work package')} done`,
            ),
          ),
          counts.length === 0
            ? null
            : h(
                'ul',
                { class: 'lane-chips', attributes: { 'aria-label': 'Work packages per lane' } },
                counts,
              ),
        ]
      : h(
          'p',
          { class: 'problem', attributes: { role: 'note' } },
          h('strong', {}, feature.problem.code),
          ': ',
          feature.problem.message,
        ),
  );
}

/**
 * The list of features, or a sentence when there is none.
 *
 * @example
 * ```ts
 * main.append(featureList(listing));
 * ```
 */
export function featureList(listing: FeatureListing): HTMLElement {
  if (listing.features.length === 0)
    return h('p', { class: 'empty' }, 'No features under kitty-specs/ yet.');
  return h('ul', { class: 'features' }, listing.features.map(featureItem));
}
