import { err, ok, type Result } from 'neverthrow';
import * as z from 'zod/mini';
import { eventLogCorrupt, type HostErrorOf } from '../errors/host-error.js';
import { LANE_ALIASES, LANES, type Lane } from '../lane/lane.js';
import { timestampKey } from './timestamp.js';

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const LANE_SET: ReadonlySet<string> = new Set(LANES);

/** Fold a lane name as every reader does: trimmed, case-folded, `doing` → `in_progress`. */
function foldLane(value: string): Lane | undefined {
  if (LANE_SET.has(value)) return value as Lane; // already canonical: the common case
  const folded = value.trim().toLowerCase();
  const lane = LANE_ALIASES[folded] ?? folded;
  return (LANES as readonly string[]).includes(lane) ? (lane as Lane) : undefined;
}

// zod/mini: tree-shakeable, so the bundled CLI pays ~5 ms at start-up instead of ~20 ms.
const laneField = z.pipe(
  z.string(),
  z.transform((value: string, context): Lane => {
    const lane = foldLane(value);
    if (lane !== undefined) return lane;
    context.issues.push({ code: 'custom', message: `unknown lane "${value}"`, input: value });
    return z.NEVER;
  }),
);

const jsonObject = z.record(z.string(), z.unknown());

/**
 * The zod schema of one line of `status.events.jsonl`: the 13 fields the original writes.
 * Lanes written as `doing` read as `in_progress`.
 */
export const statusEventSchema = z.object({
  event_id: z.string().check(z.regex(ULID_PATTERN, 'event_id must be a 26-character ULID')),
  feature_slug: z.string().check(z.minLength(1)),
  wp_id: z.string().check(z.regex(/^WP\d+$/, 'wp_id must be WP followed by digits')),
  from_lane: laneField,
  to_lane: laneField,
  at: z
    .string()
    .check(
      z.refine((value) => !Number.isNaN(timestampKey(value)), 'at must be an ISO-8601 timestamp'),
    ),
  actor: z.string(),
  force: z.boolean(),
  execution_mode: z.enum(['worktree', 'direct_repo']),
  reason: z.nullable(z.string()),
  review_ref: z.nullable(z.string()),
  evidence: z.nullable(jsonObject),
  policy_metadata: z.nullable(jsonObject),
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

const EXECUTION_MODES: ReadonlySet<unknown> = new Set(['worktree', 'direct_repo']);
const WP_ID_PATTERN = /^WP\d+$/;

/** What `z.record(z.string(), z.unknown())` accepts from JSON: a non-array object. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    // zod's record drops an own `__proto__` key; leave that rare case to zod.
    !Object.prototype.hasOwnProperty.call(value, '__proto__')
  );
}

/**
 * The fast path of {@link parseEventLine}: hand-written checks of the common case, about ten
 * times cheaper than running {@link statusEventSchema} on every line of a large log. It accepts
 * only what the schema accepts and returns the same value (the 13 fields, lanes folded, evidence
 * and policy objects with the same keys); `undefined` means "not sure", and the schema then
 * decides and words the problems. So the schema stays the single definition of a valid event.
 */
function acceptEvent(raw: unknown): StatusEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const line = raw as Record<string, unknown>;
  const {
    event_id: eventId,
    feature_slug: featureSlug,
    wp_id: wpId,
    from_lane: fromLane,
    to_lane: toLane,
    at,
    actor,
    force,
    execution_mode: executionMode,
    reason,
    review_ref: reviewRef,
    evidence,
    policy_metadata: policyMetadata,
  } = line;
  if (
    typeof eventId !== 'string' ||
    !ULID_PATTERN.test(eventId) ||
    typeof featureSlug !== 'string' ||
    featureSlug.length < 1 ||
    typeof wpId !== 'string' ||
    !WP_ID_PATTERN.test(wpId) ||
    typeof fromLane !== 'string' ||
    typeof toLane !== 'string' ||
    typeof at !== 'string' ||
    typeof actor !== 'string' ||
    typeof force !== 'boolean' ||
    !EXECUTION_MODES.has(executionMode) ||
    (reason !== null && typeof reason !== 'string') ||
    (reviewRef !== null && typeof reviewRef !== 'string') ||
    (evidence !== null && !isJsonObject(evidence)) ||
    (policyMetadata !== null && !isJsonObject(policyMetadata))
  ) {
    return undefined;
  }
  const from = foldLane(fromLane);
  const to = foldLane(toLane);
  if (from === undefined || to === undefined || Number.isNaN(timestampKey(at))) return undefined;
  return {
    event_id: eventId,
    feature_slug: featureSlug,
    wp_id: wpId,
    from_lane: from,
    to_lane: to,
    at,
    actor,
    force,
    execution_mode: executionMode as StatusEvent['execution_mode'],
    reason: reason as string | null,
    review_ref: reviewRef as string | null,
    // Fresh objects from JSON.parse, equal to the copies the schema's records would make.
    evidence: evidence as Record<string, unknown> | null,
    policy_metadata: policyMetadata as Record<string, unknown> | null,
  };
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
  const where = () => (path === undefined ? `line ${lineNumber}` : `${path} line ${lineNumber}`);
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (cause) {
    return err(eventLogCorrupt(lineNumber, `Event log ${where()} is not valid JSON`, path, cause));
  }
  const fast = acceptEvent(raw);
  if (fast !== undefined) return ok(fast);
  const parsed = statusEventSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`)
      .join('; ');
    return err(
      eventLogCorrupt(lineNumber, `Event log ${where()} is not a valid event: ${problems}`, path),
    );
  }
  return ok(parsed.data);
}

/**
 * Parse a whole log text. Blank lines are skipped; the first bad line is an error naming its
 * number. A last line without its newline that does not parse is an interrupted write and is
 * skipped (the next append under the feature lock truncates it). `firstLineNumber` numbers the
 * first line of `text` (for a caller that parses only what was appended since its last read).
 *
 * @example
 * ```ts
 * parseEventLog(''); // ok([])
 * parseEventLog('{"oops"\n', 'log', 41); // err: EVENT_LOG_CORRUPT at line 41
 * ```
 */
export function parseEventLog(
  text: string,
  path?: string,
  firstLineNumber = 1,
): Result<StatusEvent[], HostErrorOf<'EVENT_LOG_CORRUPT'>> {
  const lines = text.split('\n');
  const events: StatusEvent[] = [];
  const last = lines.length - 1;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const parsed = parseEventLine(line, index + firstLineNumber, path);
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
 * `\uXXXX` (astral characters as surrogate pairs), keys ordered by code point, non-integral numbers
 * as Python's `repr(float)` (`1e-07`, `1e+16`).
 *
 * Precisely: the output equals Python's `json.dumps(json.loads(JSON.stringify(value)),
 * sort_keys=True)`. One gap is unavoidable once a text has gone through `JSON.parse`: Python keeps
 * `1.0`/`1e16` (floats) apart from `1`/`10000000000000000` (ints), and ints beyond 2^53 exactly;
 * we write integral numbers below 1e21 as ints.
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
    case 'bigint':
      return value.toString(); // what Python writes for an int of any size
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => pythonJsonDumps(item)).join(', ')}]`;
      // Like JSON.stringify: members that JSON cannot hold are left out of objects…
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => !isUnrepresentable(item))
        .sort(([left], [right]) => compareCodePoints(left, right));
      return `{${entries.map(([key, item]) => `${pythonString(key)}: ${pythonJsonDumps(item)}`).join(', ')}}`;
    }
    case 'undefined':
    case 'function':
    case 'symbol':
    default:
      return 'null'; // …and written as null elsewhere.
  }
}

