import { err, ok, type Result } from 'neverthrow';
import * as z from 'zod/mini';
import { eventLogCorrupt, type HostErrorOf } from '../errors/host-error.js';
import { LANE_ALIASES, LANES, SEED_LANE, type Lane, type SourceLane } from '../lane/lane.js';
import type { ReviewResult } from '../lane/transition-request.js';
import { pythonJsonDumps } from './python-json.js';
import { timestampKey } from './timestamp.js';

export { pythonJsonDumps, pythonJsonDumpsIndented } from './python-json.js';

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const WP_ID_PATTERN = /^WP\d+$/;
const LANE_SET: ReadonlySet<string> = new Set(LANES);

/** Fold a lane name as every reader does: trimmed, case-folded, `doing` → `in_progress`. */
function foldLane(value: string): Lane | undefined {
  if (LANE_SET.has(value)) return value as Lane; // already canonical: the common case
  const folded = value.trim().toLowerCase();
  const lane = LANE_ALIASES[folded] ?? folded;
  return LANE_SET.has(lane) ? (lane as Lane) : undefined;
}

/** A `from_lane`: a lane, or the seed lane of spec-kitty's `genesis → planned` rows. */
function foldSourceLane(value: string): SourceLane | undefined {
  if (value === SEED_LANE) return SEED_LANE;
  const lane = foldLane(value);
  if (lane !== undefined) return lane;
  return value.trim().toLowerCase() === SEED_LANE ? SEED_LANE : undefined;
}

/**
 * A resolved-binding actor, as contract 1.3 hosts may record it: exactly these four keys.
 * Its display identity is `tool`, else `role`, else `""` ({@link actorIdentity}).
 */
export interface StructuredActor {
  readonly role: string | null;
  readonly profile: string | null;
  readonly tool: string | null;
  readonly model: string | null;
}

/** Who recorded an event: a plain identity, or a {@link StructuredActor}. */
export type Actor = string | StructuredActor;

const STRUCTURED_ACTOR_KEYS = ['model', 'profile', 'role', 'tool'] as const;

/** Is `value` a {@link StructuredActor} (exactly its four keys, each a string or null)? */
function isStructuredActor(value: unknown): value is StructuredActor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return (
    keys.length === STRUCTURED_ACTOR_KEYS.length &&
    STRUCTURED_ACTOR_KEYS.every((key, index) => {
      const item = (value as Record<string, unknown>)[key];
      return keys[index] === key && (item === null || typeof item === 'string');
    })
  );
}

/**
 * The display identity of an actor: the string itself, or a structured actor's `tool`, else
 * its `role`, else `""`.
 *
 * @example
 * ```ts
 * actorIdentity('claude'); // 'claude'
 * actorIdentity({ role: 'implementer', profile: null, tool: 'codex', model: null }); // 'codex'
 * ```
 */
export function actorIdentity(actor: Actor): string {
  if (typeof actor === 'string') return actor;
  return actor.tool || actor.role || '';
}

const laneField = z.pipe(
  z.string(),
  z.transform((value: string, context): Lane => {
    const lane = foldLane(value);
    if (lane !== undefined) return lane;
    context.issues.push({ code: 'custom', message: `unknown lane "${value}"`, input: value });
    return z.NEVER;
  }),
);
const sourceLaneField = z.pipe(
  z.string(),
  z.transform((value: string, context): SourceLane => {
    const lane = foldSourceLane(value);
    if (lane !== undefined) return lane;
    context.issues.push({ code: 'custom', message: `unknown lane "${value}"`, input: value });
    return z.NEVER;
  }),
);

const jsonObject = z.record(z.string(), z.unknown());
const timestampField = z
  .string()
  .check(
    z.refine((value) => !Number.isNaN(timestampKey(value)), 'at must be an ISO-8601 timestamp'),
  );
const actorField = z.union([
  z.string(),
  z.custom<StructuredActor>(
    isStructuredActor,
    'actor must be a string or an object with exactly role, profile, tool and model',
  ),
]);
const reviewResultField = z.object({
  reviewer: z.string(),
  verdict: z.enum(['approved', 'changes_requested']),
  reference: z.string(),
  feedback_path: z.optional(z.nullable(z.string())),
});

/**
 * The zod schema of one lane-event line of `status.events.jsonl`: the fields both original
 * hosts write. A contract 1.0 line names its feature in `feature_slug`; a 1.3 line in
 * `mission_slug` (with `mission_id`, and `review_result` when one was given). Lanes written as
 * `doing` read as `in_progress`; `from_lane` may be the seed lane `genesis`.
 */
