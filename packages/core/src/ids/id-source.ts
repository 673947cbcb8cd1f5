import type { Clock, IdSource } from '../ports/clock.js';

/** Fills an array with random bytes. */
export type RandomFill = (bytes: Uint8Array) => void;

/** The Web Crypto global, present in Node 20+, Deno, Bun and browsers. */
interface WebCryptoGlobal {
  readonly crypto: { getRandomValues(array: Uint8Array): Uint8Array };
}

/** Random bytes from `crypto.getRandomValues` (touched only when first needed). */
export const webCryptoFill: RandomFill = (bytes) => {
  (globalThis as unknown as WebCryptoGlobal).crypto.getRandomValues(bytes);
};

/**
 * Random bytes from `Math.random` (seeded per process by the engine from system entropy): unique
 * enough for correlation ids and event ids, not for secrets, and free of any start-up cost — a
 * short-lived CLI process need not wake the crypto stack to answer a query.
 */
export const mathRandomFill: RandomFill = (bytes) => {
  for (let index = 0; index < bytes.length; index++) bytes[index] = (Math.random() * 256) | 0;
};

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(milliseconds: number): string {
  let out = '';
  let rest = milliseconds;
  for (let index = 0; index < 10; index++) {
    out = (CROCKFORD[rest % 32] as string) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * The default {@link IdSource}: monotonic ULIDs (48-bit time, 80 random bits; within one
 * millisecond, or when the clock goes back, the random part is incremented as the ULID spec's
 * monotonic factory does) and 32-hex tokens. Randomness comes from `crypto.getRandomValues`
 * unless another `fill` is given; core stays free of `node:` imports.
 *
 * @example
 * ```ts
 * const ids = createIdSource();
 * ids.eventId().length; // 26
 * ids.token();          // 'e3b0c44298fc1c149afbf4c8996fb924'
 * ```
 */
export function createIdSource(
  clock: Clock = systemClock,
  fill: RandomFill = webCryptoFill,
): IdSource {
  let lastTime = -1;
  let digits: number[] = [];
  const bytes = new Uint8Array(16);
  return {
    eventId: () => {
      const now = clock.now().getTime();
      if (now > lastTime) {
        lastTime = now;
        fill(bytes);
        digits = Array.from(bytes, (byte) => byte & 31);
      } else {
        // Same millisecond (or a clock that went back): the next id is the previous one plus one.
        let position = digits.length - 1;
        while (position >= 0 && digits[position] === 31) digits[position--] = 0;
        if (position < 0)
          lastTime += 1; // 80 bits exhausted within one millisecond: move time on
        else digits[position] = (digits[position] as number) + 1;
      }
      return encodeTime(lastTime) + digits.map((digit) => CROCKFORD[digit]).join('');
    },
    token: () => {
      fill(bytes);
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
