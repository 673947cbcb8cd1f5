import { createHash, timingSafeEqual } from 'node:crypto';

/** Decides whether an `Authorization` header carries the configured bearer token. */
export type TokenCheck = (authorization: string | undefined | null) => boolean;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * A constant-time bearer-token check. Both sides are hashed first, so the comparison takes the
 * same time whatever the length or content of the presented token. `undefined` (no token
 * configured) accepts every request.
 *
 * @example
 * ```ts
 * const check = createTokenCheck('s3cret');
 * check('Bearer s3cret'); // true
 * check('Bearer nope');   // false
 * ```
 */
export function createTokenCheck(token: string | undefined): TokenCheck {
  if (token === undefined) return () => true;
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    const presented = digest(match?.[1] ?? '');
    // Always compare, even without a match, so both paths cost the same.
    return timingSafeEqual(presented, expected) && match !== null;
  };
}
