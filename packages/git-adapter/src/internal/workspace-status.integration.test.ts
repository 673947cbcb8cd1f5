import { chmodSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitFiles, git, initRepository, temporaryDirectory } from '../../test/git-cli.js';
import { createGitVersionControl } from '../create-git-version-control.js';
import { smudgeRacyEntries } from './racy-index.js';

/** Paths `git status --porcelain -uall` reports (both sides of a rename are not expected here). */
function gitDirtyPaths(cwd: string): string[] {
  const output = git(cwd, 'status', '--porcelain', '-uall', '--no-renames');
  return output === ''
    ? []
    : output
        .split('\n')
        .map((line) => line.slice(3))
        .sort();
}

describe('workspace dirty paths (our status) agree with git status', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = temporaryDirectory();
    initRepository(dir.path, {
      'README.md': '# demo\n',
      '.gitignore': 'ignored.log\nbuild/\n',
      'src/a.txt': 'a\n',
      'src/b.txt': 'b\n',
      'src/deep/c.txt': 'c\n',
      'tool.sh': '#!/bin/sh\n',
      'gone.txt': 'bye\n',
    });
  });
  afterEach(() => dir.cleanup());

  it.each([
    ['our worktree', false],
    ['a `git worktree add` worktree', true],
  ])('in %s', async (_label, byCli) => {
    const root = dir.path;
    const vcs = createGitVersionControl({ root });
    const path = join(root, '.worktrees', 'f-WP01');
    if (byCli) git(root, 'worktree', 'add', '-q', '-b', 'f-WP01', path, 'main');
    else
      (
        await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP01', baseBranch: 'main' })
      )._unsafeUnwrap();
    const dirty = async () => (await vcs.inspectWorkspace('f', 'WP01'))._unsafeUnwrap().dirtyPaths;
    expect(await dirty()).toEqual([]);

    // Stat-only changes are not changes.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(path, 'src/a.txt'), later, later);
    writeFileSync(join(path, 'src/b.txt'), 'b\n');
    expect(await dirty()).toEqual([]);

    writeFileSync(join(path, 'src/a.txt'), 'A!\n'); // modified, same size as before + 1
    writeFileSync(join(path, 'src/deep/c.txt'), 'C\n'); // same size, new content
    chmodSync(join(path, 'tool.sh'), 0o755); // executable bit
    rmSync(join(path, 'gone.txt')); // deleted
    writeFileSync(join(path, 'staged.txt'), 'staged\n');
    git(path, 'add', 'staged.txt'); // staged new file
    writeFileSync(join(path, 'untracked.txt'), 'u\n');
    mkdirSync(join(path, 'newdir/inner'), { recursive: true });
    writeFileSync(join(path, 'newdir/inner/file.txt'), 'x\n');
    writeFileSync(join(path, 'ignored.log'), 'ignored\n');
    mkdirSync(join(path, 'build'));
    writeFileSync(join(path, 'build/out.js'), 'ignored\n');
    symlinkSync('src/a.txt', join(path, 'link'));
    commitFiles(root, { 'main-only.txt': 'main\n' }, 'main moves; not the workspace');

    const expected = gitDirtyPaths(path);
    expect(expected).toEqual([
      'gone.txt',
      'link',
      'newdir/inner/file.txt',
      'src/a.txt',
      'src/deep/c.txt',
      'staged.txt',
      'tool.sh',
      'untracked.txt',
    ]);
    expect(await dirty()).toEqual(expected);

    // Staged then reverted in the working tree is still dirty (index differs from HEAD).
    git(path, 'add', 'src/a.txt');
    writeFileSync(join(path, 'src/a.txt'), 'a\n');
    expect(await dirty()).toEqual(gitDirtyPaths(path));
  });

  it('compares contents for entries whose size git smudged to 0 (racily clean), as git does', async () => {
    const root = dir.path;
    const vcs = createGitVersionControl({ root });
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP01', baseBranch: 'main' })
    )._unsafeUnwrap();
    const index = join(root, '.git', 'worktrees', 'f-WP01', 'index');
    // What git (and our own index writes) do to entries as new as the index: size := 0.
    expect(await smudgeRacyEntries(index, 0)).toBe(7);
    expect(git(workspace.path, 'ls-files', '--debug', 'README.md')).toMatch(/size: 0\b/);
    const dirty = async () => (await vcs.inspectWorkspace('f', 'WP01'))._unsafeUnwrap().dirtyPaths;
    expect(await dirty()).toEqual([]);
    writeFileSync(join(workspace.path, 'src/a.txt'), 'A\n'); // same size, other content
    expect(await dirty()).toEqual(['src/a.txt']);
    expect(gitDirtyPaths(workspace.path)).toEqual(['src/a.txt']);
  });
});
