// Test helpers: real projects in temp directories (no fs mocks). Not part of the package.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { coordinationWorktreeName, missionMid8 } from '@kittyhost/core';
import { featureFiles, type ProjectSeed, type SpecStoreFixture } from '@kittyhost/core/testing';
import { createFsSpecStore } from '../src/index.js';

/** A fresh temp directory; remove it with `rm(path, { recursive: true, force: true })`. */
export function temporaryDirectory(prefix = 'kittyhost-fs-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Write a project's `kitty-specs/` from a seed under `root`. */
export async function writeProject(root: string, project: ProjectSeed): Promise<void> {
  await mkdir(join(root, 'kitty-specs'), { recursive: true });
  for (const [slug, feature] of Object.entries(project)) {
    const directory = join(root, 'kitty-specs', slug);
    await mkdir(directory, { recursive: true });
    for (const [path, text] of Object.entries(featureFiles(feature))) {
      const file = join(directory, ...path.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
    if (feature.coordination?.worktree !== 'present') continue;
    // A coordination worktree as the store sees one: a directory with a `.git` link.
    const name = coordinationWorktreeName(slug, missionMid8(slug, feature.meta ?? {}));
    const top = join(root, '.worktrees', name);
    await mkdir(top, { recursive: true });
    await writeFile(join(top, '.git'), `gitdir: ${join(root, '.git', 'worktrees', name)}\n`);
    for (const [path, text] of Object.entries(feature.coordination.files ?? {})) {
      const file = join(top, 'kitty-specs', slug, ...path.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
  }
}

/** Every regular file under `directory`: relative `/` path → content (text or bytes). */
export async function listFiles(directory: string): Promise<Record<string, string>>;
export async function listFiles(
  directory: string,
  encoding: 'bytes',
): Promise<Record<string, Buffer>>;
export async function listFiles(
  directory: string,
  encoding: 'utf8' | 'bytes' = 'utf8',
): Promise<Record<string, string | Buffer>> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const out: Record<string, string | Buffer> = {};
  for (const file of files) {
    const key = relative(directory, file).split(sep).join('/');
    out[key] = encoding === 'bytes' ? await readFile(file) : await readFile(file, 'utf8');
  }
  return out;
}

/** Every entry (files and directories) under `directory`, relative `/` paths, sorted. */
export async function listEntries(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .map(
      (entry) =>
        `${relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/')}${entry.isDirectory() ? '/' : ''}`,
    )
    .sort();
}

/** The fixture that runs core's SpecStore contract against real directories. */
export async function fsFixture(): Promise<SpecStoreFixture> {
  const base = await temporaryDirectory();
  let count = 0;
  return {
    seed: async (project) => {
      count += 1;
      const root = join(base, `project-${count}`);
      await writeProject(root, project);
      return createFsSpecStore({ root });
    },
    files: (store, slug) => listFiles(join(store.root, 'kitty-specs', slug)),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
