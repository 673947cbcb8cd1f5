import { describe, expect, it } from 'vitest';
import { eventTimeKey, unionEventLogs } from './events-merge-driver.js';

// Rows as the original host writes them: a lane event (1.3 form), an annotation, and a
// mission-level row of another subsystem (which carries `timestamp`, not `at`).
const lane = (id: string, at: string) =>
  `{"actor": "finalize-tasks", "at": "${at}", "event_id": "${id}", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "genesis", "mission_slug": "m", "policy_metadata": null, "reason": null, "review_ref": null, "to_lane": "planned", "wp_id": "WP01"}`;
const note = (id: string, at: string) =>
  `{"actor": "claude", "at": "${at}", "delta": {"note": "n \\u00e9"}, "event_id": "${id}", "kind": "annotation", "wp_id": "WP01"}`;
const mission = (id: string, timestamp: string) =>
  `{"aggregate_id": "m", "aggregate_type": "Mission", "event_id": "${id}", "event_type": "PlanStarted", "payload": {}, "schema_version": "5.0.0", "timestamp": "${timestamp}"}`;

const text = (...lines: string[]) => lines.map((line) => `${line}\n`).join('');

describe('unionEventLogs', () => {
  it('keeps every row of both sides once, byte-for-byte, annotations and mission rows included', () => {
    const base = [
      lane('01A', '2026-12-01T09:00:00+00:00'),
      mission('01M', '2026-12-01T08:59:00.5+00:00'),
    ];
    const ours = text(...base, note('01C', '2026-12-01T09:02:00.000000+00:00'));
    const theirs = text(
      ...base,
      lane('01B', '2026-12-01T09:01:00Z'),
      mission('01N', '2026-12-01T09:03:00+00:00'),
    );
    expect(unionEventLogs(ours, theirs)).toEqual({
      cleanMerge: true,
      mergedText: text(
        mission('01M', '2026-12-01T08:59:00.5+00:00'),
        lane('01A', '2026-12-01T09:00:00+00:00'),
        lane('01B', '2026-12-01T09:01:00Z'),
        note('01C', '2026-12-01T09:02:00.000000+00:00'),
        mission('01N', '2026-12-01T09:03:00+00:00'),
      ),
    });
  });

  it('keeps our version of a repeated event_id, orders ties by event_id, rows without id once', () => {
    const at = '2026-12-01T09:00:00+00:00';
    const ours = text(note('01B', at), '{"x": 1}', lane('01A', at));
    const theirs = text(note('01B', at).replace('n \\u00e9', 'other'), '{"x": 1}', '{"x": 2}');
    expect(unionEventLogs(ours, theirs).mergedText).toBe(
      text(lane('01A', at), note('01B', at), '{"x": 1}', '{"x": 2}'),
    );
  });

  it('refuses to guess when a line is not a JSON object: an unclean merge keeping ours', () => {
    const ours = text(lane('01A', '2026-12-01T09:00:00Z'));
    expect(unionEventLogs(ours, text('{"torn": '))).toEqual({
      cleanMerge: false,
      mergedText: ours,
    });
    expect(unionEventLogs(ours, text('[1]')).cleanMerge).toBe(false);
  });
});

describe('eventTimeKey', () => {
  it('reads the spellings of one instant alike, to the microsecond', () => {
    const key = eventTimeKey('2026-12-01T09:00:00.123456+00:00');
    expect(eventTimeKey('2026-12-01T09:00:00.123456Z')).toBe(key);
    expect(eventTimeKey('2026-12-01T10:00:00.123456+01:00')).toBe(key);
    expect(eventTimeKey('2026-12-01T09:00:00.1234567Z')).toBe(key);
    expect(eventTimeKey('2026-12-01T09:00:00Z')).toBeLessThan(key);
    expect(eventTimeKey('soon')).toBeNaN();
  });
});
