// Contract 1.3.0 beside 1.0.0 over the in-memory ports: every 1.3 verb's data and failures, the
// order of checks, the guards, and both generations driving one feature.
import {
  createMemorySpecStore,
  createMemoryVersionControl,
  sequentialIds,
  steppingClock,
} from '@kittyhost/core/testing';
import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { OperationContext } from './context.js';
import { execute } from './execute.js';
import { markSubtasks } from './subtasks/mark-subtasks.js';

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
const META = {
  mission_id: '01M8RB29ABCDEFGHJKMNPQRSTV',
  mission_slug: MISSION,
  slug: MISSION,
  mission_number: null,
  mission_type: 'software-dev',
  friendly_name: 'Demo',
  target_branch: 'main',
};
const ID = { mission_slug: MISSION, mission_number: null, mission_type: 'software-dev' };

function setup(
  options: { tasksMd?: string; roster?: boolean; meta?: Record<string, unknown> } = {},
) {
  const roster = options.roster ?? true;
  const store = createMemorySpecStore(
    {
      [MISSION]: {
        workPackages: [
          { id: 'WP01', title: 'A', dependencies: [], ...(roster ? { subtasks: ['T001'] } : {}) },
          {
            id: 'WP02',
            title: 'B',
            dependencies: ['WP01'],
            ...(roster ? { subtasks: ['T002', 'T003'] } : {}),
          },
          { id: 'WP03', title: 'C', dependencies: [], ...(roster ? { subtasks: [] } : {}) },
        ],
        meta: options.meta ?? META,
        tasksMd:
          options.tasksMd ??
          '## WP01\n- [ ] T001 one\n## WP02\n- [ ] T002 two\n- [ ] T003 three\n## WP03\n',
      },
    },
    { root: '/repo' },
  );
  const vcs = createMemoryVersionControl();
  const context: OperationContext = {
    clock: steppingClock('2026-08-22T10:00:00Z', 1000),
    ids: sequentialIds(),
    project: () => okAsync({ store, vcs }),
  };
  // Parsed JSON in tests: `any` lets assertions reach into nested data.
  const run = async (subcommand: string, input: Record<string, unknown>) =>
    (await execute(context, subcommand, input)).envelope as {
      contract_version: string;
      command: string;
      success: boolean;
      error_code: string | null;
      data: Record<string, any>;
    };
  const log = () =>
    (store.files(MISSION)?.['status.events.jsonl'] ?? '')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { store, vcs, context, run, log };
}

type Setup = ReturnType<typeof setup>;

/** start-implementation, an implementation commit, subtask marks, for_review. */
async function implement({ run, vcs, context }: Setup, wp: string, actor = `agent-${wp}`) {
  const started = await run('start-implementation', {
    mission: MISSION,
    wp,
    actor,
    policy: POLICY,
  });
  expect(started.success, JSON.stringify(started)).toBe(true);
  vcs.control.commit(`${MISSION}-${wp}`, { [`${wp}.txt`]: `${wp}\n` });
  const roster = { WP01: ['T001'], WP02: ['T002', 'T003'], WP03: [] }[wp] ?? [];
  if (roster.length > 0)
    expect(
      (
        await markSubtasks(context, { ids: roster, status: 'done', mission: MISSION, cwd: '/' })
      ).isOk(),
    ).toBe(true);
  const review = await run('transition', {
    mission: MISSION,
    wp,
    to: 'for_review',
    actor,
    policy: POLICY,
    note: 'done',
  });
  expect(review.success, JSON.stringify(review)).toBe(true);
}

const result = (verdict: 'approved' | 'changes_requested', reference = 'review-1') => ({
  reviewer: 'rev',
  verdict,
  reference,
});