export const statusEventSchema = z
  .object({
    event_id: z.string().check(z.regex(ULID_PATTERN, 'event_id must be a 26-character ULID')),
    feature_slug: z.optional(z.string().check(z.minLength(1))),
    mission_slug: z.optional(z.string().check(z.minLength(1))),
    mission_id: z.optional(z.nullable(z.string())),
    wp_id: z.string().check(z.regex(WP_ID_PATTERN, 'wp_id must be WP followed by digits')),
    from_lane: sourceLaneField,
    to_lane: laneField,
    at: timestampField,
    actor: actorField,
    force: z.boolean(),
    execution_mode: z.enum(['worktree', 'direct_repo']),
    reason: z.nullable(z.string()),
    review_ref: z.nullable(z.string()),
    evidence: z.nullable(jsonObject),
    policy_metadata: z.nullable(jsonObject),
    review_result: z.optional(z.nullable(reviewResultField)),
  })
  .check(
    z.refine(
      (line) => line.feature_slug !== undefined || line.mission_slug !== undefined,
      'a lane event names its mission_slug (or, written by a 1.0 host, its feature_slug)',
    ),
  );

/**
 * One lane event: the fields of a log line. Exactly one of `feature_slug` (a contract 1.0 line)
 * and `mission_slug` (a contract 1.3 line) is written; readers accept either.
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
  /** The feature, in a contract 1.0 line. */
  readonly feature_slug?: string;
  /** The mission, in a contract 1.3 line. */
  readonly mission_slug?: string;
  /** The mission's ULID (1.3 lines of a mission whose meta.json has one). */
  readonly mission_id?: string;
  readonly wp_id: string;
  readonly from_lane: SourceLane;
  readonly to_lane: Lane;
  readonly at: string;
  readonly actor: Actor;
  readonly force: boolean;
  readonly execution_mode: 'worktree' | 'direct_repo';
  readonly reason: string | null;
  readonly review_ref: string | null;
  readonly evidence: Readonly<Record<string, unknown>> | null;
  readonly policy_metadata: Readonly<Record<string, unknown>> | null;
  /** The structured review outcome the event carries (1.3 lines, only when given). */
  readonly review_result?: ReviewResult;
}

/**
 * The runtime-state change an annotation row carries (only the keys present apply): a note for
 * the history, subtask marks `{T001: 'done'}`, and runtime slots the original host keeps.
 */
export interface AnnotationDelta {
  readonly note?: string;
  readonly subtasks?: Readonly<Record<string, string>>;
  readonly [slot: string]: unknown;
}

/**
 * An annotation row (`kind: "annotation"`): runtime state beside the lane events, written by
 * contract 1.3 `append-history` and `spec-kitty agent tasks mark-status`. It never moves a lane.
 *
 * @example
 * ```ts
 * const row: AnnotationEvent = {
 *   kind: 'annotation', event_id: '01HV0000000000000000000001', wp_id: 'WP01',
 *   at: '2026-02-23T18:03:22.152177+00:00', actor: 'claude', delta: { subtasks: { T001: 'done' } },
 * };
 * ```
 */
export interface AnnotationEvent {
  readonly kind: 'annotation';
  readonly event_id: string;
  readonly wp_id: string;
  readonly at: string;
  readonly actor: Actor;
  readonly delta: AnnotationDelta;
}

/** A row of the log that Kitty Host reads: a lane event or an annotation. */
export type LogEntry = StatusEvent | AnnotationEvent;

/**
 * Is this row an annotation (not a lane event)?
 *
 * @example
 * ```ts
 * entries.filter((entry) => !isAnnotation(entry)); // the lane events
 * ```
 */
export function isAnnotation(entry: LogEntry): entry is AnnotationEvent {
  return 'kind' in entry;
}

const annotationSchema = z.object({
  kind: z.literal('annotation'),
  event_id: z.string().check(z.regex(ULID_PATTERN, 'event_id must be a 26-character ULID')),
  wp_id: z.string().check(z.minLength(1)),
  at: timestampField,
  actor: actorField,
  delta: z.object({
    note: z.optional(z.nullable(z.string())),
    subtasks: z.optional(z.nullable(z.record(z.string(), z.string()))),
    tracker_refs: z.optional(z.nullable(z.array(z.string()))),
    tracker_refs_replace: z.optional(z.nullable(z.array(z.string()))),
  }),
});

const EXECUTION_MODES: ReadonlySet<unknown> = new Set(['worktree', 'direct_repo']);
const RETROSPECTIVE_TYPES: ReadonlySet<unknown> = new Set([
  'RetrospectiveCaptured',
  'RetrospectiveCaptureFailed',
  'RetrospectiveSkipped',
]);

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
 * Rows other subsystems of the original host write into the same file (mission-level events,
 * retrospectives): read past and left where they are.
 */
