import { err } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  LANE_ALIASES,
  LANES,
  LANES_1_0,
  SEED_LANE,
  TERMINAL_LANES,
  isLane,
  isTerminalLane,
  parseLane,
} from './lane.js';

describe('LANES', () => {
  it('lists the nine lanes of the model (CONTRACT-1.3.md §3) in summary order', () => {
    expect(LANES).toEqual([
      'planned',
      'claimed',
      'in_progress',
      'for_review',
      'in_review',
      'approved',
      'done',
      'blocked',
      'canceled',
    ]);
  });

  it('lists the seven lanes of contract 1.0.0 in its summary order', () => {
    expect(LANES_1_0).toEqual([
      'planned',
      'claimed',
      'in_progress',
      'for_review',
      'done',
      'blocked',
      'canceled',
    ]);
  });

  it('keeps the seed lane genesis out of the lanes', () => {
    expect(SEED_LANE).toBe('genesis');
    expect(isLane(SEED_LANE)).toBe(false);
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
    'genesis',
    'uninitialized',
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

describe('parseLane restricted to a generation', () => {
  it.each(LANES_1_0)('reads the 1.0 lane %s', (lane) => {
    expect(parseLane(lane, LANES_1_0)._unsafeUnwrap()).toBe(lane);
  });

  it.each(['in_review', ' Approved ', 'IN_REVIEW'])(
    'rejects %j, a lane contract 1.0.0 does not know',
    (input) => {
      expect(parseLane(input, LANES_1_0)).toEqual(
        err({
          code: 'TRANSITION_REJECTED',
          message: `Unknown lane: ${input}`,
          details: { to_lane: input },
        }),
      );
      expect(parseLane(input).isOk()).toBe(true);
    },
  );

  it('still aliases doing in a restricted set', () => {
    expect(parseLane('doing', LANES_1_0)._unsafeUnwrap()).toBe('in_progress');
  });
});
