// Execution lanes on missions built with spec-kitty 3.2's layout (createLaneMission), through the
// built CLI, checked with the git CLI: allocation conflicts, merge-mission refusals, workflow
// evidence, the lanes topology, and crashes (SIGKILL) during allocation and merge.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLaneMission, type LaneMission } from '@kittyhost/sample-project/lanes';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, git } from './harness.js';
import {
  ACTOR,
  PROVIDER_POLICY,
  agentWorks,
  checkoutState,
  expectFsckClean,
  failed,
  host,
  ok,
  refs,
  startImplementation,
  transition,
  worktrees,
} from './lanes-harness.js';

const base = mkdtempSync(join(tmpdir(), 'kittyhost-lanes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let count = 0;
const mission = (options: Parameters<typeof createLaneMission>[1] = {}): LaneMission =>
  createLaneMission(join(base, `mission-${++count}`), options);

/** Start a WP, commit `files` in its lane, and force it to `to` (the guards are tested elsewhere). */
function work(
  m: LaneMission,
  wp: string,
  files: Readonly<Record<string, string>>,
  to: 'done' | 'approved' | 'in_progress' = 'done',
): string {
  const started = ok(startImplementation(m.root, m.slug, wp));
  agentWorks(
    m.root,
    m.slug,
    started['workspace_path'],
    files,
    [],
    `feat(${wp}): implementation by claude`,
  );
  if (to !== 'in_progress')
    ok(transition(m.root, m.slug, wp, to, '--force', '--note', `forced to ${to} by the test`));
  return started['workspace_path'] as string;
}

const merge = (m: LaneMission, ...extra: string[]) =>
  host(m.root, ['merge-mission', '--mission', m.slug, '--target', m.targetBranch, ...extra]);

/** Run one CLI call that a failpoint kills (SIGKILL, as a crash would). */
function crash(m: LaneMission, failpoint: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [CLI, 'orchestrator-api', ...args], {
    cwd: m.root,
    encoding: 'utf8',
    env: { ...process.env, SPECIFY_REPO_ROOT: m.root, KITTYHOST_FAILPOINT: failpoint },
  });
  expect(result.signal, result.stdout).toBe('SIGKILL');
  expect(result.stdout).toBe('');
}

describe('execution lanes (spec-kitty 3.2 layout)', () => {
  it('aborts a conflicting dependency-lane merge: the new lane is not made, the WP not started, nothing half-merged', () => {
    const m = mission({
      workPackages: [
        { id: 'WP01', files: ['shared.txt'] },
        { id: 'WP02', files: ['shared.txt', 'b.txt'] },
        { id: 'WP03', dependencies: ['WP01', 'WP02'] },
        { id: 'WP04', lane: 'lane-a', dependencies: ['WP01'] },
      ],
    });
    work(m, 'WP01', { 'shared.txt': 'from WP01\n' });
    work(m, 'WP02', { 'shared.txt': 'from WP02\n' });
    const before = refs(m.root);
    const lanes = worktrees(m.root);
    const data = failed(startImplementation(m.root, m.slug, 'WP03'), 'LANE_ALLOCATION_FAILED');
    expect(data).toMatchObject({ mission_slug: m.slug, wp_id: 'WP03' });
    expect(data['reason']).toContain('dependency lane lane-b');
    expect(data['reason']).toContain('shared.txt');
    expect(refs(m.root)).toBe(before);
    expect(worktrees(m.root)).toEqual(lanes);
    expect(existsSync(join(m.root, '.worktrees', `${m.slug}-lane-c`))).toBe(false);
    const state = ok(host(m.root, ['mission-state', '--mission', m.slug]));
    expect(state['work_packages'][2]).toMatchObject({ wp_id: 'WP03', lane: 'planned' });
    // A second WP of a lane shares its worktree and branch.
    const shared = ok(startImplementation(m.root, m.slug, 'WP04'));
    expect(shared).toMatchObject({
      lane_id: 'lane-a',
      workspace_path: join(m.root, '.worktrees', `${m.slug}-lane-a`),
      lane_branch: `kitty/mission-${m.slug}-lane-a`,
    });
    expect(readFileSync(join(shared['workspace_path'], 'shared.txt'), 'utf8')).toBe('from WP01\n');
  });

  it('merge-mission lists every problem and leaves the target untouched; once they are fixed it merges', () => {
    const m = mission({
      workPackages: [
        { id: 'WP01', files: ['a.txt'] },
        { id: 'WP02', files: ['b.txt'] },
        { id: 'WP03', files: ['c.txt'] },
        { id: 'WP04', files: ['d.txt'] },
        { id: 'WP05', files: ['e.txt'] },
      ],
    });
    work(m, 'WP01', { 'a.txt': 'A\n' });
    work(m, 'WP02', { 'b.txt': 'B\n' }, 'in_progress');
    const laneC = work(m, 'WP03', { 'c.txt': 'C\n' }, 'approved');
    writeFileSync(join(laneC, 'c.txt'), 'C, not committed\n');
    work(m, 'WP04', { 'd.txt': 'D\n' });
    git(m.root, 'worktree', 'remove', '--force', join(m.root, '.worktrees', `${m.slug}-lane-d`));
    git(m.root, 'branch', '-D', `kitty/mission-${m.slug}-lane-d`);
    work(m, 'WP05', { 'a.txt': 'A from WP05\n' });
    const before = { refs: refs(m.root), main: checkoutState(m.root) };
    const refused = failed(merge(m), 'PREFLIGHT_FAILED');
    expect(refused['target_branch']).toBe(m.targetBranch);
    expect(refused['errors']).toEqual([
      expect.stringContaining('WP02 is in_progress'),
      expect.stringMatching(
        new RegExp(`^Lane lane-c worktree .*${m.slug}-lane-c has uncommitted changes: c\\.txt$`),
      ),
      `Lane branch kitty/mission-${m.slug}-lane-d does not exist (lane-d: WP04)`,
    ]);
    expect({ refs: refs(m.root), main: checkoutState(m.root) }).toEqual(before);

    // The unfinished WP done, the worktree clean, the lost lane's WP canceled: the conflicting
    // lane is what is left, named with its path.
    ok(transition(m.root, m.slug, 'WP02', 'done', '--force', '--note', 'finished'));
    git(laneC, 'checkout', '--', 'c.txt');
    ok(transition(m.root, m.slug, 'WP04', 'canceled', '--force', '--note', 'lost'));
    const conflict = failed(merge(m), 'PREFLIGHT_FAILED');
    expect(conflict['errors']).toEqual([
      expect.stringMatching(/lane-e.*conflicting changes in a\.txt/),
    ]);
    expect(conflict).toMatchObject({ failed_wp: 'lane-e', conflicts: ['a.txt'] });
    expect(refs(m.root)).not.toBe(before.refs); // the status commits of the two transitions…
    expect(git(m.root, 'rev-parse', m.targetBranch)).toBe(before.main.head); // …the target unmoved

    ok(transition(m.root, m.slug, 'WP05', 'canceled', '--force', '--note', 'superseded'));
    const merged = ok(merge(m, '--strategy', 'squash'));
    expect(merged).toMatchObject({
      merged_wps: ['WP01', 'WP02', 'WP03'],
      strategy: 'squash',
      worktree_removed: true,
    });
    expect(git(m.root, 'log', '-2', '--format=%s', m.targetBranch).split('\n')).toEqual([
      `chore(spec-kitty): fold the mission-level events of ${m.slug} into its status log`,
      `feat(kitty/mission-${m.slug}): squash merge of mission`,
    ]);
    expect(git(m.root, 'show', `${m.targetBranch}:a.txt`)).toBe('A');
    // The approved WP was moved to done by the merge (one committed event, actor merge).
    const wp03 = ok(host(m.root, ['mission-state', '--mission', m.slug]))['work_packages'][2];
    expect(wp03).toMatchObject({ wp_id: 'WP03', lane: 'done', last_actor: 'merge' });
    expect(git(m.root, 'log', '-1', '--format=%s', `kitty/mission-${m.slug}`)).toBe(
      'chore(spec-kitty): status transition WP03',
    );
    expect(git(m.root, 'status', '--porcelain')).toBe('');
    expectFsckClean(m.root);
  });

  it('accept-mission wants workflow evidence for changed workflows, and commits the primary meta.json', () => {
    const m = mission({ workPackages: [{ id: 'WP01', files: ['.github/workflows/ci.yml'] }] });
    work(m, 'WP01', { '.github/workflows/ci.yml': 'on: push\n' });
    const meta = readFileSync(join(m.root, 'kitty-specs', m.slug, 'meta.json'), 'utf8');
    const evidence = join(
      m.coordinationWorktree as string,
      'kitty-specs',
      m.slug,
      'workflow-evidence.md',
    );
    const refused = failed(
      host(m.root, ['accept-mission', '--mission', m.slug, '--actor', ACTOR]),
      'WORKFLOW_EVIDENCE_REQUIRED',
    );
    expect(refused).toMatchObject({
      mission_slug: m.slug,
      mission_type: 'software-dev',
      required_evidence_path: evidence,
    });
    expect(refused['message']).toContain('.github/workflows/ci.yml');
    expect(readFileSync(join(m.root, 'kitty-specs', m.slug, 'meta.json'), 'utf8')).toBe(meta);
    writeFileSync(evidence, 'CI: run id: 123456\n');
    failed(
      host(m.root, ['accept-mission', '--mission', m.slug, '--actor', ACTOR]),
      'WORKFLOW_EVIDENCE_REQUIRED',
    );
    writeFileSync(evidence, 'run id: 123456\n');
    const accepted = ok(host(m.root, ['accept-mission', '--mission', m.slug, '--actor', ACTOR]));
    expect(accepted).toMatchObject({ accepted: true, done_wps: ['WP01'], meta_committed: true });
    expect(
      JSON.parse(git(m.root, 'show', `${m.targetBranch}:kitty-specs/${m.slug}/meta.json`)),
    ).toMatchObject({
      accepted_by: ACTOR,
      acceptance_mode: 'orchestrator',
    });
  });

  it('runs a lanes-topology mission: status on the target, lanes from the mission branch, which goes after the merge', () => {
    const m = mission({
      topology: 'lanes',
      workPackages: [{ id: 'WP01' }, { id: 'WP02', dependencies: ['WP01'] }],
    });
    const lane = work(m, 'WP01', { 'src/wp01.txt': 'one\n' });
    // No coordination worktree: the status files are the target's, and the lane shows them.
    expect(existsSync(join(lane, 'kitty-specs', m.slug, 'status.events.jsonl'))).toBe(true);
    expect(git(m.root, 'log', '-1', '--format=%s', m.targetBranch)).toBe(
      'chore(spec-kitty): status transition WP01',
    );
    expect(git(m.root, 'rev-parse', `kitty/mission-${m.slug}`)).toBe(
      git(m.root, 'merge-base', m.targetBranch, `kitty/mission-${m.slug}`),
    );
    const wp02 = ok(startImplementation(m.root, m.slug, 'WP02'));
    expect(wp02['lane_base_ref']).toBe(m.targetBranch);
    expect(readFileSync(join(wp02['workspace_path'], 'src/wp01.txt'), 'utf8')).toBe('one\n');
    agentWorks(
      m.root,
      m.slug,
      wp02['workspace_path'],
      { 'src/wp02.txt': 'two\n' },
      [],
      'feat(WP02)',
    );
    ok(transition(m.root, m.slug, 'WP02', 'done', '--force', '--note', 'forced'));
    const merged = ok(merge(m));
    expect(merged['merged_wps']).toEqual(['WP01', 'WP02']);
    expect(git(m.root, 'show', `${m.targetBranch}:src/wp02.txt`)).toBe('two');
    expect(git(m.root, 'branch', '--list', 'kitty/*')).toBe('');
    expect(worktrees(m.root)).toEqual([m.root]);
    expect(git(m.root, 'status', '--porcelain')).toBe('');
  });
});

describe('the terminal board on a lane mission', () => {
  it('takes the mid8 as --mission and shows the mission; an unknown one is one line on stderr', () => {
    const m = mission();
    const board = (selector: string) =>
      spawnSync(process.execPath, [CLI, 'board', '--mission', selector, '--no-color'], {
        cwd: m.root,
        encoding: 'utf8',
      });
    const shown = board(m.mid8);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout.split('\n')[0]).toMatch(new RegExp(`^${m.slug} · `));
    expect(shown.stdout).toMatch(/WP01[\s\S]*WP02[\s\S]*⛓ WP01[\s\S]*WP03/);
    const unknown = board('01M8RB2X');
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('spec-kitty: Feature not found: 01M8RB2X\n');
  });
});