function isForeignRow(line: Record<string, unknown>): boolean {
  const eventName = line['event_name'];
  return (
    (typeof eventName === 'string' && eventName.startsWith('retrospective.')) ||
    RETROSPECTIVE_TYPES.has(line['type']) ||
    'event_type' in line
  );
}

const optionalSlug = (value: unknown): boolean =>
  value === undefined || (typeof value === 'string' && value.length >= 1);

/**
 * The fast path of {@link parseEventLine}: hand-written checks of the common case, about ten
 * times cheaper than running {@link statusEventSchema} on every line of a large log. It accepts
 * only what the schema accepts and returns the same value (the fields present, lanes folded);
 * `undefined` means "not sure", and the schema then decides and words the problems. So the
 * schema stays the single definition of a valid event.
 */
function acceptEvent(line: Record<string, unknown>): StatusEvent | undefined {
  const {
    event_id: eventId,
    feature_slug: featureSlug,
    mission_slug: missionSlug,
    mission_id: missionId,
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
    review_result: reviewResult,
  } = line;
  if (
    typeof eventId !== 'string' ||
    !ULID_PATTERN.test(eventId) ||
    !optionalSlug(featureSlug) ||
    !optionalSlug(missionSlug) ||
    (featureSlug === undefined && missionSlug === undefined) ||
    (missionId !== undefined && missionId !== null && typeof missionId !== 'string') ||
    (reviewResult !== undefined && reviewResult !== null) ||
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
  const from = foldSourceLane(fromLane);
  const to = foldLane(toLane);
  if (from === undefined || to === undefined || Number.isNaN(timestampKey(at))) return undefined;
  return withSlugs(
    {
      event_id: eventId,
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
    },
    featureSlug as string | undefined,
    missionSlug as string | undefined,
    missionId as string | null | undefined,
    undefined,
  );
}

/**
 * The event of a valid line, with the keys in the schema's order: the optional identity fields
 * only when the line has them (a `null` mission_id or review_result is left out, as the original
 * reads it), so both parse paths give objects of one shape.
 */
function withSlugs(
  event: Omit<StatusEvent, 'feature_slug' | 'mission_slug' | 'mission_id' | 'review_result'>,
  featureSlug: string | undefined,
  missionSlug: string | undefined,
  missionId: string | null | undefined,
  reviewResult: ReviewResult | null | undefined,
): StatusEvent {
  const result: {
    -readonly [K in keyof StatusEvent]?: StatusEvent[K];
  } = { event_id: event.event_id };
  if (featureSlug !== undefined) result.feature_slug = featureSlug;
  if (missionSlug !== undefined) result.mission_slug = missionSlug;
  if (typeof missionId === 'string') result.mission_id = missionId;
  result.wp_id = event.wp_id;
  result.from_lane = event.from_lane;
  result.to_lane = event.to_lane;
  result.at = event.at;
  result.actor = event.actor;
  result.force = event.force;
  result.execution_mode = event.execution_mode;
  result.reason = event.reason;
  result.review_ref = event.review_ref;
  result.evidence = event.evidence;
  result.policy_metadata = event.policy_metadata;
  if (reviewResult !== null && reviewResult !== undefined) result.review_result = reviewResult;
  return result as StatusEvent;
}

function problemsOf(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(line)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Parse one log line (without its newline). Line numbers start at 1 and appear in the error.
 * Returns the lane event or annotation it holds, or `null` for a row of another subsystem of the
 * original host (mission-level `event_type` rows, retrospectives), which readers skip and keep.
 * A row with any other `kind` than `annotation` is `EVENT_LOG_CORRUPT`.
 *
 * @example
 * ```ts
 * parseEventLine('{"oops"', 3); // err({ code: 'EVENT_LOG_CORRUPT', details: { line: 3 }, … })
 * parseEventLine('{"event_type": "MissionCreated"}', 1); // ok(null)
 * ```
 */
export function parseEventLine(
  line: string,
  lineNumber: number,
  path?: string,
): Result<LogEntry | null, HostErrorOf<'EVENT_LOG_CORRUPT'>> {
  const where = () => (path === undefined ? `line ${lineNumber}` : `${path} line ${lineNumber}`);
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (cause) {
    return err(eventLogCorrupt(lineNumber, `Event log ${where()} is not valid JSON`, path, cause));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return err(eventLogCorrupt(lineNumber, `Event log ${where()} is not a JSON object`, path));
  }
  const record = raw as Record<string, unknown>;
  const kind = record['kind'];
  if (kind !== undefined && kind !== null) {
    if (kind !== 'annotation') {
      return err(
        eventLogCorrupt(
          lineNumber,
          `Event log ${where()}: unknown event kind ${JSON.stringify(kind)}`,
          path,
        ),
      );
    }
    const parsed = annotationSchema.safeParse(record);
    if (!parsed.success) {
      return err(
        eventLogCorrupt(
          lineNumber,
          `Event log ${where()} is not a valid annotation: ${problemsOf(parsed.error)}`,
          path,
        ),
      );
    }
    const delta = record['delta'] as Record<string, unknown>;
    return ok({
      kind: 'annotation',
      event_id: parsed.data.event_id,
      wp_id: parsed.data.wp_id,
      at: parsed.data.at,
      actor: parsed.data.actor,
      delta,
    });
  }
  if (isForeignRow(record)) return ok(null);
  const fast = acceptEvent(record);
  if (fast !== undefined) return ok(fast);
  const parsed = statusEventSchema.safeParse(record);
  if (!parsed.success) {
    return err(
      eventLogCorrupt(
        lineNumber,
        `Event log ${where()} is not a valid event: ${problemsOf(parsed.error)}`,
        path,
      ),
    );
  }
  const { feature_slug, mission_slug, mission_id, review_result, ...rest } = parsed.data;
  const reviewResult =
    review_result === null || review_result === undefined
      ? null
      : ({
          reviewer: review_result.reviewer,
          verdict: review_result.verdict,
          reference: review_result.reference,
          ...(typeof review_result.feedback_path === 'string'
            ? { feedback_path: review_result.feedback_path }
            : {}),
        } satisfies ReviewResult);
  return ok(withSlugs(rest, feature_slug, mission_slug, mission_id, reviewResult));
}

/**
 * Parse a whole log text into the lane events and annotations it holds, in file order. Blank
 * lines and rows of other subsystems are skipped; the first bad line is an error naming its
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
): Result<LogEntry[], HostErrorOf<'EVENT_LOG_CORRUPT'>> {
  const lines = text.split('\n');
  const entries: LogEntry[] = [];
  const last = lines.length - 1;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A line that opens an object is not blank (no need to trim a copy of every line).
    if (line.length === 0 || (line.charCodeAt(0) !== 123 && line.trim() === '')) continue;
    const parsed = parseEventLine(line, index + firstLineNumber, path);
    if (parsed.isErr()) {
      if (index === last) break; // unterminated tail: an interrupted append
      return err(parsed.error);
    }
    if (parsed.value !== null) entries.push(parsed.value);
  }
  return ok(entries);
}

/** Keys the original host strips at any depth before it writes a row (personal data). */
const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'machine_name',
  'hostname',
  'workspace_path',
  'developer_name',
  'developer_email',
]);

