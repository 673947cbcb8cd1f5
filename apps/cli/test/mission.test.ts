// Contract 1.3.0 through the built CLI on real git repositories: status commits, failures that
// change nothing, the original host's log kept byte for byte, mark-status, parallel claimers, and
// one feature driven by both generations.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLI,
  FEATURE,
  POLICY,
  call,
  eventLines,
  git,
  run,
  runAsync,
  sampleProject,
  treeFingerprint,
} from './harness.js';

const MISSION = FEATURE;
const LOG = `kitty-specs/${MISSION}/status.events.jsonl`;

/** A 1.3 call (no `--json`, as the 0.1.3 client calls). */
function call13(root: string, subcommand: string, options: Record<string, string | boolean> = {}) {
  const args = ['orchestrator-api', subcommand];
  for (const [key, value] of Object.entries(options)) {
    if (value === true) args.push(`--${key}`);
    else if (value !== false) args.push(`--${key}`, value);
  }
  return run(root, args).envelope;
}

function markStatus(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'agent', 'tasks', 'mark-status', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

function commitIn(workspace: string, file: string) {
  writeFileSync(join(workspace, file), `${file}\n`);
  execFileSync('git', ['add', '-A'], { cwd: workspace });
  execFileSync(
    'git',
    ['-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-qm', `work ${file}`],
    {
      cwd: workspace,
    },
  );
}

describe('status commits', () => {
  it('commits exactly the two status files and leaves the user’s other changes as they were', () => {
    const { root } = sampleProject();
    writeFileSync(join(root, 'src', 'app.txt'), 'unstaged edit\n');
    writeFileSync(join(root, 'staged.txt'), 'staged\n');
    git(root, 'add', 'staged.txt');
    const before = git(root, 'status', '--porcelain');
    const started = call13(root, 'start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    expect(started.data['status_committed']).toBe(true);
    expect(git(root, 'log', '-1', '--format=%s')).toBe(
      'chore(spec-kitty): status transition batch WP01',
    );
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      LOG,
      `kitty-specs/${MISSION}/status.json`,
    ]);
    expect(git(root, 'status', '--porcelain')).toBe(before);
    expect(git(root, 'diff', '--cached', '--name-only')).toBe('staged.txt');
    // A 1.0 call on the same feature commits nothing: its surface stays exactly as it was.
    const head = git(root, 'rev-parse', 'HEAD');
    expect(
      call(root, 'transition', { feature: FEATURE, wp: 'WP05', to: 'blocked', actor: 'a' }).success,
    ).toBe(true);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('answers status_committed:false on a detached HEAD, keeps the event, and the next commit carries it', () => {
    const { root } = sampleProject();
    git(root, 'checkout', '-q', '--detach');
    const started = call13(root, 'start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    expect(started.success).toBe(true);
    expect(started.data['status_committed']).toBe(false);
    expect(eventLines(root)).toHaveLength(2);
    git(root, 'checkout', '-q', 'main');
    const blocked = call13(root, 'transition', {
      mission: MISSION,
      wp: 'WP05',
      to: 'blocked',
      actor: 'a',
    });
    expect(blocked.data['status_committed']).toBe(true);
    expect(git(root, 'show', `HEAD:${LOG}`).trim().split('\n')).toHaveLength(3);
  });
});

describe('failures change nothing', () => {
  it.each([
    ['mission-state', { mission: '../../etc' }, 'MISSION_NOT_FOUND'],
    [
      'start-implementation',
      { mission: MISSION, wp: 'WP02', actor: 'a', policy: POLICY },
      'DEPENDENCIES_NOT_SATISFIED',
    ],
    [
      'start-implementation',
      { mission: MISSION, wp: 'WP01', actor: 'a' },
      'POLICY_METADATA_REQUIRED',
    ],
    [
      'transition',
      { mission: MISSION, wp: 'WP01', to: 'for_review', actor: 'a', policy: POLICY },
      'TRANSITION_REJECTED',
    ],
    [
      'transition',
      { mission: MISSION, wp: 'WP01', to: 'bogus', actor: 'a' },
      'TRANSITION_REJECTED',
    ],
    [
      'transition',
      { mission: MISSION, wp: 'WP01', to: 'done', actor: 'a', 'review-result-json': '{"x"' },
      'USAGE_ERROR',
    ],
    [
      'start-review',
      { mission: MISSION, wp: 'WP01', actor: 'a', policy: POLICY },
      'TRANSITION_REJECTED',
    ],
    ['accept-mission', { mission: MISSION, actor: 'a' }, 'MISSION_NOT_READY'],
    ['merge-mission', { mission: MISSION }, 'PREFLIGHT_FAILED'],
    ['merge-mission', { mission: MISSION, strategy: 'octopus' }, 'UNSUPPORTED_STRATEGY'],
    [
      'append-history',
      { mission: MISSION, wp: 'WP01-setup', actor: 'a', note: 'n' },
      'WP_NOT_FOUND',
    ],
    ['resolve-workspace', { mission: MISSION, wp: 'WP77' }, 'WP_NOT_FOUND'],
  ])('%s %j → %s, the tree (and .git) byte-identical', (subcommand, options, code) => {
    const { root } = sampleProject();
    const before = treeFingerprint(root);
    const answer = call13(root, subcommand, options as Record<string, string>);
    expect(answer.error_code).toBe(code);
    expect(Object.keys(answer.data).at(-1)).toBe('message');
    expect(treeFingerprint(root)).toEqual(before);
  });
});

describe('the original host’s log', () => {
  it('is read (seed rows, annotations, mission-level rows, object actors) and kept byte for byte by our appends', () => {
    const { root, featureDir } = sampleProject();
    const original = [
      '{"aggregate_id": "01M8RCK176SECR64016WF4N3AM", "aggregate_type": "Mission", "event_id": "01M8RCK19XB3E0DM879TMX0QZR", "event_type": "MissionCreated", "payload": {"mission_slug": "001-sample-feature"}, "schema_version": 1, "timestamp": "2026-08-22T10:00:00.000000+00:00"}',
      ...['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06'].map(
        (wp, index) =>
          `{"actor": "finalize-tasks", "at": "2026-08-22T10:00:0${index + 1}.521748+00:00", "event_id": "01M8RCN4913S0J6B8XBNFTK4${index}E", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "genesis", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "001-sample-feature", "policy_metadata": null, "reason": "canonical bootstrap", "review_ref": null, "to_lane": "planned", "wp_id": "${wp}"}`,
      ),
      '{"actor": {"model": "opus", "profile": null, "role": "implementer", "tool": "claude"}, "at": "2026-08-22T10:01:00.000000+00:00", "event_id": "01M8RCP00000000000000000AA", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "planned", "mission_slug": "001-sample-feature", "policy_metadata": null, "reason": null, "review_ref": null, "to_lane": "claimed", "wp_id": "WP05"}',
      '{"actor": "claude", "at": "2026-08-22T10:01:01.000000+00:00", "delta": {"note": "- [2026-08-22T10:01:01Z] claude: Starting"}, "event_id": "01M8RCP00000000000000000AB", "kind": "annotation", "wp_id": "WP05"}',
      '{"event_name": "retrospective.requested", "event_id": "01M8RCP00000000000000000AC", "at": "2026-08-22T10:01:02.000000+00:00", "payload": {}}',
      '',
    ].join('\n');
    writeFileSync(join(featureDir, 'status.events.jsonl'), original);
    const state = call13(root, 'mission-state', { mission: MISSION });
    expect(state.success, JSON.stringify(state)).toBe(true);
    expect(state.data['summary']).toMatchObject({ planned: 5, claimed: 1 });
    expect(state.data['work_packages'][4]).toEqual({
      wp_id: 'WP05',
      lane: 'claimed',
      dependencies: [],
      last_actor: 'claude',
    });
    const ready = call13(root, 'list-ready', { mission: MISSION });
    expect(ready.data['ready_work_packages'].map((wp: { wp_id: string }) => wp.wp_id)).toEqual([
      'WP01',
    ]);
    expect(
      call13(root, 'start-implementation', {
        mission: MISSION,
        wp: 'WP01',
        actor: 'b',
        policy: POLICY,
      }).success,
    ).toBe(true);
    expect(
      call13(root, 'append-history', { mission: MISSION, wp: 'WP01', actor: 'b', note: 'Starting' })
        .success,
    ).toBe(true);
    const after = readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8');
    expect(after.startsWith(original)).toBe(true);
    const added = after
      .slice(original.length)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(added.map((row) => row.kind ?? `${row.from_lane}->${row.to_lane}`)).toEqual([
      'planned->claimed',
      'claimed->in_progress',
      'annotation',
    ]);
    // The 1.0 surface reads the same log.
    expect(call(root, 'feature-state', { feature: FEATURE }).data['summary']).toMatchObject({
      in_progress: 1,
      claimed: 1,
    });
  });

  it('is EVENT_LOG_CORRUPT, with its line number, for an unknown kind', () => {
    const { root, featureDir } = sampleProject();
    writeFileSync(
      join(featureDir, 'status.events.jsonl'),
      '\n{"kind": "mystery", "event_id": "x"}\n',
    );
    const answer = call13(root, 'mission-state', { mission: MISSION });
    expect(answer.error_code).toBe('EVENT_LOG_CORRUPT');
    expect(answer.data['line']).toBe(2);
  });
});

describe('spec-kitty agent tasks mark-status', () => {
  it('marks from inside the workspace (mission found from the cwd), one line per id, exit codes', () => {
    const { root } = sampleProject({ checkedSubtasks: false });
    const started = call13(root, 'start-implementation', {
      mission: MISSION,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    const workspace = started.data['workspace_path'] as string;
    const marked = markStatus(workspace, 'T011', 'T999', '--status', 'done');
    expect(marked.status).toBe(0);
    expect(marked.stdout.trim().split('\n')).toEqual([
      '✓ Marked T011 as done (WP01)',
      '✗ T999 was not found in any supported task format.',
    ]);
    const json = markStatus(workspace, `${MISSION}/T011`, '--status', 'done', '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      results: [
        {
          id: 'T011',
          outcome: 'already_satisfied',
          format: 'authored_roster',
          message: 'T011 is already done (WP01).',
        },
      ],
      summary: { updated: 0, already_satisfied: 1, not_found: 0 },
    });
    const none = markStatus(root, 'T999', '--status', 'done');
    expect(none.status).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    const bad = markStatus(root, 'T011', '--status', 'finished');
    expect([bad.status, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toMatch(/^spec-kitty: Invalid status 'finished'/);
    expect(markStatus(root, 'T011', '--status', 'done', '--mission', 'nope').stderr).toBe(
      "spec-kitty: Mission 'nope' not found in kitty-specs/\n",
    );
    // tasks.md is left untouched and nothing is committed.
    expect(git(root, 'status', '--porcelain', '--', `kitty-specs/${MISSION}/tasks.md`)).toBe('');
    commitIn(workspace, 'WP01.txt');
    expect(
      call13(root, 'transition', {
        mission: MISSION,
        wp: 'WP01',
        to: 'for_review',
        actor: 'a',
        policy: POLICY,
      }).success,
    ).toBe(true);
  });
});

describe('concurrent providers at 1.3', () => {
  it('gives each WP to exactly one of 8 processes claiming it with --mission', async () => {
    const { root } = sampleProject();
    for (const wp of ['WP01', 'WP05']) {
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, actor) =>
          runAsync(root, [
            'orchestrator-api',
            'start-implementation',
            '--mission',
            MISSION,
            '--wp',
            wp,
            '--actor',
            `agent-${actor}`,
            '--policy',
            POLICY,
          ]),
        ),
      );
      const winners = runs.filter((result) => result.envelope.success);
      expect(winners, wp).toHaveLength(1);
      for (const loser of runs.filter((result) => !result.envelope.success))
        expect(loser.envelope.error_code).toBe('WP_ALREADY_CLAIMED');
      expect(
        eventLines(root).filter((event) => event.wp_id === wp && event.to_lane === 'claimed'),
      ).toHaveLength(1);
    }
    // Every event reached a commit, whatever order the processes committed in.
    expect(git(root, 'show', `HEAD:${LOG}`).trim().split('\n')).toHaveLength(4);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});

describe('one feature, both generations', () => {
  it('a 1.0 provider starts, a 1.3 provider reviews, and each reads the other’s lanes', () => {
    const { root, featureDir } = sampleProject();
    const started = call(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'old',
      policy: POLICY,
    });
    commitIn(started.data['workspace_path'], 'WP01.txt');
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP01',
        to: 'for_review',
        actor: 'old',
        policy: POLICY,
      }).success,
    ).toBe(true);
    expect(
      call13(root, 'mission-state', { mission: MISSION }).data['work_packages'][0],
    ).toMatchObject({ lane: 'for_review', last_actor: 'old' });
    expect(
      call13(root, 'start-review', { mission: MISSION, wp: 'WP01', actor: 'new', policy: POLICY })
        .data['to_lane'],
    ).toBe('in_review');
    expect(
      call(root, 'feature-state', { feature: FEATURE }).data['work_packages'][0],
    ).toMatchObject({ lane: 'for_review' });
    const reference = 'review-1';
    const result = JSON.stringify({ reference, reviewer: 'new', verdict: 'approved' });
    expect(
      call13(root, 'transition', {
        mission: MISSION,
        wp: 'WP01',
        to: 'approved',
        actor: 'new',
        policy: POLICY,
        'review-result-json': result,
      }).success,
    ).toBe(true);
    expect(
      call(root, 'feature-state', { feature: FEATURE }).data['work_packages'][0],
    ).toMatchObject({ lane: 'done' });
    expect(
      call(root, 'list-ready', { feature: FEATURE }).data['ready_work_packages'].map(
        (wp: { wp_id: string }) => wp.wp_id,
      ),
    ).toEqual(['WP02', 'WP03', 'WP05']);
    const lines = readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => (line.feature_slug === undefined ? '1.3' : '1.0'))).toEqual([
      '1.0',
      '1.0',
      '1.0',
      '1.3',
      '1.3',
    ]);
  });
});