async function approve(s: Setup, wp: string, to: 'done' | 'approved' = 'done') {
  expect(
    (await s.run('start-review', { mission: MISSION, wp, actor: 'rev', policy: POLICY })).success,
  ).toBe(true);
  const done = await s.run('transition', {
    mission: MISSION,
    wp,
    to,
    actor: 'rev',
    policy: POLICY,
    review_ref: 'review-1',
    review_result_json: JSON.stringify(result('approved')),
    evidence_json: JSON.stringify({ review: result('approved') }),
  });
  expect(done.success, JSON.stringify(done)).toBe(true);
}

describe('generations', () => {
  it('decides a call by its names and selector, and answers in that generation', async () => {
    const { run } = setup();
    expect((await run('mission-state', { mission: MISSION })).contract_version).toBe('1.3.0');
    expect((await run('feature-state', { feature: MISSION })).contract_version).toBe('1.0.0');
    expect((await run('list-ready', { mission: MISSION })).contract_version).toBe('1.3.0');
    expect((await run('list-ready', { feature: MISSION })).contract_version).toBe('1.0.0');
    expect((await run('contract-version', {})).contract_version).toBe('1.3.0');
  });

  it.each([
    ['list-ready', { feature: MISSION, mission: MISSION }, 'not both'],
    ['list-ready', {}, "Missing required option '--mission <slug>'"],
    ['mission-state', { feature: MISSION }, "Unknown option '--feature'"],
    ['feature-state', { mission: MISSION }, "Unknown option '--mission'"],
    [
      'transition',
      { feature: MISSION, wp: 'WP01', to: 'done', actor: 'a', review_result_json: '{}' },
      "Unknown option '--review-result-json'",
    ],
  ])('refuses %s with %j as a USAGE_ERROR', async (name, input, message) => {
    const { run, log } = setup();
    const answer = await run(name, input);
    expect(answer.error_code).toBe('USAGE_ERROR');
    expect(String(answer.data['message'])).toContain(message);
    expect(log()).toEqual([]);
  });

  it('accepts consolidate-mission as merge-mission', async () => {
    const { run } = setup();
    const answer = await run('consolidate-mission', { mission: MISSION, strategy: 'octopus' });
    expect(answer.command).toBe('orchestrator-api.consolidate-mission');
    expect(answer.error_code).toBe('UNSUPPORTED_STRATEGY');
    expect(answer.data).toEqual({
      strategy: 'octopus',
      supported: ['merge', 'rebase', 'squash'],
      message:
        "Strategy 'octopus' is not supported. Supported strategies: ['merge', 'rebase', 'squash']",
    });
  });
});

describe('reads at 1.3', () => {
  it('mission-state: identity, nine-lane summary over every WP, last_actor of the last lane event', async () => {
    const s = setup();
    await implement(s, 'WP01');
    const answer = await s.run('mission-state', { mission: MISSION });
    expect(answer.data).toEqual({
      ...ID,
      summary: {
        planned: 2,
        claimed: 0,
        in_progress: 0,
        for_review: 1,
        in_review: 0,
        approved: 0,
        done: 0,
        blocked: 0,
        canceled: 0,
      },
      work_packages: [
        { wp_id: 'WP01', lane: 'for_review', dependencies: [], last_actor: 'agent-WP01' },
        { wp_id: 'WP02', lane: 'planned', dependencies: ['WP01'], last_actor: null },
        { wp_id: 'WP03', lane: 'planned', dependencies: [], last_actor: null },
      ],
    });
  });

  it('list-ready: dependencies satisfied by approved, no recommended_base', async () => {
    const s = setup();
    await implement(s, 'WP01');
    expect((await s.run('list-ready', { mission: MISSION })).data['ready_work_packages']).toEqual([
      { wp_id: 'WP03', lane: 'planned', dependencies_satisfied: true },
    ]);
    await approve(s, 'WP01', 'approved');
    expect((await s.run('list-ready', { mission: MISSION })).data['ready_work_packages']).toEqual([
      { wp_id: 'WP02', lane: 'planned', dependencies_satisfied: true },
      { wp_id: 'WP03', lane: 'planned', dependencies_satisfied: true },
    ]);
    // 1.0 sees the approved WP as done, and its dependent as ready.
    const old = await s.run('feature-state', { feature: MISSION });
    expect(old.data['work_packages'][0]).toMatchObject({ wp_id: 'WP01', lane: 'done' });
  });

  it('resolve-workspace names the lane fields and creates nothing', async () => {
    const s = setup();
    const answer = await s.run('resolve-workspace', { mission: MISSION, wp: 'WP02' });
    expect(answer.data).toMatchObject({
      ...ID,
      wp_id: 'WP02',
      workspace_path: `/repo/.worktrees/${MISSION}-WP02`,
      lane_id: 'WP02',
      lane_branch: `${MISSION}-WP02`,
      lane_base_ref: 'main',
    });
    expect(s.vcs.control.calls).not.toContain('ensureWorkspace');
    expect(s.log()).toEqual([]);
    expect((await s.run('resolve-workspace', { mission: MISSION, wp: 'WP9' })).data).toEqual({
      message: `Work package 'WP9' not found in ${MISSION}`,
    });
    expect((await s.run('resolve-workspace', { mission: 'nope', wp: 'WP01' })).data).toEqual({
      message: "Mission 'nope' not found in kitty-specs/",
    });
  });
});

