import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import {
  formatEventTimestamp,
  isAnnotation,
  parseEventLine,
  parseEventLog,
  pythonJsonDumps,
  serializeEvent,
  statusEventSchema,
  type StatusEvent,
} from './status-event.js';

// Golden strings: each `python` value was produced once by CPython 3.11 with
// `json.dumps(json.loads(input), sort_keys=True)` and pasted here. Do not edit them by hand.
const GOLDEN_VALUES: readonly { input: string; python: string }[] = [
  { input: String.raw`"plain ascii"`, python: String.raw`"plain ascii"` },
  {
    input: String.raw`"Zo\u00eb \u00fcber caf\u00e9"`,
    python: String.raw`"Zo\u00eb \u00fcber caf\u00e9"`,
  },
  { input: '"日本語"', python: String.raw`"\u65e5\u672c\u8a9e"` },
  {
    input: String.raw`"smile \ud83d\ude00 and \ud834\udd1e"`,
    python: String.raw`"smile \ud83d\ude00 and \ud834\udd1e"`,
  },
  { input: '"smile 😀 raw"', python: String.raw`"smile \ud83d\ude00 raw"` },
  {
    input: String.raw`"ctl \u0000\u0001\u001f\u007f end"`,
    python: String.raw`"ctl \u0000\u0001\u001f\u007f end"`,
  },
  {
    input: String.raw`"quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f"`,
    python: String.raw`"quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f"`,
  },
  {
    input: String.raw`"line sep \u2028 para sep \u2029 bom \ufeff"`,
    python: String.raw`"line sep \u2028 para sep \u2029 bom \ufeff"`,
  },
  { input: String.raw`"lone \ud800 surrogate"`, python: String.raw`"lone \ud800 surrogate"` },
  {
    input: String.raw`{"b": 1, "a": [1, 2.5, null, true, false], "c": {"z": {}, "y": []}}`,
    python: String.raw`{"a": [1, 2.5, null, true, false], "b": 1, "c": {"y": [], "z": {}}}`,
  },
  {
    // Keys sort by code point: U+FFFD before U+1F600, although its UTF-16 unit is larger.
    input: String.raw`{"\ufffd": 1, "\ud83d\ude00": 2, "a": 3, "B": 4, "\u00e9": 5, "": 6}`,
    python: String.raw`{"": 6, "B": 4, "a": 3, "\u00e9": 5, "\ufffd": 1, "\ud83d\ude00": 2}`,
  },
  {
    input: '[0.5, -0.25, 1e-7, 0.0001, 0.00001, 123456.789, 1.5e300, 2.5e-300, 0.1, 100, -7, 0]',
    python: '[0.5, -0.25, 1e-07, 0.0001, 1e-05, 123456.789, 1.5e+300, 2.5e-300, 0.1, 100, -7, 0]',
  },
  {
    input: '[12345678.123, 1e21, 1.7976931348623157e308, 5e-324, 9007199254740991]',
    python: '[12345678.123, 1e+21, 1.7976931348623157e+308, 5e-324, 9007199254740991]',
  },
  {
    // What JSON.stringify writes for large integers; Python reads and writes them as ints.
    input: '[10000000000000000, -3820998678777924000, 999999999999999900000]',
    python: '[10000000000000000, -3820998678777924000, 999999999999999900000]',
  },
  {
    input: '{"k": [9007199254740991, -9007199254740991, 1e-4, 3.14159, -1.5e-10]}',
    python: '{"k": [9007199254740991, -9007199254740991, 0.0001, 3.14159, -1.5e-10]}',
  },
];

