import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import type { Lane } from '../lane/lane.js';
import { createEventReducer } from './incremental-reduce.js';
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
const BASE_MS = Date.UTC(2026, 1, 23, 18, 0, 0);

/** Events with few instants (ties), rollbacks, repeats and unknown WPs. */
const eventArbitrary = fc
  .record({
    id: fc.integer({ min: 1, max: 40 }),
    wp: fc.constantFrom('WP1', 'WP2', 'WP10', 'WP7'),
    from: fc.constantFrom(...LANE_NAMES),
    to: fc.constantFrom(...LANE_NAMES),
    rollback: fc.boolean(),
    second: fc.integer({ min: 0, max: 6 }),
    force: fc.boolean(),
  })
  .map((draft): StatusEvent =>
    makeEvent({
      event_id: eventId(draft.id),
      wp_id: draft.wp,
      from_lane: draft.rollback ? 'for_review' : draft.from,
      to_lane: draft.rollback ? 'in_progress' : draft.to,
      review_ref: draft.rollback ? 'PR#2' : null,
      at: new Date(BASE_MS + draft.second * 1000).toISOString(),
      force: draft.force,
    }),
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
      let log: StatusEvent[] = [];
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
      let log: StatusEvent[] = [];
      batches.forEach((batch, index) => {
        const later = batch.map((event) => ({
          ...event,
          at: new Date(Date.parse(event.at) + (index + 1) * 60_000).toISOString(),
        }));
        log = [...log, ...later];
        expect(reducer.reduce(log, ['WP1', 'WP2'])).toEqual(reduceEvents(log, ['WP1', 'WP2']));
      });
    },
  );
});
