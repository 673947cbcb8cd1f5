// Execution lanes and mission merges on real repositories, checked with the git CLI: what a
// lane worktree shows (its sparse checkout as git itself reads it), the merge commits git would
// make, and that the checkouts following a merge are clean for git.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LaneAllocationRequest } from '@kittyhost/core/ports';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitVersionControl } from './create-git-version-control.js';
import {
  commitFiles,
  git,
  gitStatus,
  initRepository,
  parentsOf,
  temporaryDirectory,
  worktreeList,
  writeFiles,
} from '../test/git-cli.js';

const SLUG = 'demo-01M8RB29';
const COORD = `kitty/mission-${SLUG}`;
const DIR = `kitty-specs/${SLUG}`;
const HIDDEN = [`${DIR}/status.events.jsonl`, `${DIR}/status.json`];
const row = (id: string, at: string) =>
  `{"actor": "a", "at": "${at}", "event_id": "${id}", "wp_id": "WP01"}`;

describe('git adapter lanes (spec-kitty 3.2 layout)', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  let coord: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root, { 'README.md': '# demo\n' });
    writeFiles(root, { '.git/info/exclude': '.worktrees/\n' });
    // As `mission create` leaves it: a coordination branch in its worktree, holding the status.
    git(root, 'checkout', '-q', '-b', 'feat/demo');
    coord = join(root, '.worktrees', `${SLUG}-coord`);
    git(root, 'worktree', 'add', '-q', '-b', COORD, coord, 'main');
    commitFiles(
      coord,
      {
        [HIDDEN[0] as string]: `${row('01J0000000000000000000000B', '2026-01-02T00:00:00Z')}\n`,
        [HIDDEN[1] as string]: '{}\n',
      },
      'chore(spec-kitty): status transition WP01',
    );
    commitFiles(root, { [`${DIR}/spec.md`]: '# spec\n' }, 'Add plan');
  });
  afterEach(() => dir.cleanup());

  const request = (wpId: string, laneId: string, extra: Partial<LaneAllocationRequest> = {}) => ({
    laneId,
    worktreeName: `${SLUG}-${laneId}`,
    branch: `${COORD}-${laneId}`,
    wpId,
    mode: 'claim' as const,
    parent: COORD,
    parentFrom: 'feat/demo',
    planningCommit: git(root, 'rev-parse', 'feat/demo'),
    planningMessage: `Merge recorded planning-artifact commit into ${laneId} (FR-009)`,
    dependencies: [],
    hiddenPaths: HIDDEN,
    ...extra,
  });

  it('allocates lanes git sees as sparse worktrees, with the planning commit and dependency lanes merged in', async () => {
    const vcs = createGitVersionControl({ root });
    const laneA = (await vcs.ensureLane(request('WP01', 'lane-a')))._unsafeUnwrap();
    expect(worktreeList(root).get(laneA.path)).toBe(`refs/heads/${COORD}-lane-a`);
    expect(git(laneA.path, 'status', '--porcelain')).toBe('');
    expect(git(laneA.path, 'ls-files', '-v', DIR).split('\n').sort()).toEqual([
      `H ${DIR}/spec.md`,
      `S ${HIDDEN[0]}`,
      `S ${HIDDEN[1]}`,
    ]);
    expect(git(laneA.path, 'config', '--get', 'core.sparseCheckout')).toBe('true');
    expect(git(laneA.path, 'sparse-checkout', 'list').split('\n')).toEqual([
      '/*',
      `!${HIDDEN[0]}`,
      `!${HIDDEN[1]}`,
    ]);
    for (const hidden of HIDDEN) expect(existsSync(join(laneA.path, hidden))).toBe(false);
    expect(git(laneA.path, 'log', '-1', '--format=%s')).toBe(
      'Merge recorded planning-artifact commit into lane-a (FR-009)',
    );
    // The main checkout and the coordination worktree are untouched; no worktree config leaks.
    expect(git(coord, 'status', '--porcelain')).toBe('');
    expect(gitStatus(coord, 'config', '--get', 'core.sparseCheckout').ok).toBe(false);
    expect(git(root, 'status', '--porcelain')).toBe('');

    // An agent's ordinary `git add -A && git commit` keeps the hidden files as they were.
    commitFiles(laneA.path, { 'src/a.txt': 'A\n' }, 'feat(WP01): implementation');
    expect(git(root, 'show', `${laneA.branch}:${HIDDEN[1]}`)).toBe('{}');
    const laneB = (
      await vcs.ensureLane(
        request('WP02', 'lane-b', {
          dependencies: [
            {
              laneId: 'lane-a',
              branch: laneA.branch,
              message: 'Merge dependency lane lane-a into lane-b',
            },
          ],
        }),
      )
    )._unsafeUnwrap();
    expect(laneB.merged).toEqual(['planning', 'lane-a']);
    expect(git(laneB.path, 'log', '--format=%s', '-2').split('\n')).toEqual([
      'Merge dependency lane lane-a into lane-b',
      'Merge recorded planning-artifact commit into lane-b (FR-009)',
    ]);
    expect(readFileSync(join(laneB.path, 'src/a.txt'), 'utf8')).toBe('A\n');
    expect(git(laneB.path, 'status', '--porcelain')).toBe('');
    expect(
      JSON.parse(
        readFileSync(join(root, '.git/kittyhost/lanes', `${SLUG}-lane-b`, 'WP02.json'), 'utf8'),
      ),
    ).toEqual({ base_ref: COORD, base_oid: git(root, 'rev-parse', laneB.branch) });

    // A later claim in a live lane merges into its worktree: files and index follow, git agrees.
    commitFiles(laneA.path, { 'src/a2.txt': 'A2\n' }, 'feat(WP01): more');
    const again = (
      await vcs.ensureLane(
        request('WP05', 'lane-b', {
          dependencies: [
            {
              laneId: 'lane-a',
              branch: laneA.branch,
              message: 'Merge dependency lane lane-a into lane-b',
            },
          ],
        }),
      )
    )._unsafeUnwrap();
    expect(again).toMatchObject({ created: false, merged: ['lane-a'] });
    expect(readFileSync(join(laneB.path, 'src/a2.txt'), 'utf8')).toBe('A2\n');
    expect(git(laneB.path, 'status', '--porcelain')).toBe('');
    expect(git(laneB.path, 'ls-files', '-v', HIDDEN[0] as string)).toBe(`S ${HIDDEN[0]}`);
    expect(git(root, 'fsck', '--no-dangling')).toBe('');

    // Re-attached after `rm -rf`, the lane keeps hiding the status files.
    rmSync(laneB.path, { recursive: true, force: true });
    await vcs.ensureLane(request('WP05', 'lane-b', { mode: 'resume' }));
    expect(git(laneB.path, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(laneB.path, HIDDEN[0] as string))).toBe(false);
  });

  it('integrates a mission: the coordination worktree and the main checkout follow, the husk log is folded in, git finds both clean', async () => {
    const vcs = createGitVersionControl({ root });
    const laneA = (await vcs.ensureLane(request('WP01', 'lane-a')))._unsafeUnwrap();
    commitFiles(laneA.path, { 'src/a.txt': 'A\n' }, 'feat(WP01): implementation');
    const laneC = (await vcs.ensureLane(request('WP03', 'lane-c')))._unsafeUnwrap();
    commitFiles(laneC.path, { 'docs/c.md': 'C\n' }, 'feat(WP03): implementation');
    commitFiles(root, { [`${DIR}/tasks.md`]: '# tasks\n' }, 'Add tasks');
    const husk = `${row('01J0000000000000000000000A', '2026-01-01T00:00:00Z')}\n`;
    writeFiles(root, { [HIDDEN[0] as string]: husk, [HIDDEN[1] as string]: '{"empty": true}\n' });
    // The coordination worktree holds an uncommitted annotation, in a path no lane touches.
    writeFiles(coord, { [HIDDEN[1] as string]: '{"annotated": true}\n' });
    const start = git(root, 'rev-parse', 'feat/demo');
    const merged = (
      await vcs.integrateMission({
        key: SLUG,
        target: 'feat/demo',
        strategy: 'merge',
        missionBranch: COORD,
        lanes: [laneA, laneC].map((lane, index) => ({
          laneId: index === 0 ? 'lane-a' : 'lane-c',
          worktreeName: lane.path.slice(lane.path.lastIndexOf('/') + 1),
          branch: lane.branch,
          message: `Merge ${lane.branch} into ${COORD}`,
        })),
        message: `Merge ${COORD} into feat/demo`,
        untracked: [
          { path: HIDDEN[0] as string, fold: 'event-log' },
          { path: HIDDEN[1] as string, fold: 'replace' },
        ],
        foldMessage: `chore(spec-kitty): fold mission-level events into ${SLUG}`,
      })
    )._unsafeUnwrap();
    expect(merged.mergedLanes).toEqual(['lane-a', 'lane-c']);
    expect(git(root, 'log', '--format=%s', '-2', 'feat/demo').split('\n')).toEqual([
      `chore(spec-kitty): fold mission-level events into ${SLUG}`,
      `Merge ${COORD} into feat/demo`,
    ]);
    const mergeCommit = git(root, 'rev-parse', 'feat/demo~1');
    expect(parentsOf(root, mergeCommit)).toEqual([start, git(root, 'rev-parse', COORD)]);
    // lane-c is stale (it and the mission branch both took in the planning commit's files since
    // their merge base): as the original, the mission branch is merged into the lane, and the
    // mission branch fast-forwards to that merge.
    expect(git(root, 'log', '--format=%s', '-1', COORD)).toBe(
      `Merge branch '${COORD}' into ${laneC.branch}`,
    );
    expect(parentsOf(root, git(root, 'rev-parse', COORD))[0]).toBe(
      git(root, 'rev-parse', laneC.branch),
    );
    // Everything the mission made is on the target, the lane code in the coordination worktree.
    expect(git(root, 'show', 'feat/demo:src/a.txt')).toBe('A');
    expect(git(root, 'show', 'feat/demo:docs/c.md')).toBe('C');
    expect(readFileSync(join(coord, 'src/a.txt'), 'utf8')).toBe('A\n');
    expect(readFileSync(join(root, HIDDEN[0] as string), 'utf8')).toBe(
      `${husk}${row('01J0000000000000000000000B', '2026-01-02T00:00:00Z')}\n`,
    );
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(git(coord, 'status', '--porcelain')).toBe(` M ${HIDDEN[1]}`);
    expect(git(root, 'reflog', '-1', '--format=%gs', 'feat/demo')).toContain('merge');
    expect(git(root, 'fsck', '--no-dangling')).toBe('');
  });
});
