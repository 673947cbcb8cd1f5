// The page's requests: reads of the board's JSON (envelopes) and the action plans' POSTs.
import type { PlannedRequest } from './actions.js';

/** A failure envelope (or a transport failure made to look like one). */
export class EnvelopeError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = 'EnvelopeError';
    this.code = code;
    this.status = status;
  }
}

interface Envelope {
  readonly success: boolean;
  readonly error_code: string | null;
  readonly data: Record<string, unknown>;
}

async function envelopeOf(response: Response): Promise<Envelope> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as Envelope;
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.success === 'boolean')
      return parsed;
  } catch {
    // not JSON: a proxy page or a dead server
  }
  throw new EnvelopeError(
    'TRANSPORT',
    `The server answered ${response.status} without an envelope`,
    response.status,
  );
}

function failureOf(envelope: Envelope, status: number): EnvelopeError {
  const message = envelope.data['message'];
  return new EnvelopeError(
    envelope.error_code ?? 'UNKNOWN',
    typeof message === 'string' ? message : 'The request failed',
    status,
  );
}

/**
 * GET a read route and return its envelope's `data`; a failure envelope throws {@link EnvelopeError}.
 *
 * @example
 * ```ts
 * const board = await readData<FeatureBoard>('/v1/features/001-demo/board');
 * ```
 */
export async function readData<Data>(path: string): Promise<Data> {
  let response: Response;
  try {
    // The default cache mode, so the first read takes the page's preload; reads stay fresh (the
    // JSON answers carry no validators, so nothing is ever served from the HTTP cache).
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (cause) {
    throw new EnvelopeError('NETWORK', `The server cannot be reached (${String(cause)})`, 0);
  }
  const envelope = await envelopeOf(response);
  if (!envelope.success) throw failureOf(envelope, response.status);
  return envelope.data as Data;
}

/**
 * POST one planned request (JSON body, the bearer token when there is one). Resolves with the
 * envelope's `data`; a failure envelope throws {@link EnvelopeError} with its `error_code` and
 * `data.message`.
 *
 * @example
 * ```ts
 * await send({ path: '/v1/features/001-demo/work-packages/WP01/transition', body, … }, token);
 * ```
 */
export async function send(
  request: PlannedRequest,
  token: string | null,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
  };
  if (token !== null && token !== '') headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(request.path, {
      method: 'POST',
      headers,
      body: JSON.stringify(request.body),
      cache: 'no-store',
    });
  } catch (cause) {
    throw new EnvelopeError('NETWORK', `The server cannot be reached (${String(cause)})`, 0);
  }
  const envelope = await envelopeOf(response);
  if (!envelope.success) throw failureOf(envelope, response.status);
  return envelope.data;
}
