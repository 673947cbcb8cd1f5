import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  commitFiles,
  git,
  gitStatus,
  initRepository,
  temporaryDirectory,
} from '../../test/git-cli.js';
import { loadGit } from './load-git.js';
import { createWorktreeFs, isCommonGitPath } from './mapped-fs.js';

describe('createWorktreeFs', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = temporaryDirectory();
    initRepository(dir.path, { 'README.md': '# demo\n', 'src/a.txt': 'a\n' });
  });
  afterEach(() => dir.cleanup());

  it('splits per-worktree and shared git paths as git does', () => {
    for (const path of [
      'objects/ab/cd',
      'refs/heads/main',
      'config',
      'packed-refs',
      'logs/refs/heads/x',
      'info/exclude',
      'shallow',
    ]) {
      expect(isCommonGitPath(path), path).toBe(true);
    }
    for (const path of [
      'HEAD',
      'index',
      'logs/HEAD',
      'MERGE_HEAD',
      'ORIG_HEAD',
      'refs/bisect/bad',
      'info/sparse-checkout',
    ]) {
      expect(isCommonGitPath(path), path).toBe(false);
    }
  });

  it('lets isomorphic-git status, checkout, add and commit inside a `git worktree add` worktree', async () => {
    const root = dir.path;
    const path = join(root, '.worktrees', 'f-WP01');
    git(root, 'worktree', 'add', '-q', '-b', 'f-WP01', path, 'main');
    const adminDir = join(root, '.git', 'worktrees', 'f-WP01');
    const fs = createWorktreeFs(adminDir, join(root, '.git'));
    const gitApi = await loadGit();
    const context = { fs, dir: path, gitdir: adminDir, cache: {} };

    expect(await gitApi.currentBranch(context)).toBe('f-WP01');
    writeFileSync(join(path, 'src/a.txt'), 'edited\n');
    await gitApi.checkout({
      ...context,
      ref: 'f-WP01',
      filepaths: ['src/a.txt'],
      force: true,
      noUpdateHead: true,
    });
    expect(readFileSync(join(path, 'src/a.txt'), 'utf8')).toBe('a\n');

    writeFileSync(join(path, 'new.txt'), 'new\n');
    const status = await gitApi.statusMatrix({ ...context, filepaths: ['new.txt', 'src'] });
    expect(status).toEqual([
      ['new.txt', 0, 2, 0],
      ['src/a.txt', 1, 1, 1],
    ]);
    await gitApi.add({ ...context, filepath: 'new.txt' });
    const oid = await gitApi.commit({
      ...context,
      message: 'commit made by isomorphic-git in a linked worktree',
      author: {
        name: 'Iso',
        email: 'iso@example.com',
        timestamp: 1_700_000_000,
        timezoneOffset: 0,
      },
    });
    expect(git(root, 'rev-parse', 'f-WP01')).toBe(oid);
    expect(git(path, 'status', '--porcelain')).toBe('');
    expect(git(root, 'status', '--porcelain')).toBe('?? .worktrees/'); // the CLI does not exclude it
    expect(git(root, 'rev-parse', 'HEAD')).not.toBe(oid);
    expect(git(root, 'show', 'f-WP01:new.txt')).toBe('new');
    expect(gitStatus(root, 'fsck', '--strict').ok).toBe(true);
    commitFiles(path, { 'cli.txt': 'cli\n' }, 'then the CLI commits on top');
    expect(git(root, 'rev-parse', 'f-WP01~1')).toBe(oid);
  });
});
