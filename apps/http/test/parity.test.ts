// The HTTP API answers with exactly the CLI's envelopes: the same scenario runs on twin sample
// projects, one through the built `spec-kitty` CLI, one through the server over real HTTP.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES, HTTP_STATUSES, outputSchema, resolveCall } from '@kittyhost/orchestrator-api';
import type { ErrorCode } from '@kittyhost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureEnvelopeSchema, successEnvelopeSchema, type RunningServer } from '../src/index.js';
import { CLI as CLI_PATH } from './paths.js';
import {
  FEATURE,
  POLICY,
  cli,
  SseClient,
  commitWork,
  eventLines,
  http,
  normalize,
  sampleProject,
  serve,
} from './harness.js';

interface Step {
  subcommand: string;
  input: Record<string, unknown>;
  /** What both must answer: success, or this error code. */
  expected: 'success' | ErrorCode;
  /** Work done on both twins after the step (an agent committing in its workspace). */
  after?: (root: string, data: Record<string, any>) => void;
}

interface Twins {
  cliRoot: string;
  httpRoot: string;
  server: RunningServer;
}

async function runStep(twins: Twins, step: Step): Promise<void> {
  const [byCli, byHttp] = await Promise.all([
    cli(twins.cliRoot, step.subcommand, step.input),
    http(twins.server.url, step.subcommand, step.input),
  ]);
  const label = `${step.subcommand} ${JSON.stringify(step.input)}`;
  expect(normalize(byHttp.envelope, twins.httpRoot), label).toEqual(
    normalize(byCli.envelope, twins.cliRoot),
  );
  const code = byHttp.envelope.error_code as ErrorCode | null;
  expect(code ?? 'success', label).toBe(step.expected);
  expect(byHttp.status, label).toBe(code === null ? 200 : HTTP_STATUSES[code]);
  expect(byCli.status, label).toBe(code === null ? 0 : EXIT_CODES[code]);
  expect(byHttp.headers.get('content-type')).toMatch(/^application\/json/);
  if (code === null)
    successEnvelopeSchema(
      outputSchema(
        resolveCall(step.subcommand, step.input)._unsafeUnwrap().generation,
        step.subcommand,
      ),
    ).parse(byHttp.envelope);
  else failureEnvelopeSchema.parse(byHttp.envelope);
  if (step.after !== undefined) {
    step.after(twins.cliRoot, byCli.envelope.data);
    step.after(twins.httpRoot, byHttp.envelope.data);
  }
}

async function makeTwins(options: Parameters<typeof sampleProject>[0] = {}): Promise<Twins> {
  const cliRoot = sampleProject(options).root;
  const httpRoot = sampleProject(options).root;
  return { cliRoot, httpRoot, server: await serve(httpRoot) };
}

const feature = FEATURE;
const badPolicy = { ...POLICY, dangerous_flags: 'none' };

