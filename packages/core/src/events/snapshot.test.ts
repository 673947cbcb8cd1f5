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
  it('gives byte-identical text for equal logs in any order, ending in one newline', () => {
    const one = serializeSnapshot(materializeSnapshot('001-demo', events, ['WP01']));
    const two = serializeSnapshot(materializeSnapshot('001-demo', [...events].reverse(), ['WP01']));
    expect(one).toBe(two);
    expect(one.endsWith('}\n')).toBe(true);
    expect(one.endsWith('\n\n')).toBe(false);
  });

  it("writes Python's json.dumps(sort_keys=True, indent=2, ensure_ascii=False) and parses back", () => {
    const snapshot = materializeSnapshot('001-demo', events, ['WP01']);
    const text = serializeSnapshot(snapshot);
    expect(text).toBe(
      [
        '{',
        '  "event_count": 2,',
        '  "feature_slug": "001-demo",',
        `  "last_event_id": "${eventId(2)}",`,
        '  "materialized_at": "2026-02-23T18:00:02Z",',
        '  "summary": {',
        '    "blocked": 0,',
        '    "canceled": 0,',
        '    "claimed": 0,',
        '    "done": 0,',
        '    "for_review": 0,',
        '    "in_progress": 1,',
        '    "planned": 0',
        '  },',
        '  "work_packages": {',
        '    "WP01": {',
        '      "actor": "claude",',
        '      "force_count": 0,',
        '      "lane": "in_progress",',
        `      "last_event_id": "${eventId(2)}",`,
        '      "last_transition_at": "2026-02-23T18:00:02Z"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(text)).toEqual(snapshot);
  });
});
