// Replays exactly what the provider people install today does — spec-kitty-orchestrator 0.1.3,
// contract 1.3.0 (CONTRACT-1.3.md §11) — against the built CLI on a real git repository: no
// `--json`, one actor for implementation and review, subtasks marked by the agent with
// `spec-kitty agent tasks mark-status`, a rejection cycle, a resume through resolve-workspace, an
// orphaned review recovered through `last_actor`; then accept-mission and merge-mission.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CLI, FEATURE, git, parseEnvelope, sampleProject, type Envelope } from './harness.js';

const ACTOR = 'spec-kitty-orchestrator';
const POLICY = JSON.stringify({
  orchestrator_id: 'spec-kitty-orchestrator',
  orchestrator_version: '0.1.3',
  agent_family: 'claude',
  approval_mode: 'full_auto',
  sandbox_mode: 'workspace_write',
  network_mode: 'none',
  dangerous_flags: [],
  tool_restrictions: null,
});
const MISSION = FEATURE;

/** One call as the client makes it: cwd = repo root, SPECIFY_REPO_ROOT set, whole stdout parsed. */
function host(root: string, ...args: string[]): Envelope {
  const result = spawnSync(process.execPath, [CLI, 'orchestrator-api', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SPECIFY_REPO_ROOT: root },
  });
  const envelope = parseEnvelope(result.stdout.trim(), ['orchestrator-api', ...args]);
  expect(envelope.contract_version).toBe('1.3.0');
  expect(result.status === 0).toBe(envelope.success);
  return envelope;
}

function ok(envelope: Envelope): Record<string, any> {
  expect(envelope.success, JSON.stringify(envelope)).toBe(true);
  return envelope.data;
}

/** What the agent does in its workspace: work, mark each subtask done, then the client commits. */
function agentWorks(root: string, workspace: string, wp: string, subtasks: string[], text: string) {
  writeFileSync(join(workspace, `${wp}.txt`), text);
  for (const subtask of subtasks) {
    const marked = spawnSync(
      process.execPath,
      [CLI, 'agent', 'tasks', 'mark-status', subtask, '--status', 'done', '--mission', MISSION],
      { cwd: workspace, encoding: 'utf8', env: { ...process.env, SPECIFY_REPO_ROOT: root } },
    );
    expect(marked.status, marked.stderr).toBe(0);
  }
  execFileSync('git', ['add', '-A'], { cwd: workspace });
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Agent',
      '-c',
      'user.email=agent@example.com',
      'commit',
      '-qm',
      `feat(${wp}): implementation by claude`,
    ],
    { cwd: workspace },
  );
}

