// What a person can do to a WP from the board, and the exact requests each action sends. Pure
// data and functions (no DOM, no fetch): the browser runs the plan, the tests read it.
//
// The page's URL decides the contract generation of its buttons: `/features/{S}` uses the 1.0.0
// routes (`/v1/features/…`), `/missions/{m}` the 1.3.0 routes (`/v1/missions/…`), and each
// follows its own transition table and guards, so a person never needs `force`.
import type { LaneName } from './format.js';

/** The generation of a board page: `feature` = contract 1.0.0, `mission` = contract 1.3.0. */
export type BoardKind = 'feature' | 'mission';

/** The actions of the board. */
export type ActionName =
  'approve' | 'send-back' | 'finish' | 'release' | 'block' | 'unblock' | 'cancel';

/** How an action is offered. */
export interface ActionSpec {
  readonly name: ActionName;
  /** The button's text. */
  readonly label: string;
  /** What it does, in one sentence (shown in its form). */
  readonly summary: string;
  /** Whether the form asks for a review reference (required when asked). */
  readonly reviewReference: boolean;
  /** Whether the form's note is required. */
  readonly note: 'required' | 'optional';
  readonly tone: 'primary' | 'danger' | 'neutral';
}

/** What the person typed, and who they are. */
export interface ActionInput {
  readonly slug: string;
  readonly wpId: string;
  readonly actor: string;
  readonly note: string;
  readonly reviewReference: string;
  /** The server's version, recorded as the policy's `orchestrator_version`. */
  readonly version: string;
}

/** One request of an action's plan, sent in order; the first failure stops the plan. */
export interface PlannedRequest {
  readonly subcommand: 'transition' | 'start-review';
  /** Absolute path on this server. */
  readonly path: string;
  /** The JSON body. */
  readonly body: Readonly<Record<string, unknown>>;
  /** What this step does, for messages (`for_review → in_review`). */
  readonly step: string;
}

/** The `orchestrator_id` of every policy the board sends. */
export const BOARD_ORCHESTRATOR_ID = 'kittyhost-board';

/**
 * The policy the board sends with every mutation: it names the board and a human approver, with
 * no dangerous flags (the contract requires a policy on most transitions; it is validated and
 * stored in the event's `policy_metadata`).
 *
 * @example
 * ```ts
 * boardPolicy('0.1.0').approval_mode; // 'human'
 * ```
 */
export function boardPolicy(version: string): Readonly<Record<string, unknown>> {
  return {
    orchestrator_id: BOARD_ORCHESTRATOR_ID,
    orchestrator_version: version,
    agent_family: 'human',
    approval_mode: 'human',
    sandbox_mode: 'none',
    network_mode: 'none',
    dangerous_flags: [],
  };
}

const SPECS: Readonly<Record<ActionName, Omit<ActionSpec, 'summary'>>> = {
  approve: {
    name: 'approve',
    label: 'Approve',
    reviewReference: true,
    note: 'optional',
    tone: 'primary',
  },
  'send-back': {
    name: 'send-back',
    label: 'Send back',
    reviewReference: true,
    note: 'required',
    tone: 'neutral',
  },
  finish: {
    name: 'finish',
    label: 'Mark done',
    reviewReference: true,
    note: 'optional',
    tone: 'primary',
  },
  release: {
    name: 'release',
    label: 'Release claim',
    reviewReference: false,
    note: 'required',
    tone: 'neutral',
  },
  block: {
    name: 'block',
    label: 'Block',
    reviewReference: false,
    note: 'required',
    tone: 'danger',
  },
  unblock: {
    name: 'unblock',
    label: 'Unblock',
    reviewReference: false,
    note: 'optional',
    tone: 'primary',
  },
  cancel: {
    name: 'cancel',
    label: 'Cancel WP',
    reviewReference: false,
    note: 'required',
    tone: 'danger',
  },
};

const SUMMARIES: Readonly<Record<BoardKind, Partial<Record<ActionName, string>>>> = {
  feature: {
    approve: 'Moves it to done, with your review reference as its evidence.',
    'send-back': 'Moves it back to in progress for rework, with your review reference and note.',
    release: 'Takes it from its holder back to planned; the note says why.',
    block: 'Moves it to blocked; the note says why.',
    unblock: 'Moves it from blocked back to in progress.',
    cancel: 'Cancels it for good (canceled is terminal).',
  },
  mission: {
    approve:
      'Claims the review (in review) if needed, then moves it to done with an approved review result and evidence.',
    'send-back':
      'Claims the review (in review) if needed, then moves it back to in progress with a changes-requested review result and your note.',
    finish: 'Moves it from approved to done, with approval evidence under your name.',
    release: 'Takes it from its holder back to planned; the note says why.',
    block: 'Moves it to blocked; the note says why.',
    unblock: 'Moves it from blocked back to in progress.',
    cancel: 'Cancels it for good (canceled is terminal).',
  },
};

