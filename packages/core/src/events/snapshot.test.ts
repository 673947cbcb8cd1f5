import { describe, expect, it } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import { materializeSnapshot, serializeSnapshot } from './snapshot.js';

const events = [
  makeEvent({
    event_id: eventId(2),
    at: '2026-02-23T18:00:02Z',
    from_lane: 'claimed',
    to_lane: 'in_progress',
  }),
  makeEvent({ event_id: eventId(1), at: '2026-02-23T18:00:01Z' }),
];

describe('materializeSnapshot', () => {
  it('holds the reduction of the log, stamped with the last event', () => {
    const snapshot = materializeSnapshot('001-demo', events, ['WP01', 'WP02']);
    expect(snapshot).toMatchObject({
      feature_slug: '001-demo',
      materialized_at: '2026-02-23T18:00:02Z',
      event_count: 2,
      last_event_id: eventId(2),
      summary: { planned: 1, in_progress: 1, claimed: 0 },
    });
    expect(snapshot.work_packages['WP01']?.lane).toBe('in_progress');
    expect(snapshot.work_packages['WP02']?.lane).toBe('planned');
  });

  it('is null-stamped for an empty log', () => {
    const snapshot = materializeSnapshot('001-demo', [], ['WP01']);
    expect(snapshot.materialized_at).toBeNull();
    expect(snapshot.last_event_id).toBeNull();
  });
});

describe('serializeSnapshot', () => {
  it('gives byte-identical text for equal logs in any order, ending in a newline', () => {
    const one = serializeSnapshot(materializeSnapshot('001-demo', events, ['WP01']));
    const two = serializeSnapshot(materializeSnapshot('001-demo', [...events].reverse(), ['WP01']));
    expect(one).toBe(two);
    expect(one.endsWith('}\n')).toBe(true);
    expect(one.split('\n')).toHaveLength(2);
  });

  it('writes sorted keys and parses back to the snapshot', () => {
    const snapshot = materializeSnapshot('001-demo', events, ['WP01']);
    const text = serializeSnapshot(snapshot);
    expect(text.startsWith('{"event_count": 2, "feature_slug": "001-demo", ')).toBe(true);
    expect(JSON.parse(text)).toEqual(snapshot);
  });
});