const GOLDEN_EVENTS: readonly { input: string; python: string }[] = [
  {
    input: String.raw`{"event_id":"01KAQ3ZV8N6Y1W4X5T2R9M0B7C","feature_slug":"001-demo","wp_id":"WP01","from_lane":"planned","to_lane":"claimed","at":"2026-02-23T18:03:22.152177+00:00","actor":"claude","force":false,"execution_mode":"worktree","reason":null,"review_ref":null,"evidence":null,"policy_metadata":{"orchestrator_id":"spec-kitty-orchestrator","orchestrator_version":"0.1.4","agent_family":"claude","approval_mode":"full_auto","sandbox_mode":"workspace_write","network_mode":"restricted","dangerous_flags":[],"tool_restrictions":{"deny":["rm -rf"]}}}`,
    python: String.raw`{"actor": "claude", "at": "2026-02-23T18:03:22.152177+00:00", "event_id": "01KAQ3ZV8N6Y1W4X5T2R9M0B7C", "evidence": null, "execution_mode": "worktree", "feature_slug": "001-demo", "force": false, "from_lane": "planned", "policy_metadata": {"agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "restricted", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.4", "sandbox_mode": "workspace_write", "tool_restrictions": {"deny": ["rm -rf"]}}, "reason": null, "review_ref": null, "to_lane": "claimed", "wp_id": "WP01"}`,
  },
  {
    input: String.raw`{"wp_id":"WP10","to_lane":"done","review_ref":"PR #42 \u2014 \u201clooks good\u201d","reason":"Zo\u00eb approved \ud83d\ude00\ttab \"quoted\" back\\slash \u0007bell \u007f","policy_metadata":null,"from_lane":"for_review","force":true,"feature_slug":"042-\u00e9t\u00e9","execution_mode":"direct_repo","evidence":{"review":{"verdict":"approved","reviewer":"r\u00e9viseur","reference":"PR #42"},"checks":[{"name":"unit","passed":true,"duration_s":1.25},{"name":"lint","passed":false,"notes":["\u65e5\u672c",null]}],"\u00e9":{"\ud83d\ude00":1,"\ufffd":2}},"at":"2026-02-23T18:03:22Z","actor":"Zo\u00eb","event_id":"01KAQ3ZV8N6Y1W4X5T2R9M0B7D"}`,
    python: String.raw`{"actor": "Zo\u00eb", "at": "2026-02-23T18:03:22Z", "event_id": "01KAQ3ZV8N6Y1W4X5T2R9M0B7D", "evidence": {"checks": [{"duration_s": 1.25, "name": "unit", "passed": true}, {"name": "lint", "notes": ["\u65e5\u672c", null], "passed": false}], "review": {"reference": "PR #42", "reviewer": "r\u00e9viseur", "verdict": "approved"}, "\u00e9": {"\ufffd": 2, "\ud83d\ude00": 1}}, "execution_mode": "direct_repo", "feature_slug": "042-\u00e9t\u00e9", "force": true, "from_lane": "for_review", "policy_metadata": null, "reason": "Zo\u00eb approved \ud83d\ude00\ttab \"quoted\" back\\slash \u0007bell \u007f", "review_ref": "PR #42 \u2014 \u201clooks good\u201d", "to_lane": "done", "wp_id": "WP10"}`,
  },
];

/** Parse a line that must hold a lane event. */
function laneEvent(line: string): StatusEvent {
  const entry = parseEventLine(line, 1)._unsafeUnwrap();
  if (entry === null || isAnnotation(entry)) throw new Error(`not a lane event: ${line}`);
  return entry;
}

const FIELDS = [
  'actor',
  'at',
  'event_id',
  'evidence',
  'execution_mode',
  'feature_slug',
  'force',
  'from_lane',
  'policy_metadata',
  'reason',
  'review_ref',
  'to_lane',
  'wp_id',
];

describe('statusEventSchema', () => {
  it('has the 13 fields of a 1.0 log line, plus the three of a 1.3 line', () => {
    expect(Object.keys(statusEventSchema.shape).sort()).toEqual(
      [...FIELDS, 'mission_id', 'mission_slug', 'review_result'].sort(),
    );
  });

  it('reads the lane alias doing as in_progress, trimmed and case-folded', () => {
    const line = JSON.stringify({ ...makeEvent(), from_lane: ' Doing', to_lane: 'FOR_REVIEW' });
    const event = laneEvent(line);
    expect(event.from_lane).toBe('in_progress');
    expect(event.to_lane).toBe('for_review');
  });

  it('drops keys it does not know', () => {
    const line = JSON.stringify({ ...makeEvent(), added_later: 1 });
    expect(Object.keys(laneEvent(line)).sort()).toEqual(FIELDS);
  });
});

