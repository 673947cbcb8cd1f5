// Operation tests over the in-memory ports of @kittyhost/core/testing: the whole contract without
// a disk, fast enough to check every branch the CLI tests cannot reach cheaply.
import {
  createMemorySpecStore,
  createMemoryVersionControl,
  sequentialIds,
  steppingClock,
} from '@kittyhost/core/testing';
import { errAsync, okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { OperationContext } from './context.js';
import { execute } from './execute.js';

const POLICY = {
  orchestrator_id: 'o',
  orchestrator_version: '0.1.2',
  agent_family: 'claude',
  approval_mode: 'full_auto',
  sandbox_mode: 'workspace_write',
  network_mode: 'none',
  dangerous_flags: [],
};
const FEATURE = '001-demo';

function setup(tasksMd = '## WP01\n- [x] one\n## WP02\n- [x] two\n## WP03\n- [x] three\n') {
  const store = createMemorySpecStore({
    [FEATURE]: {
      workPackages: [
        { id: 'WP01', title: 'A', dependencies: [] },
        { id: 'WP02', title: 'B', dependencies: ['WP01'] },
        { id: 'WP03', title: 'C', dependencies: ['WP01'] },
      ],
      meta: { target_branch: 'main', keep: 'me' },
      tasksMd,
    },
  });
  const vcs = createMemoryVersionControl();
  let opened = 0;
  const context: OperationContext = {
    clock: steppingClock('2026-02-23T18:03:22Z', 1000),
    ids: sequentialIds(),
    project: () => {
      opened += 1;
      return okAsync({ store, vcs });
    },
  };
  const run = (subcommand: string, input: Record<string, unknown>) =>
    execute(context, subcommand, input);
  return { store, vcs, context, run, opened: () => opened };
}

async function complete(
  run: ReturnType<typeof setup>['run'],
  vcs: ReturnType<typeof setup>['vcs'],
  wp: string,
) {
  const started = await run('start-implementation', {
    feature: FEATURE,
    wp,
    actor: `a-${wp}`,
    policy: POLICY,
  });
  expect(started.envelope.success).toBe(true);
  vcs.control.commit(`${FEATURE}-${wp}`, { [`${wp}.txt`]: `${wp}\n` });
  expect(
    (
      await run('transition', {
        feature: FEATURE,
        wp,
        to: 'for_review',
        actor: `a-${wp}`,
        policy: POLICY,
      })
    ).envelope.success,
  ).toBe(true);
  expect(
    (
      await run('transition', {
        feature: FEATURE,
        wp,
        to: 'done',
        actor: 'rev',
        review_ref: `r-${wp}`,
      })
    ).envelope.success,
  ).toBe(true);
}

describe('execute', () => {
  it('wraps data in the envelope with deterministic ids and timestamps from the ports', async () => {
    const { run } = setup();
    const outcome = await run('contract-version', {});
    expect(outcome).toEqual({
      envelope: {
        // contract-version belongs to no generation: the host answers with its newest.
        contract_version: '1.3.0',
        command: 'orchestrator-api.contract-version',
        timestamp: '2026-02-23T18:03:22.000000+00:00',
        correlation_id: 'corr-00000000000000000000000000000001',
        success: true,
        error_code: null,
        data: {
          api_version: '1.3.0',
          min_supported_provider_version: '0.1.0',
          supported_contract_versions: ['1.0.0', '1.3.0'],
          // Ours: what this host does beyond the contract, for a provider to detect.
          capabilities: ['leases', 'heartbeat', 'board'],
        },
      },
      exitCode: 0,
      httpStatus: 200,
    });
  });

  it('turns schema failures into USAGE_ERROR (exit 2, HTTP 400) without opening the project', async () => {
    const { run, opened } = setup();
    const missing = await run('feature-state', {});
    expect(missing.envelope.error_code).toBe('USAGE_ERROR');
    expect(missing.envelope.data).toEqual({
      message: "Missing required option '--feature'",
      subcommand: 'feature-state',
    });
    expect([missing.exitCode, missing.httpStatus]).toEqual([2, 400]);
    const unknown = await run('feature-state', { feature: FEATURE, bogus_flag: 1 });
    expect(unknown.envelope.data['message']).toBe("Unknown option '--bogus-flag'");
    expect(
      (
        await run('transition', {
          feature: FEATURE,
          wp: 'WP01',
          to: 'done',
          actor: 'a',
          force: 'yes',
        })
      ).envelope.error_code,
    ).toBe('USAGE_ERROR');
    expect((await run('no-such-thing', {})).envelope.command).toBe('orchestrator-api');
    expect(opened()).toBe(0);
  });

  it('names only the first unknown key, before any other problem, as the CLI parser does', async () => {
    const { run } = setup();
    // `to` is missing and `actor` has the wrong type, yet the unknown key is what is reported.
    const outcome = await run('transition', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 7,
      colour: 'red',
      review_reff: 'x',
    });
    expect(outcome.envelope.data).toEqual({
      message: "Unknown option '--colour'",
      subcommand: 'transition',
    });
    expect([outcome.exitCode, outcome.httpStatus]).toEqual([2, 400]);
    const snake = await run('transition', { feature: FEATURE, wp: 'WP01', review_reff: 'x' });
    expect(snake.envelope.data['message']).toBe("Unknown option '--review-reff'");
  });

  it('answers an exception thrown by an adapter as INTERNAL_ERROR, never a rejection', async () => {
    const { context } = setup();
    const broken: OperationContext = {
      ...context,
      project: () => {
        throw new Error('disk on fire');
      },
    };
    const outcome = await execute(broken, 'feature-state', { feature: FEATURE });
    expect(outcome.envelope.error_code).toBe('INTERNAL_ERROR');
    expect(outcome.envelope.data['message']).toContain('disk on fire');
    expect([outcome.exitCode, outcome.httpStatus]).toEqual([1, 500]);
    const failing: OperationContext = {
      ...context,
      project: () =>
        errAsync({
          code: 'FEATURE_NOT_FOUND',
          message: 'no project',
          details: { feature_slug: FEATURE },
        }),
    };
    expect((await execute(failing, 'list-ready', { feature: FEATURE })).httpStatus).toBe(404);
  });

  it('checks policy before touching the project for every policy-requiring mutation', async () => {
    const { run, opened } = setup();
    for (const [subcommand, input] of [
      ['start-implementation', { feature: 'x', wp: 'WP01', actor: 'a' }],
      ['start-review', { feature: 'x', wp: 'WP01', actor: 'a', review_ref: 'r' }],
      ['transition', { feature: 'x', wp: 'WP01', to: 'for_review', actor: 'a' }],
    ] as const) {
      expect((await run(subcommand, input)).envelope.error_code).toBe('POLICY_METADATA_REQUIRED');
      expect(
        (await run(subcommand, { ...input, policy: { ...POLICY, network_mode: 'my-password' } }))
          .envelope.error_code,
      ).toBe('POLICY_VALIDATION_FAILED');
    }
    expect(opened()).toBe(0);
  });

  it('records events with the policy, and a snapshot that matches them', async () => {
    const { run, store } = setup();
    await run('start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'claude',
      policy: JSON.stringify(POLICY),
    });
    const files = store.files(FEATURE) ?? {};
    const lines = (files['status.events.jsonl'] ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((event) => `${event.from_lane}->${event.to_lane}`)).toEqual([
      'planned->claimed',
      'claimed->in_progress',
    ]);
    // Stored as both original hosts store it: the seven fields and tool_restrictions (null).
    expect(lines[0].policy_metadata).toEqual({ ...POLICY, tool_restrictions: null });
    const snapshot = JSON.parse(files['status.json'] ?? '{}');
    expect(snapshot.work_packages.WP01).toMatchObject({
      lane: 'in_progress',
      actor: 'claude',
      force_count: 0,
    });
    expect(snapshot.event_count).toBe(2);
  });
});

