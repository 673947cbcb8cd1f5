import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventLogCorrupt, type HostErrorOf } from '../errors/host-error.js';
import { LANE_ALIASES, LANES, type Lane } from '../lane/lane.js';

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const laneField = z
  .string()
  .transform((value, context): Lane => {
    const folded = value.trim().toLowerCase();
    const lane = LANE_ALIASES[folded] ?? folded;
    if ((LANES as readonly string[]).includes(lane)) return lane as Lane;
    context.addIssue({ code: 'custom', message: `unknown lane "${value}"` });
    return z.NEVER;
  });

const jsonObject = z.record(z.string(), z.unknown());

/**
 * The zod schema of one line of `status.events.jsonl`: the 13 fields the original writes.
 * Lanes written as `doing` read as `in_progress`.
 */
export const statusEventSchema = z.object({
  event_id: z.string().regex(ULID_PATTERN, 'event_id must be a 26-character ULID'),
  feature_slug: z.string().min(1),
  wp_id: z.string().regex(/^WP\d+$/, 'wp_id must be WP followed by digits'),
  from_lane: laneField,
  to_lane: laneField,
  at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'at must be an ISO-8601 timestamp'),
  actor: z.string(),
  force: z.boolean(),
  execution_mode: z.enum(['worktree', 'direct_repo']),
  reason: z.string().nullable(),
  review_ref: z.string().nullable(),
  evidence: jsonObject.nullable(),
  policy_metadata: jsonObject.nullable(),
});

/**
 * One status event, exactly the fields of a log line.
 *
 * @example
 * ```ts
 * const event: StatusEvent = {
 *   event_id: '01HV0000000000000000000000', feature_slug: '001-demo', wp_id: 'WP01',
 *   from_lane: 'planned', to_lane: 'claimed', at: '2026-02-23T18:03:22.152177+00:00',
 *   actor: 'claude', force: false, execution_mode: 'worktree', reason: null,
 *   review_ref: null, evidence: null, policy_metadata: null,
 * };
 * ```
 */
export interface StatusEvent {
  readonly event_id: string;
  readonly feature_slug: string;
  readonly wp_id: string;
  readonly from_lane: Lane;
  readonly to_lane: Lane;
  readonly at: string;
  readonly actor: string;
  readonly force: boolean;
  readonly execution_mode: 'worktree' | 'direct_repo';
  readonly reason: string | null;
  readonly review_ref: string | null;
  readonly evidence: Readonly<Record<string, unknown>> | null;
  readonly policy_metadata: Readonly<Record<string, unknown>> | null;
}

/**
 * Parse one log line (without its newline). Line numbers start at 1 and appear in the error.
 *
 * @example
 * ```ts
 * parseEventLine('{"oops"', 3); // err({ code: 'EVENT_LOG_CORRUPT', details: { line: 3 }, … })
 * ```
 */
export function parseEventLine(
  line: string,
  lineNumber: number,
  path?: string,
): Result<StatusEvent, HostErrorOf<'EVENT_LOG_CORRUPT'>> {
  const where = path === undefined ? `line ${lineNumber}` : `${path} line ${lineNumber}`;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (cause) {
    return err(eventLogCorrupt(lineNumber, `Event log ${where} is not valid JSON`, path, cause));
  }
  const parsed = statusEventSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`)
      .join('; ');
    return err(eventLogCorrupt(lineNumber, `Event log ${where} is not a valid event: ${problems}`, path));
  }
  return ok(parsed.data);
}

/**
 * Parse a whole log text. Blank lines are skipped; the first bad line is an error naming its
 * number. A last line without its newline that does not parse is an interrupted write and is
 * skipped (the next append under the feature lock truncates it).
 *
 * @example
 * ```ts
 * parseEventLog(''); // ok([])
 * ```
 */
export function parseEventLog(
  text: string,
  path?: string,
): Result<StatusEvent[], HostErrorOf<'EVENT_LOG_CORRUPT'>> {
  const lines = text.split('\n');
  const events: StatusEvent[] = [];
  const last = lines.length - 1;
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const parsed = parseEventLine(line, index + 1, path);
    if (parsed.isErr()) {
      if (index === last) break; // unterminated tail: an interrupted append
      return err(parsed.error);
    }
    events.push(parsed.value);
  }
  return ok(events);
}

/**
 * Serialise any JSON value exactly as Python's `json.dumps(value, sort_keys=True)` does: keys
 * sorted, `", "` and `": "` separators, every character outside printable ASCII escaped as
 * `\uXXXX` (astral characters as surrogate pairs).
 *
 * @example
 * ```ts
 * pythonJsonDumps({ b: 1, a: 'é' }); // '{"a": "\\u00e9", "b": 1}'
 * ```
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pythonNumber(value);
    case 'string':
      return pythonString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => pythonJsonDumps(item)).join(', ')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([left], [right]) => compareCodePoints(left, right));
      return `{${entries.map(([key, item]) => `${pythonString(key)}: ${pythonJsonDumps(item)}`).join(', ')}}`;
    }
    default:
      return 'null';
  }
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

function compareCodePoints(left: string, right: string): number {
  const a = Array.from(left);
  const b = Array.from(right);
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index] as string).codePointAt(0)! - (b[index] as string).codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function pythonString(value: string): string {
  let out = '"';
  for (let index = 0; index < value.length; index++) {
    const character = value[index] as string;
    const code = value.charCodeAt(index);
    const short = SHORT_ESCAPES[character];
    if (short !== undefined) out += short;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += character;
  }
  return `${out}"`;
}

/**
 * Serialise one event as one log line (without the newline), byte-for-byte as the original host
 * writes it.
 *
 * @example
 * ```ts
 * serializeEvent(event); // '{"actor": "claude", "at": "…", "event_id": "…", …}'
 * ```
 */
export function serializeEvent(event: StatusEvent): string {
  return pythonJsonDumps({
    event_id: event.event_id,
    feature_slug: event.feature_slug,
    wp_id: event.wp_id,
    from_lane: event.from_lane,
    to_lane: event.to_lane,
    at: event.at,
    actor: event.actor,
    force: event.force,
    execution_mode: event.execution_mode,
    reason: event.reason,
    review_ref: event.review_ref,
    evidence: event.evidence,
    policy_metadata: event.policy_metadata,
  });
}

/**
 * Format a date the way the original stamps events: ISO-8601 UTC with microseconds and an explicit
 * `+00:00` offset, e.g. `2026-02-23T18:03:22.152000+00:00`.
 *
 * @example
 * ```ts
 * formatEventTimestamp(new Date(0)); // '1970-01-01T00:00:00.000000+00:00'
 * ```
 */
export function formatEventTimestamp(date: Date, microseconds = 0): string {
  const iso = date.toISOString(); // 2026-02-23T18:03:22.152Z
  const micro = String(Math.max(0, Math.min(999, Math.trunc(microseconds)))).padStart(3, '0');
  return `${iso.slice(0, 23)}${micro}+00:00`;
}
