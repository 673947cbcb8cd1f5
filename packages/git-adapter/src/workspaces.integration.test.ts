import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitVersionControl } from './create-git-version-control.js';
import {
  commitFiles,
  git,
  gitStatus,
  initRepository,
  temporaryDirectory,
  worktreeList,
} from '../test/git-cli.js';

describe('git adapter workspaces (linked worktrees)', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root, {
      'README.md': '# demo\n',
      'src/a.txt': 'a\n',
      'bin/run.sh': '#!/bin/sh\necho hi\n',
    });
  });
  afterEach(() => dir.cleanup());

  it('creates a real linked worktree that the git CLI lists, finds clean and protects', async () => {
    chmodSync(join(root, 'bin/run.sh'), 0o755);
    git(root, 'commit', '-qam', 'exec bit');
    const vcs = createGitVersionControl({ root });
    const result = await vcs.ensureWorkspace({
      featureSlug: '001-demo',
      wpId: 'WP01',
      baseBranch: 'main',
    });
    const path = join(root, '.worktrees', '001-demo-WP01');
    const base = git(root, 'rev-parse', 'main');
    expect(result._unsafeUnwrap()).toEqual({
      path,
      branch: '001-demo-WP01',
      created: true,
      baseRef: 'main',
      baseOid: base,
    });
    // The start is recorded with the branch, in the common git dir, not in the worktree.
    expect(
      JSON.parse(readFileSync(join(root, '.git/kittyhost/starts/001-demo-WP01.json'), 'utf8')),
    ).toEqual({ base_ref: 'main', base_oid: base });
    expect(git(path, 'status', '--porcelain', '--ignored')).toBe('');

    expect(worktreeList(root).get(path)).toBe('refs/heads/001-demo-WP01');
    expect(git(path, 'status', '--porcelain')).toBe('');
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(git(path, 'rev-parse', 'HEAD')).toBe(git(root, 'rev-parse', 'main'));
    expect(readFileSync(join(path, 'src/a.txt'), 'utf8')).toBe('a\n');
    expect(git(path, 'ls-files', '-s', 'bin/run.sh')).toMatch(/^100755 /);
    expect(
      readFileSync(join(root, '.git/info/exclude'), 'utf8').match(/^\.worktrees\/$/gm),
    ).toHaveLength(1);

    const refused = gitStatus(root, 'checkout', '001-demo-WP01');
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/already (checked out|used by worktree)/);

    commitFiles(path, { 'src/b.txt': 'b\n' }, 'WP01 work');
    expect(git(root, 'log', '-1', '--format=%s', '001-demo-WP01')).toBe('WP01 work');
    expect(gitStatus(root, 'fsck', '--strict').ok).toBe(true);
  });

  it('is idempotent, re-attaches a deleted directory and keeps the branch on removal', async () => {
    const vcs = createGitVersionControl({ root });
    const request = { featureSlug: '001-demo', wpId: 'WP02', baseBranch: 'main' };
    const first = (await vcs.ensureWorkspace(request))._unsafeUnwrap();
    commitFiles(first.path, { 'wp2.txt': 'two\n' }, 'WP02 work');
    expect((await vcs.ensureWorkspace(request))._unsafeUnwrap().created).toBe(false);
    expect(
      readFileSync(join(root, '.git/info/exclude'), 'utf8').match(/^\.worktrees\/$/gm),
    ).toHaveLength(1);

    rmSync(first.path, { recursive: true, force: true });
    const again = (await vcs.ensureWorkspace(request))._unsafeUnwrap();
    expect(again.created).toBe(true);
    expect(readFileSync(join(again.path, 'wp2.txt'), 'utf8')).toBe('two\n');
    expect(git(again.path, 'status', '--porcelain')).toBe('');
    expect([...worktreeList(root).keys()]).toEqual([root, again.path]);
    expect(git(root, 'worktree', 'list', '--porcelain')).not.toMatch(/prunable/);

    expect((await vcs.removeWorkspace('001-demo', 'WP02'))._unsafeUnwrap()).toBe(true);
    expect(existsSync(again.path)).toBe(false);
    expect(existsSync(join(root, '.git/worktrees/001-demo-WP02'))).toBe(false);
    expect([...worktreeList(root).keys()]).toEqual([root]);
    expect(git(root, 'rev-parse', '--verify', '-q', '001-demo-WP02')).toMatch(/^[0-9a-f]{40}$/);
    expect((await vcs.removeWorkspace('001-demo', 'WP02'))._unsafeUnwrap()).toBe(false);
    expect(gitStatus(root, 'fsck', '--strict').ok).toBe(true);
  });

  it('creates the branch from the given base and refuses a missing base', async () => {
    git(root, 'branch', 'base-branch');
    const baseTip = commitFiles(root, { 'main-only.txt': 'x\n' }, 'main moves on');
    const vcs = createGitVersionControl({ root });
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP01', baseBranch: 'base-branch' })
    )._unsafeUnwrap();
    expect(git(workspace.path, 'rev-parse', 'HEAD')).toBe(git(root, 'rev-parse', 'base-branch'));
    expect(git(workspace.path, 'rev-parse', 'HEAD')).not.toBe(baseTip);

    const missing = await vcs.ensureWorkspace({
      featureSlug: 'f',
      wpId: 'WP02',
      baseBranch: 'nope',
    });
    expect(missing._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
    expect(existsSync(join(root, '.worktrees/f-WP02'))).toBe(false);
    expect(gitStatus(root, 'rev-parse', '--verify', '-q', 'f-WP02').ok).toBe(false);
  });

  it('reports dirty paths of a workspace, scoped to it', async () => {
    const vcs = createGitVersionControl({ root });
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP01', baseBranch: 'main' })
    )._unsafeUnwrap();
    const start = git(root, 'rev-parse', 'main');
    expect((await vcs.inspectWorkspace('f', 'WP01'))._unsafeUnwrap()).toEqual({
      path: workspace.path,
      branch: 'f-WP01',
      directoryExists: true,
      branchExists: true,
      dirtyPaths: [],
      headOid: start,
      // The committer time of that commit, as the git CLI reports it.
      headCommittedAt: new Date(
        Number(git(root, 'log', '-1', '--format=%ct', 'main')) * 1000,
      ).toISOString(),
      baseRef: 'main',
      baseOid: start,
      commitsAhead: 0,
    });
    writeFileSync(join(workspace.path, 'src/a.txt'), 'changed\n');
    writeFileSync(join(workspace.path, 'new.txt'), 'new\n');
    rmSync(join(workspace.path, 'README.md'));
    writeFileSync(join(root, 'main-only-dirt.txt'), 'not in the workspace\n');
    const state = (await vcs.inspectWorkspace('f', 'WP01'))._unsafeUnwrap();
    expect(state.dirtyPaths).toEqual(['README.md', 'new.txt', 'src/a.txt']);
    expect(git(workspace.path, 'status', '--porcelain').split('\n').sort()).toEqual([
      ' D README.md',
      ' M src/a.txt',
      '?? new.txt',
    ]);

    expect((await vcs.inspectWorkspace('f', 'WP09'))._unsafeUnwrap()).toMatchObject({
      directoryExists: false,
      branchExists: false,
      dirtyPaths: [],
    });
  });

  it('counts commits ahead as git rev-list --count <start>..<branch> does, merges included', async () => {
    const vcs = createGitVersionControl({ root });
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP01', baseBranch: 'main' })
    )._unsafeUnwrap();
    const start = workspace.baseOid as string;
    const ahead = async () =>
      (await vcs.inspectWorkspace('f', 'WP01'))._unsafeUnwrap().commitsAhead;
    const cli = () => Number(git(root, 'rev-list', '--count', `${start}..f-WP01`));
    expect(await ahead()).toBe(0);
    commitFiles(workspace.path, { 'one.txt': '1\n' }, 'one');
    expect(await ahead()).toBe(1);
    commitFiles(root, { 'main.txt': 'main\n' }, 'main moves on');
    git(workspace.path, 'merge', '-q', '--no-edit', 'main');
    commitFiles(workspace.path, { 'two.txt': '2\n' }, 'two');
    expect(cli()).toBe(4); // one, main's commit, the merge, two
    expect(await ahead()).toBe(cli());
    // With the start record gone (a workspace from before such records), fallbackBase decides.
    rmSync(join(root, '.git/kittyhost/starts/f-WP01.json'));
    const fallback = (await vcs.inspectWorkspace('f', 'WP01', 'main'))._unsafeUnwrap();
    expect(fallback).toMatchObject({ baseRef: 'main', baseOid: git(root, 'rev-parse', 'main') });
    expect(fallback.commitsAhead).toBe(Number(git(root, 'rev-list', '--count', 'main..f-WP01')));
    expect((await vcs.inspectWorkspace('f', 'WP01', '../../etc'))._unsafeUnwrap()).toMatchObject({
      baseOid: null,
      commitsAhead: null,
    });
  });

  it('reads packed repositories (after git gc), delta chains included', async () => {
    const lines = Array.from(
      { length: 400 },
      (_, index) => `line ${index} of a file that deltifies well`,
    );
    commitFiles(root, { 'big.txt': `${lines.join('\n')}\n` }, 'big file');
    lines[200] = 'changed line';
    const expected = `${lines.join('\n')}\n`;
    commitFiles(root, { 'big.txt': expected, 'src/a.txt': 'a2\n' }, 'edit big file');
    git(root, 'gc', '-q', '--aggressive');
    expect(git(root, 'count-objects', '-v')).toMatch(/^count: 0$/m);
    const packDir = join(root, '.git/objects/pack');
    const idx = readdirSync(packDir).find((name) => name.endsWith('.idx')) as string;
    expect(git(root, 'verify-pack', '-v', join(packDir, idx))).toMatch(/chain length = 1/);
    const vcs = createGitVersionControl({ root });
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP01', baseBranch: 'main' })
    )._unsafeUnwrap();
    expect(readFileSync(join(workspace.path, 'big.txt'), 'utf8')).toBe(expected);
    expect(git(workspace.path, 'status', '--porcelain')).toBe('');
    commitFiles(workspace.path, { 'big.txt': `${expected}tail\n` }, 'WP01 edit');
    const merged = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [{ wpId: 'WP01', branch: 'f-WP01', message: 'merge' }],
    });
    expect(merged._unsafeUnwrap()).toEqual(['WP01']);
    expect(readFileSync(join(root, 'big.txt'), 'utf8')).toBe(`${expected}tail\n`);
    expect(gitStatus(root, 'fsck', '--strict').ok).toBe(true);
  });

  it('works with worktrees created by `git worktree add`', async () => {
    git(root, 'worktree', 'add', '-q', '-b', 'f-WP03', join(root, '.worktrees', 'f-WP03'), 'main');
    const vcs = createGitVersionControl({ root });
    const result = (
      await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP03', baseBranch: 'main' })
    )._unsafeUnwrap();
    expect(result.created).toBe(false);
    writeFileSync(join(result.path, 'src/a.txt'), 'dirty\n');
    expect((await vcs.inspectWorkspace('f', 'WP03'))._unsafeUnwrap().dirtyPaths).toEqual([
      'src/a.txt',
    ]);
    expect((await vcs.removeWorkspace('f', 'WP03'))._unsafeUnwrap()).toBe(true);
    expect([...worktreeList(root).keys()]).toEqual([root]);
  });
});
