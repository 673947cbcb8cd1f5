// status.json at 1.3 (CONTRACT-1.3.md §5) against what the original host writes: the fixture's
// own snapshots, and one CPython wrote for a log with annotations. Also the 1.0 projection.
import { describe, expect, it } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import {
  FIXTURE_COORD_LOG_LINES,
  FIXTURE_COORD_STATUS_JSON,
  FIXTURE_HUSK_LOG_LINES,
  FIXTURE_HUSK_STATUS_JSON,
  FIXTURE_MISSION,
  INDENTED_GOLDENS,
  SCENARIO_LOG_LINES,
  SCENARIO_STATUS_JSON,
} from '../../test/spec-kitty-goldens.js';
import { createEventReducer } from './incremental-reduce.js';
import { pythonJsonDumpsIndented } from './python-json.js';
import { reduceEvents } from './reduce.js';
import { missionSnapshotOf, serializeSnapshot, snapshotOf } from './snapshot.js';
import { parseEventLog, type LogEntry } from './status-event.js';

const parse = (lines: readonly string[]): LogEntry[] =>
  parseEventLog(`${lines.join('\n')}\n`)._unsafeUnwrap();

/** The identity the fixture's status.json carries (read from a status dir without meta.json). */
const IDENTITY = {
  mission_slug: FIXTURE_MISSION.mission_slug,
  mission_number: '',
  mission_type: '',
};
const FIXTURE_WPS = ['WP01', 'WP02', 'WP03'];

describe('missionSnapshotOf + serializeSnapshot, byte-for-byte as the original', () => {
  it("equals the fixture's coordination status.json for its log", () => {
    const status = reduceEvents(parse(FIXTURE_COORD_LOG_LINES), FIXTURE_WPS);
    expect(serializeSnapshot(missionSnapshotOf(IDENTITY, status))).toBe(FIXTURE_COORD_STATUS_JSON);
    const unknownFiles = reduceEvents(parse(FIXTURE_COORD_LOG_LINES));
    expect(serializeSnapshot(missionSnapshotOf(IDENTITY, unknownFiles))).toBe(
      FIXTURE_COORD_STATUS_JSON,
    );
  });

  it("equals the husk's empty status.json: WPs without lane events are left out", () => {
    const status = reduceEvents(parse(FIXTURE_HUSK_LOG_LINES), FIXTURE_WPS);
    expect(status.event_count).toBe(0);
    const identity = { mission_slug: '', mission_number: '', mission_type: 'software-dev' };
    expect(serializeSnapshot(missionSnapshotOf(identity, status))).toBe(FIXTURE_HUSK_STATUS_JSON);
  });

  it('equals what the original writes for a log with annotations, whatever the line order', () => {
    const entries = parse(SCENARIO_LOG_LINES);
    const expected = SCENARIO_STATUS_JSON;
    expect(serializeSnapshot(missionSnapshotOf(IDENTITY, reduceEvents(entries, FIXTURE_WPS)))).toBe(
      expected,
    );
    const reversed = [...entries].reverse();
    expect(
      serializeSnapshot(missionSnapshotOf(IDENTITY, reduceEvents(reversed, FIXTURE_WPS))),
    ).toBe(expected);
    const reducer = createEventReducer();
    reducer.reduce(entries.slice(0, 6), FIXTURE_WPS);
    expect(
      serializeSnapshot(missionSnapshotOf(IDENTITY, reducer.reduce(entries, FIXTURE_WPS))),
    ).toBe(expected);
  });

  it('keeps mission_number and mission_type as given, and an empty log stamped ""', () => {
    const snapshot = missionSnapshotOf(
      { mission_slug: 'demo-01M8RB29', mission_number: '42', mission_type: 'software-dev' },
      reduceEvents([], ['WP01']),
    );
    expect(snapshot).toEqual({
      mission_slug: 'demo-01M8RB29',
      mission_number: '42',
      mission_type: 'software-dev',
      materialized_at: '',
      event_count: 0,
      last_event_id: null,
      summary: {
        planned: 0,
        claimed: 0,
        in_progress: 0,
        for_review: 0,
        in_review: 0,
        approved: 0,
        done: 0,
        blocked: 0,
        canceled: 0,
      },
      work_packages: {},
    });
  });
});

describe('snapshotOf: the 1.0 snapshot projects 1.3 lanes', () => {
  it('reads in_review as for_review and approved as done, counting seven lanes', () => {
    const events = [
      makeEvent({
        event_id: eventId(1),
        wp_id: 'WP01',
        from_lane: 'for_review',
        to_lane: 'in_review',
      }),
      makeEvent({
        event_id: eventId(2),
        wp_id: 'WP02',
        from_lane: 'in_review',
        to_lane: 'approved',
      }),
      makeEvent({ event_id: eventId(3), wp_id: 'WP03', from_lane: 'genesis', to_lane: 'planned' }),
    ];
    const snapshot = snapshotOf('001-demo', reduceEvents(events, ['WP04']));
    expect(snapshot.summary).toEqual({
      planned: 2,
      claimed: 0,
      in_progress: 0,
      for_review: 1,
      done: 1,
      blocked: 0,
      canceled: 0,
    });
    expect(
      Object.fromEntries(Object.entries(snapshot.work_packages).map(([id, wp]) => [id, wp.lane])),
    ).toEqual({
      WP01: 'for_review',
      WP02: 'done',
      WP03: 'planned',
      WP04: 'planned',
    });
    expect(Object.keys(snapshot.work_packages['WP01'] ?? {}).sort()).toEqual([
      'actor',
      'force_count',
      'lane',
      'last_event_id',
      'last_transition_at',
    ]);
  });
});

describe('pythonJsonDumpsIndented', () => {
  it.each(INDENTED_GOLDENS)('writes $input as CPython does', ({ input, python }) => {
    expect(pythonJsonDumpsIndented(JSON.parse(input))).toBe(python);
  });

  it('leaves out undefined members and writes undefined items as null, like JSON.stringify', () => {
    expect(pythonJsonDumpsIndented({ a: undefined, b: [undefined] })).toBe(
      '{\n  "b": [\n    null\n  ]\n}',
    );
  });

  it('indents with the given unit', () => {
    expect(pythonJsonDumpsIndented({ a: [1] }, '    ')).toBe('{\n    "a": [\n        1\n    ]\n}');
  });
});
