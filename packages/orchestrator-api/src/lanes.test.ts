// Execution lanes and coordination missions over the in-memory ports: which port calls each
// contract 1.3 operation makes (and does not make), with which names, and what it answers.
import {
  createMemorySpecStore,
  createMemoryVersionControl,
  sequentialIds,
  steppingClock,
} from '@kittyhost/core/testing';
import type { VersionControl } from '@kittyhost/core/ports';
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
const COORD = `kitty/mission-${MISSION}`;
const LANES = {
  version: 1,
  mission_slug: MISSION,
  mission_id: '01M8RB29ABCDEFGHJKMNPQRSTV',
  mission_branch: COORD,
  target_branch: 'main',
  lanes: [
    { lane_id: 'lane-a', wp_ids: ['WP01', 'WP03'], depends_on_lanes: [], parallel_group: 0 },
    { lane_id: 'lane-b', wp_ids: ['WP02'], depends_on_lanes: ['lane-a'], parallel_group: 1 },
  ],
  computed_at: '2026-12-01T08:48:32+00:00',
  computed_from: 'dependency_graph+ownership',
  planning_artifact_wps: [],
  planning_commit_sha: null,
};

function setup(options: { readonly ttl?: string } = {}) {
  let now = Date.parse('2026-08-22T10:00:00Z');
  const store = createMemorySpecStore(
    {
      [MISSION]: {
        workPackages: [
          { id: 'WP01', dependencies: [], subtasks: [] },
          { id: 'WP02', dependencies: ['WP01'], subtasks: [] },
          { id: 'WP03', dependencies: ['WP01'], subtasks: [] },
        ],
        meta: {
          mission_id: '01M8RB29ABCDEFGHJKMNPQRSTV',
          mission_slug: MISSION,
          mission_type: 'software-dev',
          target_branch: 'main',
          topology: 'coord',
          coordination_branch: COORD,
        },
        files: { 'lanes.json': JSON.stringify(LANES) },
        coordination: { worktree: 'present', files: { 'status.events.jsonl': '' } },
      },
    },
    {
      root: '/repo',
      ...(options.ttl === undefined
        ? {}
        : { projectConfig: { orchestrator_api: { claim_ttl: options.ttl } } }),
    },
  );
  const clock = { now: () => new Date(now) };
  const memory = createMemoryVersionControl({ root: '/repo', now: clock.now });
  memory.control.createBranch(COORD, 'main');
  void memory.restoreWorktree({ path: `/repo/.worktrees/${MISSION}-coord`, branch: COORD });
  // The coordination worktree, restored by git, is there for the store as well.
  const vcs: VersionControl = {
    ...memory,
    restoreWorktree: (request) =>
      memory.restoreWorktree(request).map(() => {
        store.setCoordination(MISSION, {
          worktree: 'present',
          files: { 'status.events.jsonl': '' },
        });
      }),
  };
  const context: OperationContext = {
    clock: options.ttl === undefined ? steppingClock('2026-08-22T10:00:00Z', 1000) : clock,
    ids: sequentialIds(),
    project: () => okAsync({ store, vcs }),
  };
  const later = (ms: number) => {
    now += ms;
  };
  const run = async (subcommand: string, input: Record<string, unknown>) =>
    (await execute(context, subcommand, input)).envelope as {
      success: boolean;
      error_code: string | null;
      data: Record<string, any>;
    };
  const start = (wp: string, mission = MISSION, actor = 'claude') =>
    run('start-implementation', { mission, wp, actor, policy: POLICY });
  const force = (wp: string, to: string) =>
    run('transition', {
      mission: MISSION,
      wp,
      to,
      actor: 'claude',
      force: true,
      note: 'test',
      policy: POLICY,
    });
  return { store, memory, run, start, force, later };
}

