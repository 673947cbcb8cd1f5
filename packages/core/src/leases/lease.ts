import { err, ok, type Result } from 'neverthrow';
import { usageError, type HostErrorOf } from '../errors/host-error.js';
import { timestampKey } from '../events/timestamp.js';

/** What a lease holds: the implementation claim, or (contract 1.3's `in_review`) the review. */
export type LeaseClaim = 'implementation' | 'review';

/**
 * The lease of one claimed WP: who holds it, since when it was last renewed, and the actors that
 * lost it to a takeover (fenced: they may change nothing on the WP until they claim it again).
 */
export interface LeaseRecord {
  readonly holder: string;
  readonly claim: LeaseClaim;
  /** ISO-8601 instant of the last renewal (the claim, a call by the holder, a heartbeat). */
  readonly renewed_at: string;
  /** Earlier holders whose lease was taken over. */
  readonly fenced: readonly string[];
}

/**
 * The lease records of one feature, as read: `ok` (possibly empty), `missing` (no file yet) or
 * `unreadable` (a corrupt file: treated as no lease information, so no claim expires by accident).
 */
export interface LeaseBook {
  readonly state: 'ok' | 'missing' | 'unreadable';
  readonly leases: Readonly<Record<string, LeaseRecord>>;
  /** Why the file could not be read (`unreadable`). */
  readonly problem?: string;
}

/** An empty book (no lease information). */
export const NO_LEASES: LeaseBook = { state: 'missing', leases: {} };

const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * Read a lease file's text. Anything that is not the expected shape makes the whole book
 * `unreadable` (never a crash): no lease information, so claims never expire by accident.
 *
 * @example
 * ```ts
 * parseLeaseBook('{"version":1,"leases":{}}'); // { state: 'ok', leases: {} }
 * parseLeaseBook('{oops').state;               // 'unreadable'
 * ```
 */
export function parseLeaseBook(text: string): LeaseBook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return { state: 'unreadable', leases: {}, problem: `not JSON (${String(cause)})` };
  }
  const leases = (value as { leases?: unknown } | null)?.leases;
  if (typeof leases !== 'object' || leases === null || Array.isArray(leases))
    return { state: 'unreadable', leases: {}, problem: 'no "leases" object' };
  const book: Record<string, LeaseRecord> = {};
  for (const [wpId, raw] of Object.entries(leases as Record<string, unknown>)) {
    const record = raw as Partial<Record<keyof LeaseRecord, unknown>> | null;
    if (
      !/^WP\d+$/.test(wpId) ||
      !isText(record?.holder) ||
      (record.claim !== 'implementation' && record.claim !== 'review') ||
      !isText(record.renewed_at) ||
      Number.isNaN(timestampKey(record.renewed_at)) ||
      !Array.isArray(record.fenced) ||
      !record.fenced.every(isText)
    ) {
      return { state: 'unreadable', leases: {}, problem: `a bad record for ${wpId}` };
    }
    book[wpId] = {
      holder: record.holder,
      claim: record.claim,
      renewed_at: record.renewed_at,
      fenced: record.fenced as string[],
    };
  }
  return { state: 'ok', leases: book };
}

/**
 * The lease file's text: stable (sorted WPs, two-space JSON) and versioned.
 *
 * @example
 * ```ts
 * serializeLeaseBook({ WP01: { holder: 'a', claim: 'implementation', renewed_at: '…', fenced: [] } });
 * ```
 */
export function serializeLeaseBook(leases: Readonly<Record<string, LeaseRecord>>): string {
  const sorted = Object.fromEntries(
    Object.entries(leases).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)),
  );
  return `${JSON.stringify({ version: 1, leases: sorted }, null, 2)}\n`;
}

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parse a duration: one or more `<number><unit>` parts, units `ms`, `s`, `m`, `h`, `d`
 * (`30m`, `1h30m`, `2s`, `1.5h`); a bare number is seconds. At least one second, at most 30
 * days. Anything else is a `USAGE_ERROR` naming where it came from.
 *
 * @example
 * ```ts
 * parseDuration('1h30m', 'claim_ttl')._unsafeUnwrap(); // 5_400_000
 * parseDuration('soon', 'claim_ttl').isErr();          // true
 * ```
 */
export function parseDuration(
  input: unknown,
  where: string,
): Result<number, HostErrorOf<'USAGE_ERROR'>> {
  const refuse = (why: string) =>
    err(
      usageError(
        `${where}: ${why} (write a duration such as 30m, 2h, 90s or 1h30m; a bare number is seconds)`,
      ),
    );
  const text =
    typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : null;
  if (text === null || text === '') return refuse(`${JSON.stringify(input)} is not a duration`);
  let total = 0;
  if (/^\d+(\.\d+)?$/.test(text)) total = Number(text) * 1_000;
  else {
    const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(text)
      ? [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)]
      : null;
    if (parts === null) return refuse(`${JSON.stringify(text)} is not a duration`);
    for (const [, amount, unit] of parts) total += Number(amount) * (UNITS[unit as string] ?? 0);
  }
  if (total < 1_000) return refuse(`${JSON.stringify(text)} is shorter than one second`);
  if (total > 30 * UNITS['d']!) return refuse(`${JSON.stringify(text)} is longer than 30 days`);
  return ok(Math.round(total));
}

/** How a lease stands at an instant. */
export interface LeaseStanding {
  /** ISO-8601 instant the lease ends (renewal + time-to-live). */
  readonly expiresAt: string;
  readonly expired: boolean;
}

/**
 * When a lease ends and whether it has, given its time-to-live, the instant asked about, and
 * (optionally) the time of the last commit on the WP's branch: work itself renews a lease.
 *
 * @example
 * ```ts
 * leaseStanding(record, 120_000, new Date('2026-12-01T10:05:00Z')); // { expiresAt: '…', expired: true }
 * ```
 */
export function leaseStanding(
  record: LeaseRecord,
  ttlMs: number,
  now: Date,
  lastCommitAt?: Date | null,
): LeaseStanding {
  const renewed = Math.floor(timestampKey(record.renewed_at) / 1000);
  const worked = lastCommitAt === null || lastCommitAt === undefined ? 0 : lastCommitAt.getTime();
  const expires = Math.max(renewed, worked) + ttlMs;
  return { expiresAt: new Date(expires).toISOString(), expired: now.getTime() >= expires };
}
