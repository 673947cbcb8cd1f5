// The board's reads over HTTP answer exactly what the CLI answers: GET /v1/features,
// GET /v1/features/{S}/board and GET /v1/missions/{m}/board against the built CLI on one project.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureBoardSchema, featureListingSchema } from '@kittyhost/orchestrator-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, successEnvelopeSchema, type RunningServer } from '../src/index.js';
import {
  FEATURE,
  POLICY,
  cli,
  normalize,
  sampleProject,
  send,
  serve,
  type Envelope,
} from './harness.js';

/** Per-call fields (timestamps, ages) out, so two reads of one state compare equal. */
function stable(envelope: Envelope, root: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== 'generated_at' && key !== 'age_seconds')
          .map(([key, item]) => [key, strip(item)]),
      );
    return value;
  };
  return strip(normalize(envelope, root));
}

describe('board reads over HTTP', () => {
  let root: string;
  let server: RunningServer;
  beforeAll(async () => {
    root = sampleProject().root;
    const started = await cli(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'claude-1',
      policy: POLICY,
    });
    expect(started.envelope.success).toBe(true);
    mkdirSync(join(root, 'kitty-specs', '002-broken'), { recursive: true });
    writeFileSync(join(root, 'kitty-specs', '002-broken', 'meta.json'), '{"oops": ');
    server = await serve(root);
  });
  afterAll(async () => {
    await server.close();
  });

  it('GET /v1/features answers list-features', async () => {
    const [byHttp, byCli] = await Promise.all([
      send(`${server.url}/v1/features`),
      cli(root, 'list-features'),
    ]);
    expect(byHttp.status).toBe(200);
    expect(stable(byHttp.envelope, root)).toEqual(stable(byCli.envelope, root));
    successEnvelopeSchema(featureListingSchema()).parse(byHttp.envelope);
    const problems = byHttp.envelope.data['features'].map(
      (feature: any) => feature.problem?.code ?? null,
    );
    expect(problems).toEqual([null, 'SPEC_INVALID']);
  });

  it.each([
    ['features', 'feature', '1.0.0'],
    ['missions', 'mission', '1.3.0'],
  ])('GET /v1/%s/{S}/board answers feature-board --%s', async (collection, selector, version) => {
    const [byHttp, byCli] = await Promise.all([
      send(`${server.url}/v1/${collection}/${FEATURE}/board`),
      cli(root, 'feature-board', { [selector]: FEATURE }),
    ]);
    expect(byHttp.status).toBe(200);
    expect(byHttp.envelope.contract_version).toBe(version);
    expect(stable(byHttp.envelope, root)).toEqual(stable(byCli.envelope, root));
    successEnvelopeSchema(featureBoardSchema()).parse(byHttp.envelope);
    expect(byHttp.envelope.data['work_packages'][0]).toMatchObject({
      wp_id: 'WP01',
      lane: 'in_progress',
      holder: 'claude-1',
      workspace: { exists: true },
    });
  });

  it('answers failures with the same envelopes and statuses', async () => {
    const missing = await send(`${server.url}/v1/missions/404-missing/board`);
    const missingCli = await cli(root, 'feature-board', { mission: '404-missing' });
    expect(missing.status).toBe(404);
    expect(stable(missing.envelope, root)).toEqual(stable(missingCli.envelope, root));
    const query = await send(`${server.url}/v1/features?colour=red`);
    expect([query.status, query.envelope.error_code, query.envelope.data['message']]).toEqual([
      400,
      'USAGE_ERROR',
      "Unknown option '--colour'",
    ]);
    const post = await send(`${server.url}/v1/features/${FEATURE}/board`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('documents the three reads in OpenAPI', () => {
    const paths = buildOpenApiDocument().paths;
    expect(paths['/v1/features']?.['get']?.['operationId']).toBe('listFeatures');
    expect(paths['/v1/features/{feature}/board']?.['get']?.['operationId']).toBe('featureBoard');
    expect(paths['/v1/missions/{mission}/board']?.['get']?.['operationId']).toBe(
      'featureBoardMission',
    );
  });
});