describe('start-implementation at 1.3', () => {
  it('claims, writes 1.3 lines with mission_id, and answers the lane fields', async () => {
    const s = setup();
    const answer = await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'claude',
      policy: JSON.stringify(POLICY),
    });
    expect(answer.data).toEqual({
      ...ID,
      wp_id: 'WP01',
      from_lane: 'planned',
      to_lane: 'in_progress',
      workspace_path: `/repo/.worktrees/${MISSION}-WP01`,
      prompt_path: `/repo/kitty-specs/${MISSION}/tasks/WP01.md`,
      policy_metadata_recorded: true,
      no_op: false,
      lane_id: 'WP01',
      lane_branch: `${MISSION}-WP01`,
      lane_base_ref: 'main',
      status_committed: true,
    });
    const lines = s.log();
    expect(lines.map((line) => [line['from_lane'], line['to_lane'], line['reason']])).toEqual([
      ['planned', 'claimed', null],
      ['claimed', 'in_progress', null],
    ]);
    expect(lines[0]).toMatchObject({ mission_slug: MISSION, mission_id: META.mission_id });
    expect(lines[0]).not.toHaveProperty('feature_slug');
    expect(s.vcs.control.calls).toContain('commitFiles');
  });

  it('checks dependencies first, with the 1.3 data, and allocates nothing', async () => {
    const s = setup();
    const answer = await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP02',
      actor: 'claude',
      policy: POLICY,
    });
    expect(answer.error_code).toBe('DEPENDENCIES_NOT_SATISFIED');
    expect(answer.data).toEqual({
      ...ID,
      wp_id: 'WP02',
      unsatisfied_dependencies: ['WP01'],
      message:
        'dependencies_not_satisfied: WP02 depends on WP01; all dependencies must be approved or done before implementation can start',
    });
    expect(Object.keys(answer.data).at(-1)).toBe('message');
    expect(s.vcs.control.calls).not.toContain('ensureWorkspace');
    // 1.0 names the same refusal its own way.
    const old = await s.run('start-implementation', {
      feature: MISSION,
      wp: 'WP02',
      actor: 'claude',
      policy: POLICY,
    });
    expect(old.error_code).toBe('TRANSITION_REJECTED');
    expect(old.data).toEqual({
      message: 'Dependencies of WP02 are not done: WP01',
      from_lane: 'planned',
      to_lane: 'in_progress',
      unsatisfied_dependencies: ['WP01'],
    });
  });

  it('refuses another holder, takes over an abandoned one, and is a no-op for its holder', async () => {
    const s = setup();
    await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    const refused = await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'b',
      policy: POLICY,
    });
    expect(refused.error_code).toBe('WP_ALREADY_CLAIMED');
    expect(refused.data).toEqual({
      ...ID,
      claimed_by: 'a',
      requesting_actor: 'b',
      message: "WP WP01 is already claimed for implementation by 'a'",
    });
    const again = await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    expect(again.data).toMatchObject({ from_lane: 'in_progress', no_op: true });
    // Nothing was written, so nothing is said about a commit (as the original answers).
    expect(again.data).not.toHaveProperty('status_committed');
    await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'claimed',
      actor: 'unknown',
      policy: POLICY,
    });
    const taken = await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP03',
      actor: 'c',
      policy: POLICY,
    });
    expect(taken.data).toMatchObject({ from_lane: 'claimed', no_op: false });
  });

  it('refuses a WP in any other lane before touching its workspace', async () => {
    const s = setup();
    await implement(s, 'WP01');
    const before = s.vcs.control.calls.filter((call) => call === 'ensureWorkspace').length;
    const answer = await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'x',
      policy: POLICY,
    });
    expect(answer.error_code).toBe('TRANSITION_REJECTED');
    expect(answer.data).toEqual({
      message: "WP WP01 is in 'for_review', cannot start implementation",
    });
    expect(s.vcs.control.calls.filter((call) => call === 'ensureWorkspace').length).toBe(before);
  });

  it('names the policy it needs the 1.3 way', async () => {
    const { run } = setup();
    expect(
      (await run('start-implementation', { mission: MISSION, wp: 'WP01', actor: 'a' })).data,
    ).toEqual({
      message: '--policy is required for start-implementation',
    });
    const banned = await run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: { ...POLICY, dangerous_flags: ['--yolo'] },
    });
    expect(banned.error_code).toBe('POLICY_VALIDATION_FAILED');
    expect(String(banned.data['message'])).toContain('--yolo');
  });
});

