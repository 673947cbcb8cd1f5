/**
 * The time source. Tests inject a fixed or stepping clock.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => new Date('2026-02-23T18:03:22Z') };
 * ```
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/**
 * The id source: event ULIDs and random 32-hex tokens (correlation and history ids).
 *
 * @example
 * ```ts
 * const ids: IdSource = createIdSource();
 * ids.eventId(); // '01J…' (26 characters)
 * ```
 */
export interface IdSource {
  /** A new ULID, monotonic within this source. */
  eventId(): string;
  /** 32 lowercase hex characters of randomness. */
  token(): string;
}