it(
  'drives a whole mission like spec-kitty-orchestrator 0.1.3 and lands every WP on main',
  { timeout: 180_000 },
  () => {
    const { root } = sampleProject({ checkedSubtasks: false });
    const contract = ok(host(root, 'contract-version'));
    const version = (contract['api_version'] as string).split('.').map(Number);
    expect(version[0] === 1 && (version[1] ?? 0) >= 3).toBe(true);
    expect(contract['min_supported_provider_version']).toBe('0.1.0');

    // An earlier run was killed while its reviewer held WP05: put it there by the same calls.
    const started = ok(
      host(
        root,
        'start-implementation',
        '--mission',
        MISSION,
        '--wp',
        'WP05',
        '--actor',
        ACTOR,
        '--policy',
        POLICY,
      ),
    );
    agentWorks(root, started['workspace_path'], 'WP05', ['T051'], 'work of WP05\n');
    ok(
      host(
        root,
        'transition',
        '--mission',
        MISSION,
        '--wp',
        'WP05',
        '--to',
        'for_review',
        '--actor',
        ACTOR,
        '--policy',
        POLICY,
        '--note',
        "Implementation by 'claude' complete",
      ),
    );
    ok(
      host(
        root,
        'start-review',
        '--mission',
        MISSION,
        '--wp',
        'WP05',
        '--actor',
        ACTOR,
        '--policy',
        POLICY,
        '--review-ref',
        `review-WP05-cycle1-${randomBytes(4).toString('hex')}`,
      ),
    );

    // Orphan recovery: every in_review WP whose last actor is this provider goes back to for_review.
    const state = ok(host(root, 'mission-state', '--mission', MISSION));
    const orphans = (state['work_packages'] as Record<string, any>[]).filter(
      (wp) => wp['lane'] === 'in_review' && wp['last_actor'] === ACTOR,
    );
    expect(orphans.map((wp) => wp['wp_id'])).toEqual(['WP05']);
    for (const orphan of orphans) {
      ok(
        host(
          root,
          'transition',
          '--mission',
          MISSION,
          '--wp',
          orphan['wp_id'],
          '--to',
          'for_review',
          '--force',
          '--note',
          'reviewer agent interrupted when orchestrator was killed; re-queuing for review',
          '--actor',
          ACTOR,
          '--policy',
          POLICY,
        ),
      );
    }

    const cycles = new Map<string, number>();
    const driven = new Set<string>();
    const done: string[] = [];
    for (let poll = 0; poll < 20; poll++) {
      const ready = ok(host(root, 'list-ready', '--mission', MISSION))[
        'ready_work_packages'
      ] as Record<string, any>[];
      const mission = ok(host(root, 'mission-state', '--mission', MISSION));
      expect(mission['mission_slug']).toBe(MISSION);
      const lanes = new Map(
        (mission['work_packages'] as Record<string, any>[]).map((wp) => [
          wp['wp_id'] as string,
          wp['lane'] as string,
        ]),
      );
      if ([...lanes.values()].every((lane) => ['done', 'canceled', 'blocked'].includes(lane)))
        break;
      for (const wp of ready)
        expect(wp).toEqual({ wp_id: wp['wp_id'], lane: 'planned', dependencies_satisfied: true });
      const resumable = [...lanes]
        .filter(
          ([id, lane]) =>
            ['claimed', 'in_progress', 'for_review'].includes(lane) && !driven.has(id),
        )
        .map(([id]) => id);
      for (const wp of [...ready.map((item) => item['wp_id'] as string), ...resumable]) {
        driven.add(wp);
        const subtask = `T${wp.slice(2)}1`;
        let workspace: string;
        if (lanes.get(wp) === 'for_review') {
          const resolved = ok(host(root, 'resolve-workspace', '--mission', MISSION, '--wp', wp));
          expect(resolved).toMatchObject({
            wp_id: wp,
            lane_id: wp,
            lane_branch: `${MISSION}-${wp}`,
          });
          workspace = resolved['workspace_path'];
        } else {
          const claim = ok(
            host(
              root,
              'start-implementation',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--policy',
              POLICY,
            ),
          );
          expect(claim).toMatchObject({
            to_lane: 'in_progress',
            policy_metadata_recorded: true,
            lane_id: wp,
          });
          workspace = claim['workspace_path'];
          expect(git(workspace, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(claim['lane_branch']);
          ok(
            host(
              root,
              'append-history',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--note',
              "Starting implementation with agent 'claude' (retry #0)",
            ),
          );
          agentWorks(root, workspace, wp, [subtask], `work of ${wp}\n`);
          ok(
            host(
              root,
              'append-history',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--note',
              "Implementation committed and completed by 'claude'",
            ),
          );
          ok(
            host(
              root,
              'transition',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--to',
              'for_review',
              '--actor',
              ACTOR,
              '--policy',
              POLICY,
              '--note',
              "Implementation by 'claude' complete",
            ),
          );
        }
        for (;;) {
          const cycle = (cycles.get(wp) ?? 0) + 1;
          cycles.set(wp, cycle);
          ok(
            host(
              root,
              'append-history',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--note',
              `Starting review cycle ${cycle} with 'claude'`,
            ),
          );
          const reference = `review-${wp}-cycle${cycle}-${randomBytes(4).toString('hex')}`;
          const review = ok(
            host(
              root,
              'start-review',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--policy',
              POLICY,
              '--review-ref',
              reference,
            ),
          );
          expect(review['to_lane']).toBe('in_review');
          if (wp === 'WP02' && cycle === 1) {
            const feedback = `feedback-${wp}-cycle${cycle}-${randomBytes(4).toString('hex')}`;
            ok(
              host(
                root,
                'append-history',
                '--mission',
                MISSION,
                '--wp',
                wp,
                '--actor',
                ACTOR,
                '--note',
                'Review feedback: add tests',
              ),
            );
            const rejected = JSON.stringify({
              reference: feedback,
              reviewer: ACTOR,
              verdict: 'changes_requested',
            });
            ok(
              host(
                root,
                'transition',
                '--mission',
                MISSION,
                '--wp',
                wp,
                '--to',
                'in_progress',
                '--actor',
                ACTOR,
                '--policy',
                POLICY,
                '--note',
                'Review rejected; rework required',
                '--review-ref',
                feedback,
                '--review-result-json',
                rejected,
              ),
            );
            agentWorks(root, workspace, wp, [], `work of ${wp}, reworked\n`);
            ok(
              host(
                root,
                'transition',
                '--mission',
                MISSION,
                '--wp',
                wp,
                '--to',
                'for_review',
                '--actor',
                ACTOR,
                '--policy',
                POLICY,
                '--note',
                `Re-implementation complete (cycle ${cycle})`,
              ),
            );
            continue;
          }
          const result = JSON.stringify({ reference, reviewer: ACTOR, verdict: 'approved' });
          const evidence = JSON.stringify({
            review: { reference, reviewer: ACTOR, verdict: 'approved' },
          });
          ok(
            host(
              root,
              'transition',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--to',
              'done',
              '--actor',
              ACTOR,
              '--policy',
              POLICY,
              '--note',
              `Review approved by '${ACTOR}'`,
              '--review-ref',
              reference,
              '--review-result-json',
              result,
              '--evidence-json',
              evidence,
            ),
          );
          ok(
            host(
              root,
              'append-history',
              '--mission',
              MISSION,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--note',
              `Review approved in cycle ${cycle}`,
            ),
          );
          done.push(wp);
          break;
        }
      }
    }
    expect(done.sort()).toEqual(['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06']);
    const final = ok(host(root, 'mission-state', '--mission', MISSION));
    expect(final['summary']).toMatchObject({ done: 6, planned: 0, in_review: 0 });
    // Every status change was committed with the status files, and only those.
    const subjects = git(root, 'log', '--format=%s', 'main').split('\n');
    expect(
      subjects.filter((subject) => subject.startsWith('chore(spec-kitty): status transition'))
        .length,
    ).toBeGreaterThan(20);
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      `kitty-specs/${MISSION}/status.events.jsonl`,
      `kitty-specs/${MISSION}/status.json`,
    ]);

    const accepted = ok(host(root, 'accept-mission', '--mission', MISSION, '--actor', ACTOR));
    expect(accepted).toMatchObject({
      accepted: true,
      mode: 'auto',
      done_wps: ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06'],
    });
    const merged = ok(
      host(root, 'merge-mission', '--mission', MISSION, '--target', 'main', '--strategy', 'merge'),
    );
    expect(merged['merged_wps']).toEqual(['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06']);
    expect(merged['worktree_removed']).toBe(true);
    for (const wp of ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06']) {
      expect(git(root, 'show', `main:${wp}.txt`)).toMatch(new RegExp(`^work of ${wp}`));
    }
    expect(git(root, 'show', 'main:WP02.txt')).toBe('work of WP02, reworked');
    expect(git(root, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(git(root, 'fsck', '--strict')).toBe('');
  },
);