describe('every route answers with the CLI envelope', () => {
  let twins: Twins;
  beforeAll(async () => {
    twins = await makeTwins();
  });
  afterAll(async () => {
    await twins.server.close();
  });

  const steps: Step[] = [
    { subcommand: 'contract-version', input: {}, expected: 'success' },
    { subcommand: 'contract-version', input: { provider_version: '0.1.2' }, expected: 'success' },
    {
      subcommand: 'contract-version',
      input: { provider_version: 'banana' },
      expected: 'CONTRACT_VERSION_MISMATCH',
    },
    {
      subcommand: 'contract-version',
      input: { provider_version: '0.0.9' },
      expected: 'CONTRACT_VERSION_MISMATCH',
    },
    { subcommand: 'feature-state', input: { feature }, expected: 'success' },
    { subcommand: 'list-ready', input: { feature }, expected: 'success' },
    {
      subcommand: 'feature-state',
      input: { feature: 'no-such-feature' },
      expected: 'FEATURE_NOT_FOUND',
    },
    { subcommand: 'list-ready', input: { feature: 'a/b' }, expected: 'FEATURE_NOT_FOUND' },
    { subcommand: 'list-ready', input: { feature: '.hidden' }, expected: 'FEATURE_NOT_FOUND' },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP01', actor: 'claude' },
      expected: 'POLICY_METADATA_REQUIRED',
    },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP01', actor: 'claude', policy: badPolicy },
      expected: 'POLICY_VALIDATION_FAILED',
    },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP01', actor: 'claude', policy: '{not json' },
      expected: 'POLICY_VALIDATION_FAILED',
    },
    {
      subcommand: 'start-implementation',
      input: { feature: 'nope', wp: 'WP01', actor: 'claude', policy: POLICY },
      expected: 'FEATURE_NOT_FOUND',
    },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP99', actor: 'claude', policy: POLICY },
      expected: 'WP_NOT_FOUND',
    },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'wp01', actor: 'claude', policy: POLICY },
      expected: 'WP_NOT_FOUND',
    },
    // The policy as a JSON object (HTTP) and as the string the CLI passes: both work.
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP01', actor: 'claude', policy: POLICY },
      expected: 'success',
    },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP01', actor: 'claude', policy: JSON.stringify(POLICY) },
      expected: 'success',
    },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP01', actor: 'codex', policy: POLICY },
      expected: 'WP_ALREADY_CLAIMED',
    },
    {
      subcommand: 'start-implementation',
      input: { feature, wp: 'WP04', actor: 'codex', policy: POLICY },
      expected: 'TRANSITION_REJECTED',
    },
    { subcommand: 'feature-state', input: { feature }, expected: 'success' },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', actor: 'a' },
      expected: 'USAGE_ERROR',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', to: 'done', actor: 'a' },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', to: 'nowhere', actor: 'a' },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', to: 'claimed', actor: 'a' },
      expected: 'POLICY_METADATA_REQUIRED',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', to: 'done', actor: 'a', force: true },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', to: 'blocked', actor: 'a', note: 'waiting for a decision' },
      expected: 'success',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', to: 'doing', actor: 'a', policy: POLICY, force: false },
      expected: 'success',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP05', to: 'for_review', actor: 'a', policy: POLICY, note: 'ready' },
      expected: 'success',
    },
    {
      subcommand: 'transition',
      input: {
        feature,
        wp: 'WP05',
        to: 'done',
        actor: 'reviewer',
        evidence_json: { review: { reviewer: 'r', verdict: 'approved', reference: 'PR-5' } },
      },
      expected: 'success',
    },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP01', to: 'for_review', actor: 'claude', policy: POLICY },
      expected: 'success',
    },
    {
      subcommand: 'start-review',
      input: { feature, wp: 'WP01', actor: 'claude', policy: POLICY },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'start-review',
      input: { feature, wp: 'WP01', actor: 'claude', policy: POLICY, review_ref: 'PR-1' },
      expected: 'success',
    },
    {
      subcommand: 'start-review',
      input: { feature, wp: 'WP02', actor: 'claude', policy: POLICY, review_ref: 'PR-2' },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'append-history',
      input: { feature, wp: 'WP02', actor: 'claude', note: 'looked at the storage layer' },
      expected: 'success',
    },
    {
      subcommand: 'append-history',
      input: { feature, wp: 'WP99', actor: 'claude', note: 'x' },
      expected: 'WP_NOT_FOUND',
    },
    {
      subcommand: 'append-history',
      input: { feature, wp: 'WP02', actor: 'claude' },
      expected: 'USAGE_ERROR',
    },
    {
      subcommand: 'accept-feature',
      input: { feature, actor: 'lead' },
      expected: 'FEATURE_NOT_READY',
    },
    {
      subcommand: 'merge-feature',
      input: { feature, strategy: 'octopus' },
      expected: 'UNSUPPORTED_STRATEGY',
    },
    { subcommand: 'merge-feature', input: { feature }, expected: 'PREFLIGHT_FAILED' },
    {
      subcommand: 'transition',
      input: { feature, wp: 'WP06', to: 'done', actor: 'lead', note: 'descoped', force: true },
      expected: 'success',
    },
    { subcommand: 'feature-state', input: { feature }, expected: 'success' },
    { subcommand: 'list-ready', input: { feature }, expected: 'success' },
  ];

  it.each(steps.map((step, index) => [index + 1, step.subcommand, step.expected, step] as const))(
    'step %i: %s → %s',
    async (_index, _subcommand, _expected, step) => {
      await runStep(twins, step);
    },
  );

  it('reports a corrupt event log the same way (EVENT_LOG_CORRUPT, line number)', async () => {
    for (const root of [twins.cliRoot, twins.httpRoot]) {
      appendFileSync(
        join(root, 'kitty-specs', feature, 'status.events.jsonl'),
        '{"broken": \n{"actor": "x"}\n',
      );
    }
    await runStep(twins, {
      subcommand: 'feature-state',
      input: { feature },
      expected: 'EVENT_LOG_CORRUPT',
    });
    await runStep(twins, {
      subcommand: 'list-ready',
      input: { feature },
      expected: 'EVENT_LOG_CORRUPT',
    });
    await runStep(twins, {
      subcommand: 'transition',
      input: { feature, wp: 'WP03', to: 'blocked', actor: 'a' },
      expected: 'EVENT_LOG_CORRUPT',
    });
  });

  it('reports invalid work package files the same way (SPEC_INVALID)', async () => {
    for (const root of [twins.cliRoot, twins.httpRoot]) {
      writeFileSync(
        join(root, 'kitty-specs', feature, 'tasks', 'WP07-x.md'),
        '---\nwork_package_id: WP08\ntitle: X\n---\nbody\n',
      );
    }
    await runStep(twins, {
      subcommand: 'feature-state',
      input: { feature },
      expected: 'SPEC_INVALID',
    });
  });
});

