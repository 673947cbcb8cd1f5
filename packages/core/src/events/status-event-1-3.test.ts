// The log line forms of contract 1.3.0 (CONTRACT-1.3.md §5), against golden lines of the original
// host: the fixture's own files, and rows CPython wrote with the original's serialisation.
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_LINES,
  FIXTURE_COORD_LOG_LINES,
  FIXTURE_HUSK_LOG_LINES,
  FIXTURE_MISSION,
  LANE_LINES_1_3,
} from '../../test/spec-kitty-goldens.js';
import { eventId, makeEvent } from '../../test/fixtures.js';
import {
  actorIdentity,
  isAnnotation,
  parseEventLine,
  parseEventLog,
  serializeEvent,
  serializeLogEntry,
  type AnnotationEvent,
  type LogEntry,
  type StatusEvent,
} from './status-event.js';

/** Parse a line that must hold a lane event. */
function laneEvent(line: string): StatusEvent {
  const entry = parseEventLine(line, 1)._unsafeUnwrap();
  if (entry === null || isAnnotation(entry)) throw new Error(`not a lane event: ${line}`);
  return entry;
}

/** Parse a line that must hold an annotation. */
function annotation(line: string): AnnotationEvent {
  const entry = parseEventLine(line, 1)._unsafeUnwrap();
  if (entry === null || !isAnnotation(entry)) throw new Error(`not an annotation: ${line}`);
  return entry;
}

const STRUCTURED = { role: 'reviewer', profile: 'reviewer-default', tool: 'claude', model: null };

describe('1.3 lane lines of the fixture (coordination log)', () => {
  it.each(FIXTURE_COORD_LOG_LINES)('reads %s as a genesis -> planned seed event', (line) => {
    const event = laneEvent(line);
    expect(event).toMatchObject({
      mission_slug: FIXTURE_MISSION.mission_slug,
      mission_id: FIXTURE_MISSION.mission_id,
      from_lane: 'genesis',
      to_lane: 'planned',
      actor: 'finalize-tasks',
      reason: 'canonical bootstrap',
      force: false,
      execution_mode: 'worktree',
    });
    expect(event).not.toHaveProperty('feature_slug');
    expect(event).not.toHaveProperty('review_result');
  });

  it.each(FIXTURE_COORD_LOG_LINES)('writes %s back byte-for-byte', (line) => {
    expect(serializeEvent(laneEvent(line))).toBe(line);
    expect(serializeLogEntry(laneEvent(line))).toBe(line);
  });
});

describe('rows of other subsystems (the primary dir husk log)', () => {
  it.each(FIXTURE_HUSK_LOG_LINES)('skips the mission-level row %s', (line) => {
    expect(parseEventLine(line, 4)).toEqual(parseEventLine('{"event_type": "X"}', 4));
    expect(parseEventLine(line, 4)._unsafeUnwrap()).toBeNull();
  });

  it('reads a log that mixes them with lane events: only the lane events come back', () => {
    const text = [
      FIXTURE_HUSK_LOG_LINES[0],
      FIXTURE_COORD_LOG_LINES[0],
      ...FIXTURE_HUSK_LOG_LINES.slice(1),
      ...FIXTURE_COORD_LOG_LINES.slice(1),
      '',
    ].join('\n');
    const entries = parseEventLog(text)._unsafeUnwrap();
    expect(entries.map((entry) => entry.event_id)).toEqual(
      FIXTURE_COORD_LOG_LINES.map((line) => laneEvent(line).event_id),
    );
  });

  it.each([
    ['a retrospective event_name', { event_name: 'retrospective.completed', at: 'x' }],
    ['a RetrospectiveCaptured type', { type: 'RetrospectiveCaptured' }],
    ['a RetrospectiveCaptureFailed type', { type: 'RetrospectiveCaptureFailed' }],
    ['a RetrospectiveSkipped type', { type: 'RetrospectiveSkipped' }],
    ['an event_type of any value', { event_type: null, wp_id: 'WP01' }],
  ])('skips %s', (_, row) => {
    expect(parseEventLine(JSON.stringify(row), 1)._unsafeUnwrap()).toBeNull();
  });

  it('does not skip rows that merely look alike', () => {
    for (const row of [
      { event_name: 'retro.completed' },
      { type: 'Retrospective' },
      { event_name: 7 },
    ]) {
      expect(parseEventLine(JSON.stringify(row), 3)._unsafeUnwrapErr()).toMatchObject({
        code: 'EVENT_LOG_CORRUPT',
        details: { line: 3 },
      });
    }
  });
});

