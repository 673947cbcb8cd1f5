import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeStrategy, VersionControl } from '../ports/version-control.js';
import { describeLaneContract } from './version-control-lanes-contract.js';

/**
 * What a `VersionControl` adapter gives the contract suite to set up scenarios. A fixture
 * starts with the main checkout on branch `main` holding the files passed to `makeFixture`.
 */
export interface VersionControlFixture {
  readonly vcs: VersionControl;
  /** Commit `files` (`null` deletes) on the main checkout's current branch. */
  commitOnMain(files: Readonly<Record<string, string | null>>, message: string): Promise<void>;
  /** Commit `files` in the workspace at `path` (on its branch), as an agent would. */
  commitInWorkspace(
    path: string,
    files: Readonly<Record<string, string | null>>,
    message: string,
  ): Promise<void>;
  /** Leave `file` modified (or created) but uncommitted in the workspace at `path`. */
  dirtyWorkspace(path: string, file: string, content: string): Promise<void>;
  /** Delete the workspace directory behind the port's back (`rm -rf`). */
  deleteWorkspaceDirectory(path: string): Promise<void>;
  /** Leave `file` modified (or created) but uncommitted in the main checkout. */
  dirtyMain(file: string, content: string): Promise<void>;
  /** Detach the main checkout's HEAD at its current commit (`git checkout --detach`). */
  detachMain(): Promise<void>;
  /** Content of `file` in the main checkout's working tree, `undefined` when absent. */
  readMainFile(file: string): Promise<string | undefined>;
  /** Content of `file` in the working tree of the worktree at `path`, `undefined` when absent. */
  readWorkspaceFile(path: string, file: string): Promise<string | undefined>;
  /** Content of `file` at the tip of `branch`, `undefined` when absent. */
  readFile(branch: string, file: string): Promise<string | undefined>;
  /** The tip commit id of `branch`, `undefined` when it does not exist. */
  tip(branch: string): Promise<string | undefined>;
  /** Parent ids of a commit. */
  parents(commit: string): Promise<readonly string[]>;
  /** Create `name` at the tip of `from` without checking it out. */
  createBranch(name: string, from: string): Promise<void>;
  /** Give `branch` an upstream that has a commit `branch` lacks. */
  makeBehindUpstream(branch: string): Promise<void>;
  /** Add a remote named `name` that accepts pushes; returns a reader of its branch tips. */
  addRemote(name: string): Promise<{ tip(branch: string): Promise<string | undefined> }>;
  cleanup(): Promise<void>;
}

/** Builds a fresh fixture whose `main` holds `files`. */
export type MakeVersionControlFixture = (
  files: Readonly<Record<string, string>>,
) => Promise<VersionControlFixture>;

const SLUG = '001-demo';
const INITIAL = { 'README.md': '# demo\n', 'shared.txt': 'one\ntwo\nthree\n' };
const LOG = `kitty-specs/${SLUG}/status.events.jsonl`;
const event = (id: string, at: string) => `{"at": "${at}", "event_id": "${id}", "wp_id": "WP01"}`;

/**
 * The behaviour every `VersionControl` adapter must show, as a vitest suite. Run it from a
 * test file of the adapter with a fixture factory; the in-memory fake and the git adapter both
 * run it.
 *
 * @example
 * ```ts
 * import { describeVersionControlContract } from '@kittyhost/core/testing';
 * describeVersionControlContract('git', async (files) => makeGitFixture(files));
 * ```
 */
