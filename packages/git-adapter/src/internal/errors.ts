import { internalError, type HostErrorOf } from '@kittyhost/core';

/** A short human description of anything thrown (isomorphic-git errors carry a `code`). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}

/** Wrap anything thrown into `INTERNAL_ERROR`, keeping it as `cause`. */
export function toInternalError(context: string, error: unknown): HostErrorOf<'INTERNAL_ERROR'> {
  return internalError(`${context}: ${describeError(error)}`, error);
}

/** The `code` of a Node.js system error (`ENOENT`, …), if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for "no such file or directory" (and "not a directory" on a path through a file). */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