describe('start-review at 1.3', () => {
  it('claims the review (for_review -> in_review), then answers no_op', async () => {
    const s = setup();
    await implement(s, 'WP01');
    const answer = await s.run('start-review', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'rev',
      policy: POLICY,
    });
    expect(answer.data).toEqual({
      ...ID,
      wp_id: 'WP01',
      from_lane: 'for_review',
      to_lane: 'in_review',
      prompt_path: `/repo/kitty-specs/${MISSION}/tasks/WP01.md`,
      policy_metadata_recorded: true,
      no_op: false,
      status_committed: true,
    });
    expect(s.log().at(-1)).toMatchObject({
      from_lane: 'for_review',
      to_lane: 'in_review',
      reason: 'Started review via action command',
      review_ref: null,
      actor: 'rev',
    });
    const count = s.log().length;
    const again = await s.run('start-review', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'other',
      policy: POLICY,
    });
    expect(again.data).toMatchObject({ from_lane: 'in_review', no_op: true });
    expect(again.data).not.toHaveProperty('status_committed');
    expect(s.log()).toHaveLength(count);
    const refused = await s.run('start-review', {
      mission: MISSION,
      wp: 'WP02',
      actor: 'rev',
      policy: POLICY,
    });
    expect(refused.data).toEqual({ message: "WP WP02 is in 'planned', cannot start review" });
  });
});

