import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import type { Lane } from '../lane/lane.js';
import { reduceEvents } from './reduce.js';
import type { StatusEvent } from './status-event.js';

const LANE_NAMES: readonly Lane[] = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'done',
  'blocked',
  'canceled',
];
const WP_POOL = ['WP1', 'WP2', 'WP03', 'WP10'];
const BASE_MS = Date.UTC(2026, 1, 23, 18, 0, 0);

/** One instant written in one of several spellings the original or other tools produce. */
function spell(ms: number, micros: number, style: number): string {
  const iso = new Date(ms).toISOString(); // …T18:00:01.500Z
  const six = `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}`;
  switch (style % 4) {
    case 0:
      return `${six}+00:00`;
    case 1:
      return `${six}Z`;
    case 2:
      return micros === 0 ? iso : `${six}Z`;
    default:
      return micros === 0 && ms % 1000 === 0 ? `${iso.slice(0, 19)}+00:00` : `${six}+00:00`;
  }
}

interface Generated {
  readonly event: StatusEvent;
  /** The instant in microseconds, known from generation (the oracle never parses `at`). */
  readonly micros: number;
}

/** A valid log: distinct event ids, few instants (many ties), mixed spellings, rollbacks. */
const logArbitrary = fc
  .array(
    fc.record({
      wp: fc.constantFrom(...WP_POOL),
      from: fc.constantFrom(...LANE_NAMES),
      to: fc.constantFrom(...LANE_NAMES),
      rollback: fc.boolean(),
      second: fc.integer({ min: 0, max: 3 }),
      micros: fc.constantFrom(0, 0, 1, 500),
      style: fc.nat(),
      force: fc.boolean(),
      actor: fc.constantFrom('claude', 'codex', 'Zoë'),
    }),
    { maxLength: 30 },
  )
  .chain((drafts) =>
    // Event ids in an order unrelated to time, so ties exercise the event_id tie-break.
    fc
      .shuffledSubarray(
        drafts.map((_, index) => index + 1),
        { minLength: drafts.length, maxLength: drafts.length },
      )
      .map((ids) =>
        drafts.map((draft, index): Generated => {
          const ms = BASE_MS + draft.second * 1000;
          const rollback = draft.rollback && draft.from === 'for_review';
          return {
            micros: ms * 1000 + draft.micros,
            event: makeEvent({
              event_id: eventId(ids[index] as number),
              wp_id: draft.wp,
              from_lane: draft.from,
              to_lane: rollback ? 'in_progress' : draft.to,
              review_ref: rollback ? 'PR#1' : null,
              at: spell(ms, draft.micros, draft.style),
              force: draft.force,
              actor: draft.actor,
            }),
          };
        }),
      ),
  );

/** The same log, shuffled, with some lines repeated. */
const scrambled = (log: readonly Generated[]) =>
  fc.array(fc.nat(), { maxLength: 10 }).chain((repeats) => {
    const lines = [
      ...log.map((entry) => entry.event),
      ...(log.length === 0 ? [] : repeats.map((n) => (log[n % log.length] as Generated).event)),
    ];
    return fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length });
  });

const knownArbitrary = fc.subarray(WP_POOL);

/** Brute force: each WP's state is its greatest event under (instant, rollback last, event_id). */
function oracle(log: readonly Generated[], known: readonly string[]) {
  const rank = (entry: Generated) => [
    entry.micros,
    entry.event.from_lane === 'for_review' &&
    entry.event.to_lane === 'in_progress' &&
    entry.event.review_ref !== null
      ? 1
      : 0,
  ];
  const greater = (left: Generated, right: Generated) => {
    const [a0, a1] = rank(left) as [number, number];
    const [b0, b1] = rank(right) as [number, number];
    if (a0 !== b0) return a0 > b0;
    if (a1 !== b1) return a1 > b1;
    return left.event.event_id > right.event.event_id;
  };
  const wps = new Set([...known, ...log.map((entry) => entry.event.wp_id)]);
  const lanes: Record<string, Lane> = {};
  const forced: Record<string, number> = {};
  for (const wp of wps) {
    const mine = log.filter((entry) => entry.event.wp_id === wp);
    const last = mine.reduce<Generated | null>(
      (best, entry) => (best === null || greater(entry, best) ? entry : best),
      null,
    );
    lanes[wp] = last?.event.to_lane ?? 'planned';
    forced[wp] = mine.filter((entry) => entry.event.force).length;
  }
  const summary = Object.fromEntries(
    LANE_NAMES.map((lane) => [lane, Object.values(lanes).filter((value) => value === lane).length]),
  );
  const lastOverall = log.reduce<Generated | null>(
    (best, entry) => (best === null || greater(entry, best) ? entry : best),
    null,
  );
  return { lanes, forced, summary, lastId: lastOverall?.event.event_id ?? null };
}

describe('reduceEvents properties', () => {
  test.prop([
    logArbitrary.chain((log) => fc.tuple(fc.constant(log), scrambled(log))),
    knownArbitrary,
  ])(
    'gives the same state for every permutation and duplication of a valid log',
    ([log, lines], known) => {
      const expected = reduceEvents(
        log.map((entry) => entry.event),
        known,
      );
      expect(reduceEvents(lines, known)).toEqual(expected);
      expect(reduceEvents(lines, [...known].reverse())).toEqual(expected);
    },
  );

  test.prop([logArbitrary, knownArbitrary])('agrees with a brute-force reduction', (log, known) => {
    const status = reduceEvents(
      log.map((entry) => entry.event),
      known,
    );
    const expected = oracle(log, known);
    const lanes = Object.fromEntries(
      Object.entries(status.work_packages).map(([wp, state]) => [wp, state.lane]),
    );
    const forced = Object.fromEntries(
      Object.entries(status.work_packages).map(([wp, state]) => [wp, state.force_count]),
    );
    expect(lanes).toEqual(expected.lanes);
    expect(forced).toEqual(expected.forced);
    expect(status.summary).toEqual(expected.summary);
    expect(status.event_count).toBe(log.length);
    expect(status.last_event_id).toBe(expected.lastId);
  });
});
