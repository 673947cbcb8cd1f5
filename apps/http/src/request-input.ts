import type { OperationRoute } from './routes.js';
import { usageFailure, type TransportFailure } from './transport-failure.js';

/** What reading a request's input gives: the operation's raw input, or a failure to answer with. */
export type InputResult =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly failure: TransportFailure };

/** The default body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * The query string as raw input: each parameter once is a string, repeated is an array of strings
 * (which the operation's schema then rejects as a usage error, like any wrong type).
 */
export function queryInput(url: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const query = url.indexOf('?');
  if (query < 0) return input;
  for (const [key, value] of new URLSearchParams(url.slice(query + 1))) {
    const previous = input[key];
    if (previous === undefined) input[key] = value;
    else
      input[key] = Array.isArray(previous) ? [...(previous as string[]), value] : [previous, value];
  }
  return input;
}

/**
 * A mutation takes every input from its JSON body: any query parameter on it is a usage error
 * (`POST …/WP01/start-implementation?wp=WP03` must not quietly start WP01).
 *
 * @example
 * ```ts
 * refuseQueryOfMutation('http://127.0.0.1:7300/v1/features/001-demo/accept-feature?actor=a', 'accept-feature');
 * // { status: 400, error: { code: 'USAGE_ERROR', message: 'POST routes take no query parameters (got: actor); send every input in the JSON body', … } }
 * ```
 */
export function refuseQueryOfMutation(
  url: string,
  subcommand: string,
): TransportFailure | undefined {
  const keys = Object.keys(queryInput(url));
  if (keys.length === 0) return undefined;
  return usageFailure(
    400,
    `POST routes take no query parameters (got: ${keys.join(', ')}); send every input in the JSON body`,
    subcommand,
  );
}

/** Add the path parameters to the input; the same key in the query or body is a usage error. */
export function withPathParameters(
  route: OperationRoute,
  input: Record<string, unknown>,
  parameters: Readonly<Record<string, string>>,
): InputResult {
  for (const key of route.pathParameters) {
    if (Object.hasOwn(input, key)) {
      const where = route.input === 'body' ? 'body' : 'query string';
      return {
        ok: false,
        failure: usageFailure(
          400,
          `'${key}' is part of the path (${route.pattern}); do not repeat it in the ${where}`,
          route.subcommand,
        ),
      };
    }
    input[key] = parameters[key];
  }
  return { ok: true, input };
}

/** Read at most `limit` bytes of the body; `undefined` when it is larger. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A mutation's JSON body as raw input. The body must be sent as `application/json` (which also
 * keeps browsers from sending it cross-site without a CORS preflight, which we never grant); an
 * empty body is `{}`. Larger than `limit` → 413, not UTF-8 or not JSON → 400, not an object → 400.
 *
 * @example
 * ```ts
 * const result = await bodyInput(request, 1024 * 1024, 'transition');
 * if (result.ok) console.log(result.input.to);
 * ```
 */
export async function bodyInput(
  request: Request,
  limit: number,
  subcommand: string,
): Promise<InputResult> {
  const contentType = request.headers.get('content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    return {
      ok: false,
      failure: usageFailure(
        415,
        'Send the request body as JSON with the header Content-Type: application/json',
        subcommand,
      ),
    };
  }
  const tooLarge = (): InputResult => ({
    ok: false,
    failure: usageFailure(
      413,
      `Request body is larger than the limit of ${limit} bytes`,
      subcommand,
    ),
  });
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge();
  const bytes = await readLimited(request, limit);
  if (bytes === undefined) return tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, failure: usageFailure(400, 'Request body is not valid UTF-8', subcommand) };
  }
  if (text.trim() === '') return { ok: true, input: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return {
      ok: false,
      failure: usageFailure(400, `Request body is not valid JSON${detail}`, subcommand),
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      failure: usageFailure(400, 'Request body must be a JSON object', subcommand),
    };
  }
  return { ok: true, input: value as Record<string, unknown> };
}
