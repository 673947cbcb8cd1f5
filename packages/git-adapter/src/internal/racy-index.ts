import { createHash } from 'node:crypto';
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { isMissing } from './errors.js';

/**
 * Run `write`, an isomorphic-git call that rewrites the index at `indexPath`, as git would: while
 * holding `index.lock`, and without breaking git's racy-clean protection.
 *
 * git trusts an index entry whose stat data matches the file, except when the entry's mtime is
 * not older than the index file itself ("racily clean": the file may have changed within the
 * same second). isomorphic-git rewrites the whole index without git's safeguard, so a file
 * edited in the same second as the previous index write would look clean forever once the new
 * index is newer. Like git's `ce_smudge_racily_clean_entry`, we set the recorded size of every
 * entry that was racy in the previous index to 0: git and isomorphic-git then compare contents
 * for it instead of trusting stat data (an unchanged file still reads as clean).
 *
 * @example
 * ```ts
 * await preservingRacyEntries(join(gitdir, 'index'), () => git.add({ fs, dir, gitdir, filepath }));
 * ```
 */
export async function preservingRacyEntries<T>(
  indexPath: string,
  write: () => Promise<T>,
): Promise<T> {
  // Like git itself, hold `index.lock` while the index changes: a git process already holding
  // it makes us wait a little and then give up; git processes started meanwhile fail as they do
  // against another git.
  const release = await lockIndex(indexPath);
  try {
    const before = await stat(indexPath).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    const result = await write();
    if (before !== undefined) {
      await smudgeRacyEntries(indexPath, Math.floor(before.mtimeMs / 1000));
    }
    return result;
  } finally {
    await release();
  }
}

const INDEX_LOCK_WAIT_MS = 2_000;

/** Create `<index>.lock` exclusively, as git does; wait up to 2 s for another holder. */
export async function lockIndex(indexPath: string): Promise<() => Promise<void>> {
  const lockPath = `${indexPath}.lock`;
  const deadline = Date.now() + INDEX_LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      return () => unlink(lockPath).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() >= deadline) {
        throw new Error(
          `Another git process holds ${lockPath}; if none is running, remove that file and retry`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * Set the size field of every stage entry whose mtime (in seconds) is at or after
 * `racySinceSeconds` to 0, and rewrite the checksum. Index versions 2 and 3 only (what
 * isomorphic-git writes); anything else is left as it is. Returns how many entries were smudged.
 */
export async function smudgeRacyEntries(
  indexPath: string,
  racySinceSeconds: number,
): Promise<number> {
  const buffer = await readFile(indexPath);
  if (buffer.length < 32 || buffer.toString('latin1', 0, 4) !== 'DIRC') return 0;
  const version = buffer.readUInt32BE(4);
  if (version !== 2 && version !== 3) return 0;
  const count = buffer.readUInt32BE(8);
  let position = 12;
  let smudged = 0;
  for (let index = 0; index < count; index++) {
    const start = position;
    if (start + 62 > buffer.length - 20) return 0; // malformed: leave it to git
    const flags = buffer.readUInt16BE(start + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const pathStart = start + 62 + (extended ? 2 : 0);
    const pathEnd = buffer.indexOf(0, pathStart);
    if (pathEnd === -1) return 0;
    const entryLength = pathEnd - start + 1;
    position = start + Math.ceil(entryLength / 8) * 8;
    const mtimeSeconds = buffer.readUInt32BE(start + 8);
    if (mtimeSeconds >= racySinceSeconds && buffer.readUInt32BE(start + 36) !== 0) {
      buffer.writeUInt32BE(0, start + 36);
      smudged += 1;
    }
  }
  if (smudged === 0) return 0;
  const body = buffer.subarray(0, buffer.length - 20);
  createHash('sha1')
    .update(body)
    .digest()
    .copy(buffer, buffer.length - 20);
  const temporary = `${indexPath}.kittyhost-${process.pid}`;
  await writeFile(temporary, buffer);
  await rename(temporary, indexPath);
  return smudged;
}
