import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import { LANES, type Lane } from '../lane/lane.js';
import { createEventReducer } from './incremental-reduce.js';
import { reduceEvents } from './reduce.js';
import type { AnnotationEvent, LogEntry, StatusEvent } from './status-event.js';

const LANE_NAMES: readonly Lane[] = LANES;
const BASE_MS = Date.UTC(2026, 1, 23, 18, 0, 0);

/** Events with few instants (ties), rollbacks (both kinds), repeats, review results and unknown WPs. */
const laneEventArbitrary = fc
  .record({
    id: fc.integer({ min: 1, max: 40 }),
    wp: fc.constantFrom('WP1', 'WP2', 'WP10', 'WP7'),
    from: fc.constantFrom(...LANE_NAMES),
    to: fc.constantFrom(...LANE_NAMES),
    rollback: fc.constantFrom('none', 'none', 'legacy', 'in_review'),
    second: fc.integer({ min: 0, max: 6 }),
    force: fc.boolean(),
    result: fc.boolean(),
  })
  .map((draft): StatusEvent => {
    const event = makeEvent({
      event_id: eventId(draft.id),
      wp_id: draft.wp,
      from_lane:
        draft.rollback === 'legacy'
          ? 'for_review'
          : draft.rollback === 'in_review'
            ? 'in_review'
            : draft.from,
      to_lane: draft.rollback === 'none' ? draft.to : 'in_progress',
      review_ref: draft.rollback === 'legacy' ? 'PR#2' : null,
      at: new Date(BASE_MS + draft.second * 1000).toISOString(),
      force: draft.force,
      policy_metadata:
        draft.from === 'planned' ? { agent: `agent-${draft.id}`, shell_pid: draft.id } : null,
    });
    return draft.result
      ? {
          ...event,
          review_result: { reviewer: 'r', verdict: 'approved', reference: `rv-${draft.id}` },
        }
      : event;
  });

/** Annotations (ids in their own range, some repeated), for known and unknown WPs. */
const annotationArbitrary = fc
  .record({
    id: fc.integer({ min: 100, max: 120 }),
    wp: fc.constantFrom('WP1', 'WP2', 'WP3', 'WP7'),
    second: fc.integer({ min: 0, max: 6 }),
    note: fc.constantFrom('a', 'b'),
    release: fc.boolean(),
  })
  .map((draft): AnnotationEvent => ({
    kind: 'annotation',
    event_id: eventId(draft.id),
    wp_id: draft.wp,
    at: new Date(BASE_MS + draft.second * 1000).toISOString(),
    actor: 'claude',
    delta: {
      note: draft.note,
      subtasks: { [`T00${draft.id % 3}`]: draft.note === 'a' ? 'done' : 'planned' },
      ...(draft.release ? { release_runtime_claim: true } : { tracker_refs: [`GH-${draft.id}`] }),
    },
  }));

const eventArbitrary: fc.Arbitrary<LogEntry> = fc.oneof(
  { weight: 3, arbitrary: laneEventArbitrary },
  { weight: 1, arbitrary: annotationArbitrary },
);

describe('createEventReducer', () => {
  test.prop([
    fc.array(fc.array(eventArbitrary, { maxLength: 6 }), { maxLength: 8 }),
    fc.array(fc.boolean(), { maxLength: 8 }),
    fc.subarray(['WP1', 'WP2', 'WP3']),
  ])(
    'equals reduceEvents on logs that grow, are rewritten, or are new arrays',
    (batches, rewrites, known) => {
      const reducer = createEventReducer();
      let log: LogEntry[] = [];
      batches.forEach((batch, index) => {
        // Grow the same log (the common case), or start a different one now and then.
        log = rewrites[index] === true ? [...batch] : [...log, ...batch];
        expect(reducer.reduce(log, known)).toEqual(reduceEvents(log, known));
      });
    },
  );

  test.prop([
    fc.array(eventArbitrary, { maxLength: 20 }),
    fc.array(eventArbitrary, { maxLength: 5 }),
  ])('keeps one memo per WP set, and equal ids of another feature never mix', (first, second) => {
    const reducer = createEventReducer(1);
    expect(reducer.reduce(first, ['WP1'])).toEqual(reduceEvents(first, ['WP1']));
    expect(reducer.reduce(second, ['WP2'])).toEqual(reduceEvents(second, ['WP2']));
    const grown = [...first, ...second];
    expect(reducer.reduce(grown, ['WP1'])).toEqual(reduceEvents(grown, ['WP1']));
  });

  test.prop([fc.array(fc.array(eventArbitrary, { maxLength: 6 }), { maxLength: 8 })])(
    'equals reduceEvents when every batch is later than the last (the path that applies only new events)',
    (batches) => {
      const reducer = createEventReducer();
      let log: LogEntry[] = [];
      batches.forEach((batch, index) => {
        const later = batch.map((event): LogEntry => ({
          ...event,
          at: new Date(Date.parse(event.at) + (index + 1) * 60_000).toISOString(),
        }));
        log = [...log, ...later];
        expect(reducer.reduce(log, ['WP1', 'WP2'])).toEqual(reduceEvents(log, ['WP1', 'WP2']));
      });
    },
  );
});
