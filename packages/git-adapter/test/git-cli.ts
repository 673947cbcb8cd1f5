import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Environment for git CLI calls in tests: no user or system config, fixed identity. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

/** Run the git CLI in `cwd` and return its trimmed stdout; throws with stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trimEnd();
}

/** Run the git CLI and report whether it succeeded (stdout/stderr captured). */
export function gitStatus(cwd: string, ...args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: git(cwd, ...args) };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

/** Write files (relative paths, `null` deletes) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | null>): void {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(dir, path);
    if (content === null) rmSync(absolute, { force: true });
    else {
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, content);
    }
  }
}

/** Write `files`, stage everything and commit in the checkout at `dir`; returns the new HEAD oid. */
export function commitFiles(
  dir: string,
  files: Record<string, string | null>,
  message = 'change',
): string {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** A fresh temp directory, removed by the returned `cleanup`. */
export function temporaryDirectory(prefix = 'kittyhost-git-'): {
  path: string;
  cleanup: () => void;
} {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** `git init` a repository on `main` with an initial commit holding `files`. */
export function initRepository(
  dir: string,
  files: Record<string, string> = { 'README.md': '# demo\n' },
): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Repo User');
  git(dir, 'config', 'user.email', 'repo@example.com');
  commitFiles(dir, files, 'initial commit');
}

/** Parents of a commit, as `git rev-list --parents -n1` prints them. */
export function parentsOf(dir: string, rev: string): string[] {
  return git(dir, 'rev-list', '--parents', '-n1', rev).split(' ').slice(1);
}

/** The `git worktree list --porcelain` records: path → branch ref (or null). */
export function worktreeList(dir: string): Map<string, string | null> {
  const records = new Map<string, string | null>();
  for (const block of git(dir, 'worktree', 'list', '--porcelain').split('\n\n')) {
    const path = /^worktree (.+)$/m.exec(block)?.[1];
    if (path !== undefined) records.set(path, /^branch (.+)$/m.exec(block)?.[1] ?? null);
  }
  return records;
}
