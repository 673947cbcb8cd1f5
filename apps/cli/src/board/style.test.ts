import { describe, expect, it } from 'vitest';
import { colourEnabled, makeStyle } from './style.js';

describe('colours', () => {
  it.each([
    [{}, true, false, true],
    [{}, false, false, false],
    [{}, true, true, false],
    [{ NO_COLOR: '1' }, true, false, false],
    [{ NO_COLOR: '' }, true, false, true],
    [{ FORCE_COLOR: '1' }, false, false, true],
    [{ FORCE_COLOR: '' }, false, false, true],
    [{ FORCE_COLOR: '0' }, true, false, false],
    [{ FORCE_COLOR: 'false' }, true, false, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, false, true],
    [{ FORCE_COLOR: '1' }, true, true, false],
    [{ TERM: 'dumb' }, true, false, false],
  ])('env %j, TTY %s, --no-color %s → %s', (env, isTTY, noColorFlag, expected) => {
    expect(colourEnabled({ env, isTTY, noColorFlag })).toBe(expected);
  });

  it('styles with escape codes only when enabled', () => {
    expect(makeStyle(false)(['bold', 'red'], 'x')).toBe('x');
    expect(makeStyle(true)(['bold', 'red'], 'x')).toBe('\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
  });
});
