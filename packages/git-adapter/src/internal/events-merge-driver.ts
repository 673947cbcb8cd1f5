import type { MergeDriverCallback } from 'isomorphic-git';

/** Files merged by union: any path ending in this. */
export const EVENTS_FILE_SUFFIX = 'status.events.jsonl';

interface Line {
  readonly text: string;
  readonly eventId: string;
  readonly at: number;
}

/**
 * Microseconds since the epoch of an ISO-8601 timestamp (`2026-02-23T18:03:22.152177+00:00`,
 * `…Z`, no fraction…); `NaN` when unreadable.
 */
export function eventTimeKey(at: string): number {
  const match =
    /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
      at,
    );
  if (!match) return Number.NaN;
  const zone = match[3] === undefined || match[3] === 'z' ? 'Z' : match[3];
  const offset =
    zone === 'Z'
      ? 'Z'
      : zone.length === 3
        ? `${zone}:00`
        : zone.includes(':')
          ? zone
          : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const seconds = Date.parse(`${(match[1] as string).replace(' ', 'T')}${offset}`);
  if (Number.isNaN(seconds)) return Number.NaN;
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}

function parseLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    // Lane events and annotations carry `at`; the original host's mission-level rows carry
    // `timestamp`. A row without an id is kept once by its text.
    const record = value as { event_id?: unknown; at?: unknown; timestamp?: unknown };
    const eventId = typeof record.event_id === 'string' ? record.event_id : `text:${line}`;
    const when =
      typeof record.at === 'string'
        ? record.at
        : typeof record.timestamp === 'string'
          ? record.timestamp
          : '';
    lines.push({ text: line, eventId, at: eventTimeKey(when) });
  }
  return lines;
}

/**
 * Merge two versions of an append-only event log by union: every event of either side once
 * (deduplicated by `event_id`, ours first), ordered by `at` then `event_id`, each line kept
 * byte-for-byte (rows of other kinds — annotations, the original host's mission-level rows — are
 * kept too). Lines that are not JSON objects make the merge unclean (a conflict), never a guess.
 */
export function unionEventLogs(
  ours: string,
  theirs: string,
): { cleanMerge: boolean; mergedText: string } {
  const ourLines = parseLines(ours);
  const theirLines = parseLines(theirs);
  if (ourLines === undefined || theirLines === undefined) {
    return { cleanMerge: false, mergedText: ours };
  }
  const seen = new Set<string>();
  const union: Line[] = [];
  for (const line of [...ourLines, ...theirLines]) {
    if (seen.has(line.eventId)) continue;
    seen.add(line.eventId);
    union.push(line);
  }
  const key = (line: Line) => (Number.isNaN(line.at) ? Number.POSITIVE_INFINITY : line.at);
  union.sort((left, right) =>
    key(left) !== key(right)
      ? key(left) - key(right)
      : left.eventId < right.eventId
        ? -1
        : left.eventId > right.eventId
          ? 1
          : 0,
  );
  return { cleanMerge: true, mergedText: union.map((line) => `${line.text}\n`).join('') };
}

/**
 * An isomorphic-git `mergeDriver` for `status.events.jsonl`: union of both sides (see
 * {@link unionEventLogs}). `contents` is `[base, ours, theirs]`.
 */
export const unionEventsMergeDriver: MergeDriverCallback = ({ contents }) =>
  unionEventLogs(contents[1] ?? '', contents[2] ?? '');
