import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { preflightFailed } from '@kittyhost/core';
import type { GitError, Workspace, WorkspaceRequest, WorkspaceState } from '@kittyhost/core/ports';
import { err, ok, type Result } from 'neverthrow';
import { checkoutTreeInto } from './checkout-tree.js';
import { CommitGraph } from './commit-graph.js';
import { isMissing } from './errors.js';
import { loadGit } from './load-git.js';
import { createWorktreeFs } from './mapped-fs.js';
import { worktreeDirtyPaths } from './workspace-status.js';
import { hiddenPathsOf } from './sparse-checkout.js';
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

/**
 * Is `branch` safe as a branch name (git's `check-ref-format` rules, kept strict: `/`-separated
 * components of letters, digits, `.`, `_`, `-`, none starting with `.` or ending with `.lock`)?
 */
export function isSafeBranch(branch: string): boolean {
  return branch.split('/').every((component) => isSafeName(component));
}

/** The admin dir of an existing linked worktree at `path`, when its `.git` link is intact. */
export async function liveAdminDir(repository: Repository, path: string): Promise<string | null> {
  const admin = await readGitLink(path);
  if (admin === null || !isDirectory(admin)) return null;
  const head = await readHead(join(admin, 'HEAD'));
  return head === null ? null : admin;
}

/** Where else is `ref` checked out? (the main checkout, or another live linked worktree) */
export async function checkedOutElsewhere(
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

/** Where a WP branch started: recorded when Kitty Host creates the branch. */
interface Start {
  readonly baseRef: string;
  readonly baseOid: string;
}

/** `.git/kittyhost/starts/<branch>.json`: kept with the branch, not with its worktree. */
function startFile(repository: Repository, name: string): string {
  return join(repository.commonDir, 'kittyhost', 'starts', `${name}.json`);
}

async function readStart(repository: Repository, name: string): Promise<Start | null> {
  try {
    const value = JSON.parse(await readFile(startFile(repository, name), 'utf8')) as unknown;
    const record = value as { base_ref?: unknown; base_oid?: unknown } | null;
    if (typeof record?.base_ref === 'string' && typeof record.base_oid === 'string')
      return { baseRef: record.base_ref, baseOid: record.base_oid };
    return null;
  } catch (error) {
    if (isMissing(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}

async function writeStart(repository: Repository, name: string, start: Start): Promise<void> {
  const file = startFile(repository, name);
  await mkdir(join(repository.commonDir, 'kittyhost', 'starts'), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(
    temporary,
    `${JSON.stringify({ base_ref: start.baseRef, base_oid: start.baseOid })}\n`,
  );
  await rename(temporary, file);
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
  return locked(repository, async () => {
    const start = await readStart(repository, name);
    const workspace = (created: boolean, recorded: Start | null = start): Workspace => ({
      path,
      branch: name,
      created,
      baseRef: recorded?.baseRef ?? null,
      baseOid: recorded?.baseOid ?? null,
    });
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
    let recorded = start;
    if (tip === null && base !== null) {
      const { committer } = await signatures(repository);
      recorded = { baseRef: request.baseBranch, baseOid: base };
      await writeStart(repository, name, recorded);
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
    return ok(workspace(true, recorded));
  });
}

/** See `VersionControl.branchCommittedAt`. A name git would refuse has no tip. */
export async function branchCommittedAt(
  repository: Repository,
  branch: string,
): Promise<string | null> {
  if (branch.includes('..') || branch.startsWith('/') || branch.startsWith('-')) return null;
  const oid = await resolveRef(repository.commonDir, branchRef(branch));
  if (oid === null) return null;
  const commit = await new ObjectStore(repository.commonDir).readCommit(oid);
  return new Date(commit.committer.timestamp * 1000).toISOString();
}

/** See `VersionControl.inspectWorkspace`. Read-only; status is scoped to the workspace. */
export async function inspectWorkspace(
  repository: Repository,
  featureSlug: string,
  wpId: string,
  fallbackBase?: string,
): Promise<WorkspaceState> {
  const name = `${featureSlug}-${wpId}`;
  const path = worktreePath(repository, name);
  const ref = branchRef(name);
  const safe = isSafeName(featureSlug) && isSafeName(wpId);
  const headOid = safe ? await resolveRef(repository.commonDir, ref) : null;
  const branchExists = headOid !== null;
  const start = safe ? await readStart(repository, name) : null;
  const baseRef = start?.baseRef ?? fallbackBase ?? null;
  const baseOid =
    start?.baseOid ??
    (fallbackBase === undefined || fallbackBase.includes('..') || fallbackBase.startsWith('/')
      ? null
      : await resolveRef(repository.commonDir, branchRef(fallbackBase)));
  const commitsAhead =
    headOid === null || baseOid === null
      ? null
      : headOid === baseOid
        ? 0
        : (
            await new CommitGraph(new ObjectStore(repository.commonDir)).commitsBetween(
              baseOid,
              headOid,
            )
          ).length;
  const headCommittedAt = headOid === null ? null : await branchCommittedAt(repository, name);
  const directoryExists = isDirectory(path);
  const state = {
    path,
    branch: name,
    directoryExists,
    branchExists,
    headOid,
    headCommittedAt,
    baseRef,
    baseOid,
    commitsAhead,
  };
  if (!directoryExists) return { ...state, dirtyPaths: [] };
  const adminDir = await liveAdminDir(repository, path);
  if (adminDir === null)
    throw new Error(`${path} exists but is not a linked worktree of ${repository.root}`);
  return { ...state, dirtyPaths: await dirtyPathsOf(repository, path, adminDir) };
}

/**
 * The dirty paths of a linked worktree, as `git status --porcelain` lists them (see
 * `worktreeDirtyPaths`; isomorphic-git's `statusMatrix` for an index that reader does not
 * handle). Paths its sparse checkout hides never count.
 */
export async function dirtyPathsOf(
  repository: Repository,
  path: string,
  adminDir: string,
): Promise<string[]> {
  const fast = await worktreeDirtyPaths(
    new ObjectStore(repository.commonDir),
    path,
    adminDir,
    repository.commonDir,
  );
  if (fast !== undefined) return fast;
  const hidden = await hiddenPathsOf(adminDir);
  const git = await loadGit();
  const matrix = await git.statusMatrix({
    fs: createWorktreeFs(adminDir, repository.commonDir),
    dir: path,
    gitdir: adminDir,
    cache: {},
    refresh: false,
  });
  return matrix
    .filter(
      ([file, head, workdir, stage]) =>
        file !== '.git' && !hidden.has(file) && !(head === 1 && workdir === 1 && stage === 1),
    )
    .map(([file]) => file)
    .sort();
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
  return locked(repository, () => removeWorktreeAt(repository, path));
}

/**
 * Remove the linked worktree at `path`: its directory and git's registration of it (what
 * `git worktree remove --force` does). Call under the repository lock. `true` when anything was
 * there.
 */
export async function removeWorktreeAt(repository: Repository, path: string): Promise<boolean> {
  const gitFile = join(path, '.git');
  const linked = await readGitLink(path);
  const admins = (await listAdminDirs(repository.commonDir)).filter(
    (admin) => admin.path === linked || admin.gitFile === gitFile,
  );
  const directoryExisted = isDirectory(path);
  await rm(path, { recursive: true, force: true });
  for (const admin of admins) await rm(admin.path, { recursive: true, force: true });
  return directoryExisted || admins.length > 0;
}
