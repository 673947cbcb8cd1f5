// Leases over the in-memory ports, on a clock the test moves by hand: exact expiry instants, what
// renews, takeover, fencing, review claims, configuration and broken lease files.
import {
  createMemorySpecStore,
  createMemoryVersionControl,
  sequentialIds,
} from '@kittyhost/core/testing';
import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { OperationContext } from './context.js';
import { execute } from './execute.js';

const POLICY = {
  orchestrator_id: 'spec-kitty-orchestrator',
  orchestrator_version: '0.1.3',
  agent_family: 'claude',
  approval_mode: 'full_auto',
  sandbox_mode: 'workspace_write',
  network_mode: 'none',
  dangerous_flags: [],
  tool_restrictions: null,
};
const MISSION = 'demo-01M8RB29';
const T0 = Date.parse('2026-08-22T10:00:00Z');
const TTL = 120_000; // 2m

function setup(
  options: {
    projectConfig?: Record<string, unknown>;
    defaultClaimTtl?: { value: string; source: string };
  } = { projectConfig: { orchestrator_api: { claim_ttl: '2m' } } },
) {
  const store = createMemorySpecStore(
    {
      [MISSION]: {
        workPackages: [
          { id: 'WP01', title: 'A', dependencies: [] },
          { id: 'WP02', title: 'B', dependencies: [] },
        ],
        meta: {
          mission_id: '01M8RB29ABCDEFGHJKMNPQRSTV',
          mission_slug: MISSION,
          slug: MISSION,
          mission_number: null,
          mission_type: 'software-dev',
          friendly_name: 'Demo',
          target_branch: 'main',
        },
      },
    },
    { root: '/repo', ...(options.projectConfig ? { projectConfig: options.projectConfig } : {}) },
  );
  let now = T0;
  const clock = { now: () => new Date(now) };
  const vcs = createMemoryVersionControl({ now: clock.now });
  const context: OperationContext = {
    clock,
    ids: sequentialIds(),
    project: () => okAsync({ store, vcs }),
    ...(options.defaultClaimTtl ? { defaultClaimTtl: options.defaultClaimTtl } : {}),
  };
  const run = async (subcommand: string, input: Record<string, unknown>) =>
    (await execute(context, subcommand, { mission: MISSION, ...input })).envelope as {
      success: boolean;
      error_code: string | null;
      data: Record<string, any>;
    };
  const at = (offsetMs: number) => {
    now = T0 + offsetMs;
  };
  const log = () =>
    (store.files(MISSION)?.['status.events.jsonl'] ?? '')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, any>);
  const start = (wp: string, actor: string) =>
    run('start-implementation', { wp, actor, policy: POLICY });
  const row = async (wp: string) =>
    ((await run('mission-state', {})).data['work_packages'] as Record<string, unknown>[]).find(
      (item) => item['wp_id'] === wp,
    );
  return { store, vcs, run, at, log, start, row };
}

const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

