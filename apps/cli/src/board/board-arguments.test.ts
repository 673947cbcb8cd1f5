import { describe, expect, it } from 'vitest';
import { parseBoardArguments } from './board-arguments.js';

describe('spec-kitty board arguments', () => {
  it('reads every option, separate or with =', () => {
    expect(parseBoardArguments([])).toEqual({
      ok: true,
      value: { watch: false, noColor: false, help: false },
    });
    expect(
      parseBoardArguments(['--feature', '001-x', '--repo=/r', '--watch', '--no-color']),
    ).toEqual({
      ok: true,
      value: { feature: '001-x', repo: '/r', watch: true, noColor: true, help: false },
    });
    expect(parseBoardArguments(['--mission=demo-01M8RB29'])).toMatchObject({
      ok: true,
      value: { feature: 'demo-01M8RB29' },
    });
    expect(parseBoardArguments(['-h'])).toMatchObject({ ok: true, value: { help: true } });
  });

  it.each([
    [['--colour'], "Unknown option '--colour'"],
    [['--feature'], "Option '--feature <value>' argument missing"],
    [['--feature', '--watch'], "Option '--feature <value>' argument missing"],
    [['--repo='], "Option '--repo <value>' argument missing"],
    [['--watch=yes'], "Option '--watch' does not take a value"],
    [['001-x'], "Unexpected argument '001-x' (name the feature with --feature)"],
  ])('refuses %j: %s', (argv, problem) => {
    expect(parseBoardArguments(argv)).toEqual({ ok: false, problem });
  });
});
