import { describe, expect, it } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import { compareWpIds, orderEvents, reduceEvents } from './reduce.js';
import type { StatusEvent } from './status-event.js';

const at = (second: number) => `2026-02-23T18:00:${String(second).padStart(2, '0')}.000000+00:00`;

/** WP01's happy path: planned → claimed → in_progress → for_review, one second apart. */
const HAPPY: readonly StatusEvent[] = [
  makeEvent({ event_id: eventId(1), at: at(1), from_lane: 'planned', to_lane: 'claimed' }),
  makeEvent({ event_id: eventId(2), at: at(2), from_lane: 'claimed', to_lane: 'in_progress' }),
  makeEvent({ event_id: eventId(3), at: at(3), from_lane: 'in_progress', to_lane: 'for_review' }),
];

/** The summary of no WP: a zero for each of the nine lanes. */
const ZERO = {
  planned: 0,
  claimed: 0,
  in_progress: 0,
  for_review: 0,
  in_review: 0,
  approved: 0,
  done: 0,
  blocked: 0,
  canceled: 0,
};

describe('compareWpIds', () => {
  it('orders numerically, WP2 before WP10', () => {
    expect(['WP10', 'WP2', 'WP01', 'WP100', 'WP9'].sort(compareWpIds)).toEqual([
      'WP01',
      'WP2',
      'WP9',
      'WP10',
      'WP100',
    ]);
  });

  it('handles ids beyond 2^53', () => {
    expect(['WP90071992547409931', 'WP90071992547409930'].sort(compareWpIds)).toEqual([
      'WP90071992547409930',
      'WP90071992547409931',
    ]);
  });

  it('breaks numeric ties and non-WP ids by plain string order', () => {
    expect(compareWpIds('WP02', 'WP2')).toBeLessThan(0);
    expect(compareWpIds('WP2', 'WP02')).toBeGreaterThan(0);
    expect(compareWpIds('WP2', 'WP2')).toBe(0);
    expect(compareWpIds('README', 'WP1')).toBeLessThan(0);
  });
});