describe('1.3 lane lines written by the original', () => {
  it.each(LANE_LINES_1_3)(
    'writes $python byte-for-byte (personal data stripped)',
    ({ input, python }) => {
      expect(serializeEvent(laneEvent(input))).toBe(python);
      expect(serializeEvent(laneEvent(python))).toBe(python);
    },
  );

  it('reads review_result, mission_id and a structured actor', () => {
    const [, approved, rejected, noMissionId] = LANE_LINES_1_3.map(({ python }) =>
      laneEvent(python),
    ) as [StatusEvent, StatusEvent, StatusEvent, StatusEvent];
    expect(approved.actor).toEqual(STRUCTURED);
    expect(approved.review_result).toEqual({
      reviewer: 'Zoë Reviewer',
      verdict: 'approved',
      reference: 'review-WP01-cycle1-1a2b3c4d',
    });
    expect(rejected.review_result).toEqual({
      reviewer: 'codex',
      verdict: 'changes_requested',
      reference: 'feedback-WP01-cycle1-5e6f7a8b',
      feedback_path: 'kitty-specs/coord-3wp-01M8RCK1/feedback/WP01-cycle1.md',
    });
    expect(noMissionId).not.toHaveProperty('mission_id');
    expect(noMissionId.mission_slug).toBe(FIXTURE_MISSION.mission_slug);
  });

  it('writes the 13 keys of a lane line plus mission_id and review_result only when set', () => {
    const keys = (event: StatusEvent) =>
      Object.keys(JSON.parse(serializeEvent(event)) as object).sort();
    const base = makeEvent({ mission_slug: 'demo-01M8RB29' });
    const { feature_slug: _, ...mission } = base;
    const core = [
      'actor',
      'at',
      'event_id',
      'evidence',
      'execution_mode',
      'force',
      'from_lane',
      'mission_slug',
      'policy_metadata',
      'reason',
      'review_ref',
      'to_lane',
      'wp_id',
    ];
    expect(keys(mission)).toEqual(core);
    expect(keys(base)).toEqual(core); // a mission_slug wins: never both slugs on one line
    expect(keys({ ...mission, mission_id: '01M8RB29AAAAAAAAAAAAAAAAAA' })).toEqual(
      [...core, 'mission_id'].sort(),
    );
    const withResult = {
      ...mission,
      review_result: { reviewer: 'r', verdict: 'approved', reference: 'x' },
    } as const;
    expect(keys(withResult)).toEqual([...core, 'review_result'].sort());
  });

  it('drops a null mission_id, review_result and feedback_path, as the original does', () => {
    const line = JSON.stringify({
      ...JSON.parse(FIXTURE_COORD_LOG_LINES[0] as string),
      mission_id: null,
      review_result: null,
    });
    const event = laneEvent(line);
    expect(event).not.toHaveProperty('mission_id');
    expect(event).not.toHaveProperty('review_result');
    const withNullPath = laneEvent(
      JSON.stringify({
        ...JSON.parse(FIXTURE_COORD_LOG_LINES[0] as string),
        review_result: { reviewer: 'r', verdict: 'approved', reference: 'x', feedback_path: null },
      }),
    );
    expect(withNullPath.review_result).toEqual({
      reviewer: 'r',
      verdict: 'approved',
      reference: 'x',
    });
  });

  it('reads a 1.0 line with feature_slug and writes it back in the 1.0 form', () => {
    const event = makeEvent();
    expect(laneEvent(serializeEvent(event))).toEqual(event);
    expect(serializeEvent(event)).toContain('"feature_slug": "001-demo"');
    expect(serializeEvent(event)).not.toContain('mission_slug');
  });

  it.each([
    ['neither slug', { feature_slug: undefined }, '(line)'],
    ['an empty mission_slug', { mission_slug: '' }, 'mission_slug'],
    ['a numeric mission_id', { mission_id: 7 }, 'mission_id'],
    [
      'a review_result verdict outside the two',
      { review_result: { reviewer: 'r', verdict: 'ok', reference: 'x' } },
      'review_result.verdict',
    ],
    [
      'a review_result without reference',
      { review_result: { reviewer: 'r', verdict: 'approved' } },
      'review_result.reference',
    ],
    ['genesis as to_lane', { to_lane: 'genesis' }, 'to_lane'],
    ['uninitialized as from_lane', { from_lane: 'uninitialized' }, 'from_lane'],
  ])('rejects %s, naming the field', (_, overrides, field) => {
    const line = JSON.stringify({ ...makeEvent(), ...overrides });
    const error = parseEventLine(line, 6)._unsafeUnwrapErr();
    expect(error.code).toBe('EVENT_LOG_CORRUPT');
    expect(error.details).toEqual({ line: 6 });
    expect(error.message).toContain('Event log line 6 is not a valid event: ');
    expect(error.message).toContain(field);
  });
});

