import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeStrategy, VersionControl } from '../ports/version-control.js';

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
  /** Content of `file` in the main checkout's working tree, `undefined` when absent. */
  readMainFile(file: string): Promise<string | undefined>;
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
      expect(created).toEqual({
        path: vcs.workspacePath(SLUG, 'WP01'),
        branch: '001-demo-WP01',
        created: true,
      });
      expect(await fixture.tip('001-demo-WP01')).toBe(await fixture.tip('main'));
      expect((await workspace('WP01')).created).toBe(false);
      await fixture.commitInWorkspace(created.path, { 'a.txt': 'A\n' }, 'WP01 work');
      await fixture.deleteWorkspaceDirectory(created.path);
      expect((await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap()).toMatchObject({
        directoryExists: false,
        branchExists: true,
      });
      expect((await workspace('WP01')).created).toBe(true);
      expect(await fixture.readFile('001-demo-WP01', 'a.txt')).toBe('A\n');
      expect((await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap().dirtyPaths).toEqual([]);
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
      expect((await vcs.inspectWorkspace(SLUG, 'WP01'))._unsafeUnwrap()).toEqual({
        path: created.path,
        branch: '001-demo-WP01',
        directoryExists: true,
        branchExists: true,
        dirtyPaths: ['new.txt', 'shared.txt'],
      });
      expect((await vcs.inspectWorkspace(SLUG, 'WP09'))._unsafeUnwrap()).toMatchObject({
        directoryExists: false,
        branchExists: false,
        dirtyPaths: [],
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