describe('reduceEvents', () => {
  it('puts every known WP without events in planned and counts it', () => {
    const status = reduceEvents([], ['WP02', 'WP01']);
    expect(status).toEqual({
      work_packages: {
        WP01: {
          lane: 'planned',
          actor: null,
          last_transition_at: null,
          last_event_id: null,
          force_count: 0,
        },
        WP02: {
          lane: 'planned',
          actor: null,
          last_transition_at: null,
          last_event_id: null,
          force_count: 0,
        },
      },
      summary: { ...ZERO, planned: 2 },
      event_count: 0,
      last_event_id: null,
      last_event_at: null,
    });
  });

  it('applies events in order and keeps the last actor, instant and id', () => {
    const status = reduceEvents(HAPPY, ['WP01']);
    expect(status.work_packages['WP01']).toEqual({
      lane: 'for_review',
      actor: 'claude',
      last_transition_at: at(3),
      last_event_id: eventId(3),
      force_count: 0,
    });
    expect(status.event_count).toBe(3);
    expect(status.last_event_id).toBe(eventId(3));
    expect(status.last_event_at).toBe(at(3));
  });

  it('counts every known WP in the summary, untouched ones included, and WPs only the log knows', () => {
    const events = [
      ...HAPPY,
      makeEvent({ event_id: eventId(9), wp_id: 'WP07', to_lane: 'claimed' }),
    ];
    const status = reduceEvents(events, ['WP01', 'WP02', 'WP03']);
    expect(Object.keys(status.work_packages)).toEqual(['WP01', 'WP02', 'WP03', 'WP07']);
    expect(status.summary).toEqual({ ...ZERO, planned: 2, for_review: 1, claimed: 1 });
    const total = Object.values(status.summary).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(4);
  });

  it('lists work packages numerically', () => {
    const events = ['WP10', 'WP2', 'WP1'].map((wp, index) =>
      makeEvent({ event_id: eventId(index + 1), wp_id: wp }),
    );
    expect(Object.keys(reduceEvents(events).work_packages)).toEqual(['WP1', 'WP2', 'WP10']);
  });

  it('drops repeated event ids: the first occurrence wins', () => {
    const first = makeEvent({ event_id: eventId(5), at: at(5), to_lane: 'claimed', actor: 'a' });
    const impostor = { ...first, to_lane: 'blocked' as const, actor: 'b' };
    const status = reduceEvents([first, impostor, first]);
    expect(status.event_count).toBe(1);
    expect(status.work_packages['WP01']).toMatchObject({ lane: 'claimed', actor: 'a' });
    expect(reduceEvents([impostor, first]).work_packages['WP01']).toMatchObject({
      lane: 'blocked',
    });
  });

  it('sorts by at, whatever the line order', () => {
    const reversed = [...HAPPY].reverse();
    expect(reduceEvents(reversed)).toEqual(reduceEvents(HAPPY));
    expect(reduceEvents(reversed).work_packages['WP01']?.lane).toBe('for_review');
  });

  it('breaks equal instants by event_id', () => {
    const a = makeEvent({ event_id: eventId(2), at: at(1), to_lane: 'blocked' });
    const b = makeEvent({ event_id: eventId(1), at: at(1), to_lane: 'canceled' });
    expect(reduceEvents([a, b]).work_packages['WP01']?.lane).toBe('blocked');
    expect(reduceEvents([b, a]).work_packages['WP01']?.lane).toBe('blocked');
  });

  it('compares instants, not strings: Z and +00:00 of one instant tie', () => {
    const plusZero = makeEvent({
      event_id: eventId(2),
      at: '2026-02-23T18:00:01.500000+00:00',
      to_lane: 'blocked',
    });
    const zulu = makeEvent({
      event_id: eventId(1),
      at: '2026-02-23T18:00:01.5Z',
      to_lane: 'canceled',
    });
    // As strings, "…01.5Z" sorts after "…01.500000+00:00"; as instants they tie and event_id decides.
    const state = reduceEvents([zulu, plusZero]).work_packages['WP01'];
    expect(state?.lane).toBe('blocked');
    expect(state?.last_transition_at).toBe('2026-02-23T18:00:01.500000+00:00');
  });

  it('orders different offsets by instant', () => {
    const early = makeEvent({
      event_id: eventId(9),
      at: '2026-02-23T20:00:00+02:00',
      to_lane: 'claimed',
    });
    const late = makeEvent({
      event_id: eventId(1),
      at: '2026-02-23T18:30:00Z',
      to_lane: 'blocked',
    });
    expect(reduceEvents([late, early]).work_packages['WP01']?.lane).toBe('blocked');
  });

  it('lets a rollback beat a forward move at the same instant, whatever the ids', () => {
    const base = HAPPY.slice(0, 3);
    for (const [rollbackId, forwardId] of [
      [10, 11],
      [11, 10],
    ] as const) {
      const rollback = makeEvent({
        event_id: eventId(rollbackId),
        at: at(4),
        from_lane: 'for_review',
        to_lane: 'in_progress',
        review_ref: 'PR#42 changes requested',
      });
      const forward = makeEvent({
        event_id: eventId(forwardId),
        at: at(4),
        from_lane: 'for_review',
        to_lane: 'done',
        evidence: { review: { reviewer: 'r', reference: 'PR#42' } },
      });
      for (const events of [
        [...base, rollback, forward],
        [...base, forward, rollback],
      ]) {
        const state = reduceEvents(events).work_packages['WP01'];
        expect(state?.lane).toBe('in_progress');
        expect(state?.last_event_id).toBe(eventId(rollbackId));
      }
    }
  });

  it('does not treat for_review -> in_progress without a review_ref as a rollback', () => {
    const back = makeEvent({
      event_id: eventId(11),
      at: at(4),
      from_lane: 'for_review',
      to_lane: 'in_progress',
      force: true,
      reason: 'reopen',
    });
    const done = makeEvent({
      event_id: eventId(10),
      at: at(4),
      from_lane: 'for_review',
      to_lane: 'done',
    });
    expect(reduceEvents([...HAPPY, back, done]).work_packages['WP01']?.lane).toBe('in_progress');
    const doneLater = { ...done, event_id: eventId(12) };
    expect(reduceEvents([...HAPPY, back, doneLater]).work_packages['WP01']?.lane).toBe('done');
  });

  it('counts forced events per WP', () => {
    const events = [
      makeEvent({ event_id: eventId(1), at: at(1), to_lane: 'done', force: true, reason: 'r' }),
      makeEvent({
        event_id: eventId(2),
        at: at(2),
        from_lane: 'done',
        to_lane: 'planned',
        force: true,
      }),
      makeEvent({ event_id: eventId(3), at: at(3), to_lane: 'claimed' }),
      makeEvent({ event_id: eventId(4), at: at(1), wp_id: 'WP02', force: true }),
    ];
    const status = reduceEvents([...events, events[0] as StatusEvent]);
    expect(status.work_packages['WP01']?.force_count).toBe(2);
    expect(status.work_packages['WP02']?.force_count).toBe(1);
  });

  it('does not read from_lane: the last event decides the lane', () => {
    const jump = makeEvent({
      event_id: eventId(4),
      at: at(4),
      from_lane: 'planned',
      to_lane: 'done',
    });
    expect(reduceEvents([...HAPPY, jump]).work_packages['WP01']?.lane).toBe('done');
  });
});

describe('orderEvents', () => {
  it('returns the applied order without duplicates', () => {
    const [a, b, c] = HAPPY as [StatusEvent, StatusEvent, StatusEvent];
    expect(orderEvents([c, a, b, a, c])).toEqual([a, b, c]);
  });

  it('returns a new array and leaves the input alone', () => {
    const input = [...HAPPY].reverse();
    const copy = [...input];
    const output = orderEvents(input);
    expect(output).not.toBe(input);
    expect(input).toEqual(copy);
  });

  it('puts events with an unparseable at last, deterministically', () => {
    const bad = makeEvent({ event_id: eventId(7), at: 'not a time' });
    const worse = makeEvent({ event_id: eventId(6), at: 'never' });
    const [a] = HAPPY as [StatusEvent];
    expect(orderEvents([bad, a, worse])).toEqual([a, worse, bad]);
    expect(orderEvents([worse, bad, a])).toEqual([a, worse, bad]);
  });
});
