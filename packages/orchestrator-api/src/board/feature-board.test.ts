// The board's view model over the in-memory ports: lanes, ages at a fixed clock, unmet
// dependencies, subtasks and roster marks, history, and how a call's generation names failures.
import { serializeLogEntry, type LogEntry, type StatusEvent } from '@kittyhost/core';
import {
  createMemorySpecStore,
  createMemoryVersionControl,
  fixedClock,
  sequentialIds,
  type FeatureSeed,
} from '@kittyhost/core/testing';
import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { OperationContext } from '../context.js';
import { execute } from '../execute.js';
import { featureBoard } from './feature-board.js';

const SLUG = '001-demo';
const NOW = '2026-03-01T12:00:00Z';

let counter = 0;
function lane(
  wpId: string,
  from: StatusEvent['from_lane'],
  to: StatusEvent['to_lane'],
  at: string,
  extra: Partial<StatusEvent> = {},
): StatusEvent {
  counter += 1;
  return {
    event_id: `01J${String(counter).padStart(23, '0')}`,
    feature_slug: SLUG,
    wp_id: wpId,
    from_lane: from,
    to_lane: to,
    at,
    actor: 'claude',
    force: false,
    execution_mode: 'worktree',
    reason: null,
    review_ref: null,
    evidence: null,
    policy_metadata: null,
    ...extra,
  };
}

function annotation(wpId: string, at: string, delta: Record<string, unknown>): LogEntry {
  counter += 1;
  return {
    kind: 'annotation',
    event_id: `01J${String(counter).padStart(23, '0')}`,
    wp_id: wpId,
    at,
    actor: 'user',
    delta,
  };
}

const log = (entries: readonly LogEntry[]) =>
  entries.map((entry) => `${serializeLogEntry(entry)}\n`).join('');

function contextOver(seed: Record<string, FeatureSeed>) {
  const store = createMemorySpecStore(seed);
  const vcs = createMemoryVersionControl();
  const context: OperationContext = {
    clock: fixedClock(NOW),
    ids: sequentialIds(),
    project: () => okAsync({ store, vcs }),
  };
  return { store, vcs, context };
}

const WORK_PACKAGES = [
  {
    id: 'WP01',
    title: 'Setup',
    body: '# WP01\n\n## Activity Log\n\n- [2026-01-01T00:00:00Z] planner: created\n',
  },
  { id: 'WP02', title: 'Storage', dependencies: ['WP01'] },
  { id: 'WP03', title: 'API', dependencies: ['WP01', 'WP02'], subtasks: ['T031', 'T032'] },
  { id: 'WP04', title: 'Docs' },
];
const TASKS_MD = [
  '## WP01 Setup',
  '- [x] T011 a',
  '- [ ] T012 b',
  '- [x] T013 c',
  '## WP02 Storage',
  '- [ ] T021 d',
  '',
].join('\n');

