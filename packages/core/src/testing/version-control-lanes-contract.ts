import { describe, expect, it } from 'vitest';
import type {
  LaneAllocationRequest,
  LanePlacement,
  MissionIntegrationRequest,
} from '../ports/lane-workspaces.js';
import type { VersionControl } from '../ports/version-control.js';
import type { VersionControlFixture } from './version-control-contract.js';

const SLUG = '001-demo';
const MISSION = `kitty/mission-${SLUG}`;
const STATUS = `kitty-specs/${SLUG}/status.json`;
const LOG = `kitty-specs/${SLUG}/status.events.jsonl`;
const row = (id: string, at: string) =>
  `{"actor": "a", "at": "${at}", "event_id": "${id}", "wp_id": "WP01"}`;

/** The placement of a lane of {@link SLUG}. */
export const lanePlacement = (laneId: string): LanePlacement => ({
  laneId,
  worktreeName: `${SLUG}-${laneId}`,
  branch: `${MISSION}-${laneId}`,
});

/**
 * The lane part of the `VersionControl` contract (CONTRACT-1.3.md §6, §9): allocation, reuse,
 * merges in at allocation, sparse checkouts, re-attaching, restoring, and mission integration.
 * Registered by `describeVersionControlContract`; `context()` answers the current fixture.
 */