/** A copy of a JSON value without {@link PERSONAL_KEYS} at any depth. */
function withoutPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalData);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!PERSONAL_KEYS.has(key)) copy[key] = withoutPersonalData(item);
  }
  return copy;
}

/**
 * Serialise one lane event as one log line (without the newline), byte-for-byte as the original
 * host of its generation writes it: a `feature_slug` event as contract 1.0's host, a
 * `mission_slug` event as contract 1.3's (with `mission_id` and `review_result` when set, and
 * personal-data keys stripped).
 *
 * @example
 * ```ts
 * serializeEvent(event); // '{"actor": "claude", "at": "…", "event_id": "…", …}'
 * ```
 */
export function serializeEvent(event: StatusEvent): string {
  if (event.mission_slug !== undefined) {
    const line: Record<string, unknown> = {
      actor: event.actor,
      at: event.at,
      event_id: event.event_id,
      evidence: event.evidence,
      execution_mode: event.execution_mode,
      force: event.force,
      from_lane: event.from_lane,
      mission_slug: event.mission_slug,
      policy_metadata: event.policy_metadata,
      reason: event.reason,
      review_ref: event.review_ref,
      to_lane: event.to_lane,
      wp_id: event.wp_id,
    };
    if (event.mission_id !== undefined) line['mission_id'] = event.mission_id;
    if (event.review_result !== undefined) line['review_result'] = event.review_result;
    return pythonJsonDumps(withoutPersonalData(line));
  }
  // The 13 keys of a 1.0 line in sorted order by hand: this runs once per appended or merged line.
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
 * Serialise one row of the log: a lane event ({@link serializeEvent}) or an annotation, which
 * is written as the contract 1.3 host writes it (`{actor, at, delta, event_id, kind, wp_id}`,
 * keys sorted).
 *
 * @example
 * ```ts
 * serializeLogEntry(annotation); // '{"actor": "claude", "at": "…", "delta": {"note": "…"}, …}'
 * ```
 */
export function serializeLogEntry(entry: LogEntry): string {
  if (!isAnnotation(entry)) return serializeEvent(entry);
  return pythonJsonDumps(
    withoutPersonalData({
      actor: entry.actor,
      at: entry.at,
      delta: entry.delta,
      event_id: entry.event_id,
      kind: entry.kind,
      wp_id: entry.wp_id,
    }),
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