function isUnrepresentable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  // Python reads `JSON.stringify`'s spelling: integers below 1e21 are written as digits, which
  // Python reads as an int and writes back unchanged; everything else becomes a Python float.
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  return pythonFloatRepr(value);
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (the same digits as JavaScript), written
 * positionally when the decimal exponent is in [-4, 16), else as `d.ddde±XX` (two-digit exponent).
 */
function pythonFloatRepr(value: number): string {
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digitsOnly = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const fraction = digitsOnly.length > 1 ? `.${digitsOnly.slice(1)}` : '';
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${digitsOnly[0] ?? ''}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digitsOnly}`;
  const integerPart = digitsOnly.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fractionPart = digitsOnly.slice(exponent + 1);
  return `${sign}${integerPart}.${fractionPart === '' ? '0' : fractionPart}`;
}

/**
 * Order keys as Python sorts `str`: by code point. UTF-16 order differs from code-point order only
 * when a surrogate meets a character in U+E000–U+FFFF, so compare code points at the first
 * difference.
 */
function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) {
      if (a < 0xd800 && b < 0xd800) return a - b;
      return (left.codePointAt(index) as number) - (right.codePointAt(index) as number);
    }
  }
  return left.length - right.length;
}

/** Characters Python's `json.dumps(ensure_ascii=True)` writes as `\uXXXX` after JSON.stringify. */
const NON_ASCII = /[\u007f-\uffff]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function pythonString(value: string): string {
  // JSON.stringify already writes `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, `\u00XX` for the other
  // control characters and `\udXXX` for lone surrogates, all in Python's spelling. What is left is
  // DEL and non-ASCII, which Python escapes as lowercase `\uXXXX` per UTF-16 code unit.
  const json = JSON.stringify(value);
  if (PRINTABLE_ASCII.test(json)) return json;
  return json.replace(
    NON_ASCII,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
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
  // The 13 keys written in sorted order by hand: this runs once per appended or merged line.
  return (
    `{"actor": ${pythonJsonDumps(event.actor)}, "at": ${pythonJsonDumps(event.at)}, ` +
    `"event_id": ${pythonJsonDumps(event.event_id)}, "evidence": ${pythonJsonDumps(event.evidence)}, ` +
    `"execution_mode": ${pythonJsonDumps(event.execution_mode)}, ` +
    `"feature_slug": ${pythonJsonDumps(event.feature_slug)}, "force": ${pythonJsonDumps(event.force)}, ` +
    `"from_lane": ${pythonJsonDumps(event.from_lane)}, ` +
    `"policy_metadata": ${pythonJsonDumps(event.policy_metadata)}, ` +
    `"reason": ${pythonJsonDumps(event.reason)}, "review_ref": ${pythonJsonDumps(event.review_ref)}, ` +
    `"to_lane": ${pythonJsonDumps(event.to_lane)}, "wp_id": ${pythonJsonDumps(event.wp_id)}}`
  );
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