describe('transition at 1.3', () => {
  it('checks in the contract order: --to, policy, evidence, review result, mission, WP', async () => {
    const { run } = setup();
    const base = { mission: 'nope', wp: 'WP9', actor: 'a' };
    expect((await run('transition', { ...base, to: 'genesis' })).data).toEqual({
      message: 'Unknown lane: genesis',
    });
    expect((await run('transition', { ...base, to: 'in_review' })).data).toEqual({
      message: "--policy is required when transitioning to 'in_review'",
    });
    expect(
      (await run('transition', { ...base, to: 'done', evidence_json: '{' })).data['message'],
    ).toMatch(/^Invalid JSON in --evidence-json: /);
    expect(
      (await run('transition', { ...base, to: 'done', evidence_json: '[]' })).data['message'],
    ).toBe('--evidence-json must decode to a JSON object');
    expect(
      (
        await run('transition', {
          ...base,
          to: 'done',
          review_result_json: '{"reviewer":"r","verdict":"meh","reference":"x"}',
        })
      ).data['message'],
    ).toBe("--review-result-json verdict must be 'approved' or 'changes_requested'");
    expect(
      (
        await run('transition', {
          ...base,
          to: 'done',
          review_result_json: '{"reviewer":"","verdict":"approved","reference":"x"}',
        })
      ).data['message'],
    ).toBe('--review-result-json requires non-empty reviewer, verdict, and reference strings');
    expect((await run('transition', { ...base, to: 'done' })).error_code).toBe('MISSION_NOT_FOUND');
    expect((await run('transition', { ...base, mission: MISSION, to: 'done' })).error_code).toBe(
      'WP_NOT_FOUND',
    );
  });

  it('gates for_review on an implementation commit, before the pair itself', async () => {
    const s = setup();
    const planned = await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'for_review',
      actor: 'a',
      policy: POLICY,
    });
    expect(planned.error_code).toBe('TRANSITION_REJECTED');
    expect(planned.data).toEqual({
      ...ID,
      wp_id: 'WP03',
      lane_id: 'WP03',
      message: `WP03 cannot move to for_review: no implementation commit on lane WP03 (${MISSION}-WP03) beyond main. Commit the work in the lane worktree first, or pass --force if there is genuinely nothing to commit.`,
    });
    await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP03',
      actor: 'a',
      policy: POLICY,
    });
    const empty = await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'for_review',
      actor: 'a',
      policy: POLICY,
    });
    expect(String(empty.data['message'])).toContain('no implementation commit');
    s.vcs.control.commit(`${MISSION}-WP03`, { 'x.txt': 'x\n' });
    const ok = await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'for_review',
      actor: 'a',
      policy: POLICY,
    });
    expect(ok.success, JSON.stringify(ok)).toBe(true);
  });

  it('needs every roster subtask marked done; boxes in tasks.md do not count', async () => {
    const s = setup({ tasksMd: '## WP01\n- [x] T001 one\n' });
    await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    s.vcs.control.commit(`${MISSION}-WP01`, { 'x.txt': 'x\n' });
    const move = () =>
      s.run('transition', {
        mission: MISSION,
        wp: 'WP01',
        to: 'for_review',
        actor: 'a',
        policy: POLICY,
        subtasks_complete: true,
      });
    expect((await move()).data).toEqual({
      message:
        'Transition in_progress -> for_review requires completed subtasks or force with reason',
    });
    await markSubtasks(s.context, { ids: [`${MISSION}/T001`], status: 'done', cwd: '/repo' });
    expect((await move()).success).toBe(true);
  });

  it('falls back to tasks.md boxes or marks for a WP without a roster', async () => {
    const s = setup({ roster: false, tasksMd: '## WP01\n- [x] T001 one\n- [ ] T002 two\n' });
    await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    s.vcs.control.commit(`${MISSION}-WP01`, { 'x.txt': 'x\n' });
    const move = () =>
      s.run('transition', {
        mission: MISSION,
        wp: 'WP01',
        to: 'for_review',
        actor: 'a',
        policy: POLICY,
      });
    expect((await move()).error_code).toBe('TRANSITION_REJECTED');
    await markSubtasks(s.context, { ids: ['T002'], status: 'done', mission: MISSION, cwd: '/' });
    expect((await move()).success).toBe(true);
  });

  it('fails the implementation-evidence guard when told there is none', async () => {
    const s = setup();
    await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP03',
      actor: 'a',
      policy: POLICY,
    });
    s.vcs.control.commit(`${MISSION}-WP03`, { 'x.txt': 'x\n' });
    const answer = await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'for_review',
      actor: 'a',
      policy: POLICY,
      implementation_evidence_present: false,
    });
    expect(answer.data['message']).toBe(
      'Transition in_progress -> for_review requires implementation evidence or force with reason',
    );
  });

  it('leaves in_review only with a review result, consistent with review_ref and evidence', async () => {
    const s = setup();
    await implement(s, 'WP01');
    await s.run('start-review', { mission: MISSION, wp: 'WP01', actor: 'rev', policy: POLICY });
    const to = (extra: Record<string, unknown>, lane = 'done') =>
      s.run('transition', {
        mission: MISSION,
        wp: 'WP01',
        to: lane,
        actor: 'rev',
        policy: POLICY,
        ...extra,
      });
    expect((await to({})).data['message']).toBe(
      'Transition from in_review requires review_result (structured review outcome)',
    );
    expect((await to({ review_result_json: result('changes_requested') })).data['message']).toBe(
      'Transition to approved/done requires evidence (reviewer identity and approval reference)',
    );
    expect(
      (await to({ review_result_json: result('approved'), review_ref: 'other' })).data['message'],
    ).toBe('review_ref must match review_result.reference');
    expect(
      (
        await to({
          review_result_json: result('approved'),
          evidence_json: { review: { ...result('approved'), reviewer: 'x' } },
        })
      ).data['message'],
    ).toBe('Review evidence must match review_result');
    expect((await to({ evidence_json: { review: { reviewer: 'r' } } })).data['message']).toBe(
      'Moving to done requires evidence with review.reviewer review.verdict, and review.reference',
    );
    // A rejection sends the WP back to implementation; the approval later is recorded whole.
    const back = await to(
      {
        review_result_json: result('changes_requested', 'fb-1'),
        review_ref: 'fb-1',
        note: 'rework',
      },
      'in_progress',
    );
    expect(back.success, JSON.stringify(back)).toBe(true);
    expect(s.log().at(-1)).toMatchObject({
      from_lane: 'in_review',
      to_lane: 'in_progress',
      review_result: result('changes_requested', 'fb-1'),
    });
    s.vcs.control.commit(`${MISSION}-WP01`, { 'y.txt': 'y\n' });
    expect((await to({ note: 'again' }, 'for_review')).success).toBe(true);
    await approve(s, 'WP01');
    expect(s.log().at(-1)).toMatchObject({
      to_lane: 'done',
      evidence: { review: result('approved') },
      review_result: result('approved'),
    });
  });

  it('keeps only review, repos and verification of given evidence', async () => {
    const s = setup();
    await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'canceled',
      actor: 'a',
      note: 'no',
      evidence_json: {
        review: result('approved'),
        extra: 1,
        repos: [{ repo: 'r', branch: 'b', commit: 'abcdef1', developer_email: 'x@y' }],
      },
    });
    expect(s.log().at(-1)?.['evidence']).toEqual({
      review: result('approved'),
      repos: [{ repo: 'r', branch: 'b', commit: 'abcdef1' }],
    });
  });

  it('forces with an actor and a note, from any lane, and counts it', async () => {
    const s = setup();
    expect(
      (
        await s.run('transition', {
          mission: MISSION,
          wp: 'WP03',
          to: 'done',
          actor: 'a',
          force: true,
        })
      ).data['message'],
    ).toBe('Force transitions require actor and reason');
    const forced = await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'done',
      actor: 'a',
      force: true,
      note: 'shipped',
    });
    expect(forced.success).toBe(true);
    const back = await s.run('transition', {
      mission: MISSION,
      wp: 'WP03',
      to: 'planned',
      actor: 'a',
      force: true,
      note: 'reopen',
    });
    expect(back.data).toMatchObject({ from_lane: 'done', to_lane: 'planned' });
  });

  it('treats --to doing on an in_progress WP as done already, writing nothing', async () => {
    const s = setup();
    await s.run('start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    const count = s.log().length;
    const answer = await s.run('transition', {
      mission: MISSION,
      wp: 'WP01',
      to: 'doing',
      actor: 'a',
      policy: POLICY,
    });
    expect(answer.data).toMatchObject({ from_lane: 'in_progress', to_lane: 'in_progress' });
    expect(s.log()).toHaveLength(count);
  });
});

