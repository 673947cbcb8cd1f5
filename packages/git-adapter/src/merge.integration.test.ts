import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeStrategy, VersionControl } from '@kittyhost/core/ports';
import { createGitVersionControl } from './create-git-version-control.js';
import {
  commitFiles,
  git,
  gitStatus,
  initRepository,
  parentsOf,
  temporaryDirectory,
} from '../test/git-cli.js';

const FEATURE = '001-demo';
const item = (wpId: string, strategy: MergeStrategy = 'merge') => ({
  wpId,
  branch: `${FEATURE}-${wpId}`,
  message: `${strategy === 'squash' ? 'squash merge' : 'merge'}: ${FEATURE}/${wpId} into main`,
});

describe('git adapter mergeBranches', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  let vcs: VersionControl;

  /** Create WP's workspace from `base` and commit `files` in it with the git CLI. */
  async function workPackage(
    wpId: string,
    base: string,
    files: Record<string, string | null>,
    message = `${wpId} work`,
  ) {
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: FEATURE, wpId, baseBranch: base })
    )._unsafeUnwrap();
    commitFiles(workspace.path, files, message);
    return workspace.path;
  }

  function expectHealthy() {
    expect(gitStatus(root, 'fsck', '--strict').ok).toBe(true);
    expect(existsSync(join(root, '.git/MERGE_HEAD'))).toBe(false);
  }

  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root, { 'README.md': '# demo\n', 'shared.txt': 'line 1\nline 2\nline 3\n' });
    vcs = createGitVersionControl({ root, now: () => new Date('2026-02-23T18:00:00Z') });
  });
  afterEach(() => dir.cleanup());

  it('merges a dependency chain with one two-parent merge commit per WP and updates the checkout', async () => {
    await workPackage('WP01', 'main', { 'a.txt': 'A\n' });
    await workPackage('WP02', `${FEATURE}-WP01`, { 'b.txt': 'B\n', 'shared.txt': null });
    const start = commitFiles(root, { 'main.txt': 'main moved on\n' }, 'main moves on');
    const result = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP01'), item('WP02')],
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01', 'WP02']);

    const first = git(root, 'rev-parse', 'main~1');
    expect(parentsOf(root, 'main~1')).toEqual([start, git(root, 'rev-parse', `${FEATURE}-WP01`)]);
    expect(parentsOf(root, 'main')).toEqual([first, git(root, 'rev-parse', `${FEATURE}-WP02`)]);
    expect(git(root, 'log', '-2', '--first-parent', '--format=%s', 'main').split('\n')).toEqual([
      'merge: 001-demo/WP02 into main',
      'merge: 001-demo/WP01 into main',
    ]);
    expect(git(root, 'log', '-1', '--format=%an <%ae>', 'main')).toBe(
      'Repo User <repo@example.com>',
    );
    expect(git(root, 'show', 'main:a.txt')).toBe('A');
    expect(git(root, 'show', 'main:b.txt')).toBe('B');
    expect(git(root, 'show', 'main:main.txt')).toBe('main moved on');
    expect(readFileSync(join(root, 'b.txt'), 'utf8')).toBe('B\n');
    expect(gitStatus(root, 'cat-file', '-e', 'main:shared.txt').ok).toBe(false);
    expect(existsSync(join(root, 'shared.txt'))).toBe(false);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expectHealthy();

    // Already contained: counted as merged, nothing new is created.
    const again = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP01'), item('WP02')],
    });
    expect(again._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
    expect(git(root, 'rev-parse', 'main')).toBe(git(root, 'rev-parse', 'HEAD'));
    expect(parentsOf(root, 'main')[1]).toBe(git(root, 'rev-parse', `${FEATURE}-WP02`));
  });

  it('merges a diamond (two merge bases) like git does', async () => {
    await workPackage('WP01', 'main', {
      'a.txt': 'A\n',
      'shared.txt': 'line 1 (WP01)\nline 2\nline 3\n',
    });
    await workPackage('WP02', 'main', {
      'b.txt': 'B\n',
      'shared.txt': 'line 1\nline 2\nline 3 (WP02)\n',
    });
    const wp3 = await workPackage('WP03', `${FEATURE}-WP02`, {});
    git(wp3, 'merge', '-q', '--no-ff', '-m', 'bring in WP01', `${FEATURE}-WP01`);
    commitFiles(
      wp3,
      { 'c.txt': 'C\n', 'shared.txt': 'line 1 (WP01)\nline 2 (WP03)\nline 3 (WP02)\n' },
      'WP03 work',
    );
    const result = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP01'), item('WP02'), item('WP03')],
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01', 'WP02', 'WP03']);
    expect(git(root, 'merge-base', '--all', 'main~1', `${FEATURE}-WP03`).split('\n')).toHaveLength(
      2,
    );
    expect(parentsOf(root, 'main')).toEqual([
      git(root, 'rev-parse', 'main~1'),
      git(root, 'rev-parse', `${FEATURE}-WP03`),
    ]);
    expect(git(root, 'show', 'main:shared.txt')).toBe(
      'line 1 (WP01)\nline 2 (WP03)\nline 3 (WP02)',
    );
    expect(git(root, 'status', '--porcelain')).toBe('');
    expectHealthy();

    // The git CLI, merging the same branches in a clone, reaches the same tree.
    const clone = temporaryDirectory();
    try {
      git(clone.path, 'clone', '-q', root, '.');
      git(clone.path, 'reset', '-q', '--hard', git(root, 'rev-parse', 'main~3'));
      for (const wp of ['WP01', 'WP02', 'WP03']) {
        git(clone.path, 'merge', '-q', '--no-ff', '-m', wp, `origin/${FEATURE}-${wp}`);
      }
      expect(git(clone.path, 'rev-parse', 'HEAD^{tree}')).toBe(
        git(root, 'rev-parse', 'main^{tree}'),
      );
    } finally {
      clone.cleanup();
    }
  });

  it.each(['rebase', 'squash'] as const)('handles the diamond with %s too', async (strategy) => {
    const lines = (edits: Record<number, string>) =>
      `${Array.from({ length: 7 }, (_, index) => edits[index + 1] ?? `line ${index + 1}`).join('\n')}\n`;
    commitFiles(root, { 'long.txt': lines({}) }, 'a longer shared file');
    await workPackage('WP01', 'main', {
      'a.txt': 'A\n',
      'long.txt': lines({ 1: 'line 1 (WP01)' }),
    });
    await workPackage('WP02', 'main', {
      'b.txt': 'B\n',
      'long.txt': lines({ 7: 'line 7 (WP02)' }),
    });
    const wp3 = await workPackage('WP03', `${FEATURE}-WP02`, {});
    git(wp3, 'merge', '-q', '--no-ff', '-m', 'bring in WP01', `${FEATURE}-WP01`);
    const final = lines({ 1: 'line 1 (WP01)', 4: 'line 4 (WP03)', 7: 'line 7 (WP02)' });
    commitFiles(wp3, { 'c.txt': 'C\n', 'long.txt': final }, 'WP03 work');
    commitFiles(root, { 'main.txt': 'main moved on\n' }, 'main moves on');
    const result = await vcs.mergeBranches({
      target: 'main',
      strategy,
      items: [item('WP01', strategy), item('WP02', strategy), item('WP03', strategy)],
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01', 'WP02', 'WP03']);
    expect(`${git(root, 'show', 'main:long.txt')}\n`).toBe(final);
    expect(git(root, 'ls-tree', '--name-only', 'main').split('\n')).toEqual([
      'README.md',
      'a.txt',
      'b.txt',
      'c.txt',
      'long.txt',
      'main.txt',
      'shared.txt',
    ]);
    const history = git(root, 'rev-list', '--parents', 'main').split('\n');
    expect(history.every((line) => line.split(' ').length <= 2)).toBe(true); // linear: no merge commits
    if (strategy === 'squash') expect(history).toHaveLength(6);
    if (strategy === 'rebase') {
      expect(git(root, 'log', '--format=%s', '-3', 'main').split('\n')).toEqual([
        'WP03 work',
        'WP02 work',
        'WP01 work',
      ]);
    }
    expect(git(root, 'status', '--porcelain')).toBe('');
    expectHealthy();
  });

  it('stops at a conflict: target at the last success, no merge in progress, clean tree', async () => {
    await workPackage('WP01', 'main', {
      'shared.txt': 'line 1 (WP01)\nline 2\nline 3\n',
      'a.txt': 'A\n',
    });
    await workPackage('WP02', 'main', {
      'shared.txt': 'line 1 (WP02)\nline 2\nline 3\n',
      'b.txt': 'B\n',
    });
    await workPackage('WP03', 'main', { 'c.txt': 'C\n' });
    const result = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP01'), item('WP02'), item('WP03')],
    });
    const error = result._unsafeUnwrapErr();
    expect(error.code).toBe('MERGE_FAILED');
    expect(error.details).toEqual({
      merged_so_far: ['WP01'],
      failed_wp: 'WP02',
      conflicts: ['shared.txt'],
    });
    expect(parentsOf(root, 'main')[1]).toBe(git(root, 'rev-parse', `${FEATURE}-WP01`));
    expect(git(root, 'show', 'main:shared.txt')).toBe('line 1 (WP01)\nline 2\nline 3');
    expect(readFileSync(join(root, 'shared.txt'), 'utf8')).toBe('line 1 (WP01)\nline 2\nline 3\n');
    expect(existsSync(join(root, 'b.txt'))).toBe(false);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expectHealthy();
  });

  it('treats binary files changed on both sides as conflicts, as git does', async () => {
    await workPackage('WP01', 'main', { 'image.bin': 'one\u0000binary\n' });
    await workPackage('WP02', 'main', { 'image.bin': 'two\u0000binary\n' });
    const error = (
      await vcs.mergeBranches({
        target: 'main',
        strategy: 'merge',
        items: [item('WP01'), item('WP02')],
      })
    )._unsafeUnwrapErr();
    expect(error.details).toEqual({
      merged_so_far: ['WP01'],
      failed_wp: 'WP02',
      conflicts: ['image.bin'],
    });
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('squashes each WP into one single-parent commit', async () => {
    await workPackage('WP01', 'main', { 'a.txt': 'A\n' });
    const wp2 = await workPackage('WP02', `${FEATURE}-WP01`, { 'b.txt': 'B\n' });
    commitFiles(wp2, { 'b2.txt': 'B2\n' }, 'WP02 more work');
    const start = git(root, 'rev-parse', 'main');
    const result = await vcs.mergeBranches({
      target: 'main',
      strategy: 'squash',
      items: [item('WP01', 'squash'), item('WP02', 'squash')],
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
    expect(parentsOf(root, 'main~1')).toEqual([start]);
    expect(parentsOf(root, 'main')).toEqual([git(root, 'rev-parse', 'main~1')]);
    expect(git(root, 'log', '-1', '--format=%s', 'main')).toBe(
      'squash merge: 001-demo/WP02 into main',
    );
    expect(git(root, 'diff', '--name-only', 'main~1', 'main').split('\n')).toEqual([
      'b.txt',
      'b2.txt',
    ]);
    expect(git(root, 'ls-tree', '--name-only', 'main').split('\n')).toEqual([
      'README.md',
      'a.txt',
      'b.txt',
      'b2.txt',
      'shared.txt',
    ]);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expectHealthy();
  });

  it('rebases: replays the WP commits on the target, linear history, authors and messages kept', async () => {
    const wp1 = await workPackage('WP01', 'main', { 'a.txt': 'A\n' }, 'WP01: first');
    commitFiles(wp1, { 'a2.txt': 'A2\n' }, 'WP01: second');
    await workPackage('WP02', 'main', { 'b.txt': 'B\n' }, 'WP02: only');
    commitFiles(root, { 'main.txt': 'main moved on\n' }, 'main moves on');
    const result = await vcs.mergeBranches({
      target: 'main',
      strategy: 'rebase',
      items: [item('WP01'), item('WP02')],
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
    expect(git(root, 'log', '--format=%s|%an', 'main').split('\n')).toEqual([
      'WP02: only|Test Author',
      'WP01: second|Test Author',
      'WP01: first|Test Author',
      'main moves on|Test Author',
      'initial commit|Test Author',
    ]);
    for (const rev of ['main', 'main~1', 'main~2']) expect(parentsOf(root, rev)).toHaveLength(1);
    expect(git(root, 'rev-parse', 'main~1')).not.toBe(git(root, 'rev-parse', `${FEATURE}-WP01`));
    expect(git(root, 'log', '-1', '--format=%cn', 'main')).toBe('Repo User');
    expect(git(root, 'show', 'main:a2.txt')).toBe('A2');
    expect(git(root, 'status', '--porcelain')).toBe('');
    expectHealthy();
  });

  it('rebases a dependency chain: commits a dependency already brought upstream are skipped, as git rebase does', async () => {
    const wp1 = await workPackage('WP01', 'main', { 'f.txt': 'one\n' }, 'WP01: one');
    commitFiles(wp1, { 'f.txt': 'one\ntwo\n' }, 'WP01: two');
    // WP02 starts from WP01's branch: its history holds WP01's two commits.
    await workPackage('WP02', `${FEATURE}-WP01`, { 'g.txt': 'G\n' }, 'WP02: g');
    commitFiles(root, { 'main.txt': 'main moved on\n' }, 'main moves on');
    const result = await vcs.mergeBranches({
      target: 'main',
      strategy: 'rebase',
      items: [item('WP01'), item('WP02')],
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
    expect(git(root, 'log', '--format=%s', 'main').split('\n')).toEqual([
      'WP02: g',
      'WP01: two',
      'WP01: one',
      'main moves on',
      'initial commit',
    ]);
    expect(git(root, 'show', 'main:f.txt')).toBe('one\ntwo');
    expect(git(root, 'show', 'main:g.txt')).toBe('G');
    expect(git(root, 'status', '--porcelain')).toBe('');
    expectHealthy();
  });

  it('keeps unrelated local changes of the main checkout and refuses to overwrite related ones', async () => {
    await workPackage('WP01', 'main', {
      'a.txt': 'A\n',
      'shared.txt': 'line 1\nline 2 (WP01)\nline 3\n',
    });
    writeFileSync(join(root, 'README.md'), '# locally edited\n');
    writeFileSync(join(root, 'staged.txt'), 'staged\n');
    git(root, 'add', 'staged.txt');
    writeFileSync(join(root, 'untracked.txt'), 'untracked\n');
    writeFileSync(join(root, 'shared.txt'), 'line 1\nline 2 (local)\nline 3\n');
    const start = git(root, 'rev-parse', 'main');

    const refused = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP01')],
    });
    expect(refused._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
    expect(refused._unsafeUnwrapErr().message).toContain('shared.txt');
    expect(git(root, 'rev-parse', 'main')).toBe(start);
    expect(readFileSync(join(root, 'shared.txt'), 'utf8')).toBe('line 1\nline 2 (local)\nline 3\n');

    git(root, 'checkout', '-q', '--', 'shared.txt');
    const merged = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP01')],
    });
    expect(merged._unsafeUnwrap()).toEqual(['WP01']);
    expect(git(root, 'status', '--porcelain').split('\n').sort()).toEqual([
      ' M README.md',
      '?? untracked.txt',
      'A  staged.txt',
    ]);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('# locally edited\n');
    expect(readFileSync(join(root, 'shared.txt'), 'utf8')).toBe('line 1\nline 2 (WP01)\nline 3\n');
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('A\n');
    expectHealthy();
  });

  it('refuses a merge that would overwrite an untracked file and reports missing branches', async () => {
    await workPackage('WP01', 'main', { 'a.txt': 'A\n' });
    writeFileSync(join(root, 'a.txt'), 'mine\n');
    const refused = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP01')],
    });
    expect(refused._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
    const missing = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [item('WP07')],
    });
    expect(missing._unsafeUnwrapErr()).toMatchObject({ code: 'PREFLIGHT_FAILED' });
    const noTarget = await vcs.mergeBranches({
      target: 'nope',
      strategy: 'merge',
      items: [item('WP01')],
    });
    expect(noTarget._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
  });

  it('merges into a target that is not checked out without touching the main checkout', async () => {
    git(root, 'branch', 'release');
    await workPackage('WP01', 'release', { 'a.txt': 'A\n' });
    writeFileSync(join(root, 'README.md'), '# dirty but irrelevant\n');
    const result = await vcs.mergeBranches({
      target: 'release',
      strategy: 'merge',
      items: [
        { wpId: 'WP01', branch: `${FEATURE}-WP01`, message: 'merge: 001-demo/WP01 into release' },
      ],
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01']);
    expect(git(root, 'show', 'release:a.txt')).toBe('A');
    expect(existsSync(join(root, 'a.txt'))).toBe(false);
    expect(git(root, 'status', '--porcelain')).toBe(' M README.md');
    expectHealthy();
  });
});