const OFFERED: Readonly<Record<BoardKind, Readonly<Record<LaneName, readonly ActionName[]>>>> = {
  // Contract 1.0.0 knows seven lanes; a WP in in_review or approved (written by a 1.3 call) is
  // acted on from its mission board.
  feature: {
    planned: ['block', 'cancel'],
    claimed: ['block', 'cancel'],
    in_progress: ['release', 'block', 'cancel'],
    for_review: ['approve', 'send-back', 'block', 'cancel'],
    in_review: [],
    approved: [],
    done: [],
    blocked: ['unblock', 'cancel'],
    canceled: [],
  },
  // Contract 1.3.0: for_review → done / in_progress are gone (the review is claimed first), and
  // leaving in_review needs a review result, so in_review offers only the review outcomes.
  mission: {
    planned: ['block', 'cancel'],
    claimed: ['block', 'cancel'],
    in_progress: ['release', 'block', 'cancel'],
    for_review: ['approve', 'send-back', 'block', 'cancel'],
    in_review: ['approve', 'send-back'],
    approved: ['finish', 'block', 'cancel'],
    done: [],
    blocked: ['unblock', 'cancel'],
    canceled: [],
  },
};

/**
 * The actions a board of `kind` offers for a WP in `lane` (none for done, canceled, or a lane it
 * does not know).
 *
 * @example
 * ```ts
 * actionsFor('feature', 'for_review').map((action) => action.name); // ['approve', 'send-back', 'block', 'cancel']
 * ```
 */
export function actionsFor(kind: BoardKind, lane: string): readonly ActionSpec[] {
  const names = (OFFERED[kind] as Readonly<Record<string, readonly ActionName[]>>)[lane] ?? [];
  return names.map((name) => ({ ...SPECS[name], summary: SUMMARIES[kind][name] ?? '' }));
}

/**
 * Why an input cannot be sent (a required field is blank), or `null` when it can.
 *
 * @example
 * ```ts
 * missingInput(actionsFor('feature', 'in_progress')[0]!, { …input, note: ' ' }); // 'A note is required'
 * ```
 */
export function missingInput(spec: ActionSpec, input: ActionInput): string | null {
  if (input.actor.trim() === '') return 'Your name is required';
  if (spec.reviewReference && input.reviewReference.trim() === '')
    return 'A review reference is required';
  if (spec.note === 'required' && input.note.trim() === '') return 'A note is required';
  return null;
}

/**
 * The requests that perform `action` on a WP in `lane`, in order.
 *
 * @example
 * ```ts
 * planAction('mission', 'approve', 'for_review', input).map((request) => request.subcommand);
 * // ['start-review', 'transition']
 * ```
 */
export function planAction(
  kind: BoardKind,
  action: ActionName,
  lane: string,
  input: ActionInput,
): readonly PlannedRequest[] {
  const base = `/v1/${kind}s/${encodeURIComponent(input.slug)}/work-packages/${encodeURIComponent(input.wpId)}`;
  const actor = input.actor.trim();
  const note = input.note.trim();
  const reference = input.reviewReference.trim();
  const policy = boardPolicy(input.version);
  const common = { actor, policy, ...(note === '' ? {} : { note }) };
  const transition = (
    to: string,
    extra: Record<string, unknown> = {},
    from: string = lane,
  ): PlannedRequest => ({
    subcommand: 'transition',
    path: `${base}/transition`,
    body: { to, ...common, ...extra },
    step: `${from} → ${to}`,
  });
  const review = (verdict: 'approved' | 'changes_requested') => ({
    review_ref: reference,
    review_result_json: { reviewer: actor, verdict, reference },
  });
  const evidence = { review: { reviewer: actor, verdict: 'approved', reference } };
  /** 1.3: a WP waiting for review gets its review claimed first (for_review → in_review). */
  const claimReview = (): PlannedRequest[] =>
    lane === 'for_review'
      ? [
          {
            subcommand: 'start-review',
            path: `${base}/start-review`,
            body: { actor, policy, review_ref: reference },
            step: 'for_review → in_review',
          },
        ]
      : [];

  switch (action) {
    case 'approve':
      return kind === 'feature'
        ? [transition('done', { review_ref: reference })]
        : [
            ...claimReview(),
            transition('done', { ...review('approved'), evidence_json: evidence }, 'in_review'),
          ];
    case 'send-back':
      return kind === 'feature'
        ? [transition('in_progress', { review_ref: reference })]
        : [...claimReview(), transition('in_progress', review('changes_requested'), 'in_review')];
    case 'finish':
      return [transition('done', { review_ref: reference, evidence_json: evidence })];
    case 'release':
      return [transition('planned')];
    case 'block':
      return [transition('blocked')];
    case 'unblock':
      return [transition('in_progress')];
    case 'cancel':
      return [transition('canceled')];
  }
}
