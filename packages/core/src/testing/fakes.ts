import type { Clock, IdSource } from '../ports/clock.js';

/**
 * A clock that always answers the same instant.
 *
 * @example
 * ```ts
 * fixedClock('2026-02-23T18:03:22Z').now().toISOString(); // '2026-02-23T18:03:22.000Z'
 * ```
 */
export function fixedClock(iso: string): Clock {
  const instant = new Date(iso);
  return { now: () => new Date(instant) };
}

/**
 * A clock that starts at `iso` and moves `stepMs` forward on every call.
 *
 * @example
 * ```ts
 * const clock = steppingClock('2026-01-01T00:00:00Z', 1000);
 * clock.now(); clock.now(); // 00:00:00, then 00:00:01
 * ```
 */
export function steppingClock(iso: string, stepMs = 1): Clock {
  let current = new Date(iso).getTime();
  return {
    now: () => {
      const instant = new Date(current);
      current += stepMs;
      return instant;
    },
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Deterministic ids: ULID-shaped event ids and 32-hex tokens from a counter.
 *
 * @example
 * ```ts
 * const ids = sequentialIds();
 * ids.eventId(); // '00000000000000000000000001'
 * ids.token();   // '00000000000000000000000000000001'
 * ```
 */
export function sequentialIds(): IdSource {
  let events = 0;
  let tokens = 0;
  return {
    eventId: () => {
      events += 1;
      let value = events;
      let out = '';
      for (let index = 0; index < 26; index++) {
        out = (CROCKFORD[value % 32] as string) + out;
        value = Math.floor(value / 32);
      }
      return out;
    },
    token: () => {
      tokens += 1;
      return tokens.toString(16).padStart(32, '0');
    },
  };
}
