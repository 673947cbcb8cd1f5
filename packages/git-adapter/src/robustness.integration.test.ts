import { mkdirSync, readFileSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitVersionControl } from './create-git-version-control.js';
import { git, initRepository, temporaryDirectory, worktreeList } from '../test/git-cli.js';

describe('git adapter robustness', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => dir.cleanup());

  it('never throws: a directory that is not a repository gives typed errors', async () => {
    const vcs = createGitVersionControl({ root: dir.path, lock: { timeoutMs: 500 } });
    expect((await vcs.currentBranch())._unsafeUnwrap()).toBeNull();
    const workspace = await vcs.ensureWorkspace({
      featureSlug: 'f',
      wpId: 'WP01',
      baseBranch: 'main',
    });
    expect(['INTERNAL_ERROR', 'PREFLIGHT_FAILED']).toContain(workspace._unsafeUnwrapErr().code);
    const merged = await vcs.mergeBranches({ target: 'main', strategy: 'merge', items: [] });
    expect(['INTERNAL_ERROR', 'PREFLIGHT_FAILED']).toContain(merged._unsafeUnwrapErr().code);
    const pushed = await vcs.push({ branch: 'main', mergedWps: ['WP01'] });
    expect(pushed._unsafeUnwrapErr()).toMatchObject({
      code: 'PUSH_FAILED',
      details: { merged_wps: ['WP01'] },
    });
    const committed = await vcs.commitFile({ path: 'x.txt', message: 'x' });
    const error = committed._unsafeUnwrapErr();
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.cause).toBeDefined();
  });

  it('serialises concurrent mutations with the repository lock', async () => {
    initRepository(dir.path);
    const vcs = createGitVersionControl({ root: dir.path });
    const other = createGitVersionControl({ root: dir.path });
    const results = await Promise.all(
      ['WP01', 'WP02', 'WP03', 'WP04'].map((wpId, index) =>
        (index % 2 === 0 ? vcs : other).ensureWorkspace({
          featureSlug: 'f',
          wpId,
          baseBranch: 'main',
        }),
      ),
    );
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(worktreeList(dir.path).size).toBe(5);
    expect(
      readFileSync(join(dir.path, '.git/info/exclude'), 'utf8').match(/^\.worktrees\/$/gm),
    ).toHaveLength(1);
    expect(readdirSync(join(dir.path, '.git')).includes('kittyhost.lock')).toBe(false);
  });

  it('takes over a stale lock left by a crashed process', async () => {
    initRepository(dir.path);
    const lockDir = join(dir.path, '.git/kittyhost.lock');
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    const vcs = createGitVersionControl({
      root: dir.path,
      lock: { staleMs: 2_000, timeoutMs: 5_000 },
    });
    const result = await vcs.ensureWorkspace({
      featureSlug: 'f',
      wpId: 'WP01',
      baseBranch: 'main',
    });
    expect(result.isOk()).toBe(true);
    expect(git(join(dir.path, '.worktrees/f-WP01'), 'status', '--porcelain')).toBe('');
  });

  it('waits for a held lock and gives up with a typed error', async () => {
    initRepository(dir.path);
    mkdirSync(join(dir.path, '.git/kittyhost.lock'));
    const vcs = createGitVersionControl({
      root: dir.path,
      lock: { staleMs: 60_000, timeoutMs: 300 },
    });
    const result = await vcs.removeWorkspace('f', 'WP01');
    expect(result._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
    expect(result._unsafeUnwrapErr().message).toMatch(/lock/i);
  });

  it('never imports isomorphic-git at module top level', () => {
    const sources = readdirSync(join(__dirname, 'internal'))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => join(__dirname, 'internal', name))
      .concat([join(__dirname, 'index.ts'), join(__dirname, 'create-git-version-control.ts')]);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/^import (?!type )[^;]*from 'isomorphic-git/m);
    }
  });
});
