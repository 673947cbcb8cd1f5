import { describe, expect, it } from 'vitest';
import { createMemoryVersionControl, type MemoryVersionControl } from './memory-version-control.js';
import { describeVersionControlContract } from './version-control-contract.js';

const nameOf = (vcs: MemoryVersionControl, path: string) => {
  const name = path.slice(`${vcs.root}/.worktrees/`.length);
  const split = name.lastIndexOf('-');
  return [name.slice(0, split), name.slice(split + 1)] as const;
};

describeVersionControlContract('memory', async (files) => {
  const vcs = createMemoryVersionControl({ files });
  const worktreeOf = (path: string) => path.slice(`${vcs.root}/.worktrees/`.length);
  const branchOf = (path: string) =>
    vcs.control.workspaceBranch(worktreeOf(path)) ?? worktreeOf(path);
  return {
    vcs,
    commitOnMain: async (changes, message) => {
      vcs.control.commit('main', changes, message);
    },
    commitInWorkspace: async (path, changes, message) => {
      vcs.control.commit(branchOf(path), changes, message);
    },
    dirtyWorkspace: async (path, file, content) => {
      const [slug, wpId] = nameOf(vcs, path);
      vcs.control.writeWorkspaceFile(slug, wpId, file, content);
    },
    deleteWorkspaceDirectory: async (path) => {
      const [slug, wpId] = nameOf(vcs, path);
      vcs.control.deleteWorkspaceDirectory(slug, wpId);
    },
    dirtyMain: async (file, content) => vcs.control.writeMainFile(file, content),
    detachMain: async () => vcs.control.checkout(null),
    readMainFile: async (file) => vcs.control.readMainFile(file),
    readWorkspaceFile: async (path, file) => vcs.control.readWorkspaceFile(worktreeOf(path), file),
    readFile: async (branch, file) => vcs.control.readFile(branch, file),
    tip: async (branch) => vcs.control.tip(branch),
    parents: async (commit) => vcs.control.commitInfo(commit)?.parents ?? [],
    createBranch: async (name, from) => vcs.control.createBranch(name, from),
    makeBehindUpstream: async (branch) => vcs.control.setBehindUpstream(branch, true),
    addRemote: async (name) => {
      vcs.control.addRemote(name);
      return { tip: async (branch) => vcs.control.remoteTip(name, branch) };
    },
    cleanup: async () => undefined,
  };
});

describe('createMemoryVersionControl controls', () => {
  it('injects conflicts and push failures for operation tests', async () => {
    const vcs = createMemoryVersionControl();
    await vcs.ensureWorkspace({ featureSlug: 'f', wpId: 'WP01', baseBranch: 'main' });
    vcs.control.commit('f-WP01', { 'a.txt': 'A\n' });
    vcs.control.injectConflict('WP01', ['a.txt']);
    const failed = await vcs.mergeBranches({
      target: 'main',
      strategy: 'merge',
      items: [{ wpId: 'WP01', branch: 'f-WP01', message: 'm' }],
    });
    expect(failed._unsafeUnwrapErr().details).toEqual({
      merged_so_far: [],
      failed_wp: 'WP01',
      conflicts: ['a.txt'],
    });
    vcs.control.failPush('remote is down');
    const pushed = await vcs.push({ branch: 'main', mergedWps: ['WP01'] });
    expect(pushed._unsafeUnwrapErr()).toMatchObject({
      code: 'PUSH_FAILED',
      message: 'remote is down',
      details: { merged_wps: ['WP01'] },
    });
    expect(vcs.control.calls).toEqual(['ensureWorkspace', 'mergeBranches', 'push']);
  });

  it('rejects a non-fast-forward push and a commit outside the root', async () => {
    const vcs = createMemoryVersionControl();
    expect((await vcs.push({ branch: 'main', mergedWps: [] })).isOk()).toBe(true);
    vcs.control.createBranch('other', 'main');
    vcs.control.commit('other', { 'x.txt': 'x' });
    vcs.control.checkout('other');
    expect((await vcs.push({ branch: 'other', mergedWps: [] })).isOk()).toBe(true);
    vcs.control.commit('main', { 'y.txt': 'y' });
    expect(
      (await vcs.commitFile({ path: '/elsewhere/file', message: 'no' }))._unsafeUnwrapErr().code,
    ).toBe('INTERNAL_ERROR');
    vcs.control.checkout('main');
    expect((await vcs.push({ branch: 'main', mergedWps: [] })).isOk()).toBe(true);
  });
});
