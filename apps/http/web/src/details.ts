// A WP's details in a modal dialog: where it is, who holds it, dependencies, subtasks, branch and
// workspace, reviews, its history and activity log — and the actions a person can take on it.
import {
  actionsFor,
  missingInput,
  planAction,
  type ActionSpec,
  type BoardKind,
} from './actions.js';
import { EnvelopeError, send } from './api.js';
import { h, replaceChildren, type Child } from './dom.js';
import { defaultReviewReference, formatAge, formatInstant, laneLabel } from './format.js';
import { askIdentity, type IdentityStore } from './identity.js';
import type { BoardCard, BoardHistoryEntry, FeatureBoard } from './view-model.js';

/** What the dialog needs from the page. */
export interface DetailsOptions {
  readonly kind: BoardKind;
  readonly identity: IdentityStore;
  /** The server's version (the policy's `orchestrator_version`). */
  readonly version: string;
}

const section = (title: string, ...children: Child[]): HTMLElement =>
  h('section', { class: 'details-section' }, h('h3', {}, title), ...children);

const code = (text: string): HTMLElement => h('code', {}, text);

function facts(rows: readonly (readonly [string, Child] | null)[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows
      .filter((row) => row !== null)
      .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

function historyEntry(entry: BoardHistoryEntry): HTMLElement {
  const what =
    entry.from_lane === null && entry.to_lane === null
      ? 'note'
      : `${laneLabel(entry.from_lane ?? '—')} → ${laneLabel(entry.to_lane ?? '—')}`;
  return h(
    'li',
    { class: ['history-entry', entry.force ? 'history-entry--forced' : null] },
    h(
      'p',
      { class: 'history-head' },
      h('time', { attributes: { datetime: entry.at } }, formatInstant(entry.at)),
      ' · ',
      h('strong', {}, entry.actor === '' ? 'unknown actor' : entry.actor),
      ' · ',
      what,
      entry.force ? h('span', { class: 'badge badge--forced' }, 'forced') : null,
    ),
    entry.reason === null ? null : h('p', { class: 'history-reason' }, entry.reason),
    entry.note === null ? null : h('p', { class: 'history-note' }, entry.note),
    entry.review_ref === null
      ? null
      : h('p', { class: 'history-ref' }, 'review ', code(entry.review_ref)),
  );
}

function information(card: BoardCard, board: FeatureBoard): Child[] {
  const dependencies =
    card.dependencies.length === 0
      ? h('p', {}, 'None.')
      : h(
          'ul',
          { class: 'dependencies' },
          card.dependencies.map((dependency) => {
            const unmet = card.unmet_dependencies.includes(dependency);
            const lane = board.work_packages.find((other) => other.wp_id === dependency)?.lane;
            return h(
              'li',
              { class: unmet ? 'unmet' : 'met' },
              h(
                'span',
                { class: 'mark', attributes: { 'aria-hidden': 'true' } },
                unmet ? '○ ' : '✓ ',
              ),
              code(dependency),
              ` — ${unmet ? 'not done yet' : 'done'}${lane === undefined ? '' : ` (${laneLabel(lane)})`}`,
            );
          }),
        );
  const subtasks: Child[] = [];
  if (card.subtasks !== null)
    subtasks.push(
      h('p', {}, `tasks.md: ${card.subtasks.checked} of ${card.subtasks.total} boxes checked`),
    );
  if (card.roster !== null)
    subtasks.push(
      h('p', {}, `Roster: ${card.roster.done} of ${card.roster.total} done`),
      h(
        'ul',
        { class: 'roster' },
        card.roster.ids.map((subtask) =>
          h(
            'li',
            { class: subtask.done ? 'met' : 'unmet' },
            h(
              'span',
              { class: 'mark', attributes: { 'aria-hidden': 'true' } },
              subtask.done ? '✓ ' : '○ ',
            ),
            code(subtask.id),
            subtask.done ? ' — done' : ' — not done',
          ),
        ),
      ),
    );
  if (subtasks.length === 0) subtasks.push(h('p', {}, 'No subtasks.'));
  const review = card.review_result;
  return [
    facts([
      ['Lane', laneLabel(card.lane)],
      ['Held by', card.holder ?? 'nobody'],
      card.age_seconds === null
        ? null
        : [
            'In this lane',
            `${formatAge(card.age_seconds, true)} (since ${formatInstant(card.lane_since ?? '')})`,
          ],
      card.lease === null
        ? null
        : [
            'Lease',
            card.lease.expires_at === null
              ? 'no lease information (it never expires)'
              : card.lease.expired
                ? `expired at ${formatInstant(card.lease.expires_at)} — another agent may take the claim over`
                : `renewed ${formatInstant(card.lease.renewed_at ?? '')}, ends ${formatInstant(card.lease.expires_at)} unless renewed`,
          ],
      card.force_count > 0 ? ['Forced moves', String(card.force_count)] : null,
    ]),
    section('Dependencies', dependencies),
    section('Subtasks', subtasks),
    section(
      'Branch and workspace',
      facts([
        ['Branch', code(card.workspace.branch)],
        [
          'Workspace',
          [
            code(card.workspace.path),
            card.workspace.exists === true
              ? ' (exists)'
              : card.workspace.exists === false
                ? ' (not created yet)'
                : '',
          ],
        ],
        ['WP file', code(card.prompt_path)],
      ]),
    ),
    section(
      'Reviews',
      card.review_refs.length === 0 && review === null
        ? h('p', {}, 'No review yet.')
        : [
            review === null
              ? null
              : facts([
                  ['Last result', review.verdict === 'approved' ? 'approved' : 'changes requested'],
                  ['Reviewer', review.reviewer],
                  ['Reference', code(review.reference)],
                ]),
            card.review_refs.length === 0
              ? null
              : h(
                  'ul',
                  { class: 'refs' },
                  card.review_refs.map((reference) => h('li', {}, code(reference))),
                ),
          ],
    ),
    section(
      'History',
      card.history.length === 0
        ? h('p', {}, 'No events yet.')
        : h('ol', { class: 'history' }, card.history.map(historyEntry)),
    ),
    section(
      'Activity log',
      card.activity.length === 0
        ? h('p', {}, 'Empty.')
        : h(
            'ul',
            { class: 'activity' },
            card.activity.map((line) => h('li', {}, line)),
          ),
    ),
  ];
}

/**
 * The details dialog of one WP at a time, kept up to date as boards arrive.
 *
 * @example
 * ```ts
 * const details = new DetailsDialog({ kind: 'mission', identity, version: '0.1.0' });
 * details.open('WP03', board);
 * details.update(nextBoard); // re-renders, keeping an action form that is being filled in
 * ```
 */
export class DetailsDialog {
  readonly #options: DetailsOptions;
  readonly #dialog: HTMLDialogElement;
  readonly #heading: HTMLElement;
  readonly #info: HTMLElement;
  readonly #actions: HTMLElement;
  readonly #notice: HTMLElement;
  #wpId: string | null = null;
  #lane: string | null = null;
  #board: FeatureBoard | null = null;
  #formOpen = false;
  #busy = false;

  constructor(options: DetailsOptions) {
    this.#options = options;
    this.#heading = h('h2', { attributes: { id: 'details-heading' } });
    this.#info = h('div', { class: 'details-info' });
    this.#actions = h('div', { class: 'details-actions' });
    this.#notice = h('p', {
      class: 'notice',
      attributes: { role: 'status', 'aria-live': 'polite' },
    });
    this.#dialog = h(
      'dialog',
      { class: 'details', attributes: { 'aria-labelledby': 'details-heading' } },
      h(
        'div',
        { class: 'details-head' },
        this.#heading,
        h(
          'button',
          {
            class: 'close',
            attributes: { type: 'button', 'aria-label': 'Close details' },
            on: { click: () => this.#dialog.close() },
          },
          '✕',
        ),
      ),
      this.#notice,
      this.#actions,
      this.#info,
    );
    this.#dialog.addEventListener('close', () => {
      const wpId = this.#wpId;
      this.#wpId = null;
      this.#formOpen = false;
      if (wpId !== null)
        document
          .querySelector<HTMLButtonElement>(`.card-open[data-wp="${CSS.escape(wpId)}"]`)
          ?.focus();
    });
    document.body.append(this.#dialog);
  }

  /** The WP shown, or `null` when closed. */
  get wpId(): string | null {
    return this.#wpId;
  }

  open(wpId: string, board: FeatureBoard): void {
    this.#wpId = wpId;
    this.#lane = null;
    this.#formOpen = false;
    this.#say('', '');
    this.update(board);
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  /** A new board arrived: re-render what is shown (an action form being filled in stays). */
  update(board: FeatureBoard): void {
    this.#board = board;
    if (this.#wpId === null) return;
    const card = board.work_packages.find((candidate) => candidate.wp_id === this.#wpId);
    if (card === undefined) {
      replaceChildren(this.#heading, this.#wpId);
      replaceChildren(this.#info, h('p', {}, 'This work package is no longer in the feature.'));
      replaceChildren(this.#actions);
      return;
    }
    replaceChildren(this.#heading, h('span', { class: 'wp-id' }, card.wp_id), ' ', card.title);
    replaceChildren(this.#info, information(card, board));
    const moved = this.#lane !== null && this.#lane !== card.lane;
    this.#lane = card.lane;
    // While an action's requests run, its form (and the error it may show) stays as it is.
    if (this.#busy) return;
    // A lane change after the person's own action keeps saying what they did.
    if (moved && this.#notice.getAttribute('data-outcome') !== 'ok')
      this.#say('moved', `${card.wp_id} is now in ${laneLabel(card.lane)}.`);
    if (!this.#formOpen || moved) this.#showButtons(card);
  }

  /** Show a notice; `data-outcome` tells a success (`ok`) from a lane change (`moved`). */
  #say(outcome: '' | 'ok' | 'moved', text: string): void {
    this.#notice.textContent = text;
    this.#notice.setAttribute('data-outcome', outcome);
  }

  /** The card as the latest board has it. */
  #current(wpId: string): BoardCard | undefined {
    return this.#board?.work_packages.find((candidate) => candidate.wp_id === wpId);
  }

  #showButtons(card: BoardCard): void {
    this.#formOpen = false;
    const actions = actionsFor(this.#options.kind, card.lane);
    if (actions.length === 0) {
      replaceChildren(
        this.#actions,
        h(
          'p',
          { class: 'hint' },
          this.#options.kind === 'feature' &&
            (card.lane === 'in_review' || card.lane === 'approved')
            ? 'This lane belongs to contract 1.3: act on it from the mission board.'
            : 'No actions in this lane.',
        ),
      );
      return;
    }
    replaceChildren(
      this.#actions,
      h(
        'div',
        { class: 'action-buttons', attributes: { role: 'group', 'aria-label': 'Actions' } },
        actions.map((action) =>
          h(
            'button',
            {
              class: ['action', `action--${action.tone}`],
              attributes: { type: 'button', 'data-action': action.name },
              on: { click: () => this.#showForm(card, action) },
            },
            action.label,
          ),
        ),
      ),
    );
  }

  #showForm(card: BoardCard, action: ActionSpec): void {
    this.#formOpen = true;
    this.#say('', '');
    const reference = h('input', {
      attributes: {
        id: 'action-reference',
        name: 'review_ref',
        type: 'text',
        required: true,
        spellcheck: 'false',
        value:
          card.review_result?.reference !== undefined && action.name === 'finish'
            ? card.review_result.reference
            : defaultReviewReference(card.wp_id, new Date()),
      },
    });
    const note = h('textarea', {
      attributes: {
        id: 'action-note',
        name: 'note',
        rows: 3,
        required: action.note === 'required',
      },
    });
    const error = h('p', { class: 'form-error', attributes: { role: 'alert' } });
    const submit = h(
      'button',
      { class: ['action', `action--${action.tone}`], attributes: { type: 'submit' } },
      `${action.label} ${card.wp_id}`,
    );
    const form = h(
      'form',
      { class: 'action-form', attributes: { 'data-action': action.name } },
      h('h3', {}, `${action.label} ${card.wp_id}`),
      h('p', { class: 'hint' }, action.summary),
      action.reviewReference
        ? [h('label', { attributes: { for: 'action-reference' } }, 'Review reference'), reference]
        : null,
      h(
        'label',
        { attributes: { for: 'action-note' } },
        action.note === 'required' ? 'Note (required)' : 'Note (optional)',
      ),
      note,
      error,
      h(
        'div',
        { class: 'form-buttons' },
        submit,
        h(
          'button',
          {
            attributes: { type: 'button' },
            on: { click: () => this.#showButtons(this.#current(card.wp_id) ?? card) },
          },
          'Back',
        ),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.#busy) return;
      void this.#run(
        card,
        action,
        { note: note.value, reviewReference: reference.value },
        error,
        submit,
      );
    });
    replaceChildren(this.#actions, form);
    (action.reviewReference ? reference : note).focus();
  }

  async #run(
    card: BoardCard,
    action: ActionSpec,
    fields: { readonly note: string; readonly reviewReference: string },
    error: HTMLElement,
    submit: HTMLButtonElement,
  ): Promise<void> {
    const identity = this.#options.identity;
    const who = identity.current() ?? (await askIdentity(identity));
    if (who === null) {
      error.textContent = 'Your name is needed to act on the board.';
      return;
    }
    const board = this.#board;
    if (board === null) return;
    const input = {
      slug: board.slug,
      wpId: card.wp_id,
      actor: who.actor,
      version: this.#options.version,
      ...fields,
    };
    const missing = missingInput(action, input);
    if (missing !== null) {
      error.textContent = `${missing}.`;
      return;
    }
    const plan = planAction(this.#options.kind, action.name, card.lane, input);
    this.#busy = true;
    submit.disabled = true;
    error.textContent = '';
    try {
      for (const [index, request] of plan.entries()) {
        try {
          await send(request, identity.token);
        } catch (failure) {
          if (failure instanceof EnvelopeError && failure.status === 401) identity.forgetToken();
          const done = plan
            .slice(0, index)
            .map((step) => step.step)
            .join(', ');
          const reason =
            failure instanceof EnvelopeError
              ? `${failure.code}: ${failure.message}`
              : String(failure);
          error.textContent = `${done === '' ? '' : `${done} went through; then `}${request.step} was refused — ${reason}`;
          return;
        }
      }
      this.#say(
        'ok',
        `${action.label}: ${card.wp_id} ${plan.map((step) => step.step).join(', ')}.`,
      );
      this.#formOpen = false;
      // The event may have arrived (and the board been re-read) before this answer did.
      const now = this.#current(card.wp_id);
      if (now !== undefined && now.lane !== card.lane) this.#showButtons(now);
      else
        replaceChildren(
          this.#actions,
          h('p', { class: 'hint' }, 'Sent. The board moves the card as the event arrives.'),
        );
    } finally {
      this.#busy = false;
      submit.disabled = false;
    }
  }
}