describe('history, acceptance and merge at 1.3', () => {
  it('append-history appends an annotation row and leaves the WP file alone', async () => {
    const s = setup();
    const before = s.store.files(MISSION)?.['tasks/WP01.md'];
    const answer = await s.run('append-history', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      note: 'Starting',
    });
    expect(answer.data).toMatchObject({ ...ID, wp_id: 'WP01' });
    expect(String(answer.data['history_entry_id'])).toMatch(/^hist-[0-9a-f]{32}$/);
    expect(s.store.files(MISSION)?.['tasks/WP01.md']).toBe(before);
    expect(s.log()).toEqual([
      {
        actor: 'a',
        at: expect.any(String),
        delta: {
          note: expect.stringMatching(/^- \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] a: Starting$/),
        },
        event_id: expect.any(String),
        kind: 'annotation',
        wp_id: 'WP01',
      },
    ]);
    expect(s.vcs.control.calls).not.toContain('commitFile');
  });

  it('accept-mission lists approved and done WPs and records the acceptance', async () => {
    const s = setup();
    const early = await s.run('accept-mission', { mission: MISSION, actor: 'lead' });
    expect(early.error_code).toBe('MISSION_NOT_READY');
    expect(early.data).toEqual({
      ...ID,
      incomplete_wps: ['WP01', 'WP02', 'WP03'],
      message: 'Mission has 3 incomplete WP(s)',
    });
    await implement(s, 'WP01');
    await approve(s, 'WP01', 'approved');
    for (const wp of ['WP02', 'WP03']) await implement(s, wp);
    await approve(s, 'WP02');
    await approve(s, 'WP03');
    const answer = await s.run('accept-mission', { mission: MISSION, actor: 'lead' });
    expect(answer.data).toMatchObject({
      ...ID,
      accepted: true,
      mode: 'auto',
      accepted_wps: ['WP01', 'WP02', 'WP03'],
      approved_wps: ['WP01'],
      done_wps: ['WP02', 'WP03'],
      merge_pending_wps: ['WP01'],
    });
    const meta = JSON.parse(s.store.files(MISSION)?.['meta.json'] ?? '{}');
    expect(meta).toMatchObject({
      accepted_by: 'lead',
      acceptance_mode: 'orchestrator',
      acceptance_history: [
        {
          accepted_at: answer.data['accepted_at'],
          accepted_by: 'lead',
          acceptance_mode: 'orchestrator',
        },
      ],
      mission_id: META.mission_id,
    });
    expect(Object.keys(meta)).toEqual([...Object.keys(meta)].sort());
  });

  it('merge-mission merges approved and done WPs in dependency order, then approved ones are done by merge', async () => {
    const s = setup();
    for (const wp of ['WP01', 'WP03']) await implement(s, wp);
    await approve(s, 'WP01', 'approved');
    await implement(s, 'WP02');
    await approve(s, 'WP02');
    const refused = await s.run('merge-mission', { mission: MISSION });
    expect(refused.error_code).toBe('PREFLIGHT_FAILED');
    expect(refused.data).toMatchObject({ ...ID, target_branch: 'main', message: 'Merge failed' });
    expect(refused.data['errors']).toEqual([
      'WP03 is for_review: every work package must be approved, done or canceled before merging',
    ]);
    await approve(s, 'WP03', 'approved');
    const answer = await s.run('merge-mission', { mission: MISSION });
    expect(answer.data).toMatchObject({
      ...ID,
      merged: true,
      target_branch: 'main',
      strategy: 'merge',
      merged_wps: ['WP01', 'WP02', 'WP03'],
      worktree_removed: true,
    });
    const merges = s.log().filter((line) => line['actor'] === 'merge');
    expect(
      merges.map((line) => [line['wp_id'], line['from_lane'], line['to_lane'], line['reason']]),
    ).toEqual([
      ['WP01', 'approved', 'done', 'Merged WP01 into main'],
      ['WP03', 'approved', 'done', 'Merged WP03 into main'],
    ]);
    expect(merges[0]).toMatchObject({
      evidence: {
        review: { reviewer: 'unknown', verdict: 'approved', reference: 'lane-approved:WP01' },
      },
      policy_metadata: { merge_phase: 'lane_integrated', target_branch: 'main' },
    });
    const state = await s.run('mission-state', { mission: MISSION });
    expect(state.data['summary']).toMatchObject({ done: 3 });
  });
});

