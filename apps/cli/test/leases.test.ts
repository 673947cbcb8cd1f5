// Claims that expire (leases): real processes, real git, real time, short time-to-lives (2–6 s:
// a lease that must outlive a few calls gets a few seconds, since a call on a loaded 2-core
// machine can take one). Expiry is awaited by polling, never assumed from a fixed sleep. The
// takeover race is in lease-race.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FEATURE, POLICY, eventLines, git, sampleProject, treeFingerprint } from './harness.js';
import { MISSION, api, leasedProject, run, start, state, untilExpired } from './lease-harness.js';

const TTL_MS = 2_000;

describe('without configuration', () => {
  it('changes nothing: no lease fields, no lease file, another actor is refused forever', async () => {
    const { root } = sampleProject();
    expect((await start(root, 'WP01', 'a')).success).toBe(true);
    expect(await state(root, 'WP01')).toEqual({
      wp_id: 'WP01',
      lane: 'in_progress',
      dependencies: [],
      last_actor: 'a',
    });
    await sleep(TTL_MS + 200);
    expect((await start(root, 'WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    expect(existsSync(join(root, '.git', 'kittyhost', 'leases'))).toBe(false);
    const beat = await api(root, 'heartbeat', { mission: MISSION, wp: 'WP01', actor: 'a' });
    expect(beat.data).toMatchObject({ holder: 'a', lease_expires_at: null, ttl_seconds: null });
  });

  it('turns on with KITTYHOST_CLAIM_TTL, and refuses a bad duration as USAGE_ERROR', async () => {
    const { root } = sampleProject();
    const env = { KITTYHOST_CLAIM_TTL: '30s' };
    expect(
      (
        await run(
          root,
          [
            'orchestrator-api',
            'start-implementation',
            '--mission',
            MISSION,
            '--wp',
            'WP01',
            '--actor',
            'a',
            '--policy',
            POLICY,
          ],
          env,
        )
      ).envelope.success,
    ).toBe(true);
    const read = (await run(root, ['orchestrator-api', 'mission-state', '--mission', MISSION], env))
      .envelope;
    expect(read.data['work_packages'][0]).toMatchObject({
      lease_expired: false,
      lease_expires_at: expect.any(String),
    });
    const bad = (
      await run(root, ['orchestrator-api', 'mission-state', '--mission', MISSION], {
        KITTYHOST_CLAIM_TTL: 'soon',
      })
    ).envelope;
    expect(bad.error_code).toBe('USAGE_ERROR');
    expect(bad.data['message']).toMatch(/^KITTYHOST_CLAIM_TTL: "soon" is not a duration/);
  });
});

describe('what renews a lease', () => {
  it('heartbeats every 0.5 s keep it; without them it expires after the TTL', async () => {
    const { root } = leasedProject({}, '3s');
    expect((await start(root, 'WP01', 'a')).success).toBe(true);
    expect((await start(root, 'WP05', 'c')).success).toBe(true);
    const before = eventLines(root).length;
    const since = Date.now();
    // Beat for longer than the TTL (at least 3.5 s, however slow each call is).
    for (let beat = 0; beat < 7 || Date.now() - since < 3_500; beat++) {
      await sleep(500);
      const renewed = await api(root, 'heartbeat', { mission: MISSION, wp: 'WP01', actor: 'a' });
      expect(renewed.success, JSON.stringify(renewed)).toBe(true);
      expect(renewed.data['ttl_seconds']).toBe(3);
    }
    expect(await state(root, 'WP01')).toMatchObject({ lease_expired: false });
    expect(await state(root, 'WP05')).toMatchObject({ lease_expired: true });
    expect((await start(root, 'WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    // A heartbeat is cheap: no log event, no commit.
    expect(eventLines(root)).toHaveLength(before);
    expect(git(root, 'log', '-1', '--format=%s')).toBe(
      'chore(spec-kitty): status transition batch WP05',
    );
  });

  it('a commit on the WP branch newer than the last renewal postpones expiry', async () => {
    // Commit times are whole seconds: a 6 s TTL and a commit 3 s in keep clear of that rounding.
    const { root } = leasedProject({}, '6s');
    const workspace = (await start(root, 'WP01', 'a')).data['workspace_path'] as string;
    const renewedUntil = Date.parse((await state(root, 'WP01'))?.['lease_expires_at']);
    await sleep(3_000);
    writeFileSync(join(workspace, 'work.txt'), 'work\n');
    execFileSync('git', ['add', '-A'], { cwd: workspace });
    execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-qm', 'work'], {
      cwd: workspace,
    });
    // Past the renewal's expiry, not the commit's.
    await sleep(Math.max(0, renewedUntil - Date.now() + 100));
    expect((await start(root, 'WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    const read = await state(root, 'WP01');
    expect(Date.parse(read?.['lease_expires_at'])).toBeGreaterThan(renewedUntil);
    await untilExpired(root, ['WP01']);
    expect((await start(root, 'WP01', 'b')).data['taken_over_from']).toBe('a');
  });
});

describe('takeover and fencing', () => {
  it('takes an expired claim over with ordinary events, keeps the workspace and its uncommitted work, and fences the old holder', async () => {
    // Long enough that the new holder's lease outlives the refusals below on a loaded machine.
    const { root } = leasedProject({}, '6s');
    const workspace = (await start(root, 'WP01', 'a')).data['workspace_path'] as string;
    writeFileSync(join(workspace, 'work.txt'), 'committed\n');
    execFileSync('git', ['add', '-A'], { cwd: workspace });
    execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-qm', 'work'], {
      cwd: workspace,
    });
    writeFileSync(join(workspace, 'unsaved.txt'), 'not committed\n');
    await untilExpired(root, ['WP01']);
    expect(await state(root, 'WP01')).toMatchObject({ lane: 'in_progress', lease_expired: true });
    const taken = await start(root, 'WP01', 'b');
    expect(taken.data).toMatchObject({
      from_lane: 'in_progress',
      to_lane: 'in_progress',
      workspace_path: workspace,
      taken_over_from: 'a',
      workspace_dirty: true,
      no_op: false,
    });
    expect(readFileSync(join(workspace, 'unsaved.txt'), 'utf8')).toBe('not committed\n');
    expect(readFileSync(join(workspace, 'work.txt'), 'utf8')).toBe('committed\n');
    const lines = eventLines(root).slice(-3);
    expect(lines.map((line) => [line.from_lane, line.to_lane, line.actor])).toEqual([
      ['in_progress', 'planned', 'b'],
      ['planned', 'claimed', 'b'],
      ['claimed', 'in_progress', 'b'],
    ]);
    expect(lines[0]?.reason).toMatch(
      /^Lease of a expired at \d{4}-\d\d-\d\dT[\d:.]+Z; taken over by b$/,
    );
    expect(await state(root, 'WP01')).toMatchObject({ last_actor: 'b', lease_expired: false });
    // The old holder can change nothing on the WP any more. (The new holder beats between the
    // refusals so that its lease outlives them however slow the machine: the lease file is all
    // its heartbeats change.)
    const leaseFile = join('.git', 'kittyhost', 'leases', `${MISSION}.json`);
    const fingerprint = () => {
      const { [leaseFile]: _lease, ...rest } = treeFingerprint(root);
      return rest;
    };
    const before = fingerprint();
    for (const [subcommand, options] of [
      [
        'transition',
        {
          mission: MISSION,
          wp: 'WP01',
          to: 'for_review',
          actor: 'a',
          policy: POLICY,
          force: true,
          note: 'mine',
        },
      ],
      ['append-history', { mission: MISSION, wp: 'WP01', actor: 'a', note: 'still here' }],
      ['heartbeat', { mission: MISSION, wp: 'WP01', actor: 'a' }],
      ['start-implementation', { mission: MISSION, wp: 'WP01', actor: 'a', policy: POLICY }],
    ] as const) {
      expect(
        (await api(root, 'heartbeat', { mission: MISSION, wp: 'WP01', actor: 'b' })).success,
      ).toBe(true);
      const refused = await api(root, subcommand, options);
      expect(refused.error_code, subcommand).toBe('WP_ALREADY_CLAIMED');
      expect(refused.data, subcommand).toMatchObject({ claimed_by: 'b', requesting_actor: 'a' });
    }
    expect(fingerprint()).toEqual(before);
    // The new holder works on.
    expect(
      (await api(root, 'heartbeat', { mission: MISSION, wp: 'WP01', actor: 'b' })).success,
    ).toBe(true);
  });

  it('works the same through contract 1.0 calls', async () => {
    const { root } = leasedProject();
    const call10 = async (subcommand: string, options: Record<string, string>) =>
      await api(root, subcommand, { feature: FEATURE, ...options });
    expect(
      (await call10('start-implementation', { wp: 'WP05', actor: 'a', policy: POLICY })).success,
    ).toBe(true);
    await untilExpired(root, ['WP05']);
    expect((await call10('feature-state', {})).data['work_packages'][4]).toMatchObject({
      lease_expired: true,
    });
    expect(
      (await call10('start-implementation', { wp: 'WP05', actor: 'b', policy: POLICY })).data,
    ).toMatchObject({ taken_over_from: 'a' });
    expect((await call10('heartbeat', { wp: 'WP05', actor: 'a' })).error_code).toBe(
      'WP_ALREADY_CLAIMED',
    );
  });

  it('ages a review claim (in_review) out the same way', async () => {
    const { root } = leasedProject({}, '4s');
    const workspace = (await start(root, 'WP05', 'a')).data['workspace_path'] as string;
    writeFileSync(join(workspace, 'work.txt'), 'w\n');
    execFileSync('git', ['add', '-A'], { cwd: workspace });
    execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-qm', 'work'], {
      cwd: workspace,
    });
    expect(
      (
        await api(root, 'transition', {
          mission: MISSION,
          wp: 'WP05',
          to: 'for_review',
          actor: 'a',
          policy: POLICY,
          force: true,
          note: 'done',
        })
      ).success,
    ).toBe(true);
    expect(
      (
        await api(root, 'start-review', {
          mission: MISSION,
          wp: 'WP05',
          actor: 'rev1',
          policy: POLICY,
        })
      ).data['to_lane'],
    ).toBe('in_review');
    const refused = await api(root, 'start-review', {
      mission: MISSION,
      wp: 'WP05',
      actor: 'rev2',
      policy: POLICY,
    });
    expect(refused.error_code).toBe('WP_ALREADY_CLAIMED');
    expect(refused.data['message']).toBe("WP WP05 is already claimed for review by 'rev1'");
    await untilExpired(root, ['WP05']);
    const taken = await api(root, 'start-review', {
      mission: MISSION,
      wp: 'WP05',
      actor: 'rev2',
      policy: POLICY,
    });
    expect(taken.data).toMatchObject({
      to_lane: 'in_review',
      taken_over_from: 'rev1',
      no_op: false,
    });
    expect(
      (await api(root, 'heartbeat', { mission: MISSION, wp: 'WP05', actor: 'rev1' })).error_code,
    ).toBe('WP_ALREADY_CLAIMED');
  });
});

describe('the lease file', () => {
  it('lives under .git (git diff of kitty-specs stays clean), and a corrupt or missing one never expires a claim', async () => {
    const { root } = leasedProject();
    expect((await start(root, 'WP01', 'a')).success).toBe(true);
    const file = join(root, '.git', 'kittyhost', 'leases', `${MISSION}.json`);
    expect(JSON.parse(readFileSync(file, 'utf8')).leases.WP01).toMatchObject({
      holder: 'a',
      claim: 'implementation',
      fenced: [],
    });
    expect(git(root, 'status', '--porcelain')).toBe('');
    writeFileSync(file, '{"version": 1, "leases": {"WP01": {"holder": 3}}');
    await sleep(TTL_MS + 300);
    const read = await run(root, ['orchestrator-api', 'mission-state', '--mission', MISSION]);
    expect(read.envelope.data['work_packages'][0]).toMatchObject({
      lease_expires_at: null,
      lease_expired: false,
    });
    expect(read.stderr).toMatch(/^spec-kitty: warning: the lease file .* is unreadable/);
    expect((await start(root, 'WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    execFileSync('rm', ['-f', file]);
    expect((await start(root, 'WP01', 'b')).error_code).toBe('WP_ALREADY_CLAIMED');
    // The holder's next call writes a fresh lease.
    expect(
      (await api(root, 'heartbeat', { mission: MISSION, wp: 'WP01', actor: 'a' })).data[
        'lease_expires_at'
      ],
    ).toEqual(expect.any(String));
  });
});

describe('contract-version', () => {
  it('lists leases among the host capabilities', async () => {
    const { root } = sampleProject();
    expect((await api(root, 'contract-version', {})).data['capabilities']).toContain('leases');
  });
});
