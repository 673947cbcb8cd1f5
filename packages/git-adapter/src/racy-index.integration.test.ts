import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitVersionControl } from './create-git-version-control.js';
import { commitFiles, git, initRepository, temporaryDirectory } from '../test/git-cli.js';

// git trusts stat data of entries older than the index file. A tracked file edited within the
// same second as the last index write ("racily clean") must stay visible as modified after we
// rewrite the index, as it does after git's own index writes.
describe('git adapter: racily clean entries survive our index writes', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root, { 'README.md': '# demo one\n', 'notes.md': 'notes\n' });
  });
  afterEach(() => dir.cleanup());

  /** Edit README.md keeping its size and exact mtime, and make the index as old as that mtime. */
  function racyEdit(): Date {
    const readme = join(root, 'README.md');
    // The entry's mtime and the index's fall in the same second, the index a little later:
    // git (which compares whole seconds) must check the content; sub-second clocks would not.
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000 + 100);
    utimesSync(readme, mtime, mtime);
    git(root, 'update-index', '--refresh');
    writeFileSync(readme, '# demo two\n'); // same size
    utimesSync(readme, mtime, mtime);
    const indexTime = new Date(mtime.getTime() + 500);
    utimesSync(join(root, '.git', 'index'), indexTime, indexTime);
    // (No `git status` here: git would notice the racy entry and rewrite the index itself.)
    return mtime;
  }

  /** Pretend our index write happened seconds later, when git trusts stat data again. */
  function ageIndexWrite(mtime: Date): void {
    const later = new Date(mtime.getTime() + 5_000);
    utimesSync(join(root, '.git', 'index'), later, later);
  }

  it('after commitFile of another file', async () => {
    const mtime = racyEdit();
    writeFileSync(join(root, 'notes.md'), 'notes, more\n');
    const vcs = createGitVersionControl({ root });
    (await vcs.commitFile({ path: 'notes.md', message: 'notes' }))._unsafeUnwrap();
    ageIndexWrite(mtime);
    expect(git(root, 'status', '--porcelain')).toBe(' M README.md');
    expect(git(root, 'diff', '--name-only')).toBe('README.md');
  });

  it('and an unchanged racy file still reads as clean', async () => {
    const readme = join(root, 'README.md');
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000 + 100);
    utimesSync(readme, mtime, mtime);
    git(root, 'update-index', '--refresh');
    const indexTime = new Date(mtime.getTime() + 500);
    utimesSync(join(root, '.git', 'index'), indexTime, indexTime);
    writeFileSync(join(root, 'notes.md'), 'notes, more\n');
    const vcs = createGitVersionControl({ root });
    (await vcs.commitFile({ path: 'notes.md', message: 'notes' }))._unsafeUnwrap();
    ageIndexWrite(mtime);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('after a merge into the checked-out target', async () => {
    const vcs = createGitVersionControl({ root });
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: '001-demo', wpId: 'WP01', baseBranch: 'main' })
    )._unsafeUnwrap();
    commitFiles(workspace.path, { 'feature.txt': 'feature\n' });
    const mtime = racyEdit();
    const merged = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [
        { wpId: 'WP01', branch: workspace.branch, message: 'merge: 001-demo/WP01 into main' },
      ],
    });
    expect(merged._unsafeUnwrap()).toEqual(['WP01']);
    ageIndexWrite(mtime);
    expect(git(root, 'status', '--porcelain', '--untracked-files=no')).toBe(' M README.md');
  });

  it('waits for a git process holding index.lock, then fails without moving the target', async () => {
    const vcs = createGitVersionControl({ root });
    const workspace = (
      await vcs.ensureWorkspace({ featureSlug: '001-demo', wpId: 'WP01', baseBranch: 'main' })
    )._unsafeUnwrap();
    commitFiles(workspace.path, { 'feature.txt': 'feature\n' });
    const before = git(root, 'rev-parse', 'main');
    writeFileSync(join(root, '.git', 'index.lock'), '');
    const merged = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [
        { wpId: 'WP01', branch: workspace.branch, message: 'merge: 001-demo/WP01 into main' },
      ],
    });
    expect(merged._unsafeUnwrapErr().message).toMatch(/index\.lock/);
    expect(git(root, 'rev-parse', 'main')).toBe(before);
    const committed = await vcs.commitFile({ path: 'notes.md', message: 'notes' });
    expect(committed.isErr()).toBe(true);
    expect(git(root, 'rev-parse', 'main')).toBe(before);
  });
});
