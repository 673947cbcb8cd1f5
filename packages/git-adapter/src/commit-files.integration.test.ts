// commitFiles against the git CLI: exactly the given paths are committed, on the branch of the
// checkout that holds them, and every other staged or unstaged change stays as git saw it.
import {
  existsSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitVersionControl } from './create-git-version-control.js';
import {
  commitFiles as commitWithCli,
  git,
  gitStatus,
  initRepository,
  temporaryDirectory,
  writeFiles,
} from '../test/git-cli.js';

const STATUS = 'kitty-specs/001-demo';
const LOG = `${STATUS}/status.events.jsonl`;
const SNAPSHOT = `${STATUS}/status.json`;
const OTHERS = ['.', `:(exclude)${STATUS}`];

/** The index format version git wrote (bytes 4–8 of the index file). */
const indexVersion = (indexPath: string) => readFileSync(indexPath).readUInt32BE(4);

describe('commitFiles against the git CLI', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root, {
      'README.md': '# demo\n',
      'src/a.txt': 'a\n',
      'src/b.txt': 'b\n',
      'src/gone.txt': 'gone\n',
      [LOG]: 'line 1\n',
      [SNAPSHOT]: '{}\n',
    });
  });
  afterEach(() => dir.cleanup());

  /** Staged, unstaged and untracked changes of files that are not the status files. */
  function leaveOtherChanges(cwd = root): void {
    writeFiles(cwd, { 'src/a.txt': 'a, staged\n', 'staged-new.txt': 'new\n' });
    git(cwd, 'add', 'src/a.txt', 'staged-new.txt');
    git(cwd, 'rm', '-q', '--cached', 'src/gone.txt');
    writeFiles(cwd, { 'src/a.txt': 'a, staged, then edited\n', 'src/b.txt': 'b, unstaged\n' });
    writeFiles(cwd, { 'untracked.txt': 'untracked\n', 'README.md': '# edited, not staged\n' });
  }

  /** What git says about everything but the status files. */
  function othersSeenByGit(cwd = root) {
    return {
      status: git(cwd, 'status', '--porcelain', '--', ...OTHERS),
      cached: git(cwd, 'diff', '--cached', '--', ...OTHERS),
      unstaged: git(cwd, 'diff', '--', ...OTHERS),
    };
  }

  it('commits only the given paths; staged, unstaged and untracked changes stay as they were', async () => {
    leaveOtherChanges();
    writeFiles(root, { [LOG]: 'line 1\nline 2\n', [SNAPSHOT]: '{"event_count": 2}\n' });
    const before = othersSeenByGit();
    const parent = git(root, 'rev-parse', 'HEAD');
    const vcs = createGitVersionControl({ root });
    const oid = (
      await vcs.commitFiles({
        paths: [join(root, LOG), SNAPSHOT],
        message: 'chore(spec-kitty): status transition WP01',
      })
    )._unsafeUnwrap();
    expect(git(root, 'rev-parse', 'HEAD')).toBe(oid);
    expect(git(root, 'rev-parse', 'main')).toBe(oid);
    expect(git(root, 'rev-list', '--parents', '-n1', 'HEAD').split(' ')).toEqual([oid, parent]);
    expect(git(root, 'log', '-1', '--format=%s')).toBe('chore(spec-kitty): status transition WP01');
    expect(git(root, 'log', '-1', '--stat', '--format=')).toMatch(
      /^ kitty-specs\/001-demo\/status\.events\.jsonl \| 1 \+\n kitty-specs\/001-demo\/status\.json +\| 2 \+-\n 2 files changed, 2 insertions\(\+\), 1 deletion\(-\)$/,
    );
    expect(git(root, 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe(`${LOG}\n${SNAPSHOT}`);
    expect(othersSeenByGit()).toEqual(before);
    expect(git(root, 'status', '--porcelain', '--', STATUS)).toBe('');
    expect(git(root, 'diff', '--cached', '--', STATUS)).toBe('');
    expect(git(root, 'reflog', '-1', '--format=%gs', 'HEAD')).toBe(
      'commit: chore(spec-kitty): status transition WP01',
    );
    expect(git(root, 'reflog', '-1', '--format=%gs', 'main')).toBe(
      'commit: chore(spec-kitty): status transition WP01',
    );
    expect(gitStatus(root, 'fsck', '--strict', '--no-dangling').ok).toBe(true);
  });

  it('takes a deleted, an executable, a symlinked and a new file as the working tree has them', async () => {
    rmSync(join(root, SNAPSHOT));
    writeFiles(root, { [`${STATUS}/run.sh`]: '#!/bin/sh\n', [`${STATUS}/new.md`]: 'new\n' });
    chmodSync(join(root, `${STATUS}/run.sh`), 0o755);
    symlinkSync('status.events.jsonl', join(root, `${STATUS}/log-link`));
    const vcs = createGitVersionControl({ root });
    const paths = ['status.json', 'run.sh', 'log-link', 'new.md'].map(
      (name) => `${STATUS}/${name}`,
    );
    (await vcs.commitFiles({ paths, message: 'files' }))._unsafeUnwrap();
    expect(
      git(root, 'ls-tree', '-r', 'HEAD', '--', STATUS)
        .split('\n')
        .map((line) => line.split(/\s/)[0] + ' ' + line.split('\t')[1]),
    ).toEqual([
      `120000 ${STATUS}/log-link`,
      `100644 ${STATUS}/new.md`,
      `100755 ${STATUS}/run.sh`,
      `100644 ${LOG}`,
    ]);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(gitStatus(root, 'fsck', '--strict', '--no-dangling').ok).toBe(true);
  });

  it('answers null and writes neither ref nor index when nothing differs from HEAD', async () => {
    leaveOtherChanges();
    const index = readFileSync(join(root, '.git', 'index'));
    const head = git(root, 'rev-parse', 'HEAD');
    const vcs = createGitVersionControl({ root });
    expect(
      (await vcs.commitFiles({ paths: [LOG, SNAPSHOT], message: 'm' }))._unsafeUnwrap(),
    ).toBeNull();
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(root, '.git', 'index')).equals(index)).toBe(true);
  });

  it('fails without writing anything while a git process holds index.lock', async () => {
    writeFiles(root, { [LOG]: 'line 1\nline 2\n' });
    const lock = join(root, '.git', 'index.lock');
    writeFileSync(lock, '');
    const index = readFileSync(join(root, '.git', 'index'));
    const head = git(root, 'rev-parse', 'HEAD');
    const vcs = createGitVersionControl({ root });
    const error = (await vcs.commitFiles({ paths: [LOG], message: 'm' }))._unsafeUnwrapErr();
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.message).toMatch(/index\.lock/);
    expect(existsSync(lock)).toBe(true); // the other holder's lock is never removed
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(root, '.git', 'index')).equals(index)).toBe(true);
    rmSync(lock);
    expect(git(root, 'status', '--porcelain')).toBe(` M ${LOG}`);
  });

  it('refuses an unborn branch (no commit yet) with INTERNAL_ERROR', async () => {
    const fresh = temporaryDirectory();
    try {
      git(fresh.path, 'init', '-q', '-b', 'main');
      writeFiles(fresh.path, { 'a.txt': 'a\n' });
      const vcs = createGitVersionControl({ root: fresh.path });
      const error = (await vcs.commitFiles({ paths: ['a.txt'], message: 'm' }))._unsafeUnwrapErr();
      expect(error.code).toBe('INTERNAL_ERROR');
      expect(error.message).toMatch(/no commit/);
      expect(gitStatus(fresh.path, 'rev-parse', '--verify', '-q', 'HEAD').ok).toBe(false);
    } finally {
      fresh.cleanup();
    }
  });

  it("commits inside a linked worktree on that worktree's branch and index", async () => {
    const worktree = join(root, '.worktrees', '001-demo-coord');
    git(root, 'worktree', 'add', '-q', '-b', 'kitty/mission-001-demo', worktree, 'main');
    leaveOtherChanges(worktree);
    writeFiles(worktree, { [LOG]: 'line 1\nline 2 (coord)\n', [SNAPSHOT]: '{"coord": true}\n' });
    writeFiles(root, { [LOG]: 'main checkout edit\n' });
    const before = othersSeenByGit(worktree);
    const mainHead = git(root, 'rev-parse', 'HEAD');
    const mainReflog = git(root, 'reflog', '--format=%H %gs', 'HEAD');
    const vcs = createGitVersionControl({ root });
    const oid = (
      await vcs.commitFiles({
        paths: [join(worktree, LOG), join(worktree, SNAPSHOT)],
        message: 'chore(spec-kitty): status transition batch WP01',
      })
    )._unsafeUnwrap();
    expect(git(worktree, 'rev-parse', 'HEAD')).toBe(oid);
    expect(git(root, 'rev-parse', 'kitty/mission-001-demo')).toBe(oid);
    expect(git(worktree, 'log', '-1', '--format=%P')).toBe(mainHead);
    expect(git(worktree, 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe(`${LOG}\n${SNAPSHOT}`);
    expect(git(worktree, 'show', `HEAD:${LOG}`)).toBe('line 1\nline 2 (coord)');
    expect(git(worktree, 'status', '--porcelain', '--', STATUS)).toBe('');
    expect(othersSeenByGit(worktree)).toEqual(before);
    expect(git(worktree, 'reflog', '-1', '--format=%gs', 'HEAD')).toBe(
      'commit: chore(spec-kitty): status transition batch WP01',
    );
    // The main checkout: same HEAD, same reflog, its own edit of the log untouched.
    expect(git(root, 'rev-parse', 'HEAD')).toBe(mainHead);
    expect(git(root, 'reflog', '--format=%H %gs', 'HEAD')).toBe(mainReflog);
    expect(git(root, 'status', '--porcelain', '--', STATUS)).toBe(` M ${LOG}`);
    expect(gitStatus(root, 'fsck', '--strict', '--no-dangling').ok).toBe(true);
  });

  it.each([
    ['the main checkout', false],
    ['a linked worktree', true],
  ])('keeps an index of format version 4 in %s, other changes included', async (_, linked) => {
    const cwd = linked ? join(root, '.worktrees', 'wt') : root;
    if (linked) git(root, 'worktree', 'add', '-q', '-b', 'wt', cwd, 'main');
    const index = linked
      ? join(root, '.git', 'worktrees', 'wt', 'index')
      : join(root, '.git', 'index');
    leaveOtherChanges(cwd);
    git(cwd, 'update-index', '--index-version', '4');
    expect(indexVersion(index)).toBe(4);
    writeFiles(cwd, { [LOG]: 'line 1\nline 2\n' });
    const before = othersSeenByGit(cwd);
    const vcs = createGitVersionControl({ root });
    const oid = (await vcs.commitFiles({ paths: [join(cwd, LOG)], message: 'v4' }))._unsafeUnwrap();
    expect(git(cwd, 'rev-parse', 'HEAD')).toBe(oid);
    expect(git(cwd, 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe(LOG);
    expect(indexVersion(index)).toBe(4);
    expect(othersSeenByGit(cwd)).toEqual(before);
    expect(git(cwd, 'status', '--porcelain', '--', STATUS)).toBe('');
    expect(gitStatus(cwd, 'fsck', '--strict', '--no-dangling').ok).toBe(true);
    // and git still reads every entry of the rewritten index
    expect(git(cwd, 'ls-files', '--stage').split('\n')).toHaveLength(6);
  });

  it('refuses a split index before committing anything', async () => {
    git(root, 'update-index', '--split-index');
    writeFiles(root, { [LOG]: 'line 1\nline 2\n' });
    const head = git(root, 'rev-parse', 'HEAD');
    const index = readFileSync(join(root, '.git', 'index'));
    const vcs = createGitVersionControl({ root });
    const error = (await vcs.commitFiles({ paths: [LOG], message: 'm' }))._unsafeUnwrapErr();
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.message).toMatch(/split index/);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(root, '.git', 'index')).equals(index)).toBe(true);
    expect(git(root, 'status', '--porcelain')).toBe(` M ${LOG}`);
  });

  it('creates the index of a checkout that has none, holding the committed entries', async () => {
    rmSync(join(root, '.git', 'index'));
    writeFiles(root, { [LOG]: 'line 1\nline 2\n' });
    const vcs = createGitVersionControl({ root });
    (await vcs.commitFiles({ paths: [LOG], message: 'm' }))._unsafeUnwrap();
    expect(git(root, 'ls-files', '--stage')).toMatch(
      new RegExp(`^100644 [0-9a-f]{40} 0\\t${LOG.replaceAll('.', '\\.')}$`),
    );
    expect(git(root, 'show', `HEAD:${LOG}`)).toBe('line 1\nline 2');
  });

  describe('racily clean entries', () => {
    /** Edit README.md keeping its size and mtime, the index written in that same second. */
    function racyEdit(cwd: string, indexPath: string): Date {
      const readme = join(cwd, 'README.md');
      const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000 + 100);
      utimesSync(readme, mtime, mtime);
      git(cwd, 'update-index', '--refresh');
      writeFileSync(readme, '# DEMO\n'); // same size
      utimesSync(readme, mtime, mtime);
      const indexTime = new Date(mtime.getTime() + 500);
      utimesSync(indexPath, indexTime, indexTime);
      return mtime;
    }

    it.each([
      ['in the main checkout, index v2', false, 2],
      ['in the main checkout, index v4', false, 4],
      ['in a linked worktree', true, 2],
    ])('stay visible as modified after a commit %s', async (_, linked, version) => {
      const cwd = linked ? join(root, '.worktrees', 'wt') : root;
      if (linked) git(root, 'worktree', 'add', '-q', '-b', 'wt', cwd, 'main');
      const index = linked
        ? join(root, '.git', 'worktrees', 'wt', 'index')
        : join(root, '.git', 'index');
      if (version === 4) git(cwd, 'update-index', '--index-version', '4');
      const mtime = racyEdit(cwd, index);
      writeFiles(cwd, { [LOG]: 'line 1\nline 2\n' });
      const vcs = createGitVersionControl({ root });
      (await vcs.commitFiles({ paths: [join(cwd, LOG)], message: 'log' }))._unsafeUnwrap();
      // As if our index write had happened seconds later, when git trusts stat data again.
      const later = new Date(mtime.getTime() + 5_000);
      utimesSync(index, later, later);
      expect(git(cwd, 'status', '--porcelain', '--untracked-files=no')).toBe(' M README.md');
      expect(git(cwd, 'diff', '--name-only')).toBe('README.md');
    });
  });

  it('commits after another commit made by the git CLI, from the branch it left', async () => {
    const vcs = createGitVersionControl({ root });
    commitWithCli(root, { 'cli.txt': 'by git\n' }, 'by the CLI');
    writeFiles(root, { [LOG]: 'line 1\nline 2\n' });
    const cliHead = git(root, 'rev-parse', 'HEAD');
    const oid = (await vcs.commitFiles({ paths: [LOG], message: 'after' }))._unsafeUnwrap();
    expect(git(root, 'rev-parse', 'HEAD~1')).toBe(cliHead);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(oid);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  describe('commitFile (one file of the main checkout, contract 1.0 history commits)', () => {
    it('shares the same core: index v4 kept, other changes alone, a split index refused up front', async () => {
      leaveOtherChanges();
      git(root, 'update-index', '--index-version', '4');
      writeFiles(root, { 'tasks.md': '- entry\n' });
      const before = othersSeenByGit();
      const vcs = createGitVersionControl({ root });
      const oid = (await vcs.commitFile({ path: 'tasks.md', message: 'hist' }))._unsafeUnwrap();
      expect(git(root, 'rev-parse', 'HEAD')).toBe(oid);
      expect(git(root, 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe('tasks.md');
      expect(indexVersion(join(root, '.git', 'index'))).toBe(4);
      expect(git(root, 'status', '--porcelain', '--', 'tasks.md')).toBe('');
      // Everything else as before; tasks.md went from untracked to committed.
      expect(othersSeenByGit()).toEqual({
        ...before,
        status: before.status.replace(/^\?\? tasks\.md\n/m, ''),
      });
      expect(before.status).toMatch(/^\?\? tasks\.md$/m);
      git(root, 'update-index', '--split-index');
      writeFiles(root, { 'tasks.md': '- entry\n- another\n' });
      const error = (
        await vcs.commitFile({ path: 'tasks.md', message: 'hist' })
      )._unsafeUnwrapErr();
      expect(error.message).toMatch(/split index/);
      expect(git(root, 'rev-parse', 'HEAD')).toBe(oid);
    });

    it('still makes a root commit on an unborn branch, and a commit for an unchanged file', async () => {
      const fresh = temporaryDirectory();
      try {
        git(fresh.path, 'init', '-q', '-b', 'main');
        writeFiles(fresh.path, { 'a.txt': 'a\n', 'b.txt': 'b\n' });
        const vcs = createGitVersionControl({ root: fresh.path });
        const first = (await vcs.commitFile({ path: 'a.txt', message: 'root' }))._unsafeUnwrap();
        expect(git(fresh.path, 'rev-list', '--parents', 'HEAD')).toBe(first);
        expect(git(fresh.path, 'ls-tree', '--name-only', 'HEAD')).toBe('a.txt');
        expect(git(fresh.path, 'status', '--porcelain')).toBe('?? b.txt');
        const again = (await vcs.commitFile({ path: 'a.txt', message: 'same' }))._unsafeUnwrap();
        expect(git(fresh.path, 'rev-parse', 'HEAD~1')).toBe(first);
        expect(git(fresh.path, 'rev-parse', 'HEAD')).toBe(again);
      } finally {
        fresh.cleanup();
      }
    });
  });
});
