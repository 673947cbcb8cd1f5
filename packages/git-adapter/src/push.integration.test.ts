import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { createGitVersionControl } from './create-git-version-control.js';
import { commitFiles, git, initRepository, temporaryDirectory } from '../test/git-cli.js';
import { startHttpGitServer, type HttpGitServer } from '../test/http-backend-server.js';

describe('git adapter push', () => {
  let remotes: { path: string; cleanup: () => void };
  let server: HttpGitServer;
  let dir: { path: string; cleanup: () => void };
  let root: string;
  let remoteName = 0;

  beforeAll(async () => {
    remotes = temporaryDirectory('kittyhost-remotes-');
    server = await startHttpGitServer({ projectRoot: remotes.path, token: 'secret-token' });
  });
  afterAll(async () => {
    await server.close();
    remotes.cleanup();
  });

  /** A bare repository under the server root, seeded from `root`'s main; returns its URL and path. */
  function bareRemote(): { url: string; path: string } {
    const name = `origin-${++remoteName}.git`;
    const path = join(remotes.path, name);
    git(remotes.path, 'init', '-q', '--bare', '-b', 'main', name);
    git(path, 'config', 'http.receivepack', 'true');
    git(root, 'push', '-q', path, 'main:main');
    return { url: `${server.url}/${name}`, path };
  }

  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root);
  });
  afterEach(() => dir.cleanup());

  it('pushes over smart HTTP with the token from KITTYHOST_GIT_TOKEN', async () => {
    const remote = bareRemote();
    git(root, 'remote', 'add', 'origin', remote.url);
    const tip = commitFiles(root, { 'a.txt': 'A\n' }, 'merged work');
    const vcs = createGitVersionControl({
      root,
      environment: { KITTYHOST_GIT_TOKEN: 'secret-token' },
    });
    const result = await vcs.push({ branch: 'main', mergedWps: ['WP01'] });
    expect(result.isOk()).toBe(true);
    expect(git(remote.path, 'rev-parse', 'main')).toBe(tip);
    expect(git(root, 'rev-parse', 'refs/remotes/origin/main')).toBe(tip);
    expect(
      server.requests.some((request) => request.startsWith('POST /origin-1.git/git-receive-pack')),
    ).toBe(true);
  });

  it('reports a rejected non-fast-forward push as PUSH_FAILED with the merged WPs', async () => {
    const remote = bareRemote();
    git(root, 'remote', 'add', 'origin', remote.url);
    // Someone else pushes first.
    const other = temporaryDirectory();
    try {
      git(other.path, 'clone', '-q', remote.path, '.');
      commitFiles(other.path, { 'theirs.txt': 'theirs\n' }, 'their work');
      git(other.path, 'push', '-q', 'origin', 'main');
    } finally {
      other.cleanup();
    }
    const remoteTip = git(remote.path, 'rev-parse', 'main');
    commitFiles(root, { 'ours.txt': 'ours\n' }, 'our work');
    const vcs = createGitVersionControl({ root, token: 'secret-token' });
    const result = await vcs.push({ branch: 'main', mergedWps: ['WP01', 'WP02'] });
    const error = result._unsafeUnwrapErr();
    expect(error.code).toBe('PUSH_FAILED');
    expect(error.details).toEqual({ merged_wps: ['WP01', 'WP02'] });
    expect(error.message).toMatch(/not a fast-forward/);
    expect(git(remote.path, 'rev-parse', 'main')).toBe(remoteTip);
  });

  it('fails clearly without a remote, with a wrong token and when the server is unreachable', async () => {
    const vcs = createGitVersionControl({ root, environment: {} });
    const none = (await vcs.push({ branch: 'main', mergedWps: ['WP01'] }))._unsafeUnwrapErr();
    expect(none).toMatchObject({ code: 'PUSH_FAILED', details: { merged_wps: ['WP01'] } });
    expect(none.message).toMatch(/no remote named origin/);

    const remote = bareRemote();
    git(root, 'remote', 'add', 'origin', remote.url);
    const denied = (
      await createGitVersionControl({ root, token: 'wrong' }).push({
        branch: 'main',
        mergedWps: [],
      })
    )._unsafeUnwrapErr();
    expect(denied.code).toBe('PUSH_FAILED');
    expect(denied.message).toMatch(/401|authentication/i);

    git(root, 'remote', 'add', 'dead', 'http://127.0.0.1:9/nothing.git');
    const unreachable = (
      await vcs.push({ branch: 'main', remote: 'dead', mergedWps: ['WP01'] })
    )._unsafeUnwrapErr();
    expect(unreachable.code).toBe('PUSH_FAILED');
    expect(unreachable.message).toMatch(/dead/);
  });

  it('pushes to path remotes with the git CLI, and says why when it cannot', async () => {
    const remote = bareRemote();
    git(root, 'remote', 'add', 'local', remote.path);
    const tip = commitFiles(root, { 'b.txt': 'B\n' }, 'more');
    const vcs = createGitVersionControl({ root });
    expect((await vcs.push({ branch: 'main', remote: 'local', mergedWps: [] })).isOk()).toBe(true);
    expect(git(remote.path, 'rev-parse', 'main')).toBe(tip);

    git(remote.path, 'update-ref', 'refs/heads/main', git(root, 'rev-parse', 'main~1'));
    const diverged = git(
      remote.path,
      'commit-tree',
      '-p',
      'main',
      '-m',
      'diverged',
      git(root, 'rev-parse', 'main~1^{tree}'),
    );
    git(remote.path, 'update-ref', 'refs/heads/main', diverged);
    const rejected = (
      await vcs.push({ branch: 'main', remote: 'local', mergedWps: ['WP03'] })
    )._unsafeUnwrapErr();
    expect(rejected).toMatchObject({ code: 'PUSH_FAILED', details: { merged_wps: ['WP03'] } });
    expect(rejected.message).toMatch(/not a fast-forward/);

    const noCli = createGitVersionControl({ root, gitExecutable: '/nonexistent/git' });
    const missing = (
      await noCli.push({ branch: 'main', remote: 'local', mergedWps: [] })
    )._unsafeUnwrapErr();
    expect(missing.message).toMatch(/git CLI .* is not installed/);
  });
});
