import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import type { Lane, SourceLane } from '../lane/lane.js';
import type { ReviewResult } from '../lane/transition-request.js';
import { reduceEvents } from './reduce.js';
import type { AnnotationEvent, LogEntry, StatusEvent } from './status-event.js';

// The nine lanes, written out again (not imported), and the seed lane events may leave.
const LANE_NAMES: readonly Lane[] = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'in_review',
  'approved',
  'done',
  'blocked',
  'canceled',
];
const SOURCE_LANES: readonly SourceLane[] = [...LANE_NAMES, 'genesis'];
const RESULTS: readonly ReviewResult[] = [
  { reviewer: 'r', verdict: 'approved', reference: 'review-1' },
  { reviewer: 'q', verdict: 'changes_requested', reference: 'fb-1', feedback_path: 'fb.md' },
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

interface GeneratedNote {
  readonly annotation: AnnotationEvent;
  readonly micros: number;
}

/** A valid log: distinct event ids, few instants (many ties), mixed spellings, rollbacks. */
const logArbitrary = fc
  .array(
    fc.record({
      wp: fc.constantFrom(...WP_POOL),
      from: fc.constantFrom(...SOURCE_LANES),
      to: fc.constantFrom(...LANE_NAMES),
      rollback: fc.constantFrom('none', 'none', 'legacy', 'in_review'),
      result: fc.constantFrom(undefined, undefined, ...RESULTS),
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
          const rollback = draft.rollback !== 'none';
          const from =
            draft.rollback === 'legacy'
              ? 'for_review'
              : draft.rollback === 'in_review'
                ? 'in_review'
                : draft.from;
          const event = makeEvent({
            event_id: eventId(ids[index] as number),
            wp_id: draft.wp,
            from_lane: from,
            to_lane: rollback ? 'in_progress' : draft.to,
            review_ref: draft.rollback === 'legacy' ? 'PR#1' : null,
            at: spell(ms, draft.micros, draft.style),
            force: draft.force,
            actor: draft.actor,
          });
          return {
            micros: ms * 1000 + draft.micros,
            event: draft.result === undefined ? event : { ...event, review_result: draft.result },
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
    entry.event.to_lane === 'in_progress' &&
    (entry.event.from_lane === 'in_review' ||
      (entry.event.from_lane === 'for_review' && entry.event.review_ref !== null))
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
  const results: Record<string, ReviewResult | null | 'absent'> = {};
  const latest = (entries: readonly Generated[]) =>
    entries.reduce<Generated | null>(
      (best, entry) => (best === null || greater(entry, best) ? entry : best),
      null,
    );
  for (const wp of wps) {
    const mine = log.filter((entry) => entry.event.wp_id === wp);
    lanes[wp] = latest(mine)?.event.to_lane ?? 'planned';
    forced[wp] = mine.filter((entry) => entry.event.force).length;
    // The review outcome: the latest event that carries one or leaves in_review decides it.
    const decider = latest(
      mine.filter(
        (entry) => entry.event.review_result !== undefined || entry.event.from_lane === 'in_review',
      ),
    );
    results[wp] = decider === null ? 'absent' : (decider.event.review_result ?? null);
  }
  const summary = Object.fromEntries(
    LANE_NAMES.map((lane) => [lane, Object.values(lanes).filter((value) => value === lane).length]),
  );
  const lastOverall = log.reduce<Generated | null>(
    (best, entry) => (best === null || greater(entry, best) ? entry : best),
    null,
  );
  return { lanes, forced, results, summary, lastId: lastOverall?.event.event_id ?? null };
}

/** Annotations of the pool's WPs with notes and subtask marks, few instants, distinct ids. */
const notesArbitrary = fc
  .array(
    fc.record({
      wp: fc.constantFrom(...WP_POOL, 'WP77'),
      second: fc.integer({ min: 0, max: 3 }),
      text: fc.constantFrom('a', 'b', 'ü', ''),
      subtask: fc.constantFrom('T001', 'T002'),
      mark: fc.constantFrom('done', 'planned'),
    }),
    { maxLength: 12 },
  )
  .chain((drafts) =>
    fc
      .shuffledSubarray(
        drafts.map((_, index) => index + 1000),
        { minLength: drafts.length, maxLength: drafts.length },
      )
      .map((ids) =>
        drafts.map((draft, index): GeneratedNote => ({
          micros: (BASE_MS + draft.second * 1000) * 1000,
          annotation: {
            kind: 'annotation',
            event_id: eventId(ids[index] as number),
            wp_id: draft.wp,
            at: new Date(BASE_MS + draft.second * 1000).toISOString(),
            actor: 'claude',
            delta: { note: draft.text, subtasks: { [draft.subtask]: draft.mark } },
          },
        })),
      ),
  );

/** Brute force for one WP's annotations: notes in (instant, event_id) order, last mark per id. */
function noteOracle(notes: readonly GeneratedNote[], wp: string) {
  const mine = notes
    .filter((entry) => entry.annotation.wp_id === wp)
    .sort(
      (left, right) =>
        left.micros - right.micros ||
        (left.annotation.event_id < right.annotation.event_id ? -1 : 1),
    );
  if (mine.length === 0) return undefined;
  const subtasks: Record<string, string> = {};
  for (const { annotation } of mine) Object.assign(subtasks, annotation.delta.subtasks);
  return { notes: mine.map(({ annotation }) => annotation.delta.note), subtasks };
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
    const results = Object.fromEntries(
      Object.entries(status.work_packages).map(([wp, state]) => [
        wp,
        'review_result' in state ? state.review_result : 'absent',
      ]),
    );
    expect(results).toEqual(expected.results);
    expect(status.summary).toEqual(expected.summary);
    expect(status.event_count).toBe(log.length);
    expect(status.last_event_id).toBe(expected.lastId);
  });

  test.prop([logArbitrary, notesArbitrary, knownArbitrary])(
    'folds annotations after the lane events: notes in order, the last mark per subtask',
    (log, notes, known) => {
      const entries: LogEntry[] = [
        ...notes.map((entry) => entry.annotation),
        ...log.map((entry) => entry.event),
      ];
      const status = reduceEvents(entries, known);
      const withoutNotes = reduceEvents(
        log.map((entry) => entry.event),
        known,
      );
      expect(Object.keys(status.work_packages)).toEqual(Object.keys(withoutNotes.work_packages));
      expect(status.summary).toEqual(withoutNotes.summary);
      expect(status.event_count).toBe(withoutNotes.event_count);
      for (const [wp, state] of Object.entries(status.work_packages)) {
        const { runtime: _, ...lane } = state;
        const { runtime: __, ...laneWithout } = withoutNotes.work_packages[wp] as typeof state;
        expect(lane).toEqual(laneWithout);
        expect(state.runtime).toEqual(noteOracle(notes, wp));
      }
      // and the order of the lines never matters
      expect(reduceEvents([...entries].reverse(), known)).toEqual(status);
    },
  );
});