describe('structured actors', () => {
  const withActor = (actor: unknown) => JSON.stringify({ ...makeEvent(), actor });

  it('keeps an actor with exactly role, profile, tool and model (strings or null)', () => {
    for (const actor of [
      STRUCTURED,
      { model: 'opus', tool: null, profile: null, role: null },
      { role: '', profile: '', tool: '', model: '' },
    ]) {
      expect(laneEvent(withActor(actor)).actor).toEqual(actor);
    }
  });

  it.each([
    ['an extra key', { ...STRUCTURED, name: 'x' }],
    ['a missing key', { role: 'r', profile: null, tool: 't' }],
    ['a number', { ...STRUCTURED, model: 4 }],
    ['a nested object', { ...STRUCTURED, tool: { name: 'claude' } }],
    ['an array', ['claude']],
    ['a number actor', 42],
    ['a null actor', null],
  ])('rejects %s', (_, actor) => {
    const error = parseEventLine(withActor(actor), 2)._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'EVENT_LOG_CORRUPT', details: { line: 2 } });
    expect(error.message).toContain('actor');
  });

  it('shows tool, else role, else nothing', () => {
    expect(actorIdentity('claude')).toBe('claude');
    expect(actorIdentity(STRUCTURED)).toBe('claude');
    expect(actorIdentity({ ...STRUCTURED, tool: null })).toBe('reviewer');
    expect(actorIdentity({ ...STRUCTURED, tool: '' })).toBe('reviewer');
    expect(actorIdentity({ role: null, profile: 'p', tool: null, model: 'm' })).toBe('');
  });

  it('writes an object actor with sorted keys', () => {
    const event = laneEvent(withActor(STRUCTURED));
    expect(serializeEvent(event)).toContain(
      '"actor": {"model": null, "profile": "reviewer-default", "role": "reviewer", "tool": "claude"}',
    );
  });
});

