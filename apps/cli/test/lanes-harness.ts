// Helpers for the execution-lane tests: calls made as the 0.1.3 provider makes them (cwd = repo
// root, SPECIFY_REPO_ROOT set, no --json), what its agents do in a lane worktree, and git facts
// read with the git CLI to prove what changed and what did not.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { CLI, git, parseEnvelope, type Envelope } from './harness.js';

export const ACTOR = 'spec-kitty-orchestrator';
export const PROVIDER_POLICY = JSON.stringify({
  orchestrator_id: 'spec-kitty-orchestrator',
  orchestrator_version: '0.1.3',
  agent_family: 'claude',
  approval_mode: 'full_auto',
  sandbox_mode: 'workspace_write',
  network_mode: 'none',
  dangerous_flags: [],
  tool_restrictions: null,
});

/** One orchestrator-api call as the client makes it; the whole stdout is one envelope. */
export function host(
  root: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Envelope {
  const result = spawnSync(process.execPath, [CLI, 'orchestrator-api', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SPECIFY_REPO_ROOT: root, ...env },
  });
  const envelope = parseEnvelope(result.stdout.trim(), ['orchestrator-api', ...args]);
  expect(result.status === 0).toBe(envelope.success);
  return envelope;
}

/** The data of a successful call (fails the test, showing the envelope, otherwise). */
export function ok(envelope: Envelope): Record<string, any> {
  expect(envelope.success, JSON.stringify(envelope)).toBe(true);
  return envelope.data;
}

/** A failed call's code and data. */
export function failed(envelope: Envelope, code: string): Record<string, any> {
  expect(envelope.success, JSON.stringify(envelope)).toBe(false);
  expect(envelope.error_code, JSON.stringify(envelope)).toBe(code);
  return envelope.data;
}

/** `start-implementation` as the provider sends it. */
export function startImplementation(root: string, mission: string, wp: string, actor = ACTOR) {
  return host(root, [
    'start-implementation',
    '--mission',
    mission,
    '--wp',
    wp,
    '--actor',
    actor,
    '--policy',
    PROVIDER_POLICY,
  ]);
}

/** `transition` with the provider's policy. */
export function transition(
  root: string,
  mission: string,
  wp: string,
  to: string,
  ...extra: string[]
): Envelope {
  return host(root, [
    'transition',
    '--mission',
    mission,
    '--wp',
    wp,
    '--to',
    to,
    '--actor',
    ACTOR,
    '--policy',
    PROVIDER_POLICY,
    ...extra,
  ]);
}

/** Write files (relative paths) under `dir`. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** What the provider's agent does in its workspace: write, mark each subtask done, commit. */
export function agentWorks(
  root: string,
  mission: string,
  workspace: string,
  files: Readonly<Record<string, string>>,
  subtasks: readonly string[],
  message: string,
): void {
  writeFiles(workspace, files);
  for (const subtask of subtasks) {
    const marked = spawnSync(
      process.execPath,
      [CLI, 'agent', 'tasks', 'mark-status', subtask, '--status', 'done', '--mission', mission],
      { cwd: workspace, encoding: 'utf8', env: { ...process.env, SPECIFY_REPO_ROOT: root } },
    );
    expect(marked.status, marked.stderr).toBe(0);
  }
  execFileSync('git', ['add', '-A'], { cwd: workspace });
  execFileSync(
    'git',
    ['-c', 'user.name=Agent', '-c', 'user.email=agent@example.com', 'commit', '-qm', message],
    { cwd: workspace },
  );
}

/** Review and approve a WP as the provider does (start-review, then transition to `to`). */
export function approve(
  root: string,
  mission: string,
  wp: string,
  to: 'done' | 'approved' = 'done',
) {
  const reference = `review-${wp}-cycle1-0a1b2c3d`;
  ok(
    host(root, [
      'start-review',
      '--mission',
      mission,
      '--wp',
      wp,
      '--actor',
      ACTOR,
      '--policy',
      PROVIDER_POLICY,
      '--review-ref',
      reference,
    ]),
  );
  return ok(
    transition(
      root,
      mission,
      wp,
      to,
      '--note',
      `Review approved by '${ACTOR}'`,
      '--review-ref',
      reference,
      '--review-result-json',
      JSON.stringify({ reference, reviewer: ACTOR, verdict: 'approved' }),
      '--evidence-json',
      JSON.stringify({ review: { reference, reviewer: ACTOR, verdict: 'approved' } }),
    ),
  );
}

/**
 * Drive one WP through its lane: start it, let the agent commit `files` (marking `subtasks`),
 * move it to for_review, and approve it to `to`. Returns the start's answer.
 */
export function driveWorkPackage(
  root: string,
  mission: string,
  wp: {
    readonly id: string;
    readonly subtasks: readonly string[];
    readonly files: Readonly<Record<string, string>>;
  },
  to: 'done' | 'approved' = 'done',
): Record<string, any> {
  const started = ok(startImplementation(root, mission, wp.id));
  agentWorks(
    root,
    mission,
    started['workspace_path'],
    wp.files,
    wp.subtasks,
    `feat(${wp.id}): implementation by claude`,
  );
  ok(
    transition(root, mission, wp.id, 'for_review', '--note', "Implementation by 'claude' complete"),
  );
  approve(root, mission, wp.id, to);
  return started;
}

/** Every ref with its commit (`git for-each-ref`): equal before and after, nothing moved. */
export function refs(root: string): string {
  return git(root, 'for-each-ref', '--format=%(refname) %(objectname)');
}

/** A checkout's git facts: HEAD, its index entries (`git ls-files -s`), `git status --porcelain`. */
export function checkoutState(top: string): { head: string; index: string; status: string } {
  return {
    head: git(top, 'rev-parse', 'HEAD'),
    index: createHash('sha1')
      .update(git(top, 'ls-files', '-s'))
      .digest('hex'),
    status: git(top, 'status', '--porcelain', '--untracked-files=all'),
  };
}

/** The linked worktrees git knows (paths), the main checkout first. */
export function worktrees(root: string): string[] {
  return git(root, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

/** `git fsck` finds no error (dangling objects aside: the 3.2 fixture ships some). */
export function expectFsckClean(root: string): void {
  expect(git(root, 'fsck', '--no-dangling')).toBe('');
}
