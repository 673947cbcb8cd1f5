import { monotonicFactory } from 'ulid';
import type { Clock, IdSource } from '../ports/clock.js';

/** The Web Crypto global, present in Node 20+, Deno, Bun and browsers. */
interface WebCryptoGlobal {
  readonly crypto: { getRandomValues(array: Uint8Array): Uint8Array };
}

/**
 * The default {@link IdSource}: monotonic ULIDs and 32-hex tokens from `crypto.getRandomValues`
 * (available in every modern JS runtime, so core stays free of `node:` imports).
 *
 * @example
 * ```ts
 * const ids = createIdSource();
 * ids.eventId().length; // 26
 * ids.token();          // 'e3b0c44298fc1c149afbf4c8996fb924'
 * ```
 */
export function createIdSource(clock: Clock = systemClock): IdSource {
  const next = monotonicFactory();
  return {
    eventId: () => next(clock.now().getTime()),
    token: () => {
      const bytes = new Uint8Array(16);
      (globalThis as unknown as WebCryptoGlobal).crypto.getRandomValues(bytes);
      return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    },
  };
}

/**
 * The real clock.
 *
 * @example
 * ```ts
 * systemClock.now(); // new Date()
 * ```
 */
export const systemClock: Clock = { now: () => new Date() };