describe('parseEventLine', () => {
  it('parses a line the original wrote', () => {
    const golden = GOLDEN_EVENTS[0] as { python: string };
    const event = laneEvent(golden.python);
    expect(event.wp_id).toBe('WP01');
    expect(event.policy_metadata).toMatchObject({ orchestrator_id: 'spec-kitty-orchestrator' });
  });

  it('names the line number when the line is not JSON', () => {
    const error = parseEventLine('{"event_id": ', 7)._unsafeUnwrapErr();
    expect(error.code).toBe('EVENT_LOG_CORRUPT');
    expect(error.details).toEqual({ line: 7 });
    expect(error.message).toBe('Event log line 7 is not valid JSON');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('includes the path when given', () => {
    const error = parseEventLine(
      'nope',
      2,
      '/repo/kitty-specs/x/status.events.jsonl',
    )._unsafeUnwrapErr();
    expect(error.details).toEqual({ line: 2, path: '/repo/kitty-specs/x/status.events.jsonl' });
    expect(error.message).toContain('/repo/kitty-specs/x/status.events.jsonl line 2');
  });

  const invalid: readonly [string, Record<string, unknown>, string][] = [
    ['a short event_id', { event_id: '01ABC' }, 'event_id'],
    ['an event_id with I, L, O or U', { event_id: '01KAQ3ZV8N6Y1W4X5T2R9M0B7I' }, 'event_id'],
    ['a lowercase wp id', { wp_id: 'wp01' }, 'wp_id'],
    ['a wp id with a title', { wp_id: 'WP01-setup' }, 'wp_id'],
    ['an unknown lane', { to_lane: 'review' }, 'to_lane'],
    ['a timestamp that is not ISO-8601', { at: 'yesterday' }, 'at'],
    ['a date only JavaScript understands', { at: 'Feb 23 2026' }, 'at'],
    ['an impossible date', { at: '2026-02-30T00:00:00Z' }, 'at'],
    ['a string force', { force: 'true' }, 'force'],
    ['an unknown execution mode', { execution_mode: 'cloud' }, 'execution_mode'],
    ['array evidence', { evidence: [] }, 'evidence'],
    ['a numeric reason', { reason: 3 }, 'reason'],
    ['an empty feature slug', { feature_slug: '' }, 'feature_slug'],
  ];
  it.each(invalid)('rejects %s, naming the field', (_, overrides, field) => {
    const line = JSON.stringify({ ...makeEvent(), ...overrides });
    const error = parseEventLine(line, 4)._unsafeUnwrapErr();
    expect(error.code).toBe('EVENT_LOG_CORRUPT');
    expect(error.details).toEqual({ line: 4 });
    expect(error.message).toMatch(new RegExp(`^Event log line 4 is not a valid event: .*${field}`));
  });

  it.each(FIELDS)('rejects a line without %s', (field) => {
    const { [field as keyof StatusEvent]: _, ...rest } = makeEvent();
    const error = parseEventLine(JSON.stringify(rest), 9)._unsafeUnwrapErr();
    expect(error.message).toContain(field);
  });

  it.each(['[]', '"event"', 'null', '42'])('rejects the non-object line %s', (line) => {
    expect(parseEventLine(line, 1)._unsafeUnwrapErr().code).toBe('EVENT_LOG_CORRUPT');
  });
});

describe('parseEventLog', () => {
  const line = (n: number) => serializeEvent(makeEvent({ event_id: eventId(n) }));

  it('reads an empty log', () => {
    expect(parseEventLog('')._unsafeUnwrap()).toEqual([]);
    expect(parseEventLog('\n\n')._unsafeUnwrap()).toEqual([]);
  });

  it('reads every line in file order, skipping blank lines and CRLF endings', () => {
    const text = `${line(2)}\r\n\r\n${line(1)}\n  \n${line(3)}\n`;
    expect(
      parseEventLog(text)
        ._unsafeUnwrap()
        .map((event) => event.event_id),
    ).toEqual([eventId(2), eventId(1), eventId(3)]);
  });

  it('names the 1-based line number of the first bad line, counting blank lines', () => {
    const text = `${line(1)}\n\n{"broken"\n${line(2)}\nalso broken\n`;
    const error = parseEventLog(text, 'status.events.jsonl')._unsafeUnwrapErr();
    expect(error.details).toEqual({ line: 3, path: 'status.events.jsonl' });
    expect(error.message).toContain('line 3');
  });

  it('reports a bad last line that ends with a newline', () => {
    expect(parseEventLog(`${line(1)}\n{"half\n`)._unsafeUnwrapErr().details.line).toBe(2);
  });

  it('skips an unterminated last line that does not parse (an interrupted append)', () => {
    const events = parseEventLog(`${line(1)}\n${line(2).slice(0, 40)}`)._unsafeUnwrap();
    expect(events.map((event) => event.event_id)).toEqual([eventId(1)]);
  });

  it('keeps an unterminated last line that parses', () => {
    expect(parseEventLog(`${line(1)}\n${line(2)}`)._unsafeUnwrap()).toHaveLength(2);
  });
});

describe('serializeEvent', () => {
  it.each(GOLDEN_EVENTS)('writes $input byte-for-byte as Python does', ({ input, python }) => {
    const event = laneEvent(input);
    expect(serializeEvent(event)).toBe(python);
  });

  it('writes one line that parses back to the same event', () => {
    const event = makeEvent({
      reason: 'line one\nline two',
      evidence: { review: { reviewer: 'Zoë', reference: 'PR#1 😀' } },
    });
    const line = serializeEvent(event);
    expect(line).not.toContain('\n');
    expect(parseEventLine(line, 1)._unsafeUnwrap()).toEqual(event);
  });

  it('writes every field, in sorted order, even when null', () => {
    const keys = [...serializeEvent(makeEvent()).matchAll(/"([a-z_]+)": /g)].map(
      (match) => match[1],
    );
    expect(keys).toEqual(FIELDS);
  });
});

describe('pythonJsonDumps', () => {
  it.each(GOLDEN_VALUES)('writes $input as Python does', ({ input, python }) => {
    expect(pythonJsonDumps(JSON.parse(input))).toBe(python);
  });

  it('writes what Python writes for values JSON cannot hold', () => {
    expect(pythonJsonDumps(Number.NaN)).toBe('NaN');
    expect(pythonJsonDumps(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(pythonJsonDumps(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(pythonJsonDumps(undefined)).toBe('null');
    expect(pythonJsonDumps({ a: undefined, b: 1 })).toBe('{"b": 1}');
  });

  it('writes integral numbers below 1e21 as ints: the one known gap', () => {
    // Python writes the JSON text `1e16` as `1e+16` (a float); after JSON.parse it is the same
    // number as `10000000000000000`, which Python writes as an int. We cannot tell them apart.
    expect(pythonJsonDumps(JSON.parse('1e16'))).toBe('10000000000000000');
    expect(pythonJsonDumps(JSON.parse('2.0'))).toBe('2');
    expect(pythonJsonDumps(-0)).toBe('0');
  });

  const json = fc.jsonValue();
  test.prop([json])('output parses back to the same value', (value) => {
    const normalised: unknown = JSON.parse(JSON.stringify(value));
    expect(JSON.parse(pythonJsonDumps(value))).toEqual(normalised);
  });

  test.prop([json])('output is printable ASCII only', (value) => {
    expect(pythonJsonDumps(value)).toMatch(/^[\x20-\x7e]*$/);
  });

  test.prop([fc.dictionary(fc.string({ unit: 'binary' }), fc.constant(0))])(
    'sorts keys by code point',
    (record) => {
      const parsed = JSON.parse(pythonJsonDumps(record)) as Record<string, number>;
      const written = [...pythonJsonDumps(record).matchAll(/"((?:[^"\\]|\\.)*)": 0/g)].map(
        (match) => JSON.parse(`"${match[1] ?? ''}"`) as string,
      );
      const byCodePoint = Object.keys(parsed).sort((left, right) => {
        const a = Array.from(left, (character) => character.codePointAt(0) as number);
        const b = Array.from(right, (character) => character.codePointAt(0) as number);
        for (let index = 0; index < Math.min(a.length, b.length); index++) {
          if (a[index] !== b[index]) return (a[index] as number) - (b[index] as number);
        }
        return a.length - b.length;
      });
      expect(written).toEqual(byCodePoint);
    },
  );
});

describe('formatEventTimestamp', () => {
  it('writes ISO-8601 UTC with microseconds and +00:00, as Python isoformat does', () => {
    expect(formatEventTimestamp(new Date(0))).toBe('1970-01-01T00:00:00.000000+00:00');
    expect(formatEventTimestamp(new Date('2026-02-23T18:03:22.152Z'), 177)).toBe(
      '2026-02-23T18:03:22.152177+00:00',
    );
  });

  it('clamps and truncates the extra microseconds to 0..999', () => {
    const date = new Date('2026-02-23T18:03:22.152Z');
    expect(formatEventTimestamp(date, 5.9)).toBe('2026-02-23T18:03:22.152005+00:00');
    expect(formatEventTimestamp(date, 1500)).toBe('2026-02-23T18:03:22.152999+00:00');
    expect(formatEventTimestamp(date, -3)).toBe('2026-02-23T18:03:22.152000+00:00');
  });
});
