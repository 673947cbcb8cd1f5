// Requests refused before any operation runs, against a real server on 127.0.0.1: a query string
// on a mutation, and what Node's HTTP parser refuses itself (headers over its limit, garbage).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeSchema, ROUTES, type RunningServer } from '../src/index.js';
import {
  FEATURE,
  POLICY,
  eventLines,
  requestFor,
  sampleProject,
  send,
  serve,
  treeFingerprint,
} from './harness.js';

/** A valid body for every mutation of the sample feature (each would change something). */
const VALID_INPUTS: Record<string, Record<string, unknown>> = {
  'start-implementation': { feature: FEATURE, wp: 'WP01', actor: 'claude', policy: POLICY },
  'start-review': { feature: FEATURE, wp: 'WP01', actor: 'claude', policy: POLICY },
  transition: { feature: FEATURE, wp: 'WP05', to: 'blocked', actor: 'a', note: 'waiting' },
  'append-history': { feature: FEATURE, wp: 'WP01', actor: 'claude', note: 'a note' },
  'accept-feature': { feature: FEATURE, actor: 'lead' },
  'merge-feature': { feature: FEATURE },
  heartbeat: { feature: FEATURE, wp: 'WP01', actor: 'claude' },
};

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Write `chunks` to a plain TCP connection (one every few ms) and read the answer to the end. */
function rawRequest(port: number, chunks: readonly string[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', (error) =>
      reject(new Error(`${error.message} after ${JSON.stringify(received.slice(0, 200))}`)),
    );
    socket.on('close', () => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(received)}`));
      const [statusLine = '', ...headerLines] = received.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: Buffer.from(received.slice(end + 4), 'latin1').toString('utf8'),
      });
    });
    let next = 0;
    const writeNext = (): void => {
      if (next >= chunks.length || socket.destroyed) return;
      socket.write(chunks[next++] as string, () => setTimeout(writeNext, 2));
    };
    writeNext();
  });
}

/** The answer is one complete envelope: every key, USAGE_ERROR, JSON, and the connection closes. */
function expectEnvelope(response: RawResponse, status: number, message: RegExp): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['connection']).toBe('close');
  expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
  const envelope = envelopeSchema.parse(JSON.parse(response.body));
  expect(Object.keys(envelope).sort()).toEqual([
    'command',
    'contract_version',
    'correlation_id',
    'data',
    'error_code',
    'success',
    'timestamp',
  ]);
  expect(envelope).toMatchObject({
    // A request that reaches no route belongs to no generation: the host's newest answers.
    contract_version: '1.3.0',
    command: 'orchestrator-api',
    success: false,
    error_code: 'USAGE_ERROR',
  });
  expect(envelope.correlation_id).toMatch(/^corr-[0-9a-f]{32}$/);
  expect(envelope.data['message']).toMatch(message);
}

describe('a query string on a mutation', () => {
  let server: RunningServer;
  let root: string;
  let featureDir: string;
  beforeAll(async () => {
    ({ root, featureDir } = sampleProject());
    server = await serve(root);
  });
  afterAll(async () => {
    await server.close();
  });

  it('is a 400 USAGE_ERROR on every POST route, and nothing is written', async () => {
    const mutations = ROUTES.filter((route) => route.method === 'POST');
    // Each 1.3 mutation takes the input of its 1.0 twin, with the mission as selector.
    const TWINS: Record<string, string> = {
      'accept-mission': 'accept-feature',
      'merge-mission': 'merge-feature',
      'consolidate-mission': 'merge-feature',
    };
    const inputOf = (route: (typeof mutations)[number]): Record<string, unknown> => {
      const { feature, ...rest } = VALID_INPUTS[
        TWINS[route.subcommand] ?? route.subcommand
      ] as Record<string, unknown>;
      return route.generation.selector === 'feature'
        ? { feature, ...rest }
        : { mission: feature, ...rest };
    };
    expect(
      mutations
        .filter((route) => route.generation.selector === 'feature')
        .map((route) => route.subcommand)
        .sort(),
    ).toEqual(Object.keys(VALID_INPUTS).sort());
    expect(mutations.filter((route) => route.generation.selector === 'mission')).toHaveLength(8);
    const before = treeFingerprint(root);
    for (const route of mutations) {
      const { url, init } = requestFor(server.url, route.subcommand, inputOf(route));
      for (const query of ['?wp=WP03', '?dry_run=1&wp=WP03', '?flag']) {
        const result = await send(`${url}${query}`, init);
        const label = `${route.subcommand}${query}`;
        expect(result.status, label).toBe(400);
        expect(result.envelope, label).toMatchObject({
          command: `orchestrator-api.${route.subcommand}`,
          success: false,
          error_code: 'USAGE_ERROR',
        });
        expect(result.envelope.data['message'], label).toMatch(
          /^POST routes take no query parameters \(got: [a-z_, ]+\); send every input in the JSON body$/,
        );
      }
    }
    expect(eventLines(featureDir)).toHaveLength(0);
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('names the parameters it refused, and the same request without them runs', async () => {
    const { url, init } = requestFor(
      server.url,
      'start-implementation',
      VALID_INPUTS['start-implementation'] as Record<string, unknown>,
    );
    const refused = await send(`${url}?wp=WP03&dry_run=1`, init);
    expect(refused.envelope.data['message']).toContain('(got: wp, dry_run)');
    expect(eventLines(featureDir)).toHaveLength(0);
    const started = await send(url, init);
    expect(started.status).toBe(200);
    expect(started.envelope.data).toMatchObject({ wp_id: 'WP01' });
    expect(eventLines(featureDir).map((event) => event.wp_id)).toEqual(['WP01', 'WP01']);
  });
});

describe("what Node's HTTP parser refuses", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve(sampleProject().root);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a 64 KiB query string (fetch) with a 431 envelope, not an empty body', async () => {
    const response = await fetch(
      `${server.url}/v1/features/${FEATURE}/ready?note=${'a'.repeat(64 * 1024)}`,
    );
    const body = await response.text();
    expectEnvelope(
      { status: response.status, headers: Object.fromEntries(response.headers), body },
      431,
      /^The request line and headers are larger than the limit of 16384 bytes$/,
    );
  });

  it('answers headers over the limit with 431 too, and reads a large request to its end first', async () => {
    const header = await rawRequest(server.port, [
      `GET /v1/contract-version HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    ]);
    expectEnvelope(header, 431, /larger than the limit/);
    // 1 MiB of request line, in 64 chunks: the answer must arrive whole, not be cut by a reset.
    const line = `GET /v1/contract-version?q=${'c'.repeat(1024 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const size = Math.ceil(line.length / 64);
    const chunks = Array.from({ length: 64 }, (_, index) =>
      line.slice(index * size, (index + 1) * size),
    );
    expectEnvelope(await rawRequest(server.port, chunks), 431, /larger than the limit/);
  });

  it('answers a garbage request line or a malformed header with a 400 envelope', async () => {
    expectEnvelope(
      await rawRequest(server.port, ['GARBAGE\r\n\r\n']),
      400,
      /^Malformed HTTP request \(HPE_INVALID_METHOD\): /,
    );
    expectEnvelope(
      await rawRequest(server.port, ['GET /v1/contract-version HTTP/9.9\r\n\r\n']),
      400,
      /^Malformed HTTP request/,
    );
    expectEnvelope(
      await rawRequest(server.port, [
        'POST /v1/contract-version HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nope\r\n\r\n',
      ]),
      400,
      /^Malformed HTTP request \(HPE_/,
    );
  });

  it('keeps serving ordinary requests afterwards', async () => {
    await rawRequest(server.port, ['GARBAGE\r\n\r\n']);
    const ok = await send(`${server.url}/v1/contract-version`);
    expect(ok.status).toBe(200);
    expect(ok.envelope.success).toBe(true);
  });
});
