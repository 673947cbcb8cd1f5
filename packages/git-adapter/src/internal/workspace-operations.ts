import { rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { preflightFailed } from '@kittyhost/core';
import type { GitError, Workspace, WorkspaceRequest, WorkspaceState } from '@kittyhost/core/ports';
import { err, ok, type Result } from 'neverthrow';
import { checkoutTreeInto } from './checkout-tree.js';
import { loadGit } from './load-git.js';
import { createWorktreeFs } from './mapped-fs.js';
import { worktreeDirtyPaths } from './workspace-status.js';
import { ObjectStore, formatSignature } from './object-store.js';
import { branchRef, readHead, resolveRef, updateRef } from './refs.js';
import { locked, signatures, worktreePath, type Repository } from './repository.js';
import {
  chooseAdminDir,
  ensureExcluded,
  isDirectory,
  isEmptyOrMissing,
  isStale,
  listAdminDirs,
  readGitLink,
  writeWorktreeLink,
} from './worktrees.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Is `name` safe as both a branch name and a directory name (no `/`, `..`, `.lock`…)? */
export function isSafeName(name: string): boolean {
  return NAME.test(name) && !name.includes('..') && !name.endsWith('.lock') && !name.endsWith('.');
}

/** The admin dir of an existing linked worktree at `path`, when its `.git` link is intact. */
async function liveAdminDir(repository: Repository, path: string): Promise<string | null> {
  const admin = await readGitLink(path);
  if (admin === null || !isDirectory(admin)) return null;
  const head = await readHead(join(admin, 'HEAD'));
  return head === null ? null : admin;
}

/** Where else is `ref` checked out? (the main checkout, or another live linked worktree) */
async function checkedOutElsewhere(
  repository: Repository,
  ref: string,
  path: string,
): Promise<string | null> {
  const mainHead = await readHead(join(repository.commonDir, 'HEAD'));
  if (mainHead?.kind === 'symbolic' && mainHead.ref === ref) return repository.root;
  const gitFile = join(path, '.git');
  for (const admin of await listAdminDirs(repository.commonDir)) {
    if (admin.head?.kind !== 'symbolic' || admin.head.ref !== ref) continue;
    if (admin.gitFile === gitFile) continue;
    if (isStale(admin)) {
      await rm(admin.path, { recursive: true, force: true });
      continue;
    }
    return admin.gitFile === null ? admin.path : resolve(admin.gitFile, '..');
  }
  return null;
}

/** See `VersionControl.ensureWorkspace`. Runs under the repository lock. */
export async function ensureWorkspace(
  repository: Repository,
  request: WorkspaceRequest,
): Promise<Result<Workspace, GitError>> {
  const name = `${request.featureSlug}-${request.wpId}`;
  if (!isSafeName(request.featureSlug) || !isSafeName(request.wpId)) {
    return err(preflightFailed([`Invalid workspace name: ${name}`]));
  }
  const path = worktreePath(repository, name);
  const ref = branchRef(name);
  const workspace = (created: boolean): Workspace => ({ path, branch: name, created });
  return locked(repository, async () => {
    const objects = new ObjectStore(repository.commonDir);
    const existingAdmin = await liveAdminDir(repository, path);
    if (existingAdmin !== null) {
      const head = await readHead(join(existingAdmin, 'HEAD'));
      if (head?.kind !== 'symbolic' || head.ref !== ref) {
        const actual = head?.kind === 'symbolic' ? head.ref : 'a detached HEAD';
        return err(
          preflightFailed([`Workspace ${path} has ${actual} checked out, expected ${ref}`]),
        );
      }
      const tip = await resolveRef(repository.commonDir, ref);
      if (tip !== null && (await stat(join(existingAdmin, 'index')).catch(() => null)) === null) {
        // An earlier creation stopped before writing the index: finish the checkout.
        await checkoutTreeInto(
          objects,
          (await objects.readCommit(tip)).tree,
          path,
          join(existingAdmin, 'index'),
        );
        return ok(workspace(true));
      }
      if (tip !== null) return ok(workspace(false));
    } else if (!(await isEmptyOrMissing(path))) {
      return err(
        preflightFailed([`${path} exists but is not a linked worktree of ${repository.root}`]),
      );
    }
    let tip = await resolveRef(repository.commonDir, ref);
    const elsewhere = await checkedOutElsewhere(repository, ref, path);
    if (elsewhere !== null) {
      return err(preflightFailed([`Branch ${name} is already checked out at ${elsewhere}`]));
    }
    const base =
      tip === null ? await resolveRef(repository.commonDir, branchRef(request.baseBranch)) : null;
    if (tip === null && base === null) {
      return err(
        preflightFailed([
          `Base branch ${request.baseBranch} does not exist (needed to create ${name})`,
        ]),
      );
    }
    // Every check passed: only now write anything (a refused call leaves the repository as it was).
    await ensureExcluded(repository.commonDir);
    if (tip === null && base !== null) {
      const { committer } = await signatures(repository);
      await updateRef(repository.commonDir, ref, base, {
        expected: null,
        reflog: {
          identity: formatSignature(committer),
          message: `branch: Created from ${request.baseBranch}`,
        },
      });
      tip = base;
    }
    const adminDir = existingAdmin ?? (await chooseAdminDir(repository.commonDir, name, path));
    await writeWorktreeLink({ adminDir, worktreePath: path, ref });
    const tree = (await objects.readCommit((tip ?? base) as string)).tree;
    await checkoutTreeInto(objects, tree, path, join(adminDir, 'index'));
    return ok(workspace(true));
  });
}

/** See `VersionControl.inspectWorkspace`. Read-only; status is scoped to the workspace. */
export async function inspectWorkspace(
  repository: Repository,
  featureSlug: string,
  wpId: string,
): Promise<WorkspaceState> {
  const name = `${featureSlug}-${wpId}`;
  const path = worktreePath(repository, name);
  const ref = branchRef(name);
  const branchExists =
    isSafeName(featureSlug) &&
    isSafeName(wpId) &&
    (await resolveRef(repository.commonDir, ref)) !== null;
  const directoryExists = isDirectory(path);
  const state = { path, branch: name, directoryExists, branchExists };
  if (!directoryExists) return { ...state, dirtyPaths: [] };
  const adminDir = await liveAdminDir(repository, path);
  if (adminDir === null)
    throw new Error(`${path} exists but is not a linked worktree of ${repository.root}`);
  const fast = await worktreeDirtyPaths(
    new ObjectStore(repository.commonDir),
    path,
    adminDir,
    repository.commonDir,
  );
  if (fast !== undefined) return { ...state, dirtyPaths: fast };
  const git = await loadGit();
  const matrix = await git.statusMatrix({
    fs: createWorktreeFs(adminDir, repository.commonDir),
    dir: path,
    gitdir: adminDir,
    cache: {},
    refresh: false,
  });
  const dirtyPaths = matrix
    .filter(
      ([file, head, workdir, stage]) =>
        file !== '.git' && !(head === 1 && workdir === 1 && stage === 1),
    )
    .map(([file]) => file)
    .sort();
  return { ...state, dirtyPaths };
}

/** See `VersionControl.removeWorkspace`. Runs under the repository lock. */
export async function removeWorkspace(
  repository: Repository,
  featureSlug: string,
  wpId: string,
): Promise<boolean> {
  const name = `${featureSlug}-${wpId}`;
  if (!isSafeName(featureSlug) || !isSafeName(wpId)) return false;
  const path = worktreePath(repository, name);
  return locked(repository, async () => {
    const gitFile = join(path, '.git');
    const linked = await readGitLink(path);
    const admins = (await listAdminDirs(repository.commonDir)).filter(
      (admin) => admin.path === linked || admin.gitFile === gitFile,
    );
    const directoryExisted = isDirectory(path);
    await rm(path, { recursive: true, force: true });
    for (const admin of admins) await rm(admin.path, { recursive: true, force: true });
    return directoryExisted || admins.length > 0;
  });
}
