import { join } from 'node:path';
import { createIdSource, systemClock, type HostError } from '@kittyhost/core';
import type { Clock, IdSource } from '@kittyhost/core/ports';
import {
  GENERATION_1_0,
  NEWEST_GENERATION,
  execute,
  fixedProject,
  outcomeOf,
  type Generation,
  type OperationContext,
  type Outcome,
  type Project,
} from '@kittyhost/orchestrator-api';
import { Hono, type Context } from 'hono';
import { createTokenCheck } from './auth.js';
import { registerBoardRoutes } from './board-page.js';
import { EventFeeds } from './event-log-follower.js';
import { eventStreamResponse } from './event-stream.js';
import { Lifecycle } from './lifecycle.js';
import { buildOpenApiDocument } from './openapi.js';
import { QueryCache } from './query-cache.js';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  bodyInput,
  queryInput,
  refuseQueryOfMutation,
  withPathParameters,
} from './request-input.js';
import { EVENTS_PATTERNS, OPENAPI_PATH, ROUTES, type OperationRoute } from './routes.js';
import { internalFailure, usageFailure, type TransportFailure } from './transport-failure.js';

/** The host names a loopback server answers to (anything else is refused: DNS rebinding). */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** File name of a feature's event log. */
const EVENT_LOG = 'status.events.jsonl';

/**
 * Options of {@link createApp}.
 *
 * @example
 * ```ts
 * const app = createApp({ project: { store, vcs }, token: process.env.KITTYHOST_HTTP_TOKEN });
 * ```
 */
export interface HttpAppOptions {
  /** The project's adapters (opened once, at start-up). */
  readonly project: Project;
  /** When set, every mutation needs `Authorization: Bearer <token>` (401 otherwise). */
  readonly token?: string | undefined;
  /** Largest accepted request body. Default 1 MiB (413 above). */
  readonly bodyLimitBytes?: number;
  /** Interval of the SSE heartbeat comment. Default 15 000 ms. */
  readonly heartbeatMs?: number;
  /** Poll interval of the event-log followers (besides fs.watch). Default 250 ms. */
  readonly pollIntervalMs?: number;
  /**
   * Host names (as in the Host header, without port) the server answers to. Default
   * {@link LOOPBACK_HOSTS}; `'any'` turns the check off (for a server bound to a public address).
   */
  readonly allowedHosts?: readonly string[] | 'any';
  /** Cache `feature-state` / `list-ready` answers, validated against the feature's files on every request. Default true. */
  readonly cacheQueries?: boolean;
  /** Envelope timestamps and ids. Defaults: the system clock and random ids. */
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** The host's claim time-to-live (leases) when a project names none (`--claim-ttl`). */
  readonly defaultClaimTtl?: { readonly value: string | number; readonly source: string };
  /** Version for the OpenAPI document's `info.version`. */
  readonly version?: string;
  /**
   * The built web board (`dist/board/`) served at `/`; found next to the bundle by default;
   * `null` serves no board.
   */
  readonly boardDirectory?: string | null | undefined;
  /** Where problems that reach no client go (unreadable log lines, crashes). Default: stderr. */
  readonly onProblem?: (message: string) => void;
}

/** The app with what the server needs for a graceful shutdown. */
export interface HttpHost {
  readonly app: Hono;
  readonly lifecycle: Lifecycle;
  /** Stop every event-log follower. */
  readonly dispose: () => void;
  /**
   * The envelope (JSON text) of a failure found before the app sees a request, e.g. one that
   * Node's HTTP parser refused: the same `outcomeOf` path, clock and ids as every other answer.
   */
  readonly renderFailure: (failure: TransportFailure) => string;
}

/** A fresh object each time: @hono/node-server adds `Content-Length` to the headers object it is given. */
const jsonHeaders = (extra: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  'content-type': 'application/json; charset=utf-8',
  ...extra,
});

function respond(
  outcome: Outcome,
  status = outcome.httpStatus,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(outcome.envelope), { status, headers: jsonHeaders(headers) });
}

/** Hono decodes `%xx` in parameters; a malformed escape leaves it as is. */
function parameters(
  c: Context,
  route: { readonly pathParameters: readonly string[] },
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of route.pathParameters) values[key] = c.req.param(key) ?? '';
  return values;
}

