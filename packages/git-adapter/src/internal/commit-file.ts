import { isAbsolute, relative, resolve, sep } from 'node:path';
import { commitPaths, mainCheckout } from './commit-files.js';
import type { Repository } from './repository.js';

/** `path` (absolute or relative to the root) as a git path, or an error message. */
export function toRepositoryPath(root: string, path: string): string | { error: string } {
  const absolute = isAbsolute(path) ? resolve(path) : resolve(root, path);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { error: `${path} is not a file inside ${root}` };
  }
  const gitPath = inside.split(sep).join('/');
  if (gitPath === '.git' || gitPath.startsWith('.git/')) return { error: `${path} is inside .git` };
  return gitPath;
}

/**
 * See `VersionControl.commitFile`: one commit on the main checkout's branch whose tree is HEAD's
 * with only this path changed (`git commit -- <path>` semantics, a root commit on an unborn
 * branch, a commit even when the file is unchanged). The index entry of that path is updated and
 * every other index entry, staged or not, is left alone; see `commitPaths`.
 */
export async function commitFile(
  repository: Repository,
  request: { path: string; message: string },
): Promise<string> {
  const gitPath = toRepositoryPath(repository.root, request.path);
  if (typeof gitPath !== 'string') throw new Error(gitPath.error);
  const oid = await commitPaths(repository, mainCheckout(repository), [gitPath], request.message, {
    allowUnchanged: true,
    allowUnborn: true,
  });
  return oid as string;
}
