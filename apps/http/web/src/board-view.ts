// The kanban: one section per lane (all nine, in order; empty ones collapsed), a card per WP.
import type { BoardKind } from './actions.js';
import { h, replaceChildren } from './dom.js';
import { formatAge, formatInstant, laneLabel, plural } from './format.js';
import type { BoardCard, FeatureBoard } from './view-model.js';

/** What the kanban needs from the page. */
export interface BoardViewOptions {
  readonly kind: BoardKind;
  /** A card was activated (click, Enter, Space): open its details. */
  readonly onOpen: (wpId: string) => void;
}

/** Visually hidden text for screen readers. */
const hidden = (text: string): HTMLElement => h('span', { class: 'visually-hidden' }, text);

/** A card's age right now: the board's `age_seconds` plus the time since the board was read. */
export function ageNow(card: BoardCard, readAt: number, now: number): number | null {
  return card.age_seconds === null ? null : card.age_seconds + Math.max(0, now - readAt) / 1_000;
}

function cardElement(card: BoardCard, moved: boolean, options: BoardViewOptions): HTMLElement {
  const badges: HTMLElement[] = [];
  if (card.unmet_dependencies.length > 0)
    badges.push(
      h(
        'span',
        { class: 'badge badge--waiting' },
        `waits for ${card.unmet_dependencies.join(', ')}`,
      ),
    );
  const progress = card.progress;
  if (progress !== null && progress.total > 0)
    badges.push(
      h(
        'span',
        { class: ['badge', progress.done === progress.total ? 'badge--complete' : null] },
        hidden('subtasks '),
        `${progress.done}/${progress.total}`,
        h('span', { attributes: { 'aria-hidden': 'true' } }, ' subtasks'),
      ),
    );
  if (card.review_result?.verdict === 'changes_requested')
    badges.push(h('span', { class: 'badge badge--changes' }, 'changes requested'));
  if (card.force_count > 0)
    badges.push(h('span', { class: 'badge badge--forced' }, `forced ×${card.force_count}`));
  const lease = card.lease;
  if (lease !== null && lease.expired)
    badges.push(
      h(
        'span',
        {
          class: 'badge badge--expired',
          attributes: {
            title: `Its holder has not renewed the claim since ${formatInstant(lease.renewed_at ?? '')}: another agent may take it over.`,
          },
        },
        '⌛ lease expired',
      ),
    );
  else if (lease !== null && lease.age_seconds !== null)
    badges.push(
      h(
        'span',
        {
          class: 'badge badge--lease',
          attributes: {
            'data-lease-age': card.wp_id,
            title: `Lease renewed ${formatInstant(lease.renewed_at ?? '')}; it ends ${formatInstant(lease.expires_at ?? '')} unless renewed.`,
          },
        },
        hidden('lease renewed '),
        `♥ ${formatAge(lease.age_seconds)}`,
        hidden(' ago'),
      ),
    );

  return h(
    'li',
    {
      class: ['card', `card--${card.lane}`, moved ? 'card--moved' : null],
      attributes: { 'data-wp': card.wp_id, 'data-lane': card.lane },
    },
    h(
      'h3',
      { class: 'card-title' },
      h(
        'button',
        {
          class: 'card-open',
          attributes: { type: 'button', 'aria-haspopup': 'dialog', 'data-wp': card.wp_id },
          on: { click: () => options.onOpen(card.wp_id) },
        },
        h('span', { class: 'wp-id' }, card.wp_id),
        ' ',
        h('span', { class: 'wp-title' }, card.title),
      ),
    ),
    h(
      'p',
      { class: 'card-meta' },
      card.holder === null ? null : h('span', { class: 'holder' }, hidden('held by '), card.holder),
      card.age_seconds === null
        ? null
        : h(
            'span',
            { class: 'age', attributes: { 'data-age': card.wp_id } },
            hidden('in this lane for '),
            formatAge(card.age_seconds),
          ),
    ),
    badges.length === 0 ? null : h('p', { class: 'badges' }, badges),
  );
}

/**
 * Renders a {@link FeatureBoard} into its container, keeping focus on the card that had it, and
 * marking cards whose lane changed since the last render.
 *
 * @example
 * ```ts
 * const view = new BoardView(main, { kind: 'feature', onOpen: showDetails });
 * view.render(board);
 * ```
 */
