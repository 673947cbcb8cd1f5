import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitVersionControl } from './create-git-version-control.js';
import {
  commitFiles,
  git,
  gitStatus,
  initRepository,
  parentsOf,
  temporaryDirectory,
} from '../test/git-cli.js';

const LOG = 'kitty-specs/001-demo/status.events.jsonl';
const event = (id: string, at: string, to: string) =>
  `{"actor": "a", "at": "${at}", "event_id": "${id}", "feature_slug": "001-demo", "to_lane": "${to}", "wp_id": "WP01"}`;

describe('git adapter: event log union, target facts, one-file commits', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root, {
      'README.md': '# demo\n',
      [LOG]: `${event('01A', '2026-02-23T10:00:00.000000+00:00', 'claimed')}\n`,
    });
  });
  afterEach(() => dir.cleanup());

  it('merges status.events.jsonl by union: deduplicated by event_id, ordered by at then event_id', async () => {
    const vcs = createGitVersionControl({ root });
    const first = event('01A', '2026-02-23T10:00:00.000000+00:00', 'claimed');
    const fromWp1 = event('01C', '2026-02-23T12:00:00Z', 'for_review');
    const fromWp2 = event('01B', '2026-02-23T11:00:00.5+00:00', 'in_progress');
    const fromMain = event('01D', '2026-02-23T11:00:00.500000+00:00', 'blocked');
    const wp1 = (
      await vcs.ensureWorkspace({ featureSlug: '001-demo', wpId: 'WP01', baseBranch: 'main' })
    )._unsafeUnwrap();
    commitFiles(wp1.path, { [LOG]: `${first}\n${fromWp1}\n`, 'a.txt': 'A\n' });
    const wp2 = (
      await vcs.ensureWorkspace({ featureSlug: '001-demo', wpId: 'WP02', baseBranch: 'main' })
    )._unsafeUnwrap();
    commitFiles(wp2.path, { [LOG]: `${first}\n${fromWp2}\n${fromWp1}\n` });
    commitFiles(root, { [LOG]: `${first}\n${fromMain}\n` }, 'status on main');

    const result = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: ['WP01', 'WP02'].map((wpId) => ({
        wpId,
        branch: `001-demo-${wpId}`,
        message: `merge ${wpId}`,
      })),
    });
    expect(result._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
    const expected = `${first}\n${fromWp2}\n${fromMain}\n${fromWp1}\n`;
    expect(`${git(root, 'show', `main:${LOG}`)}\n`).toBe(expected);
    expect(readFileSync(join(root, LOG), 'utf8')).toBe(expected);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(gitStatus(root, 'fsck', '--strict').ok).toBe(true);
  });

  it('detects a target behind its upstream from the remote-tracking ref', async () => {
    const vcs = createGitVersionControl({ root });
    const start = git(root, 'rev-parse', 'main');
    expect((await vcs.inspectTarget('main'))._unsafeUnwrap()).toEqual({
      branch: 'main',
      exists: true,
      behindUpstream: false,
      checkedOut: true,
    });
    git(root, 'config', 'branch.main.remote', 'origin');
    git(root, 'config', 'branch.main.merge', 'refs/heads/main');
    git(root, 'update-ref', 'refs/remotes/origin/main', start);
    commitFiles(root, { 'local.txt': 'ahead\n' }, 'local commit');
    expect((await vcs.inspectTarget('main'))._unsafeUnwrap().behindUpstream).toBe(false);

    // The upstream gains a commit the target lacks.
    git(root, 'checkout', '-q', '-b', 'elsewhere', start);
    const upstreamTip = commitFiles(root, { 'remote.txt': 'remote\n' }, 'remote commit');
    git(root, 'checkout', '-q', 'main');
    git(root, 'update-ref', 'refs/remotes/origin/main', upstreamTip);
    expect((await vcs.inspectTarget('main'))._unsafeUnwrap().behindUpstream).toBe(true);
    expect(git(root, 'rev-list', '--count', 'main..origin/main')).toBe('1');

    git(root, 'merge', '-q', '--no-edit', 'origin/main');
    expect((await vcs.inspectTarget('main'))._unsafeUnwrap().behindUpstream).toBe(false);
    expect((await vcs.inspectTarget('elsewhere'))._unsafeUnwrap()).toMatchObject({
      exists: true,
      checkedOut: false,
    });
    expect((await vcs.inspectTarget('missing'))._unsafeUnwrap()).toMatchObject({
      exists: false,
      behindUpstream: false,
    });
    expect((await vcs.currentBranch())._unsafeUnwrap()).toBe('main');
    expect((await vcs.branchExists('elsewhere'))._unsafeUnwrap()).toBe(true);
    expect((await vcs.branchExists('missing'))._unsafeUnwrap()).toBe(false);
  });

  it('commits exactly one file and leaves other staged and unstaged changes alone', async () => {
    const vcs = createGitVersionControl({ root });
    const wpFile = 'kitty-specs/001-demo/tasks/WP01.md';
    commitFiles(
      root,
      { [wpFile]: '---\nwork_package_id: WP01\n---\n', 'other.txt': 'other\n' },
      'spec',
    );
    const parent = git(root, 'rev-parse', 'HEAD');
    writeFileSync(
      join(root, wpFile),
      '---\nwork_package_id: WP01\n---\n## Activity Log\n- entry\n',
    );
    writeFileSync(join(root, 'staged.txt'), 'staged\n');
    git(root, 'add', 'staged.txt');
    writeFileSync(join(root, 'other.txt'), 'unstaged edit\n');
    mkdirSync(join(root, 'new-dir'));
    writeFileSync(join(root, 'new-dir/untracked.txt'), 'untracked\n');

    const oid = (
      await vcs.commitFile({
        path: join(root, wpFile),
        message: 'hist: append activity log entry for 001-demo/WP01',
      })
    )._unsafeUnwrap();
    expect(git(root, 'rev-parse', 'HEAD')).toBe(oid);
    expect(parentsOf(root, oid)).toEqual([parent]);
    expect(git(root, 'show', '--name-only', '--format=%s', oid).split('\n')).toEqual([
      'hist: append activity log entry for 001-demo/WP01',
      '',
      wpFile,
    ]);
    expect(git(root, 'log', '-1', '--format=%an <%ae>')).toBe('Repo User <repo@example.com>');
    expect(git(root, 'status', '--porcelain').split('\n').sort()).toEqual(
      ['?? new-dir/', 'A  staged.txt', ' M other.txt'].sort(),
    );
    expect(gitStatus(root, 'fsck', '--strict').ok).toBe(true);

    // Relative paths work too; a path outside the root is an error, not a throw.
    writeFileSync(join(root, wpFile), 'second\n');
    expect((await vcs.commitFile({ path: wpFile, message: 'again' })).isOk()).toBe(true);
    expect(git(root, 'show', `HEAD:${wpFile}`)).toBe('second');
    const outside = await vcs.commitFile({ path: '/etc/passwd', message: 'no' });
    expect(outside._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
  });

  it('uses GIT_AUTHOR_* from the environment, else config, else the default identity', async () => {
    git(root, 'config', '--unset', 'user.name');
    git(root, 'config', '--unset', 'user.email');
    const environment = { GIT_CONFIG_GLOBAL: '/dev/null' };
    writeFileSync(join(root, 'x.txt'), '1\n');
    const plain = createGitVersionControl({ root, environment });
    await plain.commitFile({ path: 'x.txt', message: 'default identity' });
    expect(git(root, 'log', '-1', '--format=%an <%ae>|%cn <%ce>')).toBe(
      'Kitty Host <kittyhost@localhost>|Kitty Host <kittyhost@localhost>',
    );
    writeFileSync(join(root, 'x.txt'), '2\n');
    const named = createGitVersionControl({
      root,
      environment: {
        ...environment,
        GIT_AUTHOR_NAME: 'Env Author',
        GIT_AUTHOR_EMAIL: 'env@example.com',
      },
    });
    await named.commitFile({ path: 'x.txt', message: 'env identity' });
    expect(git(root, 'log', '-1', '--format=%an <%ae>|%cn')).toBe(
      'Env Author <env@example.com>|Kitty Host',
    );
  });
});
