// The feature list as terminal lines: a feature per entry with a progress bar, or its problem.
import type { FeatureListing, FeatureSummary } from '@kittyhost/orchestrator-api';
import { LANE_LOOK } from './lanes.js';
import type { RenderOptions } from './render-board.js';
import { cut, displayWidth, printable } from './text.js';

/** Cells of the progress bar. */
const BAR = 20;

/**
 * `█` for done (or approved) WPs, `░` for the rest (canceled WPs do not count), then
 * `n/m done`; with its width in cells.
 */
function progressBar(
  summary: FeatureSummary,
  options: RenderOptions,
): { text: string; width: number } {
  const counts = summary.lane_counts;
  const total = summary.wp_count - counts.canceled;
  const finished = counts.done + counts.approved;
  const filled = total === 0 ? 0 : Math.round((finished / total) * BAR);
  const label = ` ${finished}/${total} done`;
  return {
    text: `${options.style('green', '█'.repeat(filled))}${options.style('dim', '░'.repeat(BAR - filled))}${label}`,
    width: BAR + label.length,
  };
}

function entryLines(summary: FeatureSummary, options: RenderOptions): string[] {
  const { style, width } = options;
  const title = printable(summary.title);
  const name = `${style('bold', summary.slug)}${title === summary.slug ? '' : `  ${title}`}`;
  const nameWidth = displayWidth(
    title === summary.slug ? summary.slug : `${summary.slug}  ${title}`,
  );
  const head = nameWidth <= width ? name : style('bold', cut(`${summary.slug}  ${title}`, width));
  if (summary.problem !== null) {
    const problem = `✗ ${summary.problem.code}: ${printable(summary.problem.message)}`;
    return [head, style('red', cut(problem, width))];
  }
  const counts = (Object.keys(summary.lane_counts) as (keyof typeof LANE_LOOK)[])
    .filter((lane) => lane !== 'done' && summary.lane_counts[lane] > 0)
    .map((lane) => `${summary.lane_counts[lane]} ${LANE_LOOK[lane].label.toLowerCase()}`);
  const facts = [
    ...counts,
    ...(summary.target_branch === null ? [] : [`→ ${printable(summary.target_branch)}`]),
    ...(summary.accepted ? ['✓ accepted'] : []),
  ];
  const bar = progressBar(summary, options);
  const rest = facts.length === 0 ? '' : ` · ${facts.join(' · ')}`;
  return [head, `${bar.text}${style('dim', cut(rest, Math.max(0, width - bar.width)))}`];
}

/**
 * The feature list as terminal lines: each feature's slug and title, then a progress bar with
 * its counts per lane, or, for a feature whose files do not read, its error code and message.
 *
 * @example
 * ```ts
 * renderFeatureList(listing, '/repo', { width: 80, style: makeStyle(false) });
 * ```
 */
export function renderFeatureList(
  listing: FeatureListing,
  root: string,
  options: RenderOptions,
): string[] {
  const { style, width } = options;
  const count = listing.features.length;
  const lines = [
    style('bold', cut(`${count} feature${count === 1 ? '' : 's'} in ${root}`, width)),
    '',
  ];
  if (count === 0) return [...lines, style('dim', 'No features under kitty-specs/ yet.')];
  listing.features.forEach((summary, index) => {
    if (index > 0) lines.push('');
    lines.push(...entryLines(summary, options));
  });
  lines.push(
    '',
    style('dim', cut('spec-kitty board --feature <slug> shows the board of one', width)),
  );
  return lines;
}
