// What only HTTP has: routing, bodies, query strings, limits, host and origin checks, the
// OpenAPI document, bearer auth, and the query cache's invalidation.
import { request as httpRequest } from 'node:http';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createIdSource, systemClock } from '@kittyhost/core';
import {
  GENERATION_1_0,
  outputSchema,
  type OperationContext,
  type Outcome,
} from '@kittyhost/orchestrator-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROUTES,
  buildOpenApiDocument,
  createApp,
  openProject,
  envelopeSchema,
  successEnvelopeSchema,
  type RunningServer,
} from '../src/index.js';
import { QueryCache } from '../src/query-cache.js';
import {
  FEATURE,
  POLICY,
  cli,
  eventLines,
  http,
  requestFor,
  sampleProject,
  send,
  serve,
} from './harness.js';

const featureUrl = (server: RunningServer, rest: string) =>
  `${server.url}/v1/features/${FEATURE}${rest}`;
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** A raw request with any Host / Origin header (fetch does not let us set Host). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'GET', headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('requests the operations never see', () => {
  let server: RunningServer;
  let root: string;
  let featureDir: string;
  beforeAll(async () => {
    ({ root, featureDir } = sampleProject());
    server = await serve(root, { bodyLimitBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers an unknown route with a USAGE_ERROR envelope and 404', async () => {
    // (`/` is the web board's page.)
    for (const path of [
      '/v1/nope',
      `/v1/features/${FEATURE}`,
      `/v1/features/${FEATURE}/state/extra`,
    ]) {
      const result = await send(`${server.url}${path}`);
      expect(result.status, path).toBe(404);
      expect(envelopeSchema.parse(result.envelope)).toMatchObject({
        command: 'orchestrator-api',
        success: false,
        error_code: 'USAGE_ERROR',
      });
      expect(result.envelope.data['message']).toContain(path);
    }
  });

  it('answers a wrong method with 405, an Allow header and the subcommand in the envelope', async () => {
    const get = await send(featureUrl(server, '/work-packages/WP01/transition'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.envelope).toMatchObject({
      command: 'orchestrator-api.transition',
      error_code: 'USAGE_ERROR',
    });
    const postToRead = await post(featureUrl(server, '/ready'), '{}');
    expect(postToRead.status).toBe(405);
    expect(postToRead.headers.get('allow')).toBe('GET');
  });

  it.each([
    ['malformed JSON', '{"actor": "a",', /not valid JSON/],
    ['a JSON array', '[1, 2]', /must be a JSON object/],
    ['JSON null', 'null', /must be a JSON object/],
    ['a wrong type for a string', '{"to": "blocked", "actor": 42}', /--actor must be a string/],
    [
      'a string for the force flag',
      '{"to": "blocked", "actor": "a", "note": "n", "force": "true"}',
      /--force is a flag/,
    ],
    [
      'an unknown field',
      '{"to": "blocked", "actor": "a", "colour": "red"}',
      /^Unknown option '--colour'$/,
    ],
    [
      'the path parameter again in the body',
      '{"wp": "WP02", "to": "blocked", "actor": "a"}',
      /'wp' is part of the path/,
    ],
    [
      'a number as the policy',
      '{"to": "claimed", "actor": "a", "policy": 7}',
      /--policy must be a JSON object or a string/,
    ],
  ])('refuses %s with a 400 USAGE_ERROR and changes nothing', async (_name, body, message) => {
    const before = readFileSync(join(featureDir, 'tasks', 'WP01-setup.md'), 'utf8');
    const result = await post(featureUrl(server, '/work-packages/WP01/transition'), body);
    expect(result.status).toBe(400);
    expect(result.envelope).toMatchObject({
      command: 'orchestrator-api.transition',
      success: false,
      error_code: 'USAGE_ERROR',
    });
    expect(result.envelope.data['message']).toMatch(message);
    expect(eventLines(featureDir)).toHaveLength(0);
    expect(readFileSync(join(featureDir, 'tasks', 'WP01-setup.md'), 'utf8')).toBe(before);
  });

  it('maps JSON booleans for force and push, and an empty body to {}', async () => {
    const forced = await post(
      featureUrl(server, '/work-packages/WP06/transition'),
      JSON.stringify({ to: 'canceled', actor: 'lead', note: 'dropped', force: true }),
    );
    expect(forced.envelope).toMatchObject({
      success: true,
      data: { from_lane: 'planned', to_lane: 'canceled' },
    });
    expect(eventLines(featureDir).at(-1)).toMatchObject({
      wp_id: 'WP06',
      force: true,
      reason: 'dropped',
    });
    const push = await post(featureUrl(server, '/merge-feature'), JSON.stringify({ push: 'yes' }));
    expect(push.status).toBe(400);
    expect(push.envelope.data['message']).toMatch(/--push is a flag/);
    const empty = await post(featureUrl(server, '/merge-feature'), '');
    expect(empty.envelope.error_code).toBe('PREFLIGHT_FAILED'); // the operation ran with {}
  });

  it('needs Content-Type: application/json on mutations (415), which also stops cross-site form posts', async () => {
    const body = JSON.stringify({ to: 'blocked', actor: 'a', note: 'n' });
    for (const headers of [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ]) {
      const result = await send(featureUrl(server, '/work-packages/WP01/transition'), {
        method: 'POST',
        headers,
        body,
      });
      expect(result.status).toBe(415);
      expect(result.envelope.error_code).toBe('USAGE_ERROR');
    }
    const withCharset = await post(featureUrl(server, '/work-packages/WP01/transition'), body, {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(withCharset.status).toBe(200);
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ to: 'blocked', actor: 'a', note: 'x'.repeat(70 * 1024) });
    const declared = await post(featureUrl(server, '/work-packages/WP02/transition'), big);
    expect(declared.status).toBe(413);
    expect(declared.envelope).toMatchObject({
      error_code: 'USAGE_ERROR',
      command: 'orchestrator-api.transition',
    });
    const chunks = [big.slice(0, 40_000), big.slice(40_000)];
    const streamed = await send(featureUrl(server, '/work-packages/WP02/transition'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(eventLines(featureDir).filter((event) => event.wp_id === 'WP02')).toHaveLength(0);
  });

  it('takes read inputs from the query string and refuses unknown or repeated parameters', async () => {
    const ok = await send(`${server.url}/v1/contract-version?provider_version=0.1.2`);
    expect(ok.envelope.success).toBe(true);
    const unknown = await send(`${server.url}/v1/features/${FEATURE}/state?verbose=1`);
    expect(unknown.status).toBe(400);
    expect(unknown.envelope.data['message']).toMatch(/^Unknown option '--verbose'$/);
    const repeated = await send(
      `${server.url}/v1/contract-version?provider_version=1.0.0&provider_version=2.0.0`,
    );
    expect(repeated.status).toBe(400);
    expect(repeated.envelope.data['message']).toMatch(/--provider-version must be a string/);
    const again = await send(`${server.url}/v1/features/${FEATURE}/ready?feature=other`);
    expect(again.status).toBe(400);
    expect(again.envelope.data['message']).toMatch(/'feature' is part of the path/);
  });

  it('decodes percent-encoded path segments and still refuses slugs that leave kitty-specs', async () => {
    const encoded = await send(
      `${server.url}/v1/features/${encodeURIComponent('../kitty-specs')}/state`,
    );
    expect(encoded.envelope.error_code).toBe('FEATURE_NOT_FOUND');
    expect(encoded.envelope.data['feature_slug']).toBe('../kitty-specs');
  });

  it('answers only to loopback host names, and refuses cross-origin browser requests', async () => {
    const url = `${server.url}/v1/contract-version`;
    const rebound = await rawGet(url, { host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ success: false, error_code: 'USAGE_ERROR' });
    expect((await rawGet(url, { host: `localhost:${server.port}` })).status).toBe(200);
    const crossSite = await send(url, { headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await send(url, { headers: { origin: server.url } });
    expect(sameOrigin.status).toBe(200);
  });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document generated from the contract schemas, with every route and the envelope', async () => {
    const { root } = sampleProject();
    const server = await serve(root, { token: 't0ken' });
    try {
      const response = await fetch(`${server.url}/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as Record<string, any>;
      expect(document['openapi']).toBe('3.1.0');
      await SwaggerParser.validate(structuredClone(document) as never);
      for (const route of ROUTES) {
        const path = route.pattern.replace(/:([a-z_]+)/g, '{$1}');
        const operation = document['paths'][path][route.method.toLowerCase()];
        expect(operation, route.pattern).toBeDefined();
        expect(operation.responses['200'].content['application/json'].schema.$ref).toMatch(
          /Success$/,
        );
        if (route.method === 'POST') expect(operation.security).toEqual([{ bearerAuth: [] }]);
      }
      expect(
        document['paths']['/v1/features/{feature}/events'].get.responses['200'].content[
          'text/event-stream'
        ],
      ).toBeDefined();
      const transition = document['components']['schemas']['TransitionInput'];
      expect(transition.required).toEqual(['feature', 'wp', 'to', 'actor']);
      expect(transition.additionalProperties).toBe(false);
      expect(
        document['components']['schemas']['FailureEnvelope'].properties.error_code.enum,
      ).toContain('WP_ALREADY_CLAIMED');
      const list = document['components']['schemas']['ListReadySuccess'];
      expect(list.properties.data.properties.ready_work_packages.type).toBe('array');
      // Real answers match the documented envelope.
      const ready = await http(server.url, 'list-ready', { feature: FEATURE });
      successEnvelopeSchema(outputSchema(GENERATION_1_0, 'list-ready')).parse(ready.envelope);
    } finally {
      await server.close();
    }
  });

  it('validates without a token too (no security on mutations then)', async () => {
    const document = buildOpenApiDocument();
    await SwaggerParser.validate(structuredClone(document) as never);
    expect(
      document.paths['/v1/features/{feature}/merge-feature']?.['post']?.['security'],
    ).toBeUndefined();
  });
});

describe('bearer token', () => {
  let server: RunningServer;
  let featureDir: string;
  const token = 'kitty-9f86d081884c7d659a2feaa0c55ad015';
  beforeAll(async () => {
    const project = sampleProject();
    featureDir = project.featureDir;
    server = await serve(project.root, { token });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a mutation without a token or with a wrong one (401 envelope), changing nothing', async () => {
    const input = { feature: FEATURE, wp: 'WP01', actor: 'claude', policy: POLICY };
    for (const headers of [
      {},
      { authorization: `Bearer ${token}x` },
      { authorization: `Bearer ${token.slice(0, -1)}` },
      { authorization: `Basic ${token}` },
      { authorization: token },
    ]) {
      const result = await http(server.url, 'start-implementation', input, headers);
      expect(result.status, JSON.stringify(headers)).toBe(401);
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(result.envelope).toMatchObject({
        command: 'orchestrator-api.start-implementation',
        success: false,
        error_code: 'USAGE_ERROR',
      });
    }
    expect(eventLines(featureDir)).toHaveLength(0);
  });

  it('accepts the right token, and never asks for one on reads', async () => {
    const started = await http(
      server.url,
      'start-implementation',
      { feature: FEATURE, wp: 'WP01', actor: 'claude', policy: POLICY },
      { authorization: `bearer ${token}` },
    );
    expect(started.status).toBe(200);
    expect(started.envelope.success).toBe(true);
    expect(eventLines(featureDir)).toHaveLength(2);
    const state = await http(server.url, 'feature-state', { feature: FEATURE });
    expect(state.status).toBe(200);
    expect(state.envelope.data['summary']['in_progress']).toBe(1);
  });
});

describe('the query cache', () => {
  it('sees every change to the feature files at once: CLI writes, WP file edits, new WP files', async () => {
    const { root, featureDir } = sampleProject();
    const server = await serve(root);
    try {
      const ready = async () =>
        (
          (await http(server.url, 'list-ready', { feature: FEATURE })).envelope.data[
            'ready_work_packages'
          ] as { wp_id: string }[]
        ).map((wp) => wp.wp_id);
      expect(await ready()).toEqual(['WP01', 'WP05']);
      await new Promise((resolve) => setTimeout(resolve, 250)); // past the racy window: now it is cached
      expect(await ready()).toEqual(['WP01', 'WP05']);
      await cli(root, 'transition', {
        feature: FEATURE,
        wp: 'WP05',
        to: 'blocked',
        actor: 'a',
        note: 'n',
      });
      expect(await ready()).toEqual(['WP01']);

      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await ready()).toEqual(['WP01']);
      const file = join(featureDir, 'tasks', 'WP01-setup.md');
      // Same size, new content, written in place: WP01 now depends on WP05.
      const text = readFileSync(file, 'utf8');
      const edited = text
        .replace('dependencies: []', 'dependencies: [WP05]')
        .replace('Implement project setup.', 'Implement project se');
      expect(edited.length).toBe(text.length);
      writeFileSync(file, edited);
      expect(await ready()).toEqual([]);

      await new Promise((resolve) => setTimeout(resolve, 250));
      writeFileSync(
        join(featureDir, 'tasks', 'WP07-more.md'),
        '---\nwork_package_id: WP07\ntitle: More\ndependencies: []\n---\n# WP07\n',
      );
      expect(await ready()).toEqual(['WP07']);
      const state = await http(server.url, 'feature-state', { feature: FEATURE });
      expect(state.envelope.data['summary']).toMatchObject({ planned: 6, blocked: 1 });
    } finally {
      await server.close();
    }
  });
});

describe('createApp (no server: app.request)', () => {
  it('answers the same envelopes in-process', async () => {
    const { root } = sampleProject();
    const opened = await openProject({ repo: root });
    if (!opened.ok) throw new Error(opened.error.message);
    const app = createApp({ project: opened.value, token: 't' });
    const ready = await app.request(`/v1/features/${FEATURE}/ready`);
    expect(ready.status).toBe(200);
    successEnvelopeSchema(outputSchema(GENERATION_1_0, 'list-ready')).parse(await ready.json());
    const unauthorized = await app.request(
      `/v1/features/${FEATURE}/work-packages/WP01/transition`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"to":"blocked","actor":"a","note":"n"}',
      },
    );
    expect(unauthorized.status).toBe(401);
    const missing = await app.request('/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error_code: 'USAGE_ERROR',
      command: 'orchestrator-api',
    });
  });
});

describe('QueryCache', () => {
  it('computes once while the files stay the same, and again after any change (never while racy)', async () => {
    const { root, featureDir } = sampleProject();
    // The cache's clock: "now" (files just changed: racy) or "later" (files long settled).
    let now = Date.now();
    const later = () => {
      now = Date.now() + 60_000;
    };
    const cache = new QueryCache(root, { now: () => now });
    const context: OperationContext = {
      clock: systemClock,
      ids: createIdSource(),
      project: () => {
        throw new Error('unused');
      },
    };
    let computed = 0;
    const compute = (): Promise<Outcome> => {
      computed += 1;
      return Promise.resolve({
        envelope: {
          contract_version: '1.0.0',
          command: 'orchestrator-api.list-ready',
          timestamp: '',
          correlation_id: '',
          success: true,
          error_code: null,
          data: { feature_slug: FEATURE, n: computed },
        },
        exitCode: 0,
        httpStatus: 200,
      });
    };
    const answer = async () =>
      (await cache.answer(context, GENERATION_1_0, 'list-ready', { feature: FEATURE }, compute))
        .envelope.data['n'];
    appendFileSync(join(featureDir, 'meta.json'), ' ');
    now = Date.now();
    expect(await answer()).toBe(1); // just changed: racy, not cached
    expect(await answer()).toBe(2);
    later();
    expect(await answer()).toBe(3); // settled: cached now
    expect(await answer()).toBe(3);
    expect(await answer()).toBe(3);
    appendFileSync(join(featureDir, 'meta.json'), '\n');
    expect(await answer()).toBe(4); // the stats changed
    expect(await answer()).toBe(4); // (the clock still says "later": cached again)
    writeFileSync(join(featureDir, 'tasks', 'WP09-x.md'), '');
    expect(await answer()).toBe(5); // a new file in tasks/
    expect(await answer()).toBe(5);
    expect(
      (
        await cache.answer(
          context,
          GENERATION_1_0,
          'list-ready',
          { feature: FEATURE, extra: 1 },
          compute,
        )
      ).envelope.data['n'],
    ).toBe(6);
    expect(
      (await cache.answer(context, GENERATION_1_0, 'feature-state', { feature: FEATURE }, compute))
        .envelope.data['n'],
    ).toBe(7);
  });
});

describe('requestFor (test helper) builds the routes of the README table', () => {
  it('puts feature and wp in the path, reads in the query, mutations in the body', () => {
    expect(requestFor('http://h', 'feature-state', { feature: 'f' }).url).toBe(
      'http://h/v1/features/f/state',
    );
    expect(requestFor('http://h', 'contract-version', { provider_version: '1.0.0' }).url).toBe(
      'http://h/v1/contract-version?provider_version=1.0.0',
    );
    const transition = requestFor('http://h', 'transition', {
      feature: 'f',
      wp: 'WP01',
      to: 'done',
    });
    expect(transition.url).toBe('http://h/v1/features/f/work-packages/WP01/transition');
    expect(transition.init.body).toBe('{"to":"done"}');
  });
});
