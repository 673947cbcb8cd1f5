import { existsSync, statSync } from 'node:fs';
import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { errorCode, isMissing } from './errors.js';
import { readHead, type Head } from './refs.js';

/** A linked worktree's administrative directory `.git/worktrees/<name>` and what it says. */
export interface AdminDir {
  readonly name: string;
  readonly path: string;
  /** The worktree's `.git` file path as recorded in `gitdir`, or null when unreadable. */
  readonly gitFile: string | null;
  readonly head: Head | null;
}

async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error) || (error as { code?: string }).code === 'EISDIR') return null;
    throw error;
  }
}

/** The admin dir a worktree's `.git` file points to (`gitdir: …`), or null when not a link. */
export async function readGitLink(worktreePath: string): Promise<string | null> {
  const text = await readTextOrNull(join(worktreePath, '.git'));
  if (text === null) return null;
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
  if (!match) return null;
  const target = match[1] as string;
  return isAbsolute(target) ? resolve(target) : resolve(worktreePath, target);
}

/** Every `.git/worktrees/*` admin dir. */
export async function listAdminDirs(commonDir: string): Promise<AdminDir[]> {
  const base = join(commonDir, 'worktrees');
  let names: string[];
  try {
    names = await readdir(base);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(base, name);
      const gitdir = await readTextOrNull(join(path, 'gitdir'));
      const gitFile = gitdir === null ? null : resolve(path, gitdir.trim());
      return { name, path, gitFile, head: await readHead(join(path, 'HEAD')) };
    }),
  );
}

/** Is the worktree an admin dir describes gone (git calls it prunable)? */
export function isStale(admin: AdminDir): boolean {
  return admin.gitFile === null || !existsSync(admin.gitFile);
}

/** A directory that exists and is empty (or does not exist). */
export async function isEmptyOrMissing(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch (error) {
    // A plain file in the way is not "missing" (ENOTDIR would say so of the file itself).
    if (errorCode(error) === 'ENOTDIR') return !existsSync(path);
    if (isMissing(error)) return true;
    throw error;
  }
}

/** Is `path` an existing directory? */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Write the administrative files of a linked worktree exactly as `git worktree add` does:
 * `.git/worktrees/<name>/{HEAD,commondir,gitdir}` and `<worktree>/.git` (`gitdir: …`).
 */
export async function writeWorktreeLink(options: {
  readonly adminDir: string;
  readonly worktreePath: string;
  readonly ref: string;
}): Promise<void> {
  const { adminDir, worktreePath, ref } = options;
  await mkdir(adminDir, { recursive: true });
  await mkdir(worktreePath, { recursive: true });
  await writeFile(join(adminDir, 'commondir'), '../..\n');
  await writeFile(join(adminDir, 'gitdir'), `${join(worktreePath, '.git')}\n`);
  await writeFile(join(adminDir, 'HEAD'), `ref: ${ref}\n`);
  await writeFile(join(worktreePath, '.git'), `gitdir: ${adminDir}\n`);
}

/** Pick `.git/worktrees/<name>`, or `<name>1`, `<name>2`… when a live worktree holds it (as git does). */
export async function chooseAdminDir(
  commonDir: string,
  name: string,
  worktreePath: string,
): Promise<string> {
  const admins = await listAdminDirs(commonDir);
  const gitFile = join(worktreePath, '.git');
  for (let suffix = 0; ; suffix++) {
    const candidate = suffix === 0 ? name : `${name}${suffix}`;
    const admin = admins.find((entry) => entry.name === candidate);
    if (admin === undefined) return join(commonDir, 'worktrees', candidate);
    if (admin.gitFile === gitFile || isStale(admin)) {
      await rm(admin.path, { recursive: true, force: true });
      return admin.path;
    }
  }
}

/** Add `.worktrees/` to `.git/info/exclude` unless it is there already. */
export async function ensureExcluded(commonDir: string, pattern = '.worktrees/'): Promise<void> {
  const file = join(commonDir, 'info', 'exclude');
  const text = (await readTextOrNull(file)) ?? '';
  const wanted = new Set([
    pattern,
    `/${pattern}`,
    pattern.replace(/\/$/, ''),
    `/${pattern.replace(/\/$/, '')}`,
  ]);
  if (text.split(/\r?\n/).some((line) => wanted.has(line.trim()))) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${pattern}\n`);
}
