import { describe, expect, it } from 'vitest';
import { leaseStanding, parseDuration, parseLeaseBook, serializeLeaseBook } from './lease.js';

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['2s', 2_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['1500ms', 1_500],
    ['7d', 604_800_000],
    ['45', 45_000],
    [' 2m ', 120_000],
    [120, 120_000],
  ])('reads %j as %i ms', (input, ms) => {
    expect(parseDuration(input, 'claim_ttl')._unsafeUnwrap()).toBe(ms);
  });

  it.each([
    ['soon', 'is not a duration'],
    ['', 'is not a duration'],
    ['30 m', 'is not a duration'],
    ['m30', 'is not a duration'],
    ['-5s', 'is not a duration'],
    ['1w', 'is not a duration'],
    ['500ms', 'is shorter than one second'],
    ['0', 'is shorter than one second'],
    ['31d', 'is longer than 30 days'],
    [true, 'is not a duration'],
    [null, 'is not a duration'],
  ])('refuses %j: %s', (input, why) => {
    const error = parseDuration(input, 'where')._unsafeUnwrapErr();
    expect(error.code).toBe('USAGE_ERROR');
    expect(error.message).toMatch(new RegExp(`^where: .*${why} \\(write a duration such as 30m`));
  });
});

describe('the lease book', () => {
  const record = {
    holder: 'a',
    claim: 'implementation' as const,
    renewed_at: '2026-12-01T10:00:00.000Z',
    fenced: ['old'],
  };

  it('round-trips, sorted and versioned', () => {
    const text = serializeLeaseBook({ WP10: record, WP02: { ...record, claim: 'review' } });
    expect(Object.keys(JSON.parse(text).leases)).toEqual(['WP02', 'WP10']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseLeaseBook(text)).toEqual({
      state: 'ok',
      leases: { WP02: { ...record, claim: 'review' }, WP10: record },
    });
  });

  it.each([
    ['{oops', 'not JSON'],
    ['null', 'no "leases" object'],
    ['{"leases": []}', 'no "leases" object'],
    ['{"leases": {"WP01": {"holder": 3}}}', 'a bad record for WP01'],
    ['{"leases": {"nope": {}}}', 'a bad record for nope'],
  ])('calls %j unreadable (%s), with no lease in it', (text, problem) => {
    const book = parseLeaseBook(text);
    expect(book).toMatchObject({ state: 'unreadable', leases: {} });
    expect(book.problem).toContain(problem);
  });

  it('a lease ends TTL after the later of its renewal and the last commit', () => {
    const at = (iso: string) => new Date(iso);
    expect(leaseStanding(record, 60_000, at('2026-12-01T10:00:59.999Z'))).toEqual({
      expiresAt: '2026-12-01T10:01:00.000Z',
      expired: false,
    });
    expect(leaseStanding(record, 60_000, at('2026-12-01T10:01:00.000Z')).expired).toBe(true);
    expect(
      leaseStanding(record, 60_000, at('2026-12-01T10:01:30Z'), at('2026-12-01T10:00:45Z')),
    ).toEqual({ expiresAt: '2026-12-01T10:01:45.000Z', expired: false });
    // An older commit changes nothing.
    expect(
      leaseStanding(record, 60_000, at('2026-12-01T10:01:30Z'), at('2026-12-01T09:00:00Z')),
    ).toEqual({ expiresAt: '2026-12-01T10:01:00.000Z', expired: true });
  });
});