/**
 * Build the app and its lifecycle. {@link createApp} is the public face; `startServer` uses this.
 *
 * @example
 * ```ts
 * const { app, lifecycle } = createHttpHost({ project });
 * ```
 */
export function createHttpHost(options: HttpAppOptions): HttpHost {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdSource(clock);
  const project = options.project;
  const context: OperationContext = {
    clock,
    ids,
    project: fixedProject(project),
    ...(options.defaultClaimTtl === undefined ? {} : { defaultClaimTtl: options.defaultClaimTtl }),
  };
  const lifecycle = new Lifecycle();
  const onProblem =
    options.onProblem ??
    ((message: string) => process.stderr.write(`spec-kitty-http: ${message}\n`));
  const feeds = new EventFeeds({ pollIntervalMs: options.pollIntervalMs ?? 250, onProblem });
  const tokenCheck = createTokenCheck(options.token);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const allowedHosts = options.allowedHosts ?? LOOPBACK_HOSTS;
  const cache = options.cacheQueries === false ? undefined : new QueryCache(project.store.root);
  let openApiText: string | undefined;

  /** The generation of a request that reached no route: `/v1/features/…` is 1.0.0. */
  const generationOfPath = (url: string): Generation =>
    new URL(url).pathname.startsWith('/v1/features/') ? GENERATION_1_0 : NEWEST_GENERATION;
  const fail = (
    failure: TransportFailure,
    subcommand?: string,
    generation: Generation = NEWEST_GENERATION,
  ): Response =>
    respond(
      outcomeOf(context, subcommand, { ok: false, error: failure.error }, generation),
      failure.status,
      failure.headers,
    );
  const failWith = (error: HostError, generation: Generation, subcommand?: string): Response =>
    respond(outcomeOf(context, subcommand, { ok: false, error }, generation));

  const app = new Hono();

  // DNS rebinding and cross-site browser requests: answer only our own host names, and refuse
  // any request a browser sends from another origin (we never grant CORS).
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const generation = generationOfPath(c.req.url);
    if (allowedHosts !== 'any' && !allowedHosts.includes(url.hostname)) {
      return fail(
        usageFailure(403, `This server does not answer to host ${url.hostname}`),
        undefined,
        generation,
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== url.origin) {
      return fail(
        usageFailure(403, `Cross-origin requests are refused (Origin: ${origin})`),
        undefined,
        generation,
      );
    }
    await next();
    return undefined;
  });

  const runOperation = async (route: OperationRoute, c: Context): Promise<Response> => {
    const name = route.subcommand;
    const fail = (failure: TransportFailure, subcommand?: string): Response =>
      respond(
        outcomeOf(context, subcommand, { ok: false, error: failure.error }, route.generation),
        failure.status,
        failure.headers,
      );
    if (route.method === 'POST') {
      if (lifecycle.closing)
        return fail(
          internalFailure(503, 'The server is shutting down; retry against a running server', {
            'retry-after': '1',
          }),
          name,
        );
      if (!tokenCheck(c.req.header('authorization'))) {
        return fail(
          usageFailure(
            401,
            'This server needs Authorization: Bearer <token> for mutations, and the request has no valid token',
            name,
            { 'www-authenticate': 'Bearer realm="spec-kitty-http"' },
          ),
          name,
        );
      }
    }
    if (route.input === 'body') {
      const query = refuseQueryOfMutation(c.req.url, name);
      if (query !== undefined) return fail(query, name);
    }
    const raw =
      route.input === 'query'
        ? { ok: true as const, input: queryInput(c.req.url) }
        : await bodyInput(c.req.raw, bodyLimit, name);
    if (!raw.ok) return fail(raw.failure, name);
    const read = withPathParameters(route, raw.input, parameters(c, route));
    if (!read.ok) return fail(read.failure, name);
    const verb = route.generation.subcommands[name]?.verb;
    if (cache !== undefined && (verb === 'state' || verb === 'ready')) {
      return respond(
        await cache.answer(context, route.generation, name, read.input, () =>
          execute(context, name, read.input),
        ),
      );
    }
    const outcome = await execute(context, name, read.input);
    if (route.method === 'POST' && outcome.envelope.success) feeds.poke();
    return respond(outcome);
  };

  for (const route of ROUTES) {
    app.on(route.method, route.pattern, (c) => lifecycle.track(runOperation(route, c)));
    app.all(route.pattern, (c) =>
      fail(
        usageFailure(
          405,
          `Use ${route.method} ${route.pattern} (not ${c.req.method})`,
          route.subcommand,
          { allow: route.method },
        ),
        route.subcommand,
        route.generation,
      ),
    );
  }

  for (const { pattern, generation } of EVENTS_PATTERNS) {
    app.get(pattern, (c) => streamEvents(c, generation));
    app.all(pattern, (c) =>
      fail(
        usageFailure(405, `Use GET ${pattern} (not ${c.req.method})`, undefined, {
          allow: 'GET',
        }),
        undefined,
        generation,
      ),
    );
  }

  async function streamEvents(c: Context, generation: Generation): Promise<Response> {
    const fail = (failure: TransportFailure): Response =>
      respond(
        outcomeOf(context, undefined, { ok: false, error: failure.error }, generation),
        failure.status,
        failure.headers,
      );
    if (lifecycle.closing)
      return fail(
        internalFailure(503, 'The server is shutting down; reconnect to a running server', {
          'retry-after': '1',
        }),
      );
    const query = queryInput(c.req.url);
    const unknown = Object.keys(query).filter((key) => key !== 'last_event_id' && key !== 'replay');
    if (unknown.length > 0)
      return fail(
        usageFailure(
          400,
          `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
        ),
      );
    const replayText = query['replay'];
    if (replayText !== undefined && !['true', 'false', '1', '0'].includes(String(replayText))) {
      return fail(usageFailure(400, 'replay must be true or false'));
    }
    const queryId = query['last_event_id'];
    if (queryId !== undefined && typeof queryId !== 'string')
      return fail(usageFailure(400, 'last_event_id must be given once'));
    const lastEventId = c.req.header('last-event-id') ?? queryId;
    const loaded = await project.store.loadFeature(c.req.param(generation.selector) ?? '');
    if (loaded.isErr()) return failWith(loaded.error, generation);
    const { follower, release } = feeds.acquire(join(loaded.value.statusDirectory, EVENT_LOG));
    try {
      await follower.ready;
      await follower.refresh();
    } catch (cause) {
      release();
      throw cause;
    }
    return eventStreamResponse({
      follower,
      lastEventId: lastEventId === '' ? undefined : lastEventId,
      replay: replayText === 'true' || replayText === '1',
      heartbeatMs,
      register: (close) => lifecycle.addStream(close),
      onEnd: release,
    });
  }

  app.get(OPENAPI_PATH, () => {
    openApiText ??= JSON.stringify(
      buildOpenApiDocument({
        tokenRequired: options.token !== undefined,
        ...(options.version === undefined ? {} : { version: options.version }),
      }),
    );
    return new Response(openApiText, { status: 200, headers: jsonHeaders() });
  });

  registerBoardRoutes(app, {
    directory: options.boardDirectory,
    tokenRequired: options.token !== undefined,
    version: options.version,
    fail: (failure) => fail(failure),
  });

  app.notFound((c) =>
    fail(
      usageFailure(
        404,
        `No route ${c.req.method} ${new URL(c.req.url).pathname}; see GET /openapi.json`,
      ),
      undefined,
      generationOfPath(c.req.url),
    ),
  );
  app.onError((error) => {
    onProblem(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return fail(
      internalFailure(
        500,
        `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  });

  const renderFailure = (failure: TransportFailure): string =>
    JSON.stringify(outcomeOf(context, undefined, { ok: false, error: failure.error }).envelope);

  return { app, lifecycle, dispose: () => feeds.close(), renderFailure };
}

/**
 * The hono app of the HTTP API: every orchestrator-api operation (same inputs, same envelope as
 * the CLI), `GET /openapi.json`, and `GET /v1/features/{feature}/events` (server-sent events).
 * Use `app.request()` in tests or `app.fetch` with any server; {@link startServer} runs it on Node.
 *
 * @example
 * ```ts
 * const app = createApp({ project: { store, vcs } });
 * const response = await app.request('/v1/features/001-demo/ready');
 * console.log(await response.json()); // { contract_version: '1.0.0', command: 'orchestrator-api.list-ready', … }
 * ```
 */
export function createApp(options: HttpAppOptions): Hono {
  return createHttpHost(options).app;
}