export function describeVersionControlContract(
  name: string,
  makeFixture: MakeVersionControlFixture,
): void {
  describe(`VersionControl contract: ${name}`, () => {
    let fixture: VersionControlFixture;
    let vcs: VersionControl;
    beforeEach(async () => {
      fixture = await makeFixture(INITIAL);
      vcs = fixture.vcs;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });
    describeLaneContract(() => ({ fixture, vcs }));

    const item = (wpId: string) => ({
      wpId,
      branch: `${SLUG}-${wpId}`,
      message: `merge: ${SLUG}/${wpId} into main`,
    });
    const workspace = async (wpId: string, baseBranch = 'main') =>
      (await vcs.ensureWorkspace({ featureSlug: SLUG, wpId, baseBranch }))._unsafeUnwrap();
    const merge = (strategy: MergeStrategy, ...wpIds: string[]) =>
      vcs.mergeBranches({ target: 'main', strategy, items: wpIds.map(item) });

    it('names branches and workspaces purely', () => {
      expect(vcs.branchName(SLUG, 'WP01')).toBe('001-demo-WP01');
      expect(vcs.workspacePath(SLUG, 'WP01')).toBe(`${vcs.root}/.worktrees/001-demo-WP01`);
    });

    it('reports the current branch and which branches exist', async () => {
      expect((await vcs.currentBranch())._unsafeUnwrap()).toBe('main');
      expect((await vcs.branchExists('main'))._unsafeUnwrap()).toBe(true);
      expect((await vcs.branchExists('nope'))._unsafeUnwrap()).toBe(false);
    });

    it('creates a workspace from the base branch, idempotently, and re-attaches a deleted one', async () => {
      const created = await workspace('WP01');
      const start = await fixture.tip('main');
      expect(created).toEqual({
        path: vcs.workspacePath(SLUG, 'WP01'),
        branch: '001-demo-WP01',
        created: true,
        baseRef: 'main',
        baseOid: start,
      });
      expect(await fixture.tip('001-demo-WP01')).toBe(start);
      expect(await workspace('WP01')).toEqual({ ...created, created: false });
      await fixture.commitInWorkspace(created.path, { 'a.txt': 'A\n' }, 'WP01 work');
      await fixture.deleteWorkspaceDirectory(created.path);
      expect((await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap()).toMatchObject({
        directoryExists: false,
        branchExists: true,
      });
      expect(await workspace('WP01')).toEqual({ ...created, created: true });
      expect(await fixture.readFile('001-demo-WP01', 'a.txt')).toBe('A\n');
      expect((await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap().dirtyPaths).toEqual([]);
    });

    it('records where a WP branch started and counts the commits beyond it', async () => {
      const start = (await fixture.tip('main')) as string;
      const wp1 = await workspace('WP01');
      const inspect = async (wpId: string, fallback?: string) =>
        (await vcs.inspectWorkspace(SLUG, wpId, fallback))._unsafeUnwrap();
      expect(await inspect('WP01')).toMatchObject({
        baseRef: 'main',
        baseOid: start,
        commitsAhead: 0,
      });
      await fixture.commitInWorkspace(wp1.path, { 'a.txt': 'A\n' }, 'WP01 work');
      const head = await fixture.tip('001-demo-WP01');
      expect(await inspect('WP01')).toMatchObject({
        headOid: head,
        baseRef: 'main',
        baseOid: start,
        commitsAhead: 1,
      });
      // Measured from the recorded start, not from where the base branch is now.
      await fixture.commitOnMain({ 'main.txt': 'main\n' }, 'main moves on');
      await fixture.commitInWorkspace(wp1.path, { 'b.txt': 'B\n' }, 'more WP01 work');
      expect(await inspect('WP01')).toMatchObject({ baseOid: start, commitsAhead: 2 });
      expect(await inspect('WP01', 'main')).toMatchObject({ baseRef: 'main', baseOid: start });
      // A WP created from another WP's branch starts at that branch's tip.
      const tip1 = (await fixture.tip('001-demo-WP01')) as string;
      const wp2 = await workspace('WP02', '001-demo-WP01');
      expect(wp2).toMatchObject({ baseRef: '001-demo-WP01', baseOid: tip1 });
      expect(await inspect('WP02')).toMatchObject({ headOid: tip1, commitsAhead: 0 });
    });

    it('measures from fallbackBase when the WP branch has no recorded start', async () => {
      await fixture.createBranch('001-demo-WP05', 'main');
      const adopted = await workspace('WP05');
      expect(adopted).toMatchObject({ created: true, baseRef: null, baseOid: null });
      await fixture.commitInWorkspace(adopted.path, { 'e.txt': 'E\n' }, 'WP05 work');
      const main = await fixture.tip('main');
      expect((await vcs.inspectWorkspace(SLUG, 'WP05'))._unsafeUnwrap()).toMatchObject({
        headOid: await fixture.tip('001-demo-WP05'),
        baseRef: null,
        baseOid: null,
        commitsAhead: null,
      });
      expect((await vcs.inspectWorkspace(SLUG, 'WP05', 'main'))._unsafeUnwrap()).toMatchObject({
        baseRef: 'main',
        baseOid: main,
        commitsAhead: 1,
      });
      expect((await vcs.inspectWorkspace(SLUG, 'WP05', 'missing'))._unsafeUnwrap()).toMatchObject({
        baseRef: 'missing',
        baseOid: null,
        commitsAhead: null,
      });
      expect((await vcs.inspectWorkspace(SLUG, 'WP06', 'main'))._unsafeUnwrap()).toMatchObject({
        branchExists: false,
        headOid: null,
        baseRef: 'main',
        baseOid: main,
        commitsAhead: null,
      });
    });

    it('refuses a missing base branch with PREFLIGHT_FAILED', async () => {
      const result = await vcs.ensureWorkspace({
        featureSlug: SLUG,
        wpId: 'WP01',
        baseBranch: 'missing',
      });
      expect(result._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
      expect((await vcs.branchExists('001-demo-WP01'))._unsafeUnwrap()).toBe(false);
    });

    it('reports dirty workspaces and unknown ones', async () => {
      const created = await workspace('WP01');
      await fixture.dirtyWorkspace(created.path, 'shared.txt', 'changed\n');
      await fixture.dirtyWorkspace(created.path, 'new.txt', 'new\n');
      const start = await fixture.tip('main');
      expect((await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap()).toEqual({
        path: created.path,
        branch: '001-demo-WP01',
        directoryExists: true,
        branchExists: true,
        dirtyPaths: ['new.txt', 'shared.txt'],
        headOid: start,
        headCommittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
        baseRef: 'main',
        baseOid: start,
        commitsAhead: 0,
      });
      // The cheap read of the same instant, and no tip for a branch that does not exist.
      const state = (await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap();
      expect((await vcs.branchCommittedAt('001-demo-WP01'))._unsafeUnwrap()).toBe(
        state.headCommittedAt,
      );
      expect((await vcs.branchCommittedAt('001-demo-WP09'))._unsafeUnwrap()).toBeNull();
      expect((await vcs.branchCommittedAt('../../etc'))._unsafeUnwrap()).toBeNull();
      expect((await vcs.inspectWorkspace(SLUG, 'WP09'))._unsafeUnwrap()).toEqual({
        path: vcs.workspacePath(SLUG, 'WP09'),
        branch: '001-demo-WP09',
        directoryExists: false,
        branchExists: false,
        dirtyPaths: [],
        headOid: null,
        headCommittedAt: null,
        baseRef: null,
        baseOid: null,
        commitsAhead: null,
      });
    });

    it('removes a workspace but keeps its branch, idempotently', async () => {
      await workspace('WP01');
      expect((await vcs.removeWorkspace(SLUG, 'WP01'))._unsafeUnwrap()).toBe(true);
      expect((await vcs.removeWorkspace(SLUG, 'WP01'))._unsafeUnwrap()).toBe(false);
      expect((await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap()).toMatchObject({
        directoryExists: false,
        branchExists: true,
      });
    });

    it('merges a dependency chain in order with two-parent merge commits', async () => {
      await fixture.commitInWorkspace((await workspace('WP01')).path, { 'a.txt': 'A\n' }, 'WP01');
      await fixture.commitInWorkspace(
        (await workspace('WP02', '001-demo-WP01')).path,
        { 'b.txt': 'B\n' },
        'WP02',
      );
      await fixture.commitOnMain({ 'main.txt': 'main\n' }, 'main moves on');
      expect((await merge('merge', 'WP01', 'WP02'))._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
      const tip = (await fixture.tip('main')) as string;
      expect(await fixture.parents(tip)).toEqual([
        expect.any(String),
        await fixture.tip('001-demo-WP02'),
      ]);
      expect(await fixture.readFile('main', 'a.txt')).toBe('A\n');
      expect(await fixture.readFile('main', 'b.txt')).toBe('B\n');
      expect(await fixture.readMainFile('b.txt')).toBe('B\n');
      // Merging again changes nothing and counts both as merged.
      expect((await merge('merge', 'WP01', 'WP02'))._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
      expect(await fixture.tip('main')).toBe(tip);
    });

    it('squashes one single-parent commit per WP and rebases linearly', async () => {
      await fixture.commitInWorkspace((await workspace('WP01')).path, { 'a.txt': 'A\n' }, 'WP01');
      await fixture.commitInWorkspace((await workspace('WP02')).path, { 'b.txt': 'B\n' }, 'WP02');
      const start = await fixture.tip('main');
      expect((await merge('squash', 'WP01'))._unsafeUnwrap()).toEqual(['WP01']);
      const squashed = (await fixture.tip('main')) as string;
      expect(await fixture.parents(squashed)).toEqual([start]);
      expect((await merge('rebase', 'WP02'))._unsafeUnwrap()).toEqual(['WP02']);
      const rebased = (await fixture.tip('main')) as string;
      expect(await fixture.parents(rebased)).toEqual([squashed]);
      expect(await fixture.readFile('main', 'a.txt')).toBe('A\n');
      expect(await fixture.readFile('main', 'b.txt')).toBe('B\n');
    });

    it('merges WPs with two merge bases (a diamond)', async () => {
      const wp1 = (await workspace('WP01')).path;
      await fixture.commitInWorkspace(wp1, { 'a.txt': 'A\n' }, 'WP01');
      await fixture.commitInWorkspace((await workspace('WP02')).path, { 'b.txt': 'B\n' }, 'WP02');
      expect((await merge('merge', 'WP01', 'WP02'))._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
      // WP03 depends on both: its branch starts at WP02 and merges WP01 in (criss-cross with main).
      await fixture.createBranch('001-demo-WP03', '001-demo-WP02');
      expect(
        (
          await vcs.mergeBranches({
            target: '001-demo-WP03',
            strategy: 'merge',
            items: [item('WP01')],
          })
        )._unsafeUnwrap(),
      ).toEqual(['WP01']);
      expect(await fixture.parents((await fixture.tip('001-demo-WP03')) as string)).toHaveLength(2);
      const wp3 = await workspace('WP03');
      await fixture.commitInWorkspace(wp3.path, { 'c.txt': 'C\n' }, 'WP03');
      expect((await merge('merge', 'WP03'))._unsafeUnwrap()).toEqual(['WP03']);
      for (const [file, content] of [
        ['a.txt', 'A\n'],
        ['b.txt', 'B\n'],
        ['c.txt', 'C\n'],
      ] as const) {
        expect(await fixture.readFile('main', file)).toBe(content);
      }
    });

    it('stops at a conflict with the target at the last successful WP', async () => {
      await fixture.commitInWorkspace(
        (await workspace('WP01')).path,
        { 'shared.txt': 'one (WP01)\ntwo\nthree\n' },
        'WP01',
      );
      await fixture.commitInWorkspace(
        (await workspace('WP02')).path,
        { 'shared.txt': 'one (WP02)\ntwo\nthree\n' },
        'WP02',
      );
      const error = (await merge('merge', 'WP01', 'WP02'))._unsafeUnwrapErr();
      expect(error.code).toBe('MERGE_FAILED');
      expect(error.details).toEqual({
        merged_so_far: ['WP01'],
        failed_wp: 'WP02',
        conflicts: ['shared.txt'],
      });
      expect(await fixture.readFile('main', 'shared.txt')).toBe('one (WP01)\ntwo\nthree\n');
      expect(await fixture.readMainFile('shared.txt')).toBe('one (WP01)\ntwo\nthree\n');
    });

    it('merges status.events.jsonl by union', async () => {
      const first = event('01A', '2026-01-01T00:00:00+00:00');
      await fixture.commitOnMain({ [LOG]: `${first}\n` }, 'log');
      await fixture.commitInWorkspace(
        (await workspace('WP01')).path,
        { [LOG]: `${first}\n${event('01C', '2026-01-03T00:00:00+00:00')}\n` },
        'WP01',
      );
      await fixture.commitInWorkspace(
        (await workspace('WP02')).path,
        { [LOG]: `${first}\n${event('01B', '2026-01-02T00:00:00+00:00')}\n` },
        'WP02',
      );
      expect((await merge('merge', 'WP01', 'WP02'))._unsafeUnwrap()).toEqual(['WP01', 'WP02']);
      expect(await fixture.readFile('main', LOG)).toBe(
        `${first}\n${event('01B', '2026-01-02T00:00:00+00:00')}\n${event('01C', '2026-01-03T00:00:00+00:00')}\n`,
      );
    });

    it('refuses to overwrite a local change of the main checkout but keeps unrelated ones', async () => {
      await fixture.commitInWorkspace(
        (await workspace('WP01')).path,
        { 'shared.txt': 'one\ntwo (WP01)\nthree\n' },
        'WP01',
      );
      await fixture.dirtyMain('shared.txt', 'local\n');
      const start = await fixture.tip('main');
      expect((await merge('merge', 'WP01'))._unsafeUnwrapErr().code).toBe('PREFLIGHT_FAILED');
      expect(await fixture.tip('main')).toBe(start);
      expect(await fixture.readMainFile('shared.txt')).toBe('local\n');
      await fixture.dirtyMain('shared.txt', 'one\ntwo\nthree\n');
      await fixture.dirtyMain('README.md', '# local edit\n');
      expect((await merge('merge', 'WP01'))._unsafeUnwrap()).toEqual(['WP01']);
      expect(await fixture.readMainFile('README.md')).toBe('# local edit\n');
      expect(await fixture.readMainFile('shared.txt')).toBe('one\ntwo (WP01)\nthree\n');
    });

    it('describes the target: existence, checkout and upstream lag', async () => {
      expect((await vcs.inspectTarget('main'))._unsafeUnwrap()).toEqual({
        branch: 'main',
        exists: true,
        behindUpstream: false,
        checkedOut: true,
      });
      await fixture.createBranch('release', 'main');
      await fixture.makeBehindUpstream('release');
      expect((await vcs.inspectTarget('release'))._unsafeUnwrap()).toEqual({
        branch: 'release',
        exists: true,
        behindUpstream: true,
        checkedOut: false,
      });
      expect((await vcs.inspectTarget('missing'))._unsafeUnwrap().exists).toBe(false);
    });

    it('commits exactly one file of the main checkout', async () => {
      await fixture.dirtyMain('notes.md', 'note\n');
      await fixture.dirtyMain('README.md', '# other change\n');
      const start = await fixture.tip('main');
      const oid = (
        await vcs.commitFile({ path: `${vcs.root}/notes.md`, message: 'hist: note' })
      )._unsafeUnwrap();
      expect(await fixture.tip('main')).toBe(oid);
      expect(await fixture.parents(oid)).toEqual([start]);
      expect(await fixture.readFile('main', 'notes.md')).toBe('note\n');
      expect(await fixture.readFile('main', 'README.md')).toBe('# demo\n');
      expect(await fixture.readMainFile('README.md')).toBe('# other change\n');
    });

    describe('commitFiles', () => {
      const LOG_FILE = `kitty-specs/${SLUG}/status.events.jsonl`;
      const SNAPSHOT_FILE = `kitty-specs/${SLUG}/status.json`;

      it('commits exactly the given files on the current branch, leaving other changes alone', async () => {
        await fixture.commitOnMain({ [SNAPSHOT_FILE]: '{}\n' }, 'status');
        const start = await fixture.tip('main');
        await fixture.dirtyMain(LOG_FILE, 'one line\n');
        await fixture.dirtyMain(SNAPSHOT_FILE, '{"event_count": 1}\n');
        await fixture.dirtyMain('README.md', '# other change\n');
        await fixture.dirtyMain('scratch.txt', 'untracked\n');
        const oid = (
          await vcs.commitFiles({
            paths: [`${vcs.root}/${LOG_FILE}`, SNAPSHOT_FILE],
            message: 'chore(spec-kitty): status transition WP01',
          })
        )._unsafeUnwrap();
        expect(oid).toMatch(/^[0-9a-f]+$/);
        expect(await fixture.tip('main')).toBe(oid);
        expect(await fixture.parents(oid as string)).toEqual([start]);
        expect(await fixture.readFile('main', LOG_FILE)).toBe('one line\n');
        expect(await fixture.readFile('main', SNAPSHOT_FILE)).toBe('{"event_count": 1}\n');
        expect(await fixture.readFile('main', 'README.md')).toBe('# demo\n');
        expect(await fixture.readFile('main', 'scratch.txt')).toBeUndefined();
        expect(await fixture.readFile('main', 'shared.txt')).toBe(INITIAL['shared.txt']);
        expect(await fixture.readMainFile('README.md')).toBe('# other change\n');
        expect(await fixture.readMainFile('scratch.txt')).toBe('untracked\n');
        expect(await fixture.readMainFile(LOG_FILE)).toBe('one line\n');
      });

      it('answers null when no given file differs from HEAD, and commits nothing', async () => {
        await fixture.dirtyMain('README.md', '# other change\n');
        const start = await fixture.tip('main');
        expect(
          (await vcs.commitFiles({ paths: ['shared.txt'], message: 'm' }))._unsafeUnwrap(),
        ).toBeNull();
        expect((await vcs.commitFiles({ paths: [], message: 'm' }))._unsafeUnwrap()).toBeNull();
        expect(await fixture.tip('main')).toBe(start);
        expect(await fixture.readMainFile('README.md')).toBe('# other change\n');
      });

      it('skips unchanged files among changed ones', async () => {
        await fixture.dirtyMain('notes.md', 'note\n');
        const oid = (
          await vcs.commitFiles({ paths: ['README.md', 'notes.md'], message: 'notes' })
        )._unsafeUnwrap();
        expect(await fixture.tip('main')).toBe(oid);
        expect(await fixture.readFile('main', 'notes.md')).toBe('note\n');
        expect(await fixture.readFile('main', 'README.md')).toBe('# demo\n');
      });

      it('refuses a detached HEAD with INTERNAL_ERROR and commits nothing', async () => {
        const start = await fixture.tip('main');
        await fixture.dirtyMain(LOG_FILE, 'one line\n');
        await fixture.detachMain();
        const error = (
          await vcs.commitFiles({ paths: [LOG_FILE], message: 'm' })
        )._unsafeUnwrapErr();
        expect(error.code).toBe('INTERNAL_ERROR');
        expect(error.message).toMatch(/detached/);
        expect(await fixture.tip('main')).toBe(start);
      });

      it('refuses paths outside the root with INTERNAL_ERROR', async () => {
        for (const path of ['/elsewhere/file', '../outside.txt', `${vcs.root}/../outside.txt`]) {
          const result = await vcs.commitFiles({ paths: [path], message: 'm' });
          expect(result._unsafeUnwrapErr().code, path).toBe('INTERNAL_ERROR');
        }
      });

      it("commits a linked worktree's files on that worktree's branch", async () => {
        const created = await workspace('WP01');
        const main = await fixture.tip('main');
        await fixture.dirtyWorkspace(created.path, 'status.txt', 'status\n');
        await fixture.dirtyWorkspace(created.path, 'other.txt', 'not committed\n');
        const oid = (
          await vcs.commitFiles({ paths: [`${created.path}/status.txt`], message: 'status' })
        )._unsafeUnwrap();
        expect(await fixture.tip('001-demo-WP01')).toBe(oid);
        expect(await fixture.parents(oid as string)).toEqual([main]);
        expect(await fixture.readFile('001-demo-WP01', 'status.txt')).toBe('status\n');
        expect(await fixture.readFile('001-demo-WP01', 'other.txt')).toBeUndefined();
        expect(await fixture.tip('main')).toBe(main);
        const state = (await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap();
        expect(state.dirtyPaths).toEqual(['other.txt']);
        expect(state.commitsAhead).toBe(1);
      });

      it('refuses files of two checkouts in one commit', async () => {
        const created = await workspace('WP01');
        await fixture.dirtyWorkspace(created.path, 'a.txt', 'a\n');
        await fixture.dirtyMain('b.txt', 'b\n');
        const start = await fixture.tip('main');
        const result = await vcs.commitFiles({
          paths: [`${created.path}/a.txt`, 'b.txt'],
          message: 'm',
        });
        expect(result._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
        expect(await fixture.tip('main')).toBe(start);
        expect(await fixture.tip('001-demo-WP01')).toBe(start);
      });
    });

    it('pushes to a remote and fails with PUSH_FAILED without one', async () => {
      const missing = (
        await vcs.push({ branch: 'main', remote: 'nowhere', mergedWps: ['WP01'] })
      )._unsafeUnwrapErr();
      expect(missing).toMatchObject({ code: 'PUSH_FAILED', details: { merged_wps: ['WP01'] } });
      const remote = await fixture.addRemote('backup');
      expect((await vcs.push({ branch: 'main', remote: 'backup', mergedWps: [] })).isOk()).toBe(
        true,
      );
      expect(await remote.tip('main')).toBe(await fixture.tip('main'));
    });
  });
}
