// Interop with the original 1.3.0 host (spec-kitty 3.2.6rc3) on the shared 3.2 fixture: after
// Kitty Host drives the mission the original reads the same state, and after the original drives
// it part way Kitty Host continues to the merge. The original is slow (2–6 s a call) and lives
// outside the repository: these tests run only when KITTYHOST_ORIGINAL_HOST names its
// `spec-kitty-13` executable (e.g. /work/tools/original/bin/spec-kitty-13).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COORD_3WP,
  extractSpecKittyFixture,
  hasSpecKittyFixture,
} from '@kittyhost/sample-project/lanes';
import { afterAll, describe, expect, it } from 'vitest';
import { git } from './harness.js';
import {
  PROVIDER_POLICY,
  agentWorks,
  approve,
  driveWorkPackage,
  expectFsckClean,
  host,
  ok,
  transition,
  worktrees,
} from './lanes-harness.js';

const ORIGINAL = process.env['KITTYHOST_ORIGINAL_HOST'];
const available = ORIGINAL !== undefined && existsSync(ORIGINAL) && hasSpecKittyFixture();
const { slug } = COORD_3WP;
const base = mkdtempSync(join(tmpdir(), 'kittyhost-original-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** One call of the original host, from the repository root; its envelope's data. */
function original(root: string, ...args: string[]): Record<string, any> {
  const result = spawnSync(ORIGINAL as string, args, { cwd: root, encoding: 'utf8' });
  const envelope = JSON.parse(result.stdout.trim()) as {
    success: boolean;
    data: Record<string, any>;
  };
  expect(envelope.success, result.stdout + result.stderr).toBe(true);
  return envelope.data;
}

/** What both hosts must agree on: each WP's lane and dependencies, and the summary. */
const lanesOf = (state: Record<string, any>) => ({
  summary: state['summary'],
  work_packages: state['work_packages'].map((wp: Record<string, any>) => [
    wp['wp_id'],
    wp['lane'],
    wp['dependencies'],
  ]),
});

const WORK = {
  WP01: {
    id: 'WP01',
    subtasks: ['T001', 'T002'],
    files: { 'src/demo/greet.py': 'def greet(): return "hi"\n' },
  },
  WP02: {
    id: 'WP02',
    subtasks: ['T003', 'T004'],
    files: { 'src/demo/farewell.py': 'def bye(): return "bye"\n' },
  },
  WP03: { id: 'WP03', subtasks: ['T005', 'T006'], files: { 'docs/demo.md': '# Demo\n' } },
};

describe.skipIf(!available)(
  'interop with the original 1.3.0 host (KITTYHOST_ORIGINAL_HOST)',
  () => {
    it('reads the state Kitty Host left, answer for answer', { timeout: 240_000 }, () => {
      const repo = extractSpecKittyFixture(join(base, 'ours-first'));
      driveWorkPackage(repo, slug, WORK.WP01);
      ok(
        host(repo, [
          'start-implementation',
          '--mission',
          slug,
          '--wp',
          'WP03',
          '--actor',
          'claude',
          '--policy',
          PROVIDER_POLICY,
        ]),
      );
      const ours = ok(host(repo, ['mission-state', '--mission', slug]));
      expect(
        lanesOf(original(repo, 'orchestrator-api', 'mission-state', '--mission', slug)),
      ).toEqual(lanesOf(ours));
      const ready = ok(host(repo, ['list-ready', '--mission', slug]));
      expect(
        original(repo, 'orchestrator-api', 'list-ready', '--mission', slug)['ready_work_packages'],
      ).toEqual(ready['ready_work_packages']);
      const { mission_type: _ours, ...workspace } = ok(
        host(repo, ['resolve-workspace', '--mission', slug, '--wp', 'WP02']),
      );
      const { mission_type: _theirs, ...theirs } = original(
        repo,
        'orchestrator-api',
        'resolve-workspace',
        '--mission',
        slug,
        '--wp',
        'WP02',
      );
      expect(theirs).toEqual(workspace);
    });

    it('continues a mission the original started, down to the merge', { timeout: 300_000 }, () => {
      const repo = extractSpecKittyFixture(join(base, 'theirs-first'));
      const lane = original(
        repo,
        'orchestrator-api',
        'start-implementation',
        '--mission',
        slug,
        '--wp',
        'WP01',
        '--actor',
        'claude',
        '--policy',
        PROVIDER_POLICY,
      );
      expect(lane['workspace_path']).toBe(join(repo, '.worktrees', `${slug}-lane-a`));
      // The original's lane, its sparse checkout and merges: Kitty Host's commit gate counts only
      // the agent's commit there.
      expect(transition(repo, slug, 'WP01', 'for_review', '--note', 'early').error_code).toBe(
        'TRANSITION_REJECTED',
      );
      agentWorks(
        repo,
        slug,
        lane['workspace_path'],
        WORK.WP01.files,
        WORK.WP01.subtasks,
        'feat(WP01): implementation by claude',
      );
      ok(
        transition(
          repo,
          slug,
          'WP01',
          'for_review',
          '--note',
          "Implementation by 'claude' complete",
        ),
      );
      approve(repo, slug, 'WP01');
      const wp02 = driveWorkPackage(repo, slug, WORK.WP02);
      expect(git(wp02['workspace_path'], 'log', '-1', '--format=%s', 'HEAD~1')).toBe(
        'Merge dependency lane lane-a into lane-b',
      );
      driveWorkPackage(repo, slug, WORK.WP03);
      ok(host(repo, ['merge-mission', '--mission', slug, '--target', COORD_3WP.targetBranch]));
      for (const file of ['src/demo/greet.py', 'src/demo/farewell.py', 'docs/demo.md'])
        expect(git(repo, 'cat-file', '-e', `${COORD_3WP.targetBranch}:${file}`)).toBe('');
      expect(worktrees(repo)).toEqual([repo, join(repo, '.worktrees', `${slug}-coord`)]);
      expectFsckClean(repo);
      // And the original reads the end state Kitty Host left: every WP done.
      expect(
        original(repo, 'orchestrator-api', 'mission-state', '--mission', slug)['summary'],
      ).toMatchObject({ done: 3 });
    });
  },
);
