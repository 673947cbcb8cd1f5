import { execFileSync } from 'node:child_process';
import { mkdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../test/project.js';
import { findProjectRoot } from './find-project-root.js';

let base: string;
beforeAll(async () => {
  base = await realpath(await temporaryDirectory('kittyhost-root-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** Make directories (and `.git` files) under `base`. */
async function layout(paths: Record<string, string | null>): Promise<void> {
  for (const [path, content] of Object.entries(paths)) {
    const full = join(base, path);
    if (content === null) await mkdir(full, { recursive: true });
    else {
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, content);
    }
  }
}

const noEnv = {};

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('findProjectRoot', () => {
  it('takes --repo first, absolute or relative to cwd, over SPECIFY_REPO_ROOT', async () => {
    await layout({ 'explicit/a': null, 'explicit/b': null });
    const env = { SPECIFY_REPO_ROOT: join(base, 'explicit/b') };
    expect((await findProjectRoot({ repo: join(base, 'explicit/a'), env }))._unsafeUnwrap()).toBe(
      join(base, 'explicit/a'),
    );
    expect(
      (await findProjectRoot({ repo: 'a', cwd: join(base, 'explicit'), env }))._unsafeUnwrap(),
    ).toBe(join(base, 'explicit/a'));
    expect((await findProjectRoot({ cwd: base, env }))._unsafeUnwrap()).toBe(
      join(base, 'explicit/b'),
    );
  });

  it('answers USAGE_ERROR when --repo or SPECIFY_REPO_ROOT does not exist or is a file', async () => {
    await layout({ 'afile.txt': 'x' });
    const missing = await findProjectRoot({ repo: join(base, 'nope'), env: noEnv });
    expect(missing._unsafeUnwrapErr()).toMatchObject({ code: 'USAGE_ERROR' });
    expect(missing._unsafeUnwrapErr().message).toContain('--repo does not exist');
    const file = await findProjectRoot({ repo: join(base, 'afile.txt'), env: noEnv });
    expect(file._unsafeUnwrapErr().message).toContain('--repo is not a directory');
    const fromEnv = await findProjectRoot({
      cwd: base,
      env: { SPECIFY_REPO_ROOT: join(base, 'nope') },
    });
    expect(fromEnv._unsafeUnwrapErr()).toMatchObject({ code: 'USAGE_ERROR' });
    expect(fromEnv._unsafeUnwrapErr().message).toContain('SPECIFY_REPO_ROOT');
  });

  it('ignores an empty SPECIFY_REPO_ROOT and walks up instead', async () => {
    await layout({ 'walk/kitty-specs': null, 'walk/src/deep': null });
    const root = await findProjectRoot({
      cwd: join(base, 'walk/src/deep'),
      env: { SPECIFY_REPO_ROOT: '' },
    });
    expect(root._unsafeUnwrap()).toBe(join(base, 'walk'));
  });

  it('stops at the nearest directory holding kitty-specs/, .kittify/ or .git', async () => {
    await layout({
      'outer/.git/HEAD': 'ref: refs/heads/main\n',
      'outer/inner/.kittify': null,
      'outer/inner/pkg/src': null,
      'outer/other/src': null,
      'outer/specs-only/kitty-specs': null,
    });
    const from = async (cwd: string) =>
      (await findProjectRoot({ cwd: join(base, cwd), env: noEnv }))._unsafeUnwrap();
    expect(await from('outer/inner/pkg/src')).toBe(join(base, 'outer/inner'));
    expect(await from('outer/other/src')).toBe(join(base, 'outer'));
    expect(await from('outer/specs-only')).toBe(join(base, 'outer/specs-only'));
  });

  it('does not take a file named kitty-specs as a marker', async () => {
    await layout({ 'markers/.git/HEAD': 'x', 'markers/sub/kitty-specs': 'not a directory' });
    const root = await findProjectRoot({ cwd: join(base, 'markers/sub'), env: noEnv });
    expect(root._unsafeUnwrap()).toBe(join(base, 'markers'));
  });

  it('maps a linked worktree (.git file → gitdir → commondir) to the main checkout', async () => {
    await layout({
      'main/.git/HEAD': 'ref: refs/heads/main\n',
      'main/.git/worktrees/wt/commondir': '../..\n',
      'main/kitty-specs': null,
      'elsewhere/wt/src': null,
      'elsewhere/wt/kitty-specs': null,
      'elsewhere/rel/src': null,
    });
    await writeFile(
      join(base, 'elsewhere/wt/.git'),
      `gitdir: ${join(base, 'main/.git/worktrees/wt')}\n`,
    );
    await writeFile(
      join(base, 'elsewhere/rel/.git'),
      `gitdir: ${relative(join(base, 'elsewhere/rel'), join(base, 'main/.git/worktrees/wt'))}\n`,
    );
    for (const cwd of ['elsewhere/wt/src', 'elsewhere/wt', 'elsewhere/rel/src']) {
      expect(
        (await findProjectRoot({ cwd: join(base, cwd), env: noEnv }))._unsafeUnwrap(),
        cwd,
      ).toBe(join(base, 'main'));
    }
    expect(
      (await findProjectRoot({ repo: join(base, 'elsewhere/wt'), env: noEnv }))._unsafeUnwrap(),
    ).toBe(join(base, 'main'));
  });

  it('keeps a .git file without commondir (a submodule) as its own root', async () => {
    await layout({ 'super/.git/modules/sub/HEAD': 'x', 'super/sub/src': null });
    await writeFile(join(base, 'super/sub/.git'), 'gitdir: ../.git/modules/sub\n');
    const root = await findProjectRoot({ cwd: join(base, 'super/sub/src'), env: noEnv });
    expect(root._unsafeUnwrap()).toBe(join(base, 'super/sub'));
  });

  it('maps <main>/.worktrees/<name>/… to <main> when <main> is a project', async () => {
    await layout({
      'proj/.git/HEAD': 'x',
      'proj/.worktrees/001-demo-WP01/kitty-specs': null,
      'proj/.worktrees/001-demo-WP01/src': null,
      'loose/.worktrees/repo/.git/HEAD': 'x',
      'loose/.worktrees/repo/src': null,
    });
    const inWorkspace = await findProjectRoot({
      cwd: join(base, 'proj/.worktrees/001-demo-WP01/src'),
      env: noEnv,
    });
    expect(inWorkspace._unsafeUnwrap()).toBe(join(base, 'proj'));
    // A `.worktrees` directory whose parent is no project is just a directory name.
    const loose = await findProjectRoot({
      cwd: join(base, 'loose/.worktrees/repo/src'),
      env: noEnv,
    });
    expect(loose._unsafeUnwrap()).toBe(join(base, 'loose/.worktrees/repo'));
  });

  it.skipIf(!hasGit())(
    'finds the main checkout from inside a real `git worktree add` workspace',
    async () => {
      const main = join(base, 'real');
      await mkdir(join(main, 'kitty-specs/001-demo'), { recursive: true });
      await writeFile(join(main, 'kitty-specs/001-demo/spec.md'), '# Spec\n');
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
          cwd: main,
          stdio: 'ignore',
        });
      git('init', '-q', '-b', 'main');
      git('add', '.');
      git('commit', '-q', '-m', 'init');
      git('worktree', 'add', '-q', '-b', '001-demo-WP01', '.worktrees/001-demo-WP01');
      const inside = join(main, '.worktrees/001-demo-WP01/kitty-specs/001-demo');
      expect((await stat(inside)).isDirectory()).toBe(true);
      expect((await findProjectRoot({ cwd: inside, env: noEnv }))._unsafeUnwrap()).toBe(main);
    },
  );

  it('answers USAGE_ERROR when no directory above cwd is a project', async () => {
    await layout({ 'nowhere/a/b': null });
    const ancestors: string[] = [];
    for (let directory = base; dirname(directory) !== directory; directory = dirname(directory)) {
      ancestors.push(dirname(directory));
    }
    const markerAbove = (
      await Promise.all(
        ancestors.flatMap((directory) =>
          ['kitty-specs', '.kittify', '.git'].map((marker) =>
            stat(join(directory, marker)).then(
              () => true,
              () => false,
            ),
          ),
        ),
      )
    ).includes(true);
    if (markerAbove) return; // the temp directory itself lives inside a project on this machine
    const result = await findProjectRoot({ cwd: join(base, 'nowhere/a/b'), env: noEnv });
    expect(result._unsafeUnwrapErr()).toMatchObject({ code: 'USAGE_ERROR' });
    expect(result._unsafeUnwrapErr().message).toContain('No project found');
  });
});