describe('merge-feature over the in-memory git', () => {
  it('lists every preflight problem at once: lanes, upstream, dirty workspaces', async () => {
    const { run, vcs } = setup();
    await complete(run, vcs, 'WP01');
    await run('start-implementation', { feature: FEATURE, wp: 'WP02', actor: 'x', policy: POLICY });
    vcs.control.setWorkspaceDirty(FEATURE, 'WP01', ['scratch.txt']);
    vcs.control.setBehindUpstream('main', true);
    const outcome = await run('merge-feature', { feature: FEATURE });
    expect(outcome.envelope.error_code).toBe('PREFLIGHT_FAILED');
    const errors = outcome.envelope.data['errors'] as string[];
    expect(errors).toHaveLength(4);
    expect(errors.join('\n')).toMatch(/WP02 is in_progress/);
    expect(errors.join('\n')).toMatch(/WP03 is planned/);
    expect(errors.join('\n')).toMatch(/behind its upstream/);
    expect(errors.join('\n')).toMatch(/WP01 workspace has uncommitted changes: scratch.txt/);
  });

  it('reports a conflict with what merged so far, and a push failure with what merged', async () => {
    const { run, vcs } = setup();
    for (const wp of ['WP01', 'WP02', 'WP03']) await complete(run, vcs, wp);
    vcs.control.injectConflict('WP03', ['shared.txt']);
    const conflict = await run('merge-feature', { feature: FEATURE, strategy: 'SQUASH' });
    expect(conflict.envelope.error_code).toBe('MERGE_FAILED');
    expect(conflict.envelope.data).toMatchObject({
      merged_so_far: ['WP01', 'WP02'],
      failed_wp: 'WP03',
      conflicts: ['shared.txt'],
    });
    vcs.control.injectConflict('WP03', []);
    vcs.control.failPush('remote rejected');
    const pushed = await run('merge-feature', { feature: FEATURE, push: true });
    expect(pushed.envelope.error_code).toBe('PUSH_FAILED');
    expect(pushed.envelope.data['merged_wps']).toEqual(['WP01', 'WP02', 'WP03']);
    expect(pushed.httpStatus).toBe(502);
  });

  it('uses --target, then meta.json target_branch, and says when the target does not exist', async () => {
    const { run, vcs } = setup();
    for (const wp of ['WP01', 'WP02', 'WP03']) await complete(run, vcs, wp);
    const missing = await run('merge-feature', { feature: FEATURE, target: 'release' });
    expect(missing.envelope.data['errors']).toEqual(['Target branch release does not exist']);
    vcs.control.createBranch('release', 'main');
    const merged = await run('merge-feature', {
      feature: FEATURE,
      target: 'release',
      strategy: 'rebase',
    });
    expect(merged.envelope.data).toMatchObject({
      target_branch: 'release',
      strategy: 'rebase',
      merged_wps: ['WP01', 'WP02', 'WP03'],
    });
    expect(vcs.control.readFile('release', 'WP03.txt')).toBe('WP03\n');
    expect(vcs.control.readFile('main', 'WP03.txt')).toBeUndefined();
  });
});