describe('annotation rows', () => {
  it.each(ANNOTATION_LINES)('writes $python byte-for-byte', ({ input, python }) => {
    expect(serializeLogEntry(annotation(input))).toBe(python);
    expect(serializeLogEntry(annotation(python))).toBe(python);
  });

  it('reads an annotation: kind, wp_id, at, actor and the whole delta', () => {
    const { python } = ANNOTATION_LINES[2] as { python: string };
    expect(annotation(python)).toEqual({
      kind: 'annotation',
      event_id: '01M8S20000000000000000000C',
      wp_id: 'WP01',
      at: '2026-12-01T09:03:00.000000+00:00',
      actor: STRUCTURED,
      delta: {
        agent: '',
        model: 'claude-opus',
        release_runtime_claim: true,
        review: { actor: '', at: '', reason: '', wp_id: '' },
        role: 'implementer',
        shell_pid: 0,
        subtasks: { T002: 'done' },
        tracker_refs: ['GH-1'],
      },
    });
  });

  it('writes the six keys of the original, sorted, with personal data stripped', () => {
    const row: AnnotationEvent = {
      kind: 'annotation',
      event_id: eventId(7),
      wp_id: 'WP03',
      at: '2026-12-01T09:00:00.000000+00:00',
      actor: 'Zoë',
      delta: { note: 'é', subtasks: { T001: 'done' }, hostname: 'box' },
    };
    expect(serializeLogEntry(row)).toBe(
      `{"actor": "Zo\\u00eb", "at": "2026-12-01T09:00:00.000000+00:00", "delta": {"note": "\\u00e9", "subtasks": {"T001": "done"}}, "event_id": "${eventId(7)}", "kind": "annotation", "wp_id": "WP03"}`,
    );
  });

  it('reads annotations among lane events, in file order', () => {
    const lines = [
      FIXTURE_COORD_LOG_LINES[0],
      ANNOTATION_LINES[0]?.python,
      FIXTURE_HUSK_LOG_LINES[0],
      ANNOTATION_LINES[1]?.python,
      '',
    ];
    const entries: readonly LogEntry[] = parseEventLog(lines.join('\n'))._unsafeUnwrap();
    expect(entries.map((entry) => [entry.event_id, isAnnotation(entry)])).toEqual([
      ['01M8RCN4913S0J6B8XBNFTK44E', false],
      ['01M8S20000000000000000000A', true],
      ['01M8S20000000000000000000B', true],
    ]);
  });

  const base = JSON.parse((ANNOTATION_LINES[1] as { python: string }).python) as Record<
    string,
    unknown
  >;
  it.each([
    ['no delta', { delta: undefined }, 'delta'],
    ['a delta that is a list', { delta: [] }, 'delta'],
    ['a note that is a number', { delta: { note: 3 } }, 'delta.note'],
    ['subtasks marks that are not text', { delta: { subtasks: { T001: true } } }, 'delta.subtasks'],
    ['tracker refs that are not a list', { delta: { tracker_refs: 'GH-1' } }, 'delta.tracker_refs'],
    ['a bad event_id', { event_id: 'nope' }, 'event_id'],
    ['no wp_id', { wp_id: undefined }, 'wp_id'],
    ['an at that is no timestamp', { at: 'soon' }, 'at'],
    ['an actor with an extra key', { actor: { ...STRUCTURED, x: null } }, 'actor'],
  ])('rejects an annotation with %s, naming the line', (_, overrides, field) => {
    const error = parseEventLine(JSON.stringify({ ...base, ...overrides }), 12)._unsafeUnwrapErr();
    expect(error.code).toBe('EVENT_LOG_CORRUPT');
    expect(error.details).toEqual({ line: 12 });
    expect(error.message).toContain('Event log line 12 is not a valid annotation: ');
    expect(error.message).toContain(field);
  });
});

describe('unknown row kinds', () => {
  it.each(['checkpoint', 'Annotation', '', 0, false, {}])(
    'rejects kind %j as EVENT_LOG_CORRUPT naming the line and the kind',
    (kind) => {
      const line = JSON.stringify({ ...makeEvent(), kind });
      const error = parseEventLine(line, 5)._unsafeUnwrapErr();
      expect(error).toEqual({
        code: 'EVENT_LOG_CORRUPT',
        message: `Event log line 5: unknown event kind ${JSON.stringify(kind)}`,
        details: { line: 5 },
      });
    },
  );

  it('rejects an unknown kind even on a mission-level row, and names the path', () => {
    const error = parseEventLine('{"event_type": "X", "kind": "x"}', 9, '/m/status.events.jsonl');
    expect(error._unsafeUnwrapErr()).toEqual({
      code: 'EVENT_LOG_CORRUPT',
      message: 'Event log /m/status.events.jsonl line 9: unknown event kind "x"',
      details: { line: 9, path: '/m/status.events.jsonl' },
    });
  });

  it('stops a log at the first unknown kind, with its line number', () => {
    const text = `${FIXTURE_COORD_LOG_LINES[0]}\n\n{"kind": "other"}\n${FIXTURE_COORD_LOG_LINES[1]}\n`;
    expect(parseEventLog(text)._unsafeUnwrapErr().details).toEqual({ line: 3 });
  });

  it('reads kind null as no kind (a lane event), as the original does', () => {
    const line = JSON.stringify({ ...makeEvent(), kind: null });
    expect(laneEvent(line).event_id).toBe(makeEvent().event_id);
  });
});
