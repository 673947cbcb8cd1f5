import { err, ok, type Result } from 'neverthrow';
import { transitionRejected, type HostErrorOf } from '../errors/host-error.js';

/**
 * The nine lanes of the one model underneath both contract generations, in the order summaries
 * list them. Contract 1.0.0 knows seven of them ({@link LANES_1_0}); `in_review` and `approved`
 * arrived with contract 1.3.0 and are projected for 1.0 answers (see `GENERATIONS` in
 * `@kittyhost/core`).
 *
 * @example
 * ```ts
 * import { LANES } from '@kittyhost/core';
 * LANES.length; // 9
 * ```
 */
export const LANES = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'in_review',
  'approved',
  'done',
  'blocked',
  'canceled',
] as const;

/** One of {@link LANES}. */
export type Lane = (typeof LANES)[number];

/**
 * The seven lanes of contract 1.0.0, in its summary order.
 *
 * @example
 * ```ts
 * LANES_1_0.includes('in_review'); // false
 * ```
 */
export const LANES_1_0 = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'done',
  'blocked',
  'canceled',
] as const satisfies readonly Lane[];

/** One of {@link LANES_1_0}. */
export type Lane1_0 = (typeof LANES_1_0)[number];

/**
 * The seed lane: the `from_lane` of the `genesis → planned` rows spec-kitty's `finalize-tasks`
 * writes. Never a current lane and never a target; a WP without lane events is `planned`.
 */
export const SEED_LANE = 'genesis';

/** A lane an event may leave: any {@link Lane}, or the {@link SEED_LANE}. */
export type SourceLane = Lane | typeof SEED_LANE;

/** Lanes a work package never leaves (except by a forced transition). */
export const TERMINAL_LANES: readonly Lane[] = ['done', 'canceled'];

/** Input aliases accepted wherever a lane name is read. `doing` is the original's internal name. */
export const LANE_ALIASES: Readonly<Record<string, Lane>> = { doing: 'in_progress' };

/**
 * Is this lane terminal (`done` or `canceled`)?
 *
 * @example
 * ```ts
 * isTerminalLane('done'); // true
 * ```
 */
export function isTerminalLane(lane: Lane): boolean {
  return TERMINAL_LANES.includes(lane);
}

/**
 * Narrow a value to a canonical {@link Lane} without aliasing or trimming.
 *
 * @example
 * ```ts
 * isLane('in_review'); // true
 * isLane('doing'); // false: use parseLane for input
 * ```
 */
export function isLane(value: unknown): value is Lane {
  return typeof value === 'string' && (LANES as readonly string[]).includes(value);
}

/**
 * Parse a lane name from user input: trimmed, case-folded, `doing` → `in_progress`. `lanes`
 * restricts the names accepted (a generation's own lanes); unknown names are a
 * `TRANSITION_REJECTED` error, as in the contract.
 *
 * @example
 * ```ts
 * parseLane(' Doing '); // ok('in_progress')
 * parseLane('review');  // err({ code: 'TRANSITION_REJECTED', message: 'Unknown lane: review', … })
 * parseLane('in_review', LANES_1_0); // err: contract 1.0.0 has no such lane
 * ```
 */
export function parseLane(
  input: string,
  lanes: readonly Lane[] = LANES,
): Result<Lane, HostErrorOf<'TRANSITION_REJECTED'>> {
  const folded = input.trim().toLowerCase();
  const lane = LANE_ALIASES[folded] ?? folded;
  return isLane(lane) && lanes.includes(lane)
    ? ok(lane)
    : err(transitionRejected(`Unknown lane: ${input}`, { to_lane: input }));
}