describe('one feature, both generations', () => {
  it('a 1.0 provider reads 1.3 lanes projected and moves a WP out of review its own way', async () => {
    const s = setup();
    await implement(s, 'WP01');
    await s.run('start-review', { mission: MISSION, wp: 'WP01', actor: 'rev', policy: POLICY });
    const old = await s.run('feature-state', { feature: MISSION });
    expect(old.data['work_packages'][0]).toMatchObject({ wp_id: 'WP01', lane: 'for_review' });
    expect(old.data['summary']).toEqual({
      planned: 2,
      claimed: 0,
      in_progress: 0,
      for_review: 1,
      done: 0,
      blocked: 0,
      canceled: 0,
    });
    const done = await s.run('transition', {
      feature: MISSION,
      wp: 'WP01',
      to: 'done',
      actor: 'rev',
      review_ref: 'PR-1',
    });
    expect(done.data).toEqual({
      feature_slug: MISSION,
      wp_id: 'WP01',
      from_lane: 'for_review',
      to_lane: 'done',
      policy_metadata_recorded: false,
    });
    expect(s.log().at(-1)).toMatchObject({
      feature_slug: MISSION,
      from_lane: 'in_review',
      to_lane: 'done',
    });
    expect(
      (await s.run('mission-state', { mission: MISSION })).data['work_packages'][0],
    ).toMatchObject({ lane: 'done' });
  });

  it('refuses 1.3 lanes as 1.0 targets', async () => {
    const s = setup();
    expect(
      (await s.run('transition', { feature: MISSION, wp: 'WP01', to: 'in_review', actor: 'a' }))
        .data,
    ).toEqual({
      message: 'Unknown lane: in_review',
      to_lane: 'in_review',
    });
  });
});

