import { describe, expect, it } from 'vitest';
import {
  LANE_ORDER,
  defaultReviewReference,
  formatAge,
  formatInstant,
  laneLabel,
  plural,
} from './format.js';

describe('laneLabel', () => {
  it('names all nine lanes, and shows an unknown one as itself', () => {
    expect(LANE_ORDER.map(laneLabel)).toEqual([
      'Planned',
      'Claimed',
      'In progress',
      'For review',
      'In review',
      'Approved',
      'Done',
      'Blocked',
      'Canceled',
    ]);
    expect(laneLabel('parked')).toBe('parked');
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [59.9, '59s'],
    [60, '1m'],
    [750, '12m'],
    [3_599, '59m'],
    [3_600, '1h'],
    [12_000, '3h'],
    [86_399, '23h'],
    [86_400, '1d'],
    [10 * 86_400, '10d'],
  ])('%s s reads %s', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });

  it('adds the minutes below a day when precise', () => {
    expect(formatAge(12_000, true)).toBe('3h 20m');
    expect(formatAge(7_200, true)).toBe('2h');
    expect(formatAge(90_000, true)).toBe('1d');
  });
});

describe('formatInstant', () => {
  it('reads the log’s timestamps as UTC, whatever the offset', () => {
    expect(formatInstant('2026-02-23T18:03:22.152177+00:00')).toBe('2026-02-23 18:03:22 UTC');
    expect(formatInstant('2026-02-23T20:03:22+02:00')).toBe('2026-02-23 18:03:22 UTC');
    expect(formatInstant('not a time')).toBe('not a time');
  });
});

describe('defaultReviewReference and plural', () => {
  it('builds a reference from the WP and the instant', () => {
    expect(defaultReviewReference('WP03', new Date('2026-02-23T18:03:22.999Z'))).toBe(
      'board-WP03-20260223180322',
    );
  });
  it('pluralises', () => {
    expect(plural(1, 'work package')).toBe('1 work package');
    expect(plural(0, 'work package')).toBe('0 work packages');
  });
});
