// The terminal renderings of real view models (built by the board's operations over the
// in-memory ports at a fixed clock).
import { serializeLogEntry, type StatusEvent } from '@kittyhost/core';
import {
  createMemorySpecStore,
  createMemoryVersionControl,
  fixedClock,
  sequentialIds,
  type ProjectSeed,
} from '@kittyhost/core/testing';
import { execute, type OperationContext } from '@kittyhost/orchestrator-api';
import { featureBoard, listFeatures } from '@kittyhost/orchestrator-api/board';
import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { columnsPerRow, renderBoard } from './render-board.js';
import { renderFeatureList } from './render-list.js';
import { makeStyle } from './style.js';
import { displayWidth } from './text.js';

const SLUG = '001-demo';
let n = 0;
const move = (wpId: string, to: StatusEvent['to_lane'], at: string, actor = 'claude-1') =>
  serializeLogEntry({
    event_id: `01J${String((n += 1)).padStart(23, '0')}`,
    feature_slug: SLUG,
    wp_id: wpId,
    from_lane: 'planned',
    to_lane: to,
    at,
    actor,
    force: false,
    execution_mode: 'worktree',
    reason: to === 'blocked' ? 'waiting on legal' : null,
    review_ref: null,
    evidence: null,
    policy_metadata: null,
  });

const PROJECT: ProjectSeed = {
  [SLUG]: {
    files: { 'spec.md': '# Checkout flow\n' },
    meta: { target_branch: 'main' },
    workPackages: [
      { id: 'WP01', title: 'Project setup' },
      {
        id: 'WP02',
        title: 'Storage layer with a rather long title that must be cut',
        dependencies: ['WP01'],
      },
      { id: 'WP03', title: 'HTTP API', dependencies: ['WP01'] },
      { id: 'WP04', title: 'Docs \u001b[31mred\u001b[0m' },
      { id: 'WP05', title: '設計 review 🐱' },
    ],
    tasksMd: '## WP01\n- [x] T1\n- [x] T2\n- [x] T3\n- [ ] T4\n- [ ] T5\n',
    eventsText: [
      move('WP01', 'in_progress', '2026-03-01T11:48:00+00:00'),
      move('WP03', 'for_review', '2026-03-01T09:00:00+00:00', 'codex'),
      move('WP04', 'blocked', '2026-02-27T12:00:00+00:00', 'lead'),
      move('WP05', 'done', '2026-03-01T11:59:30+00:00'),
    ].join('\n'),
  },
  '002-broken': { files: { 'meta.json': '[' } },
};

const context: OperationContext = {
  clock: fixedClock('2026-03-01T12:00:00Z'),
  ids: sequentialIds(),
  project: () =>
    okAsync({ store: createMemorySpecStore(PROJECT), vcs: createMemoryVersionControl() }),
};
const plain = makeStyle(false);
const board = async () =>
  (await featureBoard(context, { selector: SLUG, workspaces: false }))._unsafeUnwrap();

describe('renderBoard', () => {
  it('shows a column per lane that has WPs, in lane order, with the cards of the issue', async () => {
    const lines = renderBoard(await board(), { width: 160, style: plain });
    expect(lines.slice(0, 2)).toEqual([
      '001-demo · Checkout flow',
      '5 WPs · 1 planned · 1 in progress · 1 for review · 1 done · 1 blocked · → main',
    ]);
    const headings = lines[3] ?? '';
    expect(headings.split(/\s{2,}/).filter(Boolean)).toEqual([
      'Planned 1',
      'In progress 1',
      'For review 1',
      'Done 1',
      'Blocked 1',
    ]);
    const text = lines.join('\n');
    expect(text).toContain('▌claude-1 · 12m · 3/5');
    expect(text).toContain('▌⛓ WP01');
    expect(text).toContain('▌3h'); // for review: held by nobody
    expect(text).toContain('▌2d');
    expect(text).toContain('▌» waiting on legal');
    expect(text).toContain('▌WP05 設計 review 🐱');
    expect(text).toContain('▌WP04 Docs  [31mred [0m'); // control characters neutralised
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('In review');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(160);
  });

  it('wraps lanes onto rows at 80 columns and stays within the width', async () => {
    const lines = renderBoard(await board(), { width: 80, style: plain });
    const headingRows = lines.filter((line) =>
      /^(Planned|For review|Blocked|Done|In progress) \d/.test(line),
    );
    expect(headingRows.length).toBeGreaterThan(1);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines.join('\n')).toContain('▌WP02 Storage layer with…');
  });

  it('balances columns per row and colours only when asked', async () => {
    expect([80, 100, 160, 40, 20].map((width) => columnsPerRow(width, 5))).toEqual([3, 3, 5, 1, 1]);
    expect(columnsPerRow(80, 4)).toBe(2);
    expect(columnsPerRow(200, 2)).toBe(2);
    const coloured = renderBoard(await board(), { width: 100, style: makeStyle(true) }).join('\n');
    expect(coloured).toContain('\u001b[');
  });
});

describe('leases on the terminal board', () => {
  it('shows a live lease’s age and an expired lease on a line of its own', async () => {
    const store = createMemorySpecStore(
      {
        [SLUG]: {
          workPackages: [
            { id: 'WP01', title: 'Setup' },
            { id: 'WP02', title: 'Storage' },
          ],
        },
      },
      { projectConfig: { orchestrator_api: { claim_ttl: '10m' } } },
    );
    let now = Date.parse('2026-03-01T12:00:00Z');
    const clock = { now: () => new Date(now) };
    const leased: OperationContext = {
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
    for (const wp of ['WP01', 'WP02']) {
      const started = await execute(leased, 'start-implementation', {
        mission: SLUG,
        wp,
        actor: `agent-${wp}`,
        policy,
      });
      expect(started.envelope.success).toBe(true);
    }
    now += 5 * 60_000;
    await execute(leased, 'heartbeat', { mission: SLUG, wp: 'WP02', actor: 'agent-WP02' });
    now += 6 * 60_000;
    const rendered = renderBoard(
      (await featureBoard(leased, { selector: SLUG, workspaces: false }))._unsafeUnwrap(),
      { width: 100, style: plain },
    ).join('\n');
    expect(rendered).toMatch(/▌agent-WP01 · \d+m\n▌⌛ lease expired · renewed 11m ago\n/);
    expect(rendered).toMatch(/▌agent-WP02 · \d+m · ♥ 6m$/m);
    expect(rendered.match(/lease expired/g)).toHaveLength(1);
  });
});

describe('renderFeatureList', () => {
  it('shows a progress bar per feature and a broken one with its problem', async () => {
    const listing = (await listFeatures(context))._unsafeUnwrap();
    const lines = renderFeatureList(listing, '/repo', { width: 80, style: plain });
    expect(lines[0]).toBe('2 features in /repo');
    expect(lines).toContain('001-demo  Checkout flow');
    expect(lines).toContain(
      '████░░░░░░░░░░░░░░░░ 1/5 done · 1 planned · 1 in progress · 1 for review · 1 bl…',
    );
    expect(lines.find((line) => line.startsWith('✗ SPEC_INVALID: '))).toContain('meta.json');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });
});
