import { describe, expect, it } from 'vitest';
import { fixedClock, sequentialIds, steppingClock } from './fakes.js';

describe('fixedClock', () => {
  it('always answers the same instant, as a fresh Date', () => {
    const clock = fixedClock('2026-02-23T18:03:22Z');
    const first = clock.now();
    first.setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-02-23T18:03:22.000Z');
  });
});

describe('steppingClock', () => {
  it('moves forward by the step on every call', () => {
    const clock = steppingClock('2026-01-01T00:00:00Z', 1000);
    expect([clock.now(), clock.now(), clock.now()].map((date) => date.toISOString())).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:02.000Z',
    ]);
  });
});

describe('sequentialIds', () => {
  it('counts in ULID-shaped ids and 32-hex tokens', () => {
    const ids = sequentialIds();
    expect([ids.eventId(), ids.eventId()]).toEqual([
      '00000000000000000000000001',
      '00000000000000000000000002',
    ]);
    expect(ids.token()).toBe('00000000000000000000000000000001');
  });

  it('event ids sort in creation order past one base32 digit', () => {
    const ids = sequentialIds();
    const sequence = Array.from({ length: 100 }, () => ids.eventId());
    expect(sequence[32]).toBe('00000000000000000000000011');
    expect([...sequence].sort()).toEqual(sequence);
  });
});