describe('featureBoard', () => {
  it('puts each WP in its lane, with holder, age since its last transition and unmet dependencies', async () => {
    const { context, store } = contextOver({
      [SLUG]: {
        workPackages: WORK_PACKAGES,
        tasksMd: TASKS_MD,
        meta: { target_branch: 'main', friendly_name: 'Demo' },
        files: { 'spec.md': '# The demo feature\n' },
        eventsText: log([
          lane('WP01', 'planned', 'claimed', '2026-03-01T11:00:00+00:00'),
          lane('WP01', 'claimed', 'in_progress', '2026-03-01T11:48:00.500000+00:00', {
            actor: 'codex',
          }),
          lane('WP04', 'planned', 'blocked', '2026-02-28T12:00:00+00:00', {
            actor: 'lead',
            force: true,
            reason: 'waiting on legal',
          }),
        ]),
      },
    });
    const before = store.files(SLUG);
    const board = (await featureBoard(context, { selector: SLUG }))._unsafeUnwrap();
    expect(store.files(SLUG)).toEqual(before);
    expect(board).toMatchObject({
      slug: SLUG,
      title: 'The demo feature',
      kind: 'feature',
      target_branch: 'main',
      accepted: false,
      generated_at: '2026-03-01T12:00:00.000Z',
      summary: { planned: 2, in_progress: 1, blocked: 1, done: 0, in_review: 0, approved: 0 },
    });
    expect(board.lanes).toEqual([
      'planned',
      'claimed',
      'in_progress',
      'for_review',
      'in_review',
      'approved',
      'done',
      'blocked',
      'canceled',
    ]);
    const cards = Object.fromEntries(board.work_packages.map((card) => [card.wp_id, card]));
    expect(board.work_packages.map((card) => card.wp_id)).toEqual(['WP01', 'WP02', 'WP03', 'WP04']);
    expect(cards['WP01']).toMatchObject({
      title: 'Setup',
      lane: 'in_progress',
      holder: 'codex',
      lane_since: '2026-03-01T11:48:00.500000+00:00',
      age_seconds: 719, // 11m59.5s, floored
      unmet_dependencies: [],
    });
    expect(cards['WP02']).toMatchObject({
      lane: 'planned',
      holder: null,
      lane_since: null,
      age_seconds: null,
      unmet_dependencies: ['WP01'],
    });
    expect(cards['WP03']?.unmet_dependencies).toEqual(['WP01', 'WP02']);
    // A blocked WP is held by nobody; its age is a day; its forced move is counted.
    expect(cards['WP04']).toMatchObject({
      lane: 'blocked',
      holder: null,
      age_seconds: 86_400,
      force_count: 1,
    });
    expect(board.last_event_id).toBe(
      board.work_packages.find((card) => card.wp_id === 'WP04')?.history[0]?.event_id,
    );
  });

  it('counts tasks.md boxes and the roster with its marks; a feature counts boxes, a mission its roster', async () => {
    const events = log([
      annotation('WP03', '2026-03-01T10:00:00+00:00', { subtasks: { T031: 'done' } }),
      annotation('WP01', '2026-03-01T10:00:01+00:00', { subtasks: { T012: 'done' } }),
    ]);
    const seed = (meta: Record<string, unknown>): Record<string, FeatureSeed> => ({
      [SLUG]: { workPackages: WORK_PACKAGES, tasksMd: TASKS_MD, meta, eventsText: events },
    });
    const feature = (await featureBoard(contextOver(seed({})).context, { selector: SLUG }))
      ._unsafeUnwrap()
      .work_packages.map((card) => [
        card.wp_id,
        card.subtasks,
        card.roster?.done ?? null,
        card.progress,
      ]);
    expect(feature).toEqual([
      ['WP01', { checked: 2, total: 3 }, null, { done: 2, total: 3, source: 'tasks-md' }],
      ['WP02', { checked: 0, total: 1 }, null, { done: 0, total: 1, source: 'tasks-md' }],
      ['WP03', null, 1, { done: 1, total: 2, source: 'roster' }],
      ['WP04', null, null, null],
    ]);
    const mission = (
      await featureBoard(contextOver(seed({ mission_id: '01M8RB29XXXXXXXXXXXXXXXXXX' })).context, {
        selector: SLUG,
      })
    )._unsafeUnwrap();
    expect(mission.kind).toBe('mission');
    const card = (id: string) => mission.work_packages.find((candidate) => candidate.wp_id === id);
    // Without a roster a mission counts a box done when checked or marked done (T012).
    expect(card('WP01')?.progress).toEqual({ done: 3, total: 3, source: 'tasks-md' });
    expect(card('WP03')?.roster).toEqual({
      done: 1,
      total: 2,
      ids: [
        { id: 'T031', done: true },
        { id: 'T032', done: false },
      ],
    });
    expect(card('WP03')?.progress).toEqual({ done: 1, total: 2, source: 'roster' });
  });

  it('lists history newest first, review references once, activity then 1.3 notes', async () => {
    const { context } = contextOver({
      [SLUG]: {
        workPackages: WORK_PACKAGES,
        eventsText: log([
          lane('WP01', 'planned', 'claimed', '2026-03-01T09:00:00+00:00'),
          lane('WP01', 'claimed', 'in_progress', '2026-03-01T09:00:01+00:00'),
          lane('WP01', 'in_progress', 'for_review', '2026-03-01T09:30:00+00:00'),
          lane('WP01', 'for_review', 'in_review', '2026-03-01T09:40:00+00:00', {
            actor: 'rev',
          }),
          lane('WP01', 'in_review', 'in_progress', '2026-03-01T09:50:00+00:00', {
            actor: 'rev',
            review_ref: 'fb-1',
            review_result: { reviewer: 'rev', verdict: 'changes_requested', reference: 'fb-1' },
            mission_slug: SLUG, // a contract 1.3 line: only those carry review results
          }),
          annotation('WP01', '2026-03-01T09:55:00+00:00', {
            note: '- [2026-03-01T09:55:00Z] claude: fixing',
          }),
          lane('WP01', 'in_progress', 'for_review', '2026-03-01T10:30:00+00:00'),
          lane('WP01', 'for_review', 'in_review', '2026-03-01T10:40:00+00:00', { actor: 'rev' }),
        ]),
      },
    });
    const card = (await featureBoard(context, { selector: SLUG }))
      ._unsafeUnwrap()
      .work_packages.find((candidate) => candidate.wp_id === 'WP01');
    expect(card?.lane).toBe('in_review');
    expect(card?.holder).toBe('rev');
    expect(
      card?.history.map((entry) => `${entry.kind}:${entry.from_lane}->${entry.to_lane}`),
    ).toEqual([
      'lane:for_review->in_review',
      'lane:in_progress->for_review',
      'annotation:null->null',
      'lane:in_review->in_progress',
      'lane:for_review->in_review',
      'lane:in_progress->for_review',
      'lane:claimed->in_progress',
      'lane:planned->claimed',
    ]);
    expect(card?.history[2]).toMatchObject({
      note: '- [2026-03-01T09:55:00Z] claude: fixing',
      actor: 'user',
    });
    expect(card?.history[3]).toMatchObject({
      review_ref: 'fb-1',
      review_result: { verdict: 'changes_requested', reference: 'fb-1' },
    });
    expect(card?.review_refs).toEqual(['fb-1']);
    // The last review outcome is carried until an exit from in_review without one.
    expect(card?.review_result).toEqual({
      reviewer: 'rev',
      verdict: 'changes_requested',
      reference: 'fb-1',
    });
    expect(card?.activity).toEqual([
      '- [2026-01-01T00:00:00Z] planner: created',
      '- [2026-03-01T09:55:00Z] claude: fixing',
    ]);
  });

  it('inspects workspaces through the port only when asked', async () => {
    const { context, vcs } = contextOver({ [SLUG]: { workPackages: WORK_PACKAGES } });
    await vcs.ensureWorkspace({ featureSlug: SLUG, wpId: 'WP02', baseBranch: 'main' });
    const calls = vcs.control.calls.length;
    const quick = (
      await featureBoard(context, { selector: SLUG, workspaces: false })
    )._unsafeUnwrap();
    expect(vcs.control.calls.length).toBe(calls);
    expect(quick.work_packages.map((card) => card.workspace.exists)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const full = (await featureBoard(context, { selector: SLUG }))._unsafeUnwrap();
    expect(full.work_packages.map((card) => card.workspace)).toEqual(
      ['WP01', 'WP02', 'WP03', 'WP04'].map((id) => ({
        path: `/repo/.worktrees/${SLUG}-${id}`,
        branch: `${SLUG}-${id}`,
        exists: id === 'WP02',
      })),
    );
  });

  it('reads a 1,000-WP feature in linear time (tasks.md and activity logs read once)', async () => {
    const ids = Array.from(
      { length: 1000 },
      (_, index) => `WP${String(index + 1).padStart(4, '0')}`,
    );
    const { context } = contextOver({
      [SLUG]: {
        workPackages: ids.map((id, index) => ({
          id,
          title: `Task ${index}`,
          dependencies: index === 0 ? [] : [ids[index - 1] as string],
          body: `# ${id}\n\n## Activity Log\n\n- created\n`,
        })),
        tasksMd: ids.map((id) => `## ${id}\n- [x] T1 a\n- [ ] T2 b\n`).join('\n'),
      },
    });
    const started = performance.now();
    const board = (
      await featureBoard(context, { selector: SLUG, workspaces: false })
    )._unsafeUnwrap();
    const elapsed = performance.now() - started;
    expect(board.work_packages).toHaveLength(1000);
    expect(board.work_packages[999]).toMatchObject({
      subtasks: { checked: 1, total: 2 },
      unmet_dependencies: ['WP0999'],
      activity: ['- created'],
    });
    // Quadratic reads took seconds here; a linear board takes a few tens of milliseconds.
    expect(elapsed).toBeLessThan(1500);
  });

  it('is a subcommand of both generations with the same data, failures named by the call', async () => {
    const { context } = contextOver({ [SLUG]: { workPackages: WORK_PACKAGES } });
    const byFeature = await execute(context, 'feature-board', { feature: SLUG });
    const byMission = await execute(context, 'feature-board', { mission: SLUG });
    expect(byFeature.envelope).toMatchObject({
      contract_version: '1.0.0',
      command: 'orchestrator-api.feature-board',
      success: true,
    });
    expect(byMission.envelope.contract_version).toBe('1.3.0');
    expect(byMission.envelope.data).toEqual(byFeature.envelope.data);
    const missing = await execute(context, 'feature-board', { mission: '404-nope' });
    expect(missing.envelope.error_code).toBe('MISSION_NOT_FOUND');
    expect(
      (await execute(context, 'feature-board', { feature: '404-nope' })).envelope.error_code,
    ).toBe('FEATURE_NOT_FOUND');
    const unknown = await execute(context, 'feature-board', { feature: SLUG, colour: 'red' });
    expect(unknown.envelope.data).toEqual({
      message: "Unknown option '--colour'",
      subcommand: 'feature-board',
    });
  });
});

describe('leases on the board', () => {
  it('shows each held card’s lease: its age since renewal, when it ends, and an expired one distinctly', async () => {
    const store = createMemorySpecStore(
      {
        [SLUG]: {
          workPackages: [
            { id: 'WP01', title: 'Setup' },
            { id: 'WP02', title: 'Storage' },
            { id: 'WP03', title: 'API' },
          ],
        },
      },
      { projectConfig: { orchestrator_api: { claim_ttl: '10m' } } },
    );
    let now = Date.parse('2026-03-01T12:00:00Z');
    const clock = { now: () => new Date(now) };
    const context: OperationContext = {
      clock,
      ids: sequentialIds(),
      project: () => okAsync({ store, vcs: createMemoryVersionControl({ now: clock.now }) }),
    };
    const policy = {
      orchestrator_id: 'o',
      orchestrator_version: '1',
      agent_family: 'claude',
      approval_mode: 'full_auto',
      sandbox_mode: 'workspace_write',
      network_mode: 'none',
      dangerous_flags: [],
    };
    for (const wp of ['WP01', 'WP02'])
      expect(
        (await execute(context, 'start-implementation', { mission: SLUG, wp, actor: 'a', policy }))
          .envelope.success,
      ).toBe(true);
    now += 4 * 60_000;
    expect(
      (await execute(context, 'heartbeat', { mission: SLUG, wp: 'WP02', actor: 'a' })).envelope
        .success,
    ).toBe(true);
    now += 7 * 60_000; // WP01: 11 minutes without renewal; WP02: 7
    const board = (await featureBoard(context, { selector: SLUG }))._unsafeUnwrap();
    const leases = Object.fromEntries(board.work_packages.map((card) => [card.wp_id, card.lease]));
    expect(leases).toEqual({
      WP01: {
        expires_at: '2026-03-01T12:10:00.000Z',
        expired: true,
        renewed_at: '2026-03-01T12:00:00.000Z',
        age_seconds: 660,
      },
      WP02: {
        expires_at: '2026-03-01T12:14:00.000Z',
        expired: false,
        renewed_at: '2026-03-01T12:04:00.000Z',
        age_seconds: 420,
      },
      WP03: null,
    });
  });

  it('has no lease while leases are off', async () => {
    const { context } = contextOver({ [SLUG]: { workPackages: WORK_PACKAGES } });
    const board = (await featureBoard(context, { selector: SLUG }))._unsafeUnwrap();
    expect(board.work_packages.every((card) => card.lease === null)).toBe(true);
  });
});
