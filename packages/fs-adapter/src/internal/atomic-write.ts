import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { HostErrorOf } from '@kittyhost/core';
import { ioError } from './native-error.js';

/**
 * Flush a directory entry (a rename or a new file) to disk. Best effort: some platforms
 * (Windows) cannot open directories, and the data itself is already fsynced.
 */
export async function syncDirectory(filePath: string): Promise<void> {
  try {
    const handle = await open(dirname(filePath), 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

/**
 * Replace a file atomically: write a temp file beside it, fsync, rename over the target (keeping
 * its mode; a symlinked target stays a symlink), then fsync the directory. Readers see the old or
 * the new content, never a mix.
 */
export async function writeAtomically(
  path: string,
  data: string | Buffer,
): Promise<Result<void, HostErrorOf<'INTERNAL_ERROR'>>> {
  try {
    // Loaded on first write: queries never pay for it.
    const { writeFileAtomic } = await import('./lazy-atomic.js');
    await writeFileAtomic(path, data, { fsync: true });
  } catch (cause) {
    return err(ioError('write', path, cause));
  }
  await syncDirectory(path);
  return ok(undefined);
}

let temporaryCounter = 0;

/**
 * Replace a derived file (the `status.json` snapshot, rewritten by every mutation from the
 * fsynced log) atomically but cheaply: write a temp file beside it and rename it over the target.
 * Readers see the old or the new content, never a mix; a crash may leave the previous snapshot,
 * which the next mutation replaces. Two system calls instead of write-file-atomic's dozen.
 */
export async function replaceDerivedFile(
  path: string,
  data: string,
): Promise<Result<void, HostErrorOf<'INTERNAL_ERROR'>>> {
  temporaryCounter += 1;
  const temporary = `${path}.${process.pid}.${temporaryCounter}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
    return ok(undefined);
  } catch (cause) {
    await unlink(temporary).catch(() => undefined);
    return err(ioError('write', path, cause));
  }
}