export class BoardView {
  readonly #container: HTMLElement;
  readonly #options: BoardViewOptions;
  #lanes = new Map<string, string>();
  #board: FeatureBoard | null = null;
  #readAt = 0;

  constructor(container: HTMLElement, options: BoardViewOptions) {
    this.#container = container;
    this.#options = options;
  }

  get board(): FeatureBoard | null {
    return this.#board;
  }

  render(board: FeatureBoard): void {
    const focused = document.activeElement?.closest('.card-open')?.getAttribute('data-wp') ?? null;
    const byLane = new Map<string, BoardCard[]>(board.lanes.map((lane) => [lane, []]));
    for (const card of board.work_packages) {
      const list = byLane.get(card.lane);
      if (list === undefined) byLane.set(card.lane, [card]);
      else list.push(card);
    }
    const previous = this.#lanes;
    this.#lanes = new Map(board.work_packages.map((card) => [card.wp_id, card.lane]));
    const sections = [...byLane].map(([lane, cards]) =>
      h(
        'section',
        {
          class: ['lane', `lane--${lane}`, cards.length === 0 ? 'lane--empty' : null],
          attributes: { 'aria-labelledby': `lane-${lane}`, 'data-lane': lane },
        },
        h(
          'h2',
          { class: 'lane-heading', attributes: { id: `lane-${lane}` } },
          h('span', { class: 'lane-name' }, laneLabel(lane)),
          ' ',
          h(
            'span',
            { class: 'lane-count' },
            String(cards.length),
            hidden(cards.length === 1 ? ' work package' : ' work packages'),
          ),
        ),
        cards.length === 0
          ? null
          : h(
              'ol',
              { class: 'cards' },
              cards.map((card) =>
                cardElement(
                  card,
                  previous.size > 0 && previous.get(card.wp_id) !== card.lane,
                  this.#options,
                ),
              ),
            ),
      ),
    );
    replaceChildren(this.#container, sections);
    this.#board = board;
    this.#readAt = Date.now();
    if (focused !== null)
      this.#container
        .querySelector<HTMLButtonElement>(`.card-open[data-wp="${CSS.escape(focused)}"]`)
        ?.focus();
  }

  /** Bring the ages up to date (local arithmetic only: no request). */
  tick(now: number = Date.now()): void {
    if (this.#board === null) return;
    for (const card of this.#board.work_packages) {
      const age = ageNow(card, this.#readAt, now);
      const element = this.#container.querySelector(`[data-age="${CSS.escape(card.wp_id)}"]`);
      if (age !== null && element !== null)
        replaceChildren(element, hidden('in this lane for '), formatAge(age));
      const leaseAge = card.lease?.age_seconds ?? null;
      const leaseElement = this.#container.querySelector(
        `[data-lease-age="${CSS.escape(card.wp_id)}"]`,
      );
      if (leaseAge !== null && leaseElement !== null)
        replaceChildren(
          leaseElement,
          hidden('lease renewed '),
          `♥ ${formatAge(leaseAge + Math.max(0, now - this.#readAt) / 1_000)}`,
          hidden(' ago'),
        );
    }
  }
}

/**
 * The line under the board's title: kind, slug, target branch, WP count, acceptance.
 *
 * @example
 * ```ts
 * boardSummary(board); // 'feature 001-demo · target main · 6 work packages · not accepted'
 * ```
 */
export function boardSummary(board: FeatureBoard): string {
  return [
    `${board.kind} ${board.slug}`,
    board.target_branch === null ? null : `target ${board.target_branch}`,
    plural(board.work_packages.length, 'work package'),
    board.accepted ? 'accepted' : 'not accepted',
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/**
 * When the board must be read again because a lease on it is due to run out (the earliest end of
 * a live lease, in ms since 1970), or `null`. Heartbeats write no event, so the stream cannot say
 * that a lease was renewed — or that it expired: the page reads the board once at that instant.
 *
 * @example
 * ```ts
 * leaseDeadline(board); // 1764590400000
 * ```
 */
export function leaseDeadline(board: FeatureBoard): number | null {
  let earliest: number | null = null;
  for (const card of board.work_packages) {
    const ends = card.lease?.expired === false ? Date.parse(card.lease.expires_at ?? '') : NaN;
    if (!Number.isNaN(ends) && (earliest === null || ends < earliest)) earliest = ends;
  }
  return earliest;
}
