import { err, ok, type Result } from 'neverthrow';
import { transitionRejected, type HostErrorOf } from '../errors/host-error.js';

/**
 * The seven lanes of the contract, in the order the summary lists them.
 *
 * @example
 * ```ts
 * import { LANES } from '@kittyhost/core';
 * LANES.length; // 7
 * ```
 */
export const LANES = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'done',
  'blocked',
  'canceled',
] as const;

/** One of {@link LANES}. */
export type Lane = (typeof LANES)[number];

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
 * isLane('for_review'); // true
 * isLane('doing'); // false: use parseLane for input
 * ```
 */
export function isLane(value: unknown): value is Lane {
  return typeof value === 'string' && (LANES as readonly string[]).includes(value);
}

/**
 * Parse a lane name from user input: trimmed, case-folded, `doing` → `in_progress`.
 * Unknown names are a `TRANSITION_REJECTED` error, as in the contract.
 *
 * @example
 * ```ts
 * parseLane(' Doing '); // ok('in_progress')
 * parseLane('review');  // err({ code: 'TRANSITION_REJECTED', message: 'Unknown lane: review', … })
 * ```
 */
export function parseLane(input: string): Result<Lane, HostErrorOf<'TRANSITION_REJECTED'>> {
  const folded = input.trim().toLowerCase();
  const lane = LANE_ALIASES[folded] ?? folded;
  return isLane(lane)
    ? ok(lane)
    : err(transitionRejected(`Unknown lane: ${input}`, { to_lane: input }));
}