describe('crashes', () => {
  it(
    'a SIGKILL while a lane takes in a dependency is finished by the next call',
    { timeout: 120_000 },
    () => {
      const m = mission({
        workPackages: [
          { id: 'WP01' },
          { id: 'WP02' },
          { id: 'WP03', lane: 'lane-a', dependencies: ['WP02'] },
        ],
      });
      const laneA = work(m, 'WP01', { 'src/wp01.txt': 'one\n' });
      work(m, 'WP02', { 'src/wp02.txt': 'two\n' });
      const tip = git(m.root, 'rev-parse', `kitty/mission-${m.slug}-lane-a`);
      crash(m, 'lane-move', [
        'start-implementation',
        '--mission',
        m.slug,
        '--wp',
        'WP03',
        '--actor',
        ACTOR,
        '--policy',
        PROVIDER_POLICY,
      ]);
      // Killed after the worktree took in lane-b, before the branch moved: nothing recorded.
      expect(git(m.root, 'rev-parse', `kitty/mission-${m.slug}-lane-a`)).toBe(tip);
      expect(
        ok(host(m.root, ['mission-state', '--mission', m.slug]))['work_packages'][2]['lane'],
      ).toBe('planned');
      const started = ok(startImplementation(m.root, m.slug, 'WP03'));
      expect(started).toMatchObject({
        lane_id: 'lane-a',
        workspace_path: laneA,
        to_lane: 'in_progress',
      });
      expect(git(laneA, 'log', '-1', '--format=%s')).toBe(
        'Merge dependency lane lane-b into lane-a',
      );
      expect(readFileSync(join(laneA, 'src/wp02.txt'), 'utf8')).toBe('two\n');
      expect(git(laneA, 'status', '--porcelain')).toBe('');
      expectFsckClean(m.root);
    },
  );

  it(
    'a SIGKILL half-way through a mission merge is finished by a rerun of merge-mission',
    { timeout: 120_000 },
    () => {
      const m = mission();
      work(m, 'WP01', { 'src/wp01.txt': 'one\n' });
      work(m, 'WP03', { 'src/wp03.txt': 'three\n' });
      work(m, 'WP02', { 'src/wp02.txt': 'two\n' }, 'approved');
      const target = git(m.root, 'rev-parse', m.targetBranch);
      crash(m, 'integrate-move', [
        'merge-mission',
        '--mission',
        m.slug,
        '--target',
        m.targetBranch,
      ]);
      // The mission branch moved, the target not yet.
      expect(git(m.root, 'rev-parse', m.targetBranch)).toBe(target);
      // A rerun finishes what was asked: not into another target, and not over uncommitted work
      // in a lane worktree (the cleanup removes it).
      git(m.root, 'branch', 'elsewhere', m.targetBranch);
      const lane = join(m.root, '.worktrees', `${m.slug}-lane-a`);
      writeFileSync(join(lane, 'notes.txt'), 'unsaved\n');
      const redirected = failed(
        host(m.root, ['merge-mission', '--mission', m.slug, '--target', 'elsewhere']),
        'PREFLIGHT_FAILED',
      );
      expect(redirected['errors']).toEqual([
        `An earlier merge-mission of ${m.slug} into ${m.targetBranch} is unfinished: run merge-mission --target ${m.targetBranch} to finish it`,
        `Lane lane-a worktree ${lane} has uncommitted changes: notes.txt`,
      ]);
      expect(failed(merge(m), 'PREFLIGHT_FAILED')['errors']).toEqual([
        `Lane lane-a worktree ${lane} has uncommitted changes: notes.txt`,
      ]);
      expect(git(m.root, 'rev-parse', m.targetBranch)).toBe(target);
      expect(git(m.root, 'rev-parse', 'elsewhere')).toBe(target);
      rmSync(join(lane, 'notes.txt'));
      const merged = ok(merge(m));
      expect(merged).toMatchObject({
        merged_wps: ['WP01', 'WP03', 'WP02'],
        worktree_removed: true,
      });
      for (const wp of ['wp01', 'wp02', 'wp03'])
        expect(git(m.root, 'cat-file', '-e', `${m.targetBranch}:src/${wp}.txt`)).toBe('');
      expect(ok(host(m.root, ['mission-state', '--mission', m.slug]))['summary']).toMatchObject({
        done: 3,
      });
      expect(worktrees(m.root)).toEqual([m.root, m.coordinationWorktree]);
      expect(git(m.root, 'status', '--porcelain')).toBe('');
      expect(git(m.coordinationWorktree as string, 'status', '--porcelain')).toBe('');
      expectFsckClean(m.root);
    },
  );
});
