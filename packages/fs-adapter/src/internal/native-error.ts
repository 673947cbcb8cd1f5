import { internalError, type HostErrorOf } from '@kittyhost/core';
import { err, ResultAsync, type Result } from 'neverthrow';

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`, …), if any. */
export function errorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when a path (or one of its parents) does not exist or is not a directory. */
export function isMissing(cause: unknown): boolean {
  const code = errorCode(cause);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A short human description of anything thrown. */
export function describeError(cause: unknown): string {
  if (cause instanceof Error) {
    const code = errorCode(cause);
    return code !== undefined && !cause.message.includes(code)
      ? `${code}: ${cause.message}`
      : cause.message;
  }
  return String(cause);
}

/**
 * An I/O failure as `INTERNAL_ERROR`, naming what we tried to do and keeping the native error as
 * `cause`, e.g. `Could not read /repo/kitty-specs/x/meta.json: EACCES: permission denied, open …`.
 */
export function ioError(
  action: string,
  path: string,
  cause: unknown,
): HostErrorOf<'INTERNAL_ERROR'> {
  return internalError(`Could not ${action} ${path}: ${describeError(cause)}`, cause);
}

/**
 * Run an async step that returns a `Result` and turn anything it throws or rejects with into
 * `INTERNAL_ERROR`: the adapter's last line of defence, so nothing escapes as an exception.
 */
export function guard<T, E>(
  what: string,
  run: () => Promise<Result<T, E>>,
): ResultAsync<T, E | HostErrorOf<'INTERNAL_ERROR'>> {
  const promise = Promise.resolve()
    .then(run)
    .catch((cause: unknown) =>
      err(internalError(`Unexpected failure while ${what}: ${describeError(cause)}`, cause)),
    );
  return new ResultAsync<T, E | HostErrorOf<'INTERNAL_ERROR'>>(promise);
}
