import { open } from 'node:fs/promises';
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
 * the new content, never a mix. `durable: false` skips both fsyncs, for derived files (the
 * `status.json` snapshot) that the next mutation rewrites anyway: still atomic, not durable.
 */
export async function writeAtomically(
  path: string,
  data: string | Buffer,
  { durable = true }: { readonly durable?: boolean } = {},
): Promise<Result<void, HostErrorOf<'INTERNAL_ERROR'>>> {
  try {
    // Loaded on first write: queries never pay for it.
    const { writeFileAtomic } = await import('./lazy-modules.js');
    await writeFileAtomic(path, data, { fsync: durable });
  } catch (cause) {
    return err(ioError('write', path, cause));
  }
  if (durable) await syncDirectory(path);
  return ok(undefined);
}
