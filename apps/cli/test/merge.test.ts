import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FEATURE,
  POLICY,
  argv,
  call,
  complete,
  git,
  run,
  sampleProject,
  treeFingerprint,
} from './harness.js';

const TWO = [
  { id: 'WP01', slug: 'a', title: 'A', dependencies: [] },
  { id: 'WP02', slug: 'b', title: 'B', dependencies: ['WP01'] },
  { id: 'WP03', slug: 'c', title: 'C', dependencies: ['WP01'] },
];

function commitIn(workspace: string, file: string, content: string, message: string): void {
  writeFileSync(join(workspace, file), content);
  execFileSync('git', ['add', '-A'], { cwd: workspace });
  execFileSync(
    'git',
    ['-c', 'user.name=Agent', '-c', 'user.email=agent@example.com', 'commit', '-qm', message],
    { cwd: workspace },
  );
}

describe('merge-feature', () => {
  it('refuses with every preflight problem listed, changing nothing', () => {
    const { root } = sampleProject();
    complete(root, 'WP01');
    const before = treeFingerprint(root);
    const result = run(root, argv('merge-feature', { feature: FEATURE }));
    expect(result.status).toBe(1);
    expect(result.envelope.error_code).toBe('PREFLIGHT_FAILED');
    const errors: string[] = result.envelope.data['errors'];
    expect(errors).toHaveLength(5);
    for (const wp of ['WP02', 'WP03', 'WP04', 'WP05', 'WP06'])
      expect(errors.join('\n')).toContain(wp);
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('names unsupported strategies', () => {
    const { root } = sampleProject();
    const result = call(root, 'merge-feature', { feature: FEATURE, strategy: 'octopus' });
    expect(result.error_code).toBe('UNSUPPORTED_STRATEGY');
    // As the original 1.0 host words it (the names sorted, as Python lists them).
    expect(result.data).toEqual({
      message:
        "Strategy 'octopus' is not supported. Supported strategies: ['merge', 'rebase', 'squash']",
      strategy: 'octopus',
      supported: ['merge', 'rebase', 'squash'],
    });
  });

  it('merges every done WP in dependency order with merge commits (a diamond included)', () => {
    const { root } = sampleProject();
    for (const wp of ['WP01', 'WP02', 'WP03', 'WP05', 'WP04', 'WP06']) complete(root, wp);
    writeFileSync(join(root, 'README.md'), '# unrelated local change\n');
    const result = call(root, 'merge-feature', { feature: FEATURE });
    expect(result.data).toMatchObject({
      feature_slug: FEATURE,
      merged: true,
      target_branch: 'main',
      strategy: 'merge',
      merged_wps: ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06'],
      skipped_wps: [],
    });
    const subjects = git(root, 'log', '--first-parent', '--format=%s', 'main').split('\n');
    expect(subjects.slice(0, 6).reverse()).toEqual(
      ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06'].map(
        (wp) => `merge: ${FEATURE}/${wp} into main`,
      ),
    );
    for (const wp of ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06']) {
      expect(git(root, 'show', `main:${wp}.txt`)).toBe(`work of ${wp}`);
      expect(existsSync(join(root, `${wp}.txt`))).toBe(true);
    }
    expect(git(root, 'rev-list', '--parents', '-n1', 'main').split(' ')).toHaveLength(3);
    expect(git(root, 'status', '--porcelain')).toContain('M README.md');
    expect(git(root, 'fsck', '--strict')).toBe('');
    expect(result.data['worktree_removed']).toBe(true);
    expect(git(root, 'worktree', 'list')).not.toContain('.worktrees');
    expect(git(root, 'branch', '--list', `${FEATURE}-WP0*`).split('\n')).toHaveLength(6); // branches are kept
  });

  it.each(['squash', 'rebase'] as const)('merges with --strategy %s', (strategy) => {
    const { root } = sampleProject({ workPackages: TWO });
    for (const wp of ['WP01', 'WP02', 'WP03']) complete(root, wp);
    const result = call(root, 'merge-feature', { feature: FEATURE, strategy });
    expect(result.data).toMatchObject({ strategy, merged_wps: ['WP01', 'WP02', 'WP03'] });
    const parents = git(root, 'rev-list', '--parents', 'main').split('\n');
    for (const line of parents) expect(line.split(' ').length).toBeLessThanOrEqual(2); // linear history
    const subjects = git(root, 'log', '--format=%s', 'main');
    if (strategy === 'squash')
      expect(subjects).toContain(`squash merge: ${FEATURE}/WP03 into main`);
    else expect(subjects).toContain('feat: WP03');
    for (const wp of ['WP01', 'WP02', 'WP03'])
      expect(git(root, 'show', `main:${wp}.txt`)).toBe(`work of ${wp}`);
  });

  it('rebases a chain whose first WP was reworked (its commits reach the target once)', () => {
    const { root } = sampleProject({ workPackages: TWO.slice(0, 2) });
    const ws1 = call(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'a1',
      policy: POLICY,
    }).data['workspace_path'];
    commitIn(ws1, 'f.txt', 'one\n', 'WP01: one');
    commitIn(ws1, 'f.txt', 'one\ntwo\n', 'WP01: rework');
    call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'for_review',
      actor: 'a1',
      policy: POLICY,
    });
    call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'done',
      actor: 'rev',
      'review-ref': 'r1',
    });
    complete(root, 'WP02'); // its workspace starts from WP01's branch
    call(root, 'append-history', { feature: FEATURE, wp: 'WP02', actor: 'c', note: 'done' });
    const result = call(root, 'merge-feature', { feature: FEATURE, strategy: 'rebase' });
    expect(result.data, JSON.stringify(result)).toMatchObject({ merged_wps: ['WP01', 'WP02'] });
    expect(git(root, 'show', 'main:f.txt')).toBe('one\ntwo');
    const subjects = git(root, 'log', '--format=%s', 'main').split('\n');
    expect(subjects.filter((subject) => subject === 'WP01: rework')).toHaveLength(1);
    for (const line of git(root, 'rev-list', '--parents', 'main').split('\n')) {
      expect(line.split(' ').length).toBeLessThanOrEqual(2);
    }
  });

  it('stops at a conflict with the target at the last successful WP, never half-merged', () => {
    const { root } = sampleProject({ workPackages: TWO });
    complete(root, 'WP01');
    const ws2 = call(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP02',
      actor: 'a2',
      policy: POLICY,
    }).data['workspace_path'];
    const ws3 = call(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP03',
      actor: 'a3',
      policy: POLICY,
    }).data['workspace_path'];
    commitIn(ws2, 'src/app.txt', 'from WP02\n', 'WP02 edits app');
    commitIn(ws3, 'src/app.txt', 'from WP03\n', 'WP03 edits app');
    for (const wp of ['WP02', 'WP03']) {
      call(root, 'transition', {
        feature: FEATURE,
        wp,
        to: 'for_review',
        actor: 'a',
        policy: POLICY,
      });
      call(root, 'transition', {
        feature: FEATURE,
        wp,
        to: 'done',
        actor: 'rev',
        'review-ref': `r-${wp}`,
      });
    }
    const result = call(root, 'merge-feature', { feature: FEATURE });
    expect(result.error_code).toBe('MERGE_FAILED');
    expect(result.data).toMatchObject({ merged_so_far: ['WP01', 'WP02'], failed_wp: 'WP03' });
    expect(git(root, 'log', '-1', '--format=%s', 'main')).toBe(`merge: ${FEATURE}/WP02 into main`);
    expect(git(root, 'show', 'main:src/app.txt')).toBe('from WP02');
    expect(existsSync(join(root, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(git(root, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  it('reports a done WP without a branch in skipped_wps and fails a push with no remote as PUSH_FAILED', () => {
    const { root } = sampleProject({ workPackages: TWO.slice(0, 2) });
    complete(root, 'WP01');
    call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP02',
      to: 'done',
      actor: 'admin',
      note: 'done elsewhere',
      force: true,
    });
    const pushed = call(root, 'merge-feature', { feature: FEATURE, push: true });
    expect(pushed.error_code).toBe('PUSH_FAILED');
    expect(pushed.data['merged_wps']).toEqual(['WP01']);
    const again = call(root, 'merge-feature', { feature: FEATURE });
    expect(again.data).toMatchObject({ merged_wps: ['WP01'], skipped_wps: ['WP02'] });
  });
});
