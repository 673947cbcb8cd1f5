import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { timestampKey } from './timestamp.js';

const INSTANT = Date.UTC(2026, 1, 23, 18, 3, 22, 152) * 1000 + 177;

describe('timestampKey', () => {
  it('gives microseconds since the epoch', () => {
    expect(timestampKey('2026-02-23T18:03:22.152177+00:00')).toBe(INSTANT);
    expect(timestampKey('1970-01-01T00:00:00Z')).toBe(0);
    expect(timestampKey('1969-12-31T23:59:59.999999Z')).toBe(-1);
  });

  it.each([
    '2026-02-23T18:03:22.152177+00:00',
    '2026-02-23T18:03:22.152177Z',
    '2026-02-23T18:03:22.152177z',
    '2026-02-23t18:03:22.152177Z',
    '2026-02-23 18:03:22.152177+00:00',
    '2026-02-23T18:03:22.152177000Z',
    '2026-02-23T18:03:22,152177Z',
    '2026-02-23T20:03:22.152177+02:00',
    '2026-02-23T15:33:22.152177-02:30',
    '2026-02-23T20:03:22.152177+0200',
    '2026-02-23T20:03:22.152177+02',
    '2026-02-23T18:03:22.152177',
  ])('reads %s as the same instant', (spelling) => {
    expect(timestampKey(spelling)).toBe(INSTANT);
  });

  it('reads shorter fractions and missing parts', () => {
    expect(timestampKey('2026-02-23T18:03:22.152Z')).toBe(INSTANT - 177);
    expect(timestampKey('2026-02-23T18:03:22.1Z')).toBe(
      Date.UTC(2026, 1, 23, 18, 3, 22, 100) * 1000,
    );
    expect(timestampKey('2026-02-23T18:03:22Z')).toBe(Date.UTC(2026, 1, 23, 18, 3, 22) * 1000);
    expect(timestampKey('2026-02-23T18:03Z')).toBe(Date.UTC(2026, 1, 23, 18, 3) * 1000);
    expect(timestampKey('2026-02-23')).toBe(Date.UTC(2026, 1, 23) * 1000);
  });

  it('truncates digits beyond microseconds', () => {
    expect(timestampKey('2026-02-23T18:03:22.152177999Z')).toBe(INSTANT);
  });

  it('knows leap years', () => {
    expect(timestampKey('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29) * 1000);
    expect(timestampKey('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29) * 1000);
    expect(timestampKey('2026-02-29T00:00:00Z')).toBeNaN();
    expect(timestampKey('1900-02-29T00:00:00Z')).toBeNaN();
  });

  it.each([
    '',
    'yesterday',
    'Feb 23 2026',
    '1',
    '2026',
    '2026-2-23',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-02-23T24:00:00Z',
    '2026-02-23T18:60:00Z',
    '2026-02-23T18:03:60Z',
    '2026-02-23T18:03:22.Z',
    '2026-02-23T18:03:22.1234567890Z',
    '2026-02-23T18:03:22+25:00',
    '2026-02-23T18:03:22+02:',
    '2026-02-23T18:03:22+02:0',
    '2026-02-23T18:03:22+2',
    '2026-02-23T18:03:22ZZ',
    '2026-02-23T18:03:22 ',
    '2026-02-23X18:03:22Z',
  ])('rejects %j as NaN', (text) => {
    expect(timestampKey(text)).toBeNaN();
  });

  describe('without an offset', () => {
    const original = process.env['TZ'];
    afterEach(() => {
      if (original === undefined) delete process.env['TZ'];
      else process.env['TZ'] = original;
    });

    it('reads UTC whatever the machine time zone', () => {
      const keys = ['UTC', 'America/New_York', 'Asia/Kolkata'].map((zone) => {
        process.env['TZ'] = zone;
        return timestampKey('2026-02-23T18:03:22.152177');
      });
      expect(keys).toEqual([INSTANT, INSTANT, INSTANT]);
    });
  });

  const date = fc.date({
    // Microseconds since 1970 stay exact doubles (below 2^53) from 1685 to 2255.
    min: new Date('1700-01-01T00:00:00Z'),
    max: new Date('2250-12-31T23:59:59Z'),
    noInvalidDate: true,
  });

  test.prop([date, fc.integer({ min: 0, max: 999 })])(
    'agrees with Date for every instant of years 1700-2250',
    (instant, micros) => {
      const iso = instant.toISOString().replace('Z', `${String(micros).padStart(3, '0')}+00:00`);
      expect(timestampKey(iso)).toBe(instant.getTime() * 1000 + micros);
    },
  );

  test.prop([date, date])('orders instants as Date does', (left, right) => {
    const order = Math.sign(timestampKey(left.toISOString()) - timestampKey(right.toISOString()));
    expect(order).toBe(Math.sign(left.getTime() - right.getTime()));
  });
});
