import { describe, expect, it } from 'vitest';
import { cut, displayWidth, fit, formatAge, printable } from './text.js';

describe('terminal text', () => {
  it('measures wide, emoji and combining characters in cells', () => {
    expect(displayWidth('WP01')).toBe(4);
    expect(displayWidth('設計')).toBe(4);
    expect(displayWidth('🐱 cat')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('⛓ WP02')).toBe(6);
  });

  it('cuts to a width with an ellipsis, never splitting a wide character over the edge', () => {
    expect(cut('Integration of storage and API', 12)).toBe('Integration…');
    expect(cut('short', 12)).toBe('short');
    expect(cut('設計設計', 5)).toBe('設計…');
    expect(displayWidth(cut('設計設計', 4))).toBeLessThanOrEqual(4);
    expect(cut('anything', 0)).toBe('');
    expect(fit('WP01', 6)).toBe('WP01  ');
    expect(fit('設計設計', 5)).toBe('設計…');
  });

  it('turns control characters into spaces, so file text cannot drive the terminal', () => {
    expect(printable('a\u001b[2Jb\tc\nd\u009bx')).toBe('a [2Jb c d x');
  });

  it('formats ages in the largest whole unit', () => {
    expect([0, 59, 60, 719, 3599, 3600, 86_399, 86_400, 200_000].map(formatAge)).toEqual([
      '0s',
      '59s',
      '1m',
      '11m',
      '59m',
      '1h',
      '23h',
      '1d',
      '2d',
    ]);
  });
});
