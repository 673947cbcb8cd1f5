import { describe, expect, it } from 'vitest';
import { fixedClock, steppingClock } from '../testing/fakes.js';
import { createIdSource, mathRandomFill, systemClock } from './id-source.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The millisecond timestamp encoded in a ULID's first 10 characters. */
const ulidTime = (id: string) =>
  [...id.slice(0, 10)].reduce((value, character) => value * 32 + CROCKFORD.indexOf(character), 0);

describe('createIdSource', () => {
  it('makes 26-character Crockford base32 ULIDs carrying the clock time', () => {
    const ids = createIdSource(fixedClock('2026-02-23T18:03:22.152Z'));
    const id = ids.eventId();
    expect(id).toMatch(ULID);
    expect(ulidTime(id)).toBe(Date.parse('2026-02-23T18:03:22.152Z'));
  });

  it('is strictly monotonic within one source, even when the clock stands still', () => {
    const ids = createIdSource(fixedClock('2026-02-23T18:03:22Z'));
    const sequence = Array.from({ length: 1_000 }, () => ids.eventId());
    expect(new Set(sequence).size).toBe(1_000);
    expect([...sequence].sort()).toEqual(sequence);
  });

  it('stays monotonic when the clock moves', () => {
    const ids = createIdSource(steppingClock('2026-02-23T18:03:22Z', 1));
    const sequence = Array.from({ length: 100 }, () => ids.eventId());
    expect([...sequence].sort()).toEqual(sequence);
  });

  it('makes 32 lowercase hex tokens that differ', () => {
    const ids = createIdSource();
    const tokens = Array.from({ length: 200 }, () => ids.token());
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(tokens).size).toBe(200);
  });

  it('defaults to the system clock', () => {
    const before = Date.now();
    const time = ulidTime(createIdSource().eventId());
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(1_000);
  });
});

describe('createIdSource with another random source', () => {
  it('makes valid, monotonic ULIDs and tokens from Math.random too', () => {
    const ids = createIdSource(fixedClock('2026-02-23T18:03:22Z'), mathRandomFill);
    const sequence = Array.from({ length: 500 }, () => ids.eventId());
    for (const id of sequence) expect(id).toMatch(ULID);
    expect([...sequence].sort()).toEqual(sequence);
    expect(new Set(Array.from({ length: 100 }, () => ids.token())).size).toBe(100);
  });

  it('carries into the time when the random part is exhausted within one millisecond', () => {
    const ids = createIdSource(fixedClock('2026-02-23T18:03:22Z'), (bytes) => bytes.fill(31));
    const first = ids.eventId();
    const second = ids.eventId();
    expect(first.slice(10)).toBe('Z'.repeat(16));
    expect(second > first).toBe(true);
    expect(ulidTime(second)).toBe(ulidTime(first) + 1);
  });
});
