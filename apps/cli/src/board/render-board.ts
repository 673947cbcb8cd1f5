// The board of one feature as terminal lines: a column per lane that has WPs (in lane order),
// a card per WP; columns wrap onto several rows when the terminal is narrow.
import type { BoardCard, FeatureBoard } from '@kittyhost/orchestrator-api';
import { LANE_LOOK } from './lanes.js';
import type { Style } from './style.js';
import { cut, displayWidth, fit, formatAge, printable } from './text.js';

/** Width and colours of a rendering. */
export interface RenderOptions {
  /** Terminal columns. */
  readonly width: number;
  readonly style: Style;
}

/** Narrowest column: below this, lanes wrap onto another row. */
export const MIN_COLUMN = 22;
/** Widest column: a board of two lanes on a wide terminal stays readable. */
export const MAX_COLUMN = 44;
const GAP = 2;

/** The lines of one card, each at most `width` cells (before styling). */
export function cardLines(card: BoardCard, width: number, style: Style): string[] {
  const colour = LANE_LOOK[card.lane].colour;
  const bar = style(colour, '▌');
  const inner = width - 1;
  const head = cut(`${card.wp_id} ${printable(card.title)}`.trimEnd(), inner);
  const idEnd = Math.min(card.wp_id.length, head.length);
  const lines = [`${bar}${style('bold', head.slice(0, idEnd))}${head.slice(idEnd)}`];
  const facts: string[] = [];
  if (card.holder !== null) facts.push(printable(card.holder));
  if (card.age_seconds !== null) facts.push(formatAge(card.age_seconds));
  if (card.progress !== null && card.progress.total > 0)
    facts.push(`${card.progress.done}/${card.progress.total}`);
  if (card.force_count > 0) facts.push(`forced ${card.force_count}`);
  const lease = card.lease;
  // A live lease shows its age (since the holder last renewed it); an expired one a line of its own.
  if (lease !== null && !lease.expired && lease.age_seconds !== null)
    facts.push(`♥ ${formatAge(lease.age_seconds)}`);
  if (facts.length > 0) lines.push(`${bar}${style('dim', cut(facts.join(' · '), inner))}`);
  if (lease !== null && lease.expired) {
    const since =
      lease.age_seconds === null ? '' : ` · renewed ${formatAge(lease.age_seconds)} ago`;
    lines.push(`${bar}${style('red', cut(`⌛ lease expired${since}`, inner))}`);
  }
  const entered = card.history.find((entry) => entry.kind === 'lane');
  if ((card.lane === 'blocked' || card.lane === 'canceled') && entered?.reason) {
    lines.push(`${bar}${style('italic', cut(`» ${printable(entered.reason)}`, inner))}`);
  }
  if (card.unmet_dependencies.length > 0) {
    lines.push(`${bar}${style('yellow', cut(`⛓ ${card.unmet_dependencies.join(' ')}`, inner))}`);
  }
  return lines;
}

/** Pad a styled line to `width` cells: its visible width is that of `plain`. */
function padStyled(styled: string, plain: string, width: number): string {
  return styled + ' '.repeat(Math.max(0, width - displayWidth(plain)));
}

/** Remove the escape codes a styler added (to measure a styled line). */
// eslint-disable-next-line no-control-regex
const unstyled = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** How many columns fit a row, balanced so rows hold about as many lanes each. */
export function columnsPerRow(width: number, lanes: number): number {
  if (lanes === 0) return 1;
  const fits = Math.max(1, Math.floor((width + GAP) / (MIN_COLUMN + GAP)));
  const rows = Math.ceil(lanes / Math.min(fits, lanes));
  return Math.ceil(lanes / rows);
}

/** The header of a board: slug, title and a count per lane. */
function headerLines(board: FeatureBoard, options: RenderOptions): string[] {
  const { style, width } = options;
  const title = printable(board.title);
  const name = title === board.slug ? board.slug : `${board.slug} · ${title}`;
  const total = board.work_packages.length;
  const counts = board.lanes
    .filter((lane) => board.summary[lane] > 0)
    .map((lane) => `${board.summary[lane]} ${LANE_LOOK[lane].label.toLowerCase()}`);
  const facts = [
    `${total} WP${total === 1 ? '' : 's'}`,
    ...counts,
    ...(board.target_branch === null ? [] : [`→ ${printable(board.target_branch)}`]),
    ...(board.accepted ? ['✓ accepted'] : []),
  ];
  return [style('bold', cut(name, width)), style('dim', cut(facts.join(' · '), width))];
}

/**
 * The board of a feature as terminal lines (no line longer than `width` cells): its header,
 * then a column per lane that has WPs, lanes in order, wrapping onto several rows when they do
 * not fit side by side (at least {@link MIN_COLUMN} cells each).
 *
 * @example
 * ```ts
 * renderBoard(board, { width: 80, style: makeStyle(false) }).join('\n');
 * ```
 */
export function renderBoard(board: FeatureBoard, options: RenderOptions): string[] {
  const { style } = options;
  const width = Math.max(options.width, 20);
  const lines = [...headerLines(board, { style, width }), ''];
  const lanes = board.lanes.filter((lane) => board.summary[lane] > 0);
  if (lanes.length === 0) return [...lines, style('dim', 'No work packages yet.')];
  const perRow = columnsPerRow(width, lanes.length);
  const columnWidth = Math.min(MAX_COLUMN, Math.floor((width - GAP * (perRow - 1)) / perRow));
  for (let start = 0; start < lanes.length; start += perRow) {
    if (start > 0) lines.push('');
    const columns = lanes.slice(start, start + perRow).map((lane) => {
      const look = LANE_LOOK[lane];
      const heading = fit(`${look.label} ${board.summary[lane]}`, columnWidth);
      const column = [style(['bold', look.colour], heading), style('dim', '─'.repeat(columnWidth))];
      const cards = board.work_packages.filter((card) => card.lane === lane);
      cards.forEach((card, index) => {
        if (index > 0) column.push('');
        column.push(...cardLines(card, columnWidth, style));
      });
      return column;
    });
    const height = Math.max(...columns.map((column) => column.length));
    for (let row = 0; row < height; row++) {
      const cells = columns.map((column, index) => {
        const cell = column[row] ?? '';
        const last = index === columns.length - 1;
        return last ? cell : padStyled(cell, unstyled(cell), columnWidth);
      });
      lines.push(cells.join(' '.repeat(GAP)).trimEnd());
    }
  }
  return lines;
}
