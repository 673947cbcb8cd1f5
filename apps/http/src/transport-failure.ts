import { internalError, usageError, type HostError } from '@kittyhost/core';

/**
 * A failure found by the HTTP layer itself, before any operation runs: no such route, a bad
 * body, a missing token. It still answers with the contract's envelope; `status` says what
 * happened at the HTTP level (401, 404, 405, 413, 415, …) because the contract has no error code
 * for transport problems and providers already handle `USAGE_ERROR`.
 */
export interface TransportFailure {
  readonly status: number;
  readonly error: HostError;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A `USAGE_ERROR` with an HTTP status.
 *
 * @example
 * ```ts
 * usageFailure(413, 'Request body is larger than 1048576 bytes', 'transition');
 * ```
 */
export function usageFailure(
  status: number,
  message: string,
  subcommand?: string,
  headers?: Readonly<Record<string, string>>,
): TransportFailure {
  const error = usageError(message, subcommand);
  return headers === undefined ? { status, error } : { status, error, headers };
}

/**
 * An `INTERNAL_ERROR` with an HTTP status (503 while shutting down, 500 for a crash).
 *
 * @example
 * ```ts
 * internalFailure(503, 'The server is shutting down', { 'retry-after': '1' });
 * ```
 */
export function internalFailure(
  status: number,
  message: string,
  headers?: Readonly<Record<string, string>>,
): TransportFailure {
  const error = internalError(message);
  return headers === undefined ? { status, error } : { status, error, headers };
}