describe('mark-status', () => {
  it('marks roster and tasks.md ids, reports the unknown and the satisfied', async () => {
    const s = setup({ tasksMd: '## WP01\n- [ ] T001 one\n## WP03\n- [ ] T009 extra\n' });
    const first = (
      await markSubtasks(s.context, {
        ids: ['T001', 'T009', 'T404'],
        status: 'done',
        cwd: `/repo/.worktrees/${MISSION}-WP01`,
      })
    )._unsafeUnwrap();
    expect(first.results.map(({ id, outcome, format }) => [id, outcome, format])).toEqual([
      ['T001', 'updated', 'authored_roster'],
      ['T009', 'updated', 'checkbox'],
      ['T404', 'not_found', null],
    ]);
    expect(first.summary).toEqual({ updated: 2, already_satisfied: 0, not_found: 1 });
    const again = (
      await markSubtasks(s.context, { ids: ['T001'], status: 'done', mission: MISSION, cwd: '/' })
    )._unsafeUnwrap();
    expect(again.results[0]?.outcome).toBe('already_satisfied');
    const undo = (
      await markSubtasks(s.context, {
        ids: ['T001'],
        status: 'pending',
        mission: MISSION,
        cwd: '/',
      })
    )._unsafeUnwrap();
    expect(undo.results[0]?.outcome).toBe('updated');
    expect(s.log().map((line) => [line['kind'], line['wp_id'], line['delta']])).toEqual([
      ['annotation', 'WP01', { subtasks: { T001: 'done' } }],
      ['annotation', 'WP03', { subtasks: { T009: 'done' } }],
      ['annotation', 'WP01', { subtasks: { T001: 'planned' } }],
    ]);
    expect(s.store.files(MISSION)?.['tasks.md']).toBe(
      '## WP01\n- [ ] T001 one\n## WP03\n- [ ] T009 extra\n',
    );
  });
});
