import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { VersionControlFixture } from '@kittyhost/core/testing';
import { createGitVersionControl } from '../src/create-git-version-control.js';
import {
  commitFiles,
  git,
  gitStatus,
  initRepository,
  temporaryDirectory,
  writeFiles,
} from './git-cli.js';

/**
 * A `VersionControlFixture` over a real repository in a temp directory, set up and read with
 * the git CLI (an independent reader of what the adapter wrote).
 */
export async function makeGitFixture(
  files: Readonly<Record<string, string>>,
): Promise<VersionControlFixture> {
  const directory = temporaryDirectory();
  const extra: { cleanup: () => void }[] = [];
  const root = directory.path;
  initRepository(root, { ...files });
  const vcs = createGitVersionControl({ root });
  return {
    vcs,
    commitOnMain: async (changes, message) => void commitFiles(root, { ...changes }, message),
    commitInWorkspace: async (path, changes, message) =>
      void commitFiles(path, { ...changes }, message),
    dirtyWorkspace: async (path, file, content) => writeFiles(path, { [file]: content }),
    deleteWorkspaceDirectory: async (path) => rmSync(path, { recursive: true, force: true }),
    dirtyMain: async (file, content) => writeFiles(root, { [file]: content }),
    detachMain: async () => void git(root, 'checkout', '-q', '--detach'),
    readMainFile: async (file) =>
      existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : undefined,
    readWorkspaceFile: async (path, file) =>
      existsSync(join(path, file)) ? readFileSync(join(path, file), 'utf8') : undefined,
    readFile: async (branch, file) => {
      const result = gitStatus(root, 'cat-file', 'blob', `${branch}:${file}`);
      return result.ok ? `${result.output}\n` : undefined;
    },
    tip: async (branch) => {
      const result = gitStatus(root, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`);
      return result.ok ? result.output : undefined;
    },
    parents: async (commit) =>
      git(root, 'rev-list', '--parents', '-n1', commit).split(' ').slice(1),
    createBranch: async (name, from) => void git(root, 'branch', name, from),
    makeBehindUpstream: async (branch) => {
      const upstream = git(
        root,
        'commit-tree',
        '-p',
        branch,
        '-m',
        'upstream commit',
        `${branch}^{tree}`,
      );
      git(root, 'update-ref', `refs/remotes/origin/${branch}`, upstream);
      git(root, 'config', `branch.${branch}.remote`, 'origin');
      git(root, 'config', `branch.${branch}.merge`, `refs/heads/${branch}`);
    },
    addRemote: async (name) => {
      const bare = temporaryDirectory('kittyhost-remote-');
      extra.push(bare);
      git(bare.path, 'init', '-q', '--bare');
      git(root, 'remote', 'add', name, bare.path);
      return {
        tip: async (branch) => {
          const result = gitStatus(
            bare.path,
            'rev-parse',
            '--verify',
            '-q',
            `refs/heads/${branch}`,
          );
          return result.ok ? result.output : undefined;
        },
      };
    },
    cleanup: async () => {
      for (const item of extra) item.cleanup();
      directory.cleanup();
    },
  };
}