describe('execution lanes over the in-memory ports', () => {
  it('names the lane from the canonical slug whatever the selector, and checks the state before allocating', async () => {
    const { memory, run, start, force } = setup();
    const resolved = await run('resolve-workspace', { mission: '01m8rb29', wp: 'WP02' });
    expect(resolved.data).toMatchObject({
      mission_slug: MISSION,
      workspace_path: `/repo/.worktrees/${MISSION}-lane-b`,
      lane_id: 'lane-b',
      lane_branch: `${COORD}-lane-b`,
      lane_base_ref: COORD,
    });
    expect(memory.control.calls).toEqual(['restoreWorktree']);
    const started = await start('WP01', '01M8RB29');
    expect(started.data).toMatchObject({
      mission_slug: MISSION,
      workspace_path: `/repo/.worktrees/${MISSION}-lane-a`,
      lane_id: 'lane-a',
      lane_branch: `${COORD}-lane-a`,
      lane_base_ref: COORD,
      status_committed: true,
    });
    expect(memory.control.workspaceBranch(`${MISSION}-lane-a`)).toBe(`${COORD}-lane-a`);
    await force('WP01', 'done');
    const calls = memory.control.calls.length;
    expect((await start('WP01')).error_code).toBe('TRANSITION_REJECTED');
    expect(memory.control.calls.slice(calls)).not.toContain('ensureLane');
    // WP03 shares lane-a; WP02's lane takes in lane-a's tip.
    expect((await start('WP03')).data['workspace_path']).toBe(`/repo/.worktrees/${MISSION}-lane-a`);
    memory.control.commit(`${COORD}-lane-a`, { 'a.txt': 'A\n' }, 'WP03 work');
    expect((await start('WP02')).data['lane_id']).toBe('lane-b');
    expect(memory.control.readFile(`${COORD}-lane-b`, 'a.txt')).toBe('A\n');
  });

  it('gates for_review on a commit beyond the lane HEAD recorded when the WP was allocated', async () => {
    const { memory, run, start } = setup();
    await start('WP01');
    const gate = () =>
      run('transition', {
        mission: MISSION,
        wp: 'WP01',
        to: 'for_review',
        actor: 'claude',
        policy: POLICY,
      });
    expect((await gate()).data).toMatchObject({ wp_id: 'WP01', lane_id: 'lane-a' });
    memory.control.commit(`${COORD}-lane-a`, { 'a.txt': 'A\n' }, 'WP01 work');
    expect((await gate()).success).toBe(true);
  });

  it('re-creates a missing coordination worktree before reading the status', async () => {
    const { store, memory, run } = setup();
    store.setCoordination(MISSION, { worktree: 'missing' });
    const state = await run('mission-state', { mission: MISSION });
    expect(state.success).toBe(true);
    expect(memory.control.calls).toEqual(['restoreWorktree', 'restoreWorktree']);
    store.setCoordination(MISSION, { worktree: 'missing' });
    // Without its branch the status has nowhere to come from.
    const gone = createMemoryVersionControl({ root: '/repo' });
    const refused = await execute(
      {
        clock: steppingClock('2026-08-22T10:00:00Z', 1000),
        ids: sequentialIds(),
        project: () => okAsync({ store, vcs: gone }),
      },
      'mission-state',
      { mission: MISSION },
    );
    expect(refused.envelope).toMatchObject({
      error_code: 'STATUS_READ_PATH_NOT_FOUND',
      data: { mission_slug: MISSION, coordination_branch: COORD, mid8: '01M8RB29' },
    });
  });

  it('lists every merge problem at once and merges lanes into the mission branch, then the target', async () => {
    const { memory, run, start, force } = setup();
    await start('WP01');
    memory.control.commit(`${COORD}-lane-a`, { 'a.txt': 'A\n' }, 'WP01 work');
    await force('WP01', 'done');
    await start('WP02');
    memory.control.setWorkspaceDirty(MISSION, 'lane-b', ['wip.txt']);
    const target = memory.control.tip('main');
    const refused = await run('merge-mission', { mission: MISSION });
    expect(refused.error_code).toBe('PREFLIGHT_FAILED');
    expect(refused.data['errors']).toEqual([
      expect.stringContaining('WP02 is in_progress'),
      expect.stringContaining('WP03 is planned'),
      expect.stringContaining('has uncommitted changes: wip.txt'),
    ]);
    // The dry run that looked for conflicts moved nothing.
    expect(memory.control.tip('main')).toBe(target);
    expect(memory.control.tip(COORD)).toBe(memory.control.tip('main'));
    memory.control.setWorkspaceDirty(MISSION, 'lane-b', []);
    await force('WP02', 'approved');
    await force('WP03', 'canceled');
    const merged = await run('merge-mission', { mission: MISSION });
    expect(merged.data).toMatchObject({
      merged_wps: ['WP01', 'WP02'],
      merged_lanes: ['lane-a', 'lane-b'],
      worktree_removed: true,
    });
    expect(memory.control.readFile('main', 'a.txt')).toBe('A\n');
    expect(memory.control.tip(`${COORD}-lane-a`)).toBeUndefined();
    // The coordination branch is the status surface: it stays.
    expect(memory.control.tip(COORD)).toBeDefined();
    const state = await run('mission-state', { mission: MISSION });
    expect(state.data['work_packages'][1]).toMatchObject({ lane: 'done', last_actor: 'merge' });
  });

  it('takes an expired lane claim over, reusing the lane worktree as it is', async () => {
    const { memory, start, later } = setup({ ttl: '2m' });
    await start('WP01');
    memory.control.setWorkspaceDirty(MISSION, 'lane-a', ['half-done.txt']);
    later(3 * 60_000);
    const taken = await start('WP01', MISSION, 'codex');
    expect(taken.data).toMatchObject({
      taken_over_from: 'claude',
      workspace_dirty: true,
      workspace_path: `/repo/.worktrees/${MISSION}-lane-a`,
      lane_id: 'lane-a',
    });
    // The lane is resumed as it is: no clean check refused it, its changes are still there.
    expect(
      (
        await memory.inspectLane({
          laneId: 'lane-a',
          worktreeName: `${MISSION}-lane-a`,
          branch: `${COORD}-lane-a`,
          wpId: 'WP01',
          fallbackBase: COORD,
        })
      )._unsafeUnwrap().dirtyPaths,
    ).toEqual(['half-done.txt']);
    expect((await start('WP01')).error_code).toBe('WP_ALREADY_CLAIMED');
  });
});