describe('merge-feature and canceled work packages', () => {
  it('never merges a canceled WP, but refuses while its workspace holds uncommitted work', async () => {
    const { run, vcs } = setup();
    await complete(run, vcs, 'WP01');
    await complete(run, vcs, 'WP02');
    await run('start-implementation', { feature: FEATURE, wp: 'WP03', actor: 'x', policy: POLICY });
    vcs.control.commit(`${FEATURE}-WP03`, { 'abandoned.txt': 'no\n' });
    await run('transition', {
      feature: FEATURE,
      wp: 'WP03',
      to: 'canceled',
      actor: 'lead',
      note: 'dropped',
    });
    vcs.control.setWorkspaceDirty(FEATURE, 'WP03', ['draft.txt']);
    const refused = await run('merge-feature', { feature: FEATURE });
    expect(refused.envelope.data['errors']).toEqual([
      'WP03 workspace has uncommitted changes: draft.txt',
    ]);
    vcs.control.setWorkspaceDirty(FEATURE, 'WP03', []);
    const merged = await run('merge-feature', { feature: FEATURE });
    expect(merged.envelope.data).toMatchObject({ merged_wps: ['WP01', 'WP02'], skipped_wps: [] });
    expect(vcs.control.readFile('main', 'abandoned.txt')).toBeUndefined();
  });
});

