// Requests refused before any operation runs, against a real server on 127.0.0.1: a query string
// on a mutation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RunningServer } from '../src/index.js';
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
};

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
    expect(mutations.map((route) => route.subcommand).sort()).toEqual(
      Object.keys(VALID_INPUTS).sort(),
    );
    const before = treeFingerprint(root);
    for (const route of mutations) {
      const { url, init } = requestFor(
        server.url,
        route.subcommand,
        VALID_INPUTS[route.subcommand] as Record<string, unknown>,
      );
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