export function describeLaneContract(
  context: () => { readonly fixture: VersionControlFixture; readonly vcs: VersionControl },
): void {
  const claim = (wpId: string, laneId: string, extra: Partial<LaneAllocationRequest> = {}) =>
    context().vcs.ensureLane({
      ...lanePlacement(laneId),
      wpId,
      mode: 'claim',
      parent: MISSION,
      parentFrom: 'main',
      planningCommit: null,
      planningMessage: `Merge recorded planning-artifact commit into ${laneId} (FR-009)`,
      dependencies: [],
      hiddenPaths: [],
      ...extra,
    });
  const dependency = (laneId: string, into: string) => ({
    laneId,
    branch: lanePlacement(laneId).branch,
    message: `Merge dependency lane ${laneId} into ${into}`,
  });
  const inspect = async (wpId: string, laneId: string) =>
    (
      await context().vcs.inspectLane({ ...lanePlacement(laneId), wpId, fallbackBase: MISSION })
    )._unsafeUnwrap();
  const integration = (
    lanes: readonly string[],
    extra: Partial<MissionIntegrationRequest> = {},
  ): MissionIntegrationRequest => ({
    key: SLUG,
    target: 'main',
    strategy: 'merge',
    missionBranch: MISSION,
    lanes: lanes.map((laneId) => ({
      ...lanePlacement(laneId),
      message: `Merge ${lanePlacement(laneId).branch} into ${MISSION}`,
    })),
    message: `Merge ${MISSION} into main`,
    untracked: [],
    foldMessage: `chore(spec-kitty): fold mission-level events into ${SLUG}`,
    ...extra,
  });

  describe('lanes', () => {
    it("allocates a fresh lane from its parent (made from the target) and records the WP's start", async () => {
      const { fixture, vcs } = context();
      const start = await fixture.tip('main');
      const lane = (await claim('WP01', 'lane-a'))._unsafeUnwrap();
      expect(lane).toEqual({
        path: `${vcs.root}/.worktrees/${SLUG}-lane-a`,
        branch: `${MISSION}-lane-a`,
        created: true,
        baseRef: MISSION,
        baseOid: start,
        merged: [],
        skippedDependencies: [],
      });
      expect(await fixture.tip(MISSION)).toBe(start);
      expect(await fixture.tip(`${MISSION}-lane-a`)).toBe(start);
      expect(await fixture.readWorkspaceFile(lane.path, 'README.md')).toBe('# demo\n');
      expect(await inspect('WP01', 'lane-a')).toMatchObject({
        directoryExists: true,
        branchExists: true,
        dirtyPaths: [],
        baseRef: MISSION,
        baseOid: start,
        commitsAhead: 0,
      });
    });

    it('shares a lane between its WPs, each start recorded; a dirty lane refuses a claim, not a resume', async () => {
      const { fixture } = context();
      const lane = (await claim('WP01', 'lane-a'))._unsafeUnwrap();
      await fixture.commitInWorkspace(lane.path, { 'a.txt': 'A\n' }, 'WP01 work');
      expect((await inspect('WP01', 'lane-a')).commitsAhead).toBe(1);
      const tip = await fixture.tip(lane.branch);
      const next = (await claim('WP04', 'lane-a'))._unsafeUnwrap();
      expect(next).toMatchObject({ path: lane.path, created: false, baseOid: tip });
      expect((await inspect('WP04', 'lane-a')).commitsAhead).toBe(0);
      expect((await inspect('WP01', 'lane-a')).commitsAhead).toBe(1);
      await fixture.dirtyWorkspace(lane.path, 'wip.txt', 'half done\n');
      const refused = await claim('WP05', 'lane-a');
      expect(refused._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
      expect(refused._unsafeUnwrapErr().message).toContain('wip.txt');
      expect((await inspect('WP05', 'lane-a')).baseOid).toBe(await fixture.tip(MISSION));
      const resumed = await claim('WP04', 'lane-a', { mode: 'resume' });
      expect(resumed._unsafeUnwrap()).toMatchObject({ created: false, baseOid: tip });
      expect((await inspect('WP04', 'lane-a')).dirtyPaths).toEqual(['wip.txt']);
    });

    it("merges in the planning commit, then dependency lanes in order (a missing one skipped); they are not the WP's commits", async () => {
      const { fixture, vcs } = context();
      // The coordination branch, checked out in its worktree, has diverged from the target.
      await fixture.createBranch(MISSION, 'main');
      const coordination = `${vcs.root}/.worktrees/${SLUG}-coord`;
      await vcs.restoreWorktree({ path: coordination, branch: MISSION });
      await fixture.commitInWorkspace(coordination, { [STATUS]: '{}\n' }, 'status');
      const parent = (await fixture.tip(MISSION)) as string;
      await fixture.commitOnMain({ 'spec.md': '# spec\n' }, 'plan');
      const planning = (await fixture.tip('main')) as string;
      const laneA = (await claim('WP01', 'lane-a', { planningCommit: planning }))._unsafeUnwrap();
      expect(laneA.merged).toEqual(['planning']);
      const merge = (await fixture.tip(laneA.branch)) as string;
      expect(await fixture.parents(merge)).toEqual([parent, planning]);
      expect(await fixture.readWorkspaceFile(laneA.path, 'spec.md')).toBe('# spec\n');
      expect((await inspect('WP01', 'lane-a')).commitsAhead).toBe(0);
      await fixture.commitInWorkspace(laneA.path, { 'a.txt': 'A\n' }, 'WP01 work');
      const laneB = (
        await claim('WP02', 'lane-b', {
          planningCommit: planning,
          dependencies: [dependency('lane-a', 'lane-b'), dependency('lane-z', 'lane-b')],
        })
      )._unsafeUnwrap();
      expect(laneB).toMatchObject({
        merged: ['planning', 'lane-a'],
        skippedDependencies: ['lane-z'],
      });
      expect(await fixture.readWorkspaceFile(laneB.path, 'a.txt')).toBe('A\n');
      expect(await fixture.readWorkspaceFile(laneB.path, 'spec.md')).toBe('# spec\n');
      expect(await inspect('WP02', 'lane-b')).toMatchObject({ commitsAhead: 0, dirtyPaths: [] });
      // Claimed again later, the lane takes in what its dependency committed since.
      await fixture.commitInWorkspace(laneA.path, { 'a2.txt': 'A2\n' }, 'WP01 more work');
      await fixture.commitInWorkspace(laneB.path, { 'b.txt': 'B\n' }, 'WP02 work');
      const again = (
        await claim('WP06', 'lane-b', { dependencies: [dependency('lane-a', 'lane-b')] })
      )._unsafeUnwrap();
      expect(again.merged).toEqual(['lane-a']);
      expect(await fixture.readWorkspaceFile(laneB.path, 'a2.txt')).toBe('A2\n');
      expect(await inspect('WP06', 'lane-b')).toMatchObject({ commitsAhead: 0, dirtyPaths: [] });
    });

    it('refuses a conflicting dependency lane and leaves every lane as it was', async () => {
      const { fixture } = context();
      const laneA = (await claim('WP01', 'lane-a'))._unsafeUnwrap();
      await fixture.commitInWorkspace(laneA.path, { 'shared.txt': 'A\n' }, 'A edits shared');
      const laneB = (await claim('WP02', 'lane-b'))._unsafeUnwrap();
      await fixture.commitInWorkspace(laneB.path, { 'shared.txt': 'B\n' }, 'B edits shared');
      const tipB = await fixture.tip(laneB.branch);
      const refused = await claim('WP03', 'lane-b', {
        dependencies: [dependency('lane-a', 'lane-b')],
      });
      expect(refused._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
      expect(refused._unsafeUnwrapErr().message).toContain('shared.txt');
      expect(await fixture.tip(laneB.branch)).toBe(tipB);
      expect(await inspect('WP02', 'lane-b')).toMatchObject({ dirtyPaths: [] });
      expect(await fixture.readWorkspaceFile(laneB.path, 'shared.txt')).toBe('B\n');
      // A fresh lane whose second dependency conflicts is not created at all.
      const laneC = await claim('WP05', 'lane-c', {
        dependencies: [dependency('lane-a', 'lane-c'), dependency('lane-b', 'lane-c')],
      });
      expect(laneC._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
      expect(await fixture.tip(lanePlacement('lane-c').branch)).toBeUndefined();
      expect(await inspect('WP05', 'lane-c')).toMatchObject({
        directoryExists: false,
        branchExists: false,
      });
    });

    it('keeps hidden paths out of the lane worktree (never dirty, kept in its commits)', async () => {
      const { fixture } = context();
      await fixture.commitOnMain(
        { [STATUS]: '{}\n', [LOG]: `${row('E1', '2026-01-01T00:00:00Z')}\n` },
        'status',
      );
      const lane = (await claim('WP01', 'lane-a', { hiddenPaths: [STATUS, LOG] }))._unsafeUnwrap();
      expect(await fixture.readWorkspaceFile(lane.path, STATUS)).toBeUndefined();
      expect(await fixture.readWorkspaceFile(lane.path, LOG)).toBeUndefined();
      expect(await fixture.readWorkspaceFile(lane.path, 'README.md')).toBe('# demo\n');
      expect((await inspect('WP01', 'lane-a')).dirtyPaths).toEqual([]);
      await fixture.commitInWorkspace(lane.path, { 'a.txt': 'A\n' }, 'work');
      expect(await fixture.readFile(lane.branch, STATUS)).toBe('{}\n');
      expect((await inspect('WP01', 'lane-a')).dirtyPaths).toEqual([]);
    });

    it('re-attaches a lane whose directory was deleted; removes a lane, then its branch', async () => {
      const { fixture, vcs } = context();
      const lane = (await claim('WP01', 'lane-a'))._unsafeUnwrap();
      await fixture.commitInWorkspace(lane.path, { 'a.txt': 'A\n' }, 'work');
      await fixture.deleteWorkspaceDirectory(lane.path);
      expect(await inspect('WP01', 'lane-a')).toMatchObject({
        directoryExists: false,
        branchExists: true,
        commitsAhead: 1,
      });
      expect((await claim('WP01', 'lane-a', { mode: 'resume' }))._unsafeUnwrap().created).toBe(
        true,
      );
      expect(await fixture.readWorkspaceFile(lane.path, 'a.txt')).toBe('A\n');
      const placement = lanePlacement('lane-a');
      expect((await vcs.removeLane(placement, { deleteBranch: false }))._unsafeUnwrap()).toBe(true);
      expect(await inspect('WP01', 'lane-a')).toMatchObject({
        directoryExists: false,
        branchExists: true,
      });
      expect((await vcs.removeLane(placement, { deleteBranch: true }))._unsafeUnwrap()).toBe(true);
      expect(await fixture.tip(placement.branch)).toBeUndefined();
      expect((await vcs.removeLane(placement, { deleteBranch: true }))._unsafeUnwrap()).toBe(false);
    });

    it('restores a deleted worktree on its existing branch, and refuses a missing branch', async () => {
      const { fixture, vcs } = context();
      await fixture.createBranch(MISSION, 'main');
      const path = `${vcs.root}/.worktrees/${SLUG}-coord`;
      expect((await vcs.restoreWorktree({ path, branch: MISSION })).isOk()).toBe(true);
      expect(await fixture.readWorkspaceFile(path, 'README.md')).toBe('# demo\n');
      expect((await vcs.restoreWorktree({ path, branch: MISSION })).isOk()).toBe(true);
      const missing = await vcs.restoreWorktree({
        path: `${vcs.root}/.worktrees/other-coord`,
        branch: 'kitty/mission-gone',
      });
      expect(missing._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
    });
  });

  describe('integrateMission', () => {
    const twoLanes = async () => {
      const { fixture } = context();
      const a = (await claim('WP01', 'lane-a'))._unsafeUnwrap();
      await fixture.commitInWorkspace(a.path, { 'a.txt': 'A\n' }, 'WP01 work');
      const b = (await claim('WP02', 'lane-b'))._unsafeUnwrap();
      await fixture.commitInWorkspace(b.path, { 'b.txt': 'B\n' }, 'WP02 work');
      return { a, b };
    };

    it('merges the lanes into the mission branch, then that into the target; journaled until finished', async () => {
      const { fixture, vcs } = context();
      await twoLanes();
      const start = (await fixture.tip('main')) as string;
      const merged = (
        await vcs.integrateMission(integration(['lane-a', 'lane-b']))
      )._unsafeUnwrap();
      expect(merged).toMatchObject({ mergedLanes: ['lane-a', 'lane-b'], resumed: false });
      expect(await fixture.tip('main')).toBe(merged.targetTip);
      // The target had not moved since the lanes started: a fast-forward, as `git merge` does.
      expect(merged.targetTip).toBe(await fixture.tip(MISSION));
      expect(await fixture.parents(merged.targetTip)).toEqual([
        await fixture.tip(lanePlacement('lane-a').branch),
        await fixture.tip(lanePlacement('lane-b').branch),
      ]);
      expect(start).not.toBe(merged.targetTip);
      expect(await fixture.readFile('main', 'a.txt')).toBe('A\n');
      expect(await fixture.readFile('main', 'b.txt')).toBe('B\n');
      expect(await fixture.readFile(MISSION, 'b.txt')).toBe('B\n');
      expect(await fixture.readMainFile('a.txt')).toBe('A\n');
      expect((await vcs.pendingIntegration(SLUG))._unsafeUnwrap()).toEqual({
        target: 'main',
        lanes: ['lane-a', 'lane-b'],
      });
      const again = (await vcs.integrateMission(integration(['lane-a', 'lane-b'])))._unsafeUnwrap();
      expect(again).toEqual({ ...merged, resumed: true });
      await vcs.finishIntegration(SLUG, { deleteMissionBranch: true });
      expect((await vcs.pendingIntegration(SLUG))._unsafeUnwrap()).toBeNull();
      expect(await fixture.tip(MISSION)).toBeUndefined();
    });

    it('refuses a conflicting lane with MERGE_FAILED naming it and its paths; nothing moves', async () => {
      const { fixture, vcs } = context();
      const { a } = await twoLanes();
      const c = (await claim('WP03', 'lane-c'))._unsafeUnwrap();
      await fixture.commitInWorkspace(c.path, { 'a.txt': 'C\n' }, 'WP03 edits a.txt too');
      const main = await fixture.tip('main');
      const mission = await fixture.tip(MISSION);
      const checked = await vcs.integrateMission(
        integration(['lane-a', 'lane-b', 'lane-c'], { dryRun: true }),
      );
      expect(checked._unsafeUnwrapErr().details).toMatchObject({ failed_wp: 'lane-c' });
      const refused = await vcs.integrateMission(integration(['lane-a', 'lane-b', 'lane-c']));
      expect(refused._unsafeUnwrapErr()).toMatchObject({
        code: 'MERGE_FAILED',
        details: { failed_wp: 'lane-c', conflicts: ['a.txt'] },
      });
      expect(await fixture.tip('main')).toBe(main);
      expect(await fixture.tip(MISSION)).toBe(mission);
      expect((await vcs.pendingIntegration(SLUG))._unsafeUnwrap()).toBeNull();
      expect(await fixture.readWorkspaceFile(a.path, 'a.txt')).toBe('A\n');
    });

    it('squashes the mission into one single-parent commit, or rebases it linearly', async () => {
      const { fixture, vcs } = context();
      await twoLanes();
      const start = (await fixture.tip('main')) as string;
      const squashed = (
        await vcs.integrateMission(
          integration(['lane-a', 'lane-b'], {
            strategy: 'squash',
            message: `feat(${MISSION}): squash merge of mission`,
          }),
        )
      )._unsafeUnwrap();
      expect(await fixture.parents(squashed.targetTip)).toEqual([start]);
      expect(await fixture.readFile('main', 'b.txt')).toBe('B\n');
      await vcs.finishIntegration(SLUG, { deleteMissionBranch: true });
      const c = (await claim('WP03', 'lane-c'))._unsafeUnwrap();
      await fixture.commitInWorkspace(c.path, { 'c.txt': 'C\n' }, 'WP03 work');
      await fixture.commitOnMain({ 'main.txt': 'M\n' }, 'main moves on');
      const before = (await fixture.tip('main')) as string;
      const rebased = (
        await vcs.integrateMission(integration(['lane-c'], { strategy: 'rebase' }))
      )._unsafeUnwrap();
      expect(await fixture.parents(rebased.targetTip)).toEqual([before]);
      expect(await fixture.readFile('main', 'c.txt')).toBe('C\n');
    });

    it("folds an untracked event log of the main checkout into the target's log, row by row", async () => {
      const { fixture, vcs } = context();
      const a = (await claim('WP01', 'lane-a'))._unsafeUnwrap();
      const laneRow = row('01J0000000000000000000000B', '2026-01-02T00:00:00Z');
      await fixture.commitInWorkspace(
        a.path,
        { [LOG]: `${laneRow}\n`, [STATUS]: '{"n": 1}\n' },
        'status',
      );
      const huskRow = row('01J0000000000000000000000A', '2026-01-01T00:00:00Z');
      await fixture.dirtyMain(LOG, `${huskRow}\n`);
      await fixture.dirtyMain(STATUS, '{}\n');
      await fixture.dirtyMain('notes.txt', 'mine\n');
      const untracked = [
        { path: LOG, fold: 'event-log' as const },
        { path: STATUS, fold: 'replace' as const },
      ];
      const merged = (
        await vcs.integrateMission(integration(['lane-a'], { untracked }))
      )._unsafeUnwrap();
      expect(await fixture.readFile('main', LOG)).toBe(`${huskRow}\n${laneRow}\n`);
      expect(await fixture.readMainFile(LOG)).toBe(`${huskRow}\n${laneRow}\n`);
      expect(await fixture.readMainFile(STATUS)).toBe('{"n": 1}\n');
      expect(await fixture.readMainFile('notes.txt')).toBe('mine\n');
      expect(merged.targetTip).toBe(await fixture.tip('main'));
    });

    it('refuses to overwrite a local change of the main checkout; nothing moves', async () => {
      const { fixture, vcs } = context();
      await twoLanes();
      await fixture.dirtyMain('a.txt', 'mine\n');
      const main = await fixture.tip('main');
      const checked = await vcs.integrateMission(
        integration(['lane-a', 'lane-b'], { dryRun: true }),
      );
      expect(checked._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
      const refused = await vcs.integrateMission(integration(['lane-a', 'lane-b']));
      expect(refused._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
      expect(refused._unsafeUnwrapErr().message).toContain('a.txt');
      expect(await fixture.tip('main')).toBe(main);
      expect(await fixture.readMainFile('a.txt')).toBe('mine\n');
      expect((await vcs.pendingIntegration(SLUG))._unsafeUnwrap()).toBeNull();
    });
  });

  describe('branchChanges', () => {
    it('lists what branches add or modify under a directory since their merge base', async () => {
      const { fixture, vcs } = context();
      await fixture.commitOnMain({ '.github/workflows/old.yml': 'old\n' }, 'ci');
      const a = (await claim('WP01', 'lane-a'))._unsafeUnwrap();
      await fixture.commitInWorkspace(
        a.path,
        {
          '.github/workflows/ci.yml': 'ci\n',
          'src/a.txt': 'A\n',
          '.github/workflows/old.yml': null,
        },
        'CI',
      );
      const b = (await claim('WP02', 'lane-b'))._unsafeUnwrap();
      await fixture.commitInWorkspace(b.path, { '.github/workflows/old.yml': 'new\n' }, 'CI');
      // The target moving on (a workflow of its own) is not the mission's change.
      await fixture.commitOnMain({ '.github/workflows/main.yml': 'main\n' }, 'main CI');
      const changes = await vcs.branchChanges({
        base: 'main',
        branches: [a.branch, b.branch, MISSION, 'kitty/mission-gone'],
        under: '.github/workflows',
      });
      expect(changes._unsafeUnwrap()).toEqual([
        '.github/workflows/ci.yml',
        '.github/workflows/old.yml',
      ]);
      expect(
        (
          await vcs.branchChanges({ base: 'main', branches: ['main'], under: '.github/workflows' })
        )._unsafeUnwrap(),
      ).toEqual([]);
    });
  });
}
