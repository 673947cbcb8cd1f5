import { appendFile, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorCode, isMissing } from './errors.js';

const OID = /^[0-9a-f]{40}$/;

/** What a HEAD file says: a symbolic ref (`ref: refs/heads/x`) or a detached commit. */
export type Head =
  | { readonly kind: 'symbolic'; readonly ref: string }
  | { readonly kind: 'detached'; readonly oid: string };

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error) || errorCode(error) === 'EISDIR') return null;
    throw error;
  }
}

/** Parse a HEAD-like file (`<gitdir>/HEAD`, `.git/worktrees/<name>/HEAD`). */
export async function readHead(headFile: string): Promise<Head | null> {
  const text = await readText(headFile);
  if (text === null) return null;
  const trimmed = text.trim();
  if (trimmed.startsWith('ref:')) return { kind: 'symbolic', ref: trimmed.slice(4).trim() };
  return OID.test(trimmed) ? { kind: 'detached', oid: trimmed } : null;
}

/** `refs/heads/<branch>` for a short branch name; full refs pass through. */
export function branchRef(branch: string): string {
  return branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
}

/** The short name of `refs/heads/<branch>`. */
export function shortBranch(ref: string): string {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

async function readPackedRefs(commonDir: string): Promise<Map<string, string>> {
  const text = await readText(join(commonDir, 'packed-refs'));
  const refs = new Map<string, string>();
  if (text === null) return refs;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    if (space === 40) refs.set(line.slice(41).trim(), line.slice(0, 40));
  }
  return refs;
}

/**
 * Resolve a full ref name (`refs/heads/main`, `refs/remotes/origin/main`) to a commit oid, from
 * a loose ref file or `packed-refs`, following symbolic refs. `null` when it does not exist.
 */
export async function resolveRef(
  commonDir: string,
  ref: string,
  depth = 0,
): Promise<string | null> {
  if (OID.test(ref)) return ref;
  if (depth > 5) return null;
  const loose = await readText(join(commonDir, ref));
  if (loose !== null) {
    const value = loose.trim();
    if (value.startsWith('ref:')) return resolveRef(commonDir, value.slice(4).trim(), depth + 1);
    if (OID.test(value)) return value;
  }
  return (await readPackedRefs(commonDir)).get(ref) ?? null;
}

/** Thrown by {@link updateRef} when the ref is not at the expected value. */
export class RefMovedError extends Error {
  readonly code = 'REF_MOVED';
  constructor(ref: string, expected: string | null, actual: string | null) {
    super(`${ref} moved: expected ${expected ?? '(none)'}, found ${actual ?? '(none)'}`);
  }
}

/** A reflog identity line part: `Name <email> 1700000000 +0100`. */
export interface ReflogEntry {
  readonly identity: string;
  readonly message: string;
}

/**
 * Move `ref` to `newOid` with git's own lock protocol (`<ref>.lock` created exclusively, then
 * renamed over the ref), so a concurrently running git CLI either waits for us or we fail.
 * Compare-and-swap: when `expected` is given (`null` = must not exist) and the ref holds another
 * value, nothing is written and {@link RefMovedError} is thrown. Appends a reflog line when the
 * repository keeps logs.
 */
export async function updateRef(
  commonDir: string,
  ref: string,
  newOid: string,
  options: { readonly expected?: string | null; readonly reflog?: ReflogEntry } = {},
): Promise<void> {
  const file = join(commonDir, ref);
  const lockFile = `${file}.lock`;
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(lockFile, 'wx');
  let renamed = false;
  try {
    const current = await resolveRef(commonDir, ref);
    if (options.expected !== undefined && current !== options.expected) {
      throw new RefMovedError(ref, options.expected, current);
    }
    await handle.writeFile(`${newOid}\n`);
    await handle.close();
    await rename(lockFile, file);
    renamed = true;
    if (options.reflog) await appendReflog(commonDir, ref, current, newOid, options.reflog);
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await unlink(lockFile).catch(() => undefined);
    }
  }
}

/** Append one reflog line to `<commonDir>/logs/<ref>` when the repository has a `logs` dir. */
export async function appendReflog(
  gitDir: string,
  ref: string,
  oldOid: string | null,
  newOid: string,
  entry: ReflogEntry,
): Promise<void> {
  const logsDir = join(gitDir, 'logs');
  try {
    const file = join(logsDir, ref);
    await mkdir(dirname(file), { recursive: true });
    const line = `${oldOid ?? '0'.repeat(40)} ${newOid} ${entry.identity}\t${entry.message.split('\n')[0]}\n`;
    await appendFile(file, line);
  } catch {
    // A reflog is a convenience: never fail a ref update because of it.
  }
}

/** Does the ref exist (loose or packed)? */
export async function refExists(commonDir: string, ref: string): Promise<boolean> {
  return (await resolveRef(commonDir, ref)) !== null;
}

/**
 * Delete a ref as `git branch -D` / `git update-ref -d` do: its loose file (under git's lock
 * protocol), its `packed-refs` line (the file rewritten under `packed-refs.lock`) and its
 * reflog. `false` when it did not exist.
 */
export async function deleteRef(commonDir: string, ref: string): Promise<boolean> {
  const file = join(commonDir, ref);
  const lockFile = `${file}.lock`;
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(lockFile, 'wx');
  let existed = false;
  try {
    await handle.close();
    try {
      await unlink(file);
      existed = true;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    const packedFile = join(commonDir, 'packed-refs');
    const packed = await readText(packedFile);
    if (packed !== null) {
      const lines = packed.split('\n');
      const kept: string[] = [];
      let dropPeeled = false;
      for (const line of lines) {
        if (dropPeeled && line.startsWith('^')) continue;
        dropPeeled = line.length > 41 && line.charAt(40) === ' ' && line.slice(41).trim() === ref;
        if (!dropPeeled) kept.push(line);
      }
      if (kept.length !== lines.length) {
        existed = true;
        await replaceUnderLock(packedFile, kept.join('\n'));
      }
    }
    await unlink(join(commonDir, 'logs', ref)).catch(() => undefined);
  } finally {
    await unlink(lockFile).catch(() => undefined);
  }
  return existed;
}

/**
 * Replace `file` with `content` under git's lock protocol: `<file>.lock` created exclusively
 * (another git holding it makes this throw), written, then renamed over the file.
 */
export async function replaceUnderLock(file: string, content: string): Promise<void> {
  const lock = `${file}.lock`;
  const handle = await open(lock, 'wx');
  try {
    await handle.writeFile(content);
    await handle.close();
    await rename(lock, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(lock).catch(() => undefined);
    throw error;
  }
}