describe('what the black-box audit asked for', () => {
  it('records a transition after a future-dated event so that it takes effect', async () => {
    const future = makeLine(
      '01JZ0000000000000000000001',
      'WP01',
      'planned',
      'claimed',
      '2030-01-01T00:00:00.000000+00:00',
    );
    const store = createMemorySpecStore({
      [FEATURE]: {
        workPackages: [{ id: 'WP01', title: 'A', dependencies: [] }],
        eventsText: `${future}\n`,
      },
    });
    const context: OperationContext = {
      clock: steppingClock('2026-02-23T18:03:22Z', 1000),
      ids: sequentialIds(),
      project: () => okAsync({ store, vcs: createMemoryVersionControl() }),
    };
    const moved = await execute(context, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'blocked',
      actor: 'a',
    });
    expect(moved.envelope.data).toMatchObject({ from_lane: 'claimed', to_lane: 'blocked' });
    const state = await execute(context, 'feature-state', { feature: FEATURE });
    expect((state.envelope.data['work_packages'] as { lane: string }[])[0]?.lane).toBe('blocked');
  });

  it('counts in the summary exactly the WPs it lists, not events of a WP without a file', async () => {
    const stray = makeLine(
      '01JZ0000000000000000000002',
      'WP99',
      'planned',
      'claimed',
      '2026-01-01T00:00:00.000000+00:00',
    );
    const store = createMemorySpecStore({
      [FEATURE]: {
        workPackages: [{ id: 'WP01', title: 'A', dependencies: [] }],
        eventsText: `${stray}\n`,
      },
    });
    const context: OperationContext = {
      clock: steppingClock('2026-02-23T18:03:22Z'),
      ids: sequentialIds(),
      project: () => okAsync({ store, vcs: createMemoryVersionControl() }),
    };
    const state = await execute(context, 'feature-state', { feature: FEATURE });
    expect(state.envelope.data['summary']).toEqual({
      planned: 1,
      claimed: 0,
      in_progress: 0,
      for_review: 0,
      done: 0,
      blocked: 0,
      canceled: 0,
    });
  });

  it('lists a dirty workspace of a WP that is not done with the other preflight problems', async () => {
    const { run, vcs } = setup();
    await complete(run, vcs, 'WP01');
    await run('start-implementation', { feature: FEATURE, wp: 'WP02', actor: 'x', policy: POLICY });
    vcs.control.setWorkspaceDirty(FEATURE, 'WP02', ['half-done.txt']);
    const outcome = await run('merge-feature', { feature: FEATURE });
    expect(outcome.envelope.data['errors']).toEqual([
      'WP02 is in_progress: every work package must be done or canceled before merging',
      'WP03 is planned: every work package must be done or canceled before merging',
      'WP02 workspace has uncommitted changes: half-done.txt',
    ]);
  });

  it('refuses evidence nested too deeply as a usage error', async () => {
    const { run } = setup();
    let nested: unknown = { reviewer: 'r', reference: 'x' };
    for (let level = 0; level < 100; level++) nested = { nested };
    const outcome = await run('transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'blocked',
      actor: 'a',
      evidence_json: { review: nested },
    });
    expect(outcome.envelope.error_code).toBe('USAGE_ERROR');
    expect(outcome.envelope.data['message']).toMatch(/nested more than 64 levels/);
  });
});

function makeLine(id: string, wp: string, from: string, to: string, at: string): string {
  return `{"actor": "someone", "at": "${at}", "event_id": "${id}", "evidence": null, "execution_mode": "worktree", "feature_slug": "${FEATURE}", "force": false, "from_lane": "${from}", "policy_metadata": null, "reason": null, "review_ref": null, "to_lane": "${to}", "wp_id": "${wp}"}`;
}