describe('expiry', () => {
  it('ends exactly TTL after the last renewal, and reads say so per held WP', async () => {
    const { start, row, at } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    expect(await row('WP01')).toEqual({
      wp_id: 'WP01',
      lane: 'in_progress',
      dependencies: [],
      last_actor: 'a',
      lease_expires_at: iso(TTL),
      lease_expired: false,
    });
    // A WP nobody holds carries no lease fields at all.
    expect(await row('WP02')).toEqual({
      wp_id: 'WP02',
      lane: 'planned',
      dependencies: [],
      last_actor: null,
    });
    at(TTL - 1);
    expect(await row('WP01')).toMatchObject({ lease_expired: false });
    at(TTL);
    expect(await row('WP01')).toMatchObject({ lease_expires_at: iso(TTL), lease_expired: true });
  });

  it('is off without configuration: no fields, no lease file, never a takeover', async () => {
    const { start, row, at, store } = setup({});
    expect((await start('WP01', 'a')).success).toBe(true);
    at(365 * 86_400_000);
    expect(Object.keys((await row('WP01')) ?? {})).toEqual([
      'wp_id',
      'lane',
      'dependencies',
      'last_actor',
    ]);
    expect((await start('WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    expect(store.leaseText(MISSION)).toBeUndefined();
  });

  it('takes the host default when the project names none, and the project wins over it', async () => {
    const fromHost = setup({ defaultClaimTtl: { value: '10s', source: '--claim-ttl' } });
    expect((await fromHost.start('WP01', 'a')).success).toBe(true);
    expect(await fromHost.row('WP01')).toMatchObject({ lease_expires_at: iso(10_000) });
    const both = setup({
      projectConfig: { orchestrator_api: { claim_ttl: '1h' } },
      defaultClaimTtl: { value: '10s', source: '--claim-ttl' },
    });
    expect((await both.start('WP01', 'a')).success).toBe(true);
    expect(await both.row('WP01')).toMatchObject({ lease_expires_at: iso(3_600_000) });
  });

  it.each([
    [
      { projectConfig: { orchestrator_api: { claim_ttl: 'soon' } } },
      /^\.kittify\/config\.yaml orchestrator_api\.claim_ttl: "soon" is not a duration/,
    ],
    [{ projectConfig: { orchestrator_api: { claim_ttl: '0s' } } }, /shorter than one second/],
    [
      { defaultClaimTtl: { value: '31d', source: 'KITTYHOST_CLAIM_TTL' } },
      /^KITTYHOST_CLAIM_TTL: "31d" is longer than 30 days/,
    ],
  ])(
    'refuses a bad duration as USAGE_ERROR naming where it was written (%#)',
    async (options, message) => {
      const { start, store } = setup(options);
      const before = store.files(MISSION);
      const refused = await start('WP01', 'a');
      expect(refused.error_code).toBe('USAGE_ERROR');
      expect(refused.data['message']).toMatch(message);
      expect(store.files(MISSION)).toEqual(before);
    },
  );
});

describe('renewal', () => {
  it('a heartbeat renews from its own instant and writes no event and no commit', async () => {
    const { run, start, row, at, log, vcs } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    const events = log().length;
    const commits = vcs.control.calls.filter((name) => name === 'commitFiles').length;
    at(100_000);
    const beat = await run('heartbeat', { wp: 'WP01', actor: 'a' });
    expect(beat).toMatchObject({
      success: true,
      data: {
        mission_slug: MISSION,
        wp_id: 'WP01',
        holder: 'a',
        lane: 'in_progress',
        lease_expires_at: iso(100_000 + TTL),
        ttl_seconds: 120,
      },
    });
    at(TTL + 50_000);
    expect(await row('WP01')).toMatchObject({ lease_expired: false });
    expect(log()).toHaveLength(events);
    expect(vcs.control.calls.filter((name) => name === 'commitFiles')).toHaveLength(commits);
  });

  it.each([
    ['append-history', { note: 'still going' }],
    ['start-implementation', { policy: POLICY }],
  ])('a successful %s by the holder renews', async (subcommand, extra) => {
    const { run, start, row, at } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    at(90_000);
    expect((await run(subcommand, { wp: 'WP01', actor: 'a', ...extra })).success).toBe(true);
    expect(await row('WP01')).toMatchObject({ lease_expires_at: iso(90_000 + TTL) });
  });

  it('a call by someone else renews nothing', async () => {
    const { run, start, row, at } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    at(90_000);
    expect((await run('append-history', { wp: 'WP01', actor: 'b', note: 'hi' })).success).toBe(
      true,
    );
    expect(await row('WP01')).toMatchObject({ lease_expires_at: iso(TTL) });
  });

  it('a commit on the WP branch newer than the renewal keeps the claim alive, for reads and takeovers alike', async () => {
    const { vcs, start, row, at } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    at(100_000);
    vcs.control.commit(`${MISSION}-WP01`, { 'work.txt': 'w\n' });
    at(TTL + 10_000);
    expect(await row('WP01')).toEqual(
      expect.objectContaining({ lease_expires_at: iso(100_000 + TTL), lease_expired: false }),
    );
    expect((await start('WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    at(100_000 + TTL);
    expect(await row('WP01')).toMatchObject({ lease_expired: true });
    expect((await start('WP01', 'b')).data['taken_over_from']).toBe('a');
  });

  it('a heartbeat on a WP nobody holds is TRANSITION_REJECTED, on someone else’s WP_ALREADY_CLAIMED', async () => {
    const { run, start, store } = setup();
    expect((await run('heartbeat', { wp: 'WP02', actor: 'a' })).error_code).toBe(
      'TRANSITION_REJECTED',
    );
    expect((await start('WP01', 'a')).success).toBe(true);
    const lease = store.leaseText(MISSION);
    const other = await run('heartbeat', { wp: 'WP01', actor: 'b' });
    expect(other).toMatchObject({
      error_code: 'WP_ALREADY_CLAIMED',
      data: { claimed_by: 'a', requesting_actor: 'b' },
    });
    expect(store.leaseText(MISSION)).toBe(lease);
    expect((await run('heartbeat', { wp: 'WP09', actor: 'a' })).error_code).toBe('WP_NOT_FOUND');
  });
});

describe('takeover', () => {
  it('releases and reclaims with ordinary events naming the holder and the expiry', async () => {
    const { vcs, start, at, log } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    vcs.control.setWorkspaceDirty(MISSION, 'WP01', ['notes.txt']);
    at(TTL);
    const taken = await start('WP01', 'b');
    expect(taken.data).toMatchObject({
      wp_id: 'WP01',
      from_lane: 'in_progress',
      to_lane: 'in_progress',
      no_op: false,
      taken_over_from: 'a',
      workspace_dirty: true,
    });
    expect(
      log()
        .slice(-3)
        .map((event) => [
          event['from_lane'],
          event['to_lane'],
          event['actor'],
          event['force'],
          event['reason'],
        ]),
    ).toEqual([
      ['in_progress', 'planned', 'b', false, `Lease of a expired at ${iso(TTL)}; taken over by b`],
      ['planned', 'claimed', 'b', false, null],
      ['claimed', 'in_progress', 'b', false, null],
    ]);
  });

  it('a claim never started (claimed) is released with force', async () => {
    const { run, at, log } = setup();
    // A claim without its start (the transition to claimed), by an agent that then died.
    expect(
      (await run('transition', { wp: 'WP01', to: 'claimed', actor: 'a', policy: POLICY })).success,
    ).toBe(true);
    at(TTL);
    const taken = await run('start-implementation', { wp: 'WP01', actor: 'b', policy: POLICY });
    expect(taken.data).toMatchObject({ from_lane: 'claimed', taken_over_from: 'a' });
    expect(
      log()
        .slice(-3)
        .map((event) => [event['from_lane'], event['to_lane'], event['force']]),
    ).toEqual([
      ['claimed', 'planned', true],
      ['planned', 'claimed', false],
      ['claimed', 'in_progress', false],
    ]);
  });

  it('fences the old holder: every call on the WP refused naming the new holder, nothing written', async () => {
    const { run, start, at, store } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    at(TTL);
    expect((await start('WP01', 'b')).success).toBe(true);
    // Even once the new holder's own lease has run out, the old one may not move the WP.
    at(3 * TTL);
    const files = store.files(MISSION);
    const lease = store.leaseText(MISSION);
    for (const [subcommand, input] of [
      ['transition', { to: 'for_review', force: true, note: 'mine', policy: POLICY }],
      ['append-history', { note: 'still here' }],
      ['heartbeat', {}],
    ] as const) {
      const refused = await run(subcommand, { wp: 'WP01', actor: 'a', ...input });
      expect(refused.error_code, subcommand).toBe('WP_ALREADY_CLAIMED');
      expect(refused.data, subcommand).toMatchObject({ claimed_by: 'b', requesting_actor: 'a' });
    }
    expect(store.files(MISSION)).toEqual(files);
    expect(store.leaseText(MISSION)).toBe(lease);
  });

  it('a fenced actor that claims the WP anew (after its release) works again', async () => {
    const { run, start, at } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    at(TTL);
    expect((await start('WP01', 'b')).success).toBe(true);
    expect(
      (
        await run('transition', {
          wp: 'WP01',
          to: 'planned',
          actor: 'b',
          policy: POLICY,
          note: 'handing back',
        })
      ).success,
    ).toBe(true);
    expect((await start('WP01', 'a')).success).toBe(true);
    expect((await run('heartbeat', { wp: 'WP01', actor: 'a' })).success).toBe(true);
    expect((await run('append-history', { wp: 'WP01', actor: 'a', note: 'back' })).success).toBe(
      true,
    );
  });

  it('ages a review claim out: another reviewer is refused until then, then takes it over', async () => {
    const { run, vcs, start, at, log } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    vcs.control.commit(`${MISSION}-WP01`, { 'w.txt': 'w\n' });
    expect(
      (
        await run('transition', {
          wp: 'WP01',
          to: 'for_review',
          actor: 'a',
          policy: POLICY,
          force: true,
          note: 'done',
        })
      ).success,
    ).toBe(true);
    at(1_000);
    expect((await run('start-review', { wp: 'WP01', actor: 'r1', policy: POLICY })).success).toBe(
      true,
    );
    const refused = await run('start-review', { wp: 'WP01', actor: 'r2', policy: POLICY });
    expect(refused).toMatchObject({
      error_code: 'WP_ALREADY_CLAIMED',
      data: { message: "WP WP01 is already claimed for review by 'r1'" },
    });
    at(1_000 + TTL);
    const taken = await run('start-review', { wp: 'WP01', actor: 'r2', policy: POLICY });
    expect(taken.data).toMatchObject({ to_lane: 'in_review', taken_over_from: 'r1', no_op: false });
    expect(
      log()
        .slice(-2)
        .map((event) => [event['from_lane'], event['to_lane'], event['actor']]),
    ).toEqual([
      ['in_review', 'for_review', 'r2'],
      ['for_review', 'in_review', 'r2'],
    ]);
    expect((await run('heartbeat', { wp: 'WP01', actor: 'r1' })).error_code).toBe(
      'WP_ALREADY_CLAIMED',
    );
  });
});

describe('the lease file', () => {
  it.each([
    ['corrupt', '{"version": 1, "leases": {"WP01": {"holder": 3}}'],
    ['not JSON', '{oops'],
    ['missing', undefined],
  ])('%s: no lease information, so the claim never expires by accident', async (_, text) => {
    const { start, row, at, store } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    store.writeLeaseText(MISSION, text);
    at(10 * TTL);
    expect(await row('WP01')).toMatchObject({ lease_expires_at: null, lease_expired: false });
    expect((await start('WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    expect(store.leaseText(MISSION)).toBe(text);
  });

  it('keeps only held WPs and the fences of released ones', async () => {
    const { run, start, at, store } = setup();
    expect((await start('WP01', 'a')).success).toBe(true);
    expect((await start('WP02', 'c')).success).toBe(true);
    at(TTL);
    expect((await start('WP01', 'b')).success).toBe(true);
    expect(
      (
        await run('transition', {
          wp: 'WP02',
          to: 'planned',
          actor: 'c',
          policy: POLICY,
          note: 'x',
        })
      ).success,
    ).toBe(true);
    expect(JSON.parse(store.leaseText(MISSION) ?? '')).toEqual({
      version: 1,
      leases: {
        WP01: { holder: 'b', claim: 'implementation', renewed_at: iso(TTL), fenced: ['a'] },
      },
    });
  });
});
