import { describe, expect, it } from 'vitest';
import { LANE_ALIASES, LANES, TERMINAL_LANES, isLane, isTerminalLane, parseLane } from './lane.js';

describe('LANES', () => {
  it('lists the seven lanes of the contract in summary order', () => {
    expect(LANES).toEqual([
      'planned',
      'claimed',
      'in_progress',
      'for_review',
      'done',
      'blocked',
      'canceled',
    ]);
  });

  it('has done and canceled as its only terminal lanes', () => {
    expect([...TERMINAL_LANES].sort()).toEqual(['canceled', 'done']);
    expect(LANES.filter(isTerminalLane)).toEqual(['done', 'canceled']);
  });

  it('aliases doing to in_progress and nothing else', () => {
    expect(LANE_ALIASES).toEqual({ doing: 'in_progress' });
  });
});

describe('isLane', () => {
  it('accepts exactly the canonical names', () => {
    for (const lane of LANES) expect(isLane(lane)).toBe(true);
    for (const value of ['doing', 'Planned', ' planned', 'review', '', 'toString', 7, null]) {
      expect(isLane(value)).toBe(false);
    }
  });
});

describe('parseLane', () => {
  it.each(LANES)('reads the canonical name %s', (lane) => {
    expect(parseLane(lane)._unsafeUnwrap()).toBe(lane);
  });

  it.each([
    ['doing', 'in_progress'],
    [' Doing ', 'in_progress'],
    ['DOING', 'in_progress'],
    ['\tIn_Progress\n', 'in_progress'],
    ['  FOR_REVIEW', 'for_review'],
    ['Done', 'done'],
  ] as const)('trims and case-folds %j to %s', (input, lane) => {
    expect(parseLane(input)._unsafeUnwrap()).toBe(lane);
  });

  it.each([
    'review',
    'in progress',
    'in-progress',
    '',
    '   ',
    'toString',
    '__proto__',
    'constructor',
  ])('rejects the unknown lane %j with TRANSITION_REJECTED', (input) => {
    const error = parseLane(input)._unsafeUnwrapErr();
    expect(error.code).toBe('TRANSITION_REJECTED');
    expect(error.message).toBe(`Unknown lane: ${input}`);
    expect(error.details).toEqual({ to_lane: input });
  });
});