describe('unknown options are worded word for word as the CLI words them', () => {
  let twins: Twins;
  beforeAll(async () => {
    twins = await makeTwins();
  });
  afterAll(async () => {
    await twins.server.close();
  });

  it.each([
    ['one unknown option', 'list-ready', { feature, colour: 'red' }, '--colour'],
    ['several: the first one', 'list-ready', { feature, colour: 'red', size: '3' }, '--colour'],
    ['a typo: no suggestion', 'list-ready', { feature, featur: 'x' }, '--featur'],
    ['snake_case as the CLI spells it', 'feature-state', { feature, dry_run: 'y' }, '--dry-run'],
    // The CLI's parser stops at the unknown option before a missing --to is noticed.
    [
      'before any other problem',
      'transition',
      { feature, wp: 'WP01', actor: 'a', colour: 'red' },
      '--colour',
    ],
  ] as const)('%s', async (_name, subcommand, input, option) => {
    const [byCli, byHttp] = await Promise.all([
      cli(twins.cliRoot, subcommand, input),
      http(twins.server.url, subcommand, input),
    ]);
    const expected = { message: `Unknown option '${option}'`, subcommand };
    expect(byCli.envelope.data).toEqual(expected);
    expect(byHttp.envelope.data).toEqual(expected);
    await runStep(twins, { subcommand, input, expected: 'USAGE_ERROR' });
  });
});

describe('a feature driven to accepted and merged, over both transports', () => {
  let twins: Twins;
  beforeAll(async () => {
    twins = await makeTwins({
      workPackages: [
        { id: 'WP01', slug: 'setup', title: 'Setup', dependencies: [] },
        { id: 'WP02', slug: 'build', title: 'Build', dependencies: ['WP01'] },
      ],
    });
  });
  afterAll(async () => {
    await twins.server.close();
  });

  it('answers identically at every step, including accept-feature and merge-feature', async () => {
    for (const wp of ['WP01', 'WP02']) {
      await runStep(twins, {
        subcommand: 'start-implementation',
        input: { feature, wp, actor: `agent-${wp}`, policy: POLICY },
        expected: 'success',
        after: (_root, data) => commitWork(data['workspace_path'] as string, `${wp}.txt`),
      });
      await runStep(twins, {
        subcommand: 'transition',
        input: { feature, wp, to: 'for_review', actor: `agent-${wp}`, policy: POLICY },
        expected: 'success',
      });
      await runStep(twins, {
        subcommand: 'transition',
        input: { feature, wp, to: 'done', actor: 'reviewer', review_ref: `PR-${wp}` },
        expected: 'success',
      });
    }
    await runStep(twins, { subcommand: 'list-ready', input: { feature }, expected: 'success' });
    await runStep(twins, {
      subcommand: 'accept-feature',
      input: { feature, actor: 'lead' },
      expected: 'success',
    });
    await runStep(twins, {
      subcommand: 'merge-feature',
      input: { feature, strategy: 'squash', push: false },
      expected: 'success',
    });
  });
});

