import * as fs from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeIndex, type IndexEntry } from './index-file.js';
import { isTreeEntry, type ObjectStore } from './object-store.js';

interface FileToWrite {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
}

async function flatten(
  objects: ObjectStore,
  tree: string,
  prefix: string,
  out: FileToWrite[],
  directories: string[],
) {
  const entries = await objects.readTree(tree);
  await Promise.all(
    entries.map(async (entry) => {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (isTreeEntry(entry)) {
        directories.push(path);
        await flatten(objects, entry.oid, path, out, directories);
      } else {
        out.push({ path, mode: entry.mode, oid: entry.oid });
      }
    }),
  );
}

/**
 * Write the files of `tree` into the empty directory `dir` and the matching index (with the
 * written files' stat data, so `git status` needs to hash nothing) to `indexPath`. This is what
 * `git worktree add` does after creating the administrative files; it is several times faster
 * than a general-purpose checkout because there is nothing to compare against. Loose objects
 * are inflated synchronously (node:zlib), packed ones come through isomorphic-git. Paths in
 * `hidden` (a sparse checkout's exclusions) are not written; their index entries carry git's
 * skip-worktree bit.
 */
export async function checkoutTreeInto(
  objects: ObjectStore,
  tree: string,
  dir: string,
  indexPath: string,
  hidden: ReadonlySet<string> = new Set(),
): Promise<number> {
  const files: FileToWrite[] = [];
  const directories: string[] = [];
  await flatten(objects, tree, '', files, directories);
  directories.sort();
  for (const directory of directories) fs.mkdirSync(join(dir, directory), { recursive: true });
  const entries: IndexEntry[] = [];
  for (const file of files) {
    if (hidden.has(file.path)) {
      entries.push({
        path: file.path,
        oid: file.oid,
        mode: Number.parseInt(file.mode, 8),
        skipWorktree: true,
      });
      continue;
    }
    const target = join(dir, file.path);
    if (file.mode === '160000') {
      // A submodule: git leaves an empty directory and records the commit in the index.
      await mkdir(target, { recursive: true });
      entries.push({ path: file.path, oid: file.oid, mode: 0o160000 });
      continue;
    }
    const loose = objects.readSync(file.oid);
    const body = loose?.body ?? (await objects.readBlob(file.oid));
    if (file.mode === '120000') {
      fs.symlinkSync(Buffer.from(body).toString('utf8'), target);
    } else {
      fs.writeFileSync(target, body, { mode: file.mode === '100755' ? 0o755 : 0o644 });
    }
    entries.push({
      path: file.path,
      oid: file.oid,
      mode: Number.parseInt(file.mode, 8),
      stats: fs.lstatSync(target, { bigint: true }),
    });
  }
  const temporary = `${indexPath}.kittyhost-${process.pid}`;
  await writeFile(temporary, serializeIndex(entries));
  await rename(temporary, indexPath);
  return entries.length;
}
