import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { usageFailure, type TransportFailure } from './transport-failure.js';

/** An error of Node's HTTP parser (`clientError` event): llhttp's `HPE_*` codes and a few more. */
export interface ClientError extends Error {
  readonly code?: string;
}

/**
 * What to answer a request that Node's HTTP parser refused before the app could see it: `431`
 * for a request line or headers over the limit, `413` for chunk extensions over theirs, `408`
 * when the client took too long, else `400` (garbage, a bad request line, a bad header).
 *
 * @example
 * ```ts
 * clientErrorFailure(Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' }));
 * // { status: 431, error: { code: 'USAGE_ERROR', message: 'The request line and headers are larger than the limit of 16384 bytes', … } }
 * ```
 */
export function clientErrorFailure(error: ClientError): TransportFailure {
  switch (error.code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return usageFailure(
        431,
        `The request line and headers are larger than the limit of ${maxHeaderSize} bytes`,
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return usageFailure(413, 'The chunk extensions of the request body are too large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return usageFailure(408, 'The request was not received in time');
    default:
      return usageFailure(
        400,
        `Malformed HTTP request${error.code === undefined ? '' : ` (${error.code})`}: ${error.message}`,
      );
  }
}

/**
 * The raw HTTP/1.1 response of a failure, for a socket the HTTP server has given up on: the
 * envelope as a JSON body, its length, and `connection: close`.
 *
 * @example
 * ```ts
 * socket.end(rawFailureResponse(431, '{"contract_version":"1.0.0",…}'));
 * ```
 */
export function rawFailureResponse(status: number, body: string): string {
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

/** How long a refused connection may go on sending before it is cut (see {@link answerClientError}). */
const LINGER_MS = 2_000;

/** Sockets already answered: Node reports the same parse error again for every later chunk. */
const answered = new WeakSet<Duplex>();

/**
 * Handle the `clientError` event of a Node HTTP server: answer with one envelope (built by
 * `render`, the app's own failure path) instead of Node's bare status line, then close the
 * socket. Like Node's default, it writes nothing to a socket that is gone or in the middle of a
 * response whose headers are already sent (an event stream, say): that would corrupt it.
 *
 * The rest of an oversized request may still be on its way: cutting the connection at once would
 * make the kernel reset it, and a reset can destroy the answer before the client reads it. So the
 * socket is half-closed after the answer, what still arrives is read and dropped, and the socket is
 * destroyed when the client closes or after {@link LINGER_MS} at most (as web servers linger).
 *
 * @example
 * ```ts
 * server.on('clientError', (error, socket) => answerClientError(error, socket, render));
 * ```
 */
export function answerClientError(
  error: ClientError,
  socket: Duplex,
  render: (failure: TransportFailure) => string,
): void {
  if (answered.has(socket)) return;
  // `_httpMessage` is the response Node is writing on this socket (what its default checks too).
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  answered.add(socket);
  const failure = clientErrorFailure(error);
  socket.end(rawFailureResponse(failure.status, render(failure)));
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
}