describe('contract 1.3.0: HTTP under /v1/missions answers what the CLI answers', () => {
  let twins: Twins;
  beforeAll(async () => {
    twins = await makeTwins();
  });
  afterAll(async () => {
    await twins.server.close();
  });
  const mission = FEATURE;
  const result = (verdict: string, reference: string) =>
    JSON.stringify({ reference, reviewer: 'rev', verdict });
  /** The agent's commit in its workspace, on both twins. */
  const commitWork = (root: string, data: Record<string, any>) => {
    writeFileSync(join(data['workspace_path'] as string, 'work.txt'), 'work\n');
    execFileSync('git', ['add', '-A'], { cwd: data['workspace_path'] });
    execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-qm', 'work'], {
      cwd: data['workspace_path'],
    });
    // Roster marks, as the agent runs them (the CLI command on each twin's own repository).
    execFileSync(
      process.execPath,
      [CLI_PATH, 'agent', 'tasks', 'mark-status', 'T051', '--status', 'done', '--mission', mission],
      { cwd: root },
    );
  };
  const steps: Step[] = [
    { subcommand: 'mission-state', input: { mission }, expected: 'success' },
    { subcommand: 'list-ready', input: { mission }, expected: 'success' },
    { subcommand: 'mission-state', input: { mission: 'nope' }, expected: 'MISSION_NOT_FOUND' },
    { subcommand: 'resolve-workspace', input: { mission, wp: 'WP05' }, expected: 'success' },
    { subcommand: 'resolve-workspace', input: { mission, wp: 'WP55' }, expected: 'WP_NOT_FOUND' },
    {
      subcommand: 'start-implementation',
      input: { mission, wp: 'WP02', actor: 'a', policy: POLICY },
      expected: 'DEPENDENCIES_NOT_SATISFIED',
    },
    {
      subcommand: 'transition',
      input: { mission, wp: 'WP05', to: 'for_review', actor: 'a', policy: POLICY },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'start-implementation',
      input: { mission, wp: 'WP05', actor: 'a', policy: POLICY },
      expected: 'success',
      after: commitWork,
    },
    {
      subcommand: 'start-implementation',
      input: { mission, wp: 'WP05', actor: 'b', policy: POLICY },
      expected: 'WP_ALREADY_CLAIMED',
    },
    {
      subcommand: 'append-history',
      input: { mission, wp: 'WP05', actor: 'a', note: 'Starting' },
      expected: 'success',
    },
    {
      subcommand: 'transition',
      input: { mission, wp: 'WP05', to: 'for_review', actor: 'a', policy: POLICY, note: 'done' },
      expected: 'success',
    },
    {
      subcommand: 'start-review',
      input: { mission, wp: 'WP05', actor: 'rev', policy: POLICY },
      expected: 'success',
    },
    {
      subcommand: 'start-review',
      input: { mission, wp: 'WP05', actor: 'rev', policy: POLICY },
      expected: 'success',
    },
    {
      subcommand: 'transition',
      input: { mission, wp: 'WP05', to: 'done', actor: 'rev', policy: POLICY },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'transition',
      input: { mission, wp: 'WP05', to: 'done', actor: 'rev', review_result_json: '{"verdict":1}' },
      expected: 'USAGE_ERROR',
    },
    {
      subcommand: 'transition',
      input: {
        mission,
        wp: 'WP05',
        to: 'done',
        actor: 'rev',
        policy: POLICY,
        review_ref: 'r-1',
        review_result_json: result('approved', 'r-1'),
        evidence_json: { review: JSON.parse(result('approved', 'r-1')) },
      },
      expected: 'success',
    },
    {
      subcommand: 'accept-mission',
      input: { mission, actor: 'lead' },
      expected: 'MISSION_NOT_READY',
    },
    {
      subcommand: 'merge-mission',
      input: { mission, strategy: 'octopus' },
      expected: 'UNSUPPORTED_STRATEGY',
    },
    { subcommand: 'consolidate-mission', input: { mission }, expected: 'PREFLIGHT_FAILED' },
    { subcommand: 'mission-state', input: { mission }, expected: 'success' },
  ];
  it.each(steps.map((step, index) => [index + 1, step.subcommand, step.expected, step] as const))(
    'step %i: %s → %s',
    async (_index, _subcommand, _expected, step) => {
      await runStep(twins, step);
    },
  );
});

describe('leases: heartbeat and the lease fields, over both transports and both generations', () => {
  let twins: Twins;
  beforeAll(async () => {
    const withLeases = () => {
      const { root } = sampleProject();
      mkdirSync(join(root, '.kittify'), { recursive: true });
      writeFileSync(join(root, '.kittify', 'config.yaml'), 'orchestrator_api:\n  claim_ttl: 1h\n');
      execFileSync('git', ['add', '.kittify'], { cwd: root });
      execFileSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'leases'],
        {
          cwd: root,
        },
      );
      return root;
    };
    const cliRoot = withLeases();
    const httpRoot = withLeases();
    twins = { cliRoot, httpRoot, server: await serve(httpRoot) };
  });
  afterAll(async () => {
    await twins.server.close();
  });
  const mission = FEATURE;
  const steps: Step[] = [
    {
      subcommand: 'heartbeat',
      input: { mission, wp: 'WP01', actor: 'a' },
      expected: 'TRANSITION_REJECTED',
    },
    {
      subcommand: 'heartbeat',
      input: { mission, wp: 'WP77', actor: 'a' },
      expected: 'WP_NOT_FOUND',
    },
    { subcommand: 'heartbeat', input: { mission, wp: 'WP01' }, expected: 'USAGE_ERROR' },
    {
      subcommand: 'heartbeat',
      input: { mission: '../../etc', wp: 'WP01', actor: 'a' },
      expected: 'MISSION_NOT_FOUND',
    },
    {
      subcommand: 'start-implementation',
      input: { mission, wp: 'WP01', actor: 'a', policy: POLICY },
      expected: 'success',
    },
    { subcommand: 'heartbeat', input: { mission, wp: 'WP01', actor: 'a' }, expected: 'success' },
    {
      subcommand: 'heartbeat',
      input: { mission, wp: 'WP01', actor: 'b' },
      expected: 'WP_ALREADY_CLAIMED',
    },
    { subcommand: 'mission-state', input: { mission }, expected: 'success' },
    {
      subcommand: 'start-implementation',
      input: { feature: FEATURE, wp: 'WP05', actor: 'c', policy: POLICY },
      expected: 'success',
    },
    {
      subcommand: 'heartbeat',
      input: { feature: FEATURE, wp: 'WP05', actor: 'c' },
      expected: 'success',
    },
    {
      subcommand: 'heartbeat',
      input: { feature: FEATURE, wp: 'WP05', actor: 'a' },
      expected: 'WP_ALREADY_CLAIMED',
    },
    { subcommand: 'feature-state', input: { feature: FEATURE }, expected: 'success' },
    { subcommand: 'contract-version', input: {}, expected: 'success' },
  ];
  it.each(steps.map((step, index) => [index + 1, step.subcommand, step.expected, step] as const))(
    'step %i: %s → %s',
    async (_index, _subcommand, _expected, step) => {
      await runStep(twins, step);
    },
  );

  it('shows the lease of each held WP in the reads', async () => {
    const read = await http(twins.server.url, 'mission-state', { mission });
    const rows = read.envelope.data['work_packages'] as Record<string, unknown>[];
    expect(rows.filter((row) => 'lease_expires_at' in row).map((row) => row['wp_id'])).toEqual([
      'WP01',
      'WP05',
    ]);
    expect(rows[0]).toMatchObject({ lease_expired: false });
    const expires = Date.parse(rows[0]?.['lease_expires_at'] as string);
    expect(expires - Date.now()).toBeGreaterThan(3_500_000);
  });
});

describe('spec-kitty-http --claim-ttl (the server’s default)', () => {
  it('lets an expired claim be taken over through HTTP, the takeover streamed as ordinary events', async () => {
    const { root, featureDir } = sampleProject();
    const server = await serve(root, { defaultClaimTtl: { value: '2s', source: '--claim-ttl' } });
    try {
      const started = await http(server.url, 'start-implementation', {
        mission: FEATURE,
        wp: 'WP01',
        actor: 'a',
        policy: POLICY,
      });
      expect(started.envelope.success).toBe(true);
      const stream = await SseClient.open(`${server.url}/v1/missions/${FEATURE}/events`);
      try {
        for (;;) {
          const read = await http(server.url, 'mission-state', { mission: FEATURE });
          if ((read.envelope.data['work_packages'] as any[])[0]['lease_expired'] === true) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const taken = await http(server.url, 'start-implementation', {
          mission: FEATURE,
          wp: 'WP01',
          actor: 'b',
          policy: POLICY,
        });
        expect(taken.envelope.data).toMatchObject({ taken_over_from: 'a', workspace_dirty: false });
        const ids = eventLines(featureDir)
          .slice(-3)
          .map((line) => line['event_id'] as string);
        await stream.waitFor(() => ids.every((id) => stream.messages.some((m) => m.id === id)));
        const streamed = ids.map((id) => stream.messages.find((message) => message.id === id));
        expect(streamed.map((message) => message?.event)).toEqual(['status', 'status', 'status']);
        expect(streamed.map((message) => JSON.parse(message?.data ?? '{}')['to_lane'])).toEqual([
          'planned',
          'claimed',
          'in_progress',
        ]);
        expect(JSON.parse(streamed[0]?.data ?? '{}')['reason']).toMatch(
          /^Lease of a expired at .*; taken over by b$/,
        );
        const fenced = await http(server.url, 'heartbeat', {
          mission: FEATURE,
          wp: 'WP01',
          actor: 'a',
        });
        expect(fenced.envelope).toMatchObject({
          error_code: 'WP_ALREADY_CLAIMED',
          data: { claimed_by: 'b', requesting_actor: 'a' },
        });
        expect(fenced.status).toBe(409);
      } finally {
        await stream.close();
      }
    } finally {
      await server.close();
    }
  });
});
