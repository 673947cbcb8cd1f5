import { readFile, mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import {
  NO_LEASES,
  internalError,
  parseLeaseBook,
  serializeLeaseBook,
  usageError,
  type HostErrorOf,
  type LeaseBook,
  type LeaseRecord,
} from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import { replaceDerivedFile } from './atomic-write.js';
import { readConfigSection } from './config-section.js';
import { errorCode, ioError } from './native-error.js';
import { loadYaml } from './work-package-file.js';

/**
 * The repository's common git directory — `<root>/.git`, or, when `.git` is a file (a linked
 * worktree), the directory its `gitdir:` names resolved through its `commondir` — or `null`.
 * Every checkout of one repository thus shares one set of lease records.
 */
async function gitDirectory(root: string): Promise<string | null> {
  const dotGit = join(root, '.git');
  try {
    const info = await stat(dotGit);
    if (info.isDirectory()) return dotGit;
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(dotGit, 'utf8'));
    if (match === null) return null;
    const target = match[1] as string;
    const gitDir = isAbsolute(target) ? target : resolve(root, target);
    try {
      const common = (await readFile(join(gitDir, 'commondir'), 'utf8')).trim();
      return common === '' ? gitDir : isAbsolute(common) ? common : resolve(gitDir, common);
    } catch (cause) {
      if (errorCode(cause) === 'ENOENT') return gitDir;
      throw cause;
    }
  } catch (cause) {
    if (errorCode(cause) === 'ENOENT' || errorCode(cause) === 'ENOTDIR') return null;
    throw cause;
  }
}

/** Where a feature's lease records live: `.git/kittyhost/leases/<slug>.json`, or `null`. */
async function leasePath(root: string, slug: string): Promise<string | null> {
  const gitDir = await gitDirectory(root);
  return gitDir === null ? null : join(gitDir, 'kittyhost', 'leases', `${slug}.json`);
}

/**
 * A feature's lease records. A missing file (or no git directory) is `missing`; a file that does
 * not read as lease records is `unreadable` and reported through `onProblem` (a warning), never a
 * failure.
 */
export async function readLeases(
  root: string,
  slug: string,
  onProblem: (message: string) => void,
): Promise<Result<LeaseBook, HostErrorOf<'INTERNAL_ERROR'>>> {
  const path = await leasePath(root, slug);
  if (path === null) return ok(NO_LEASES);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (errorCode(cause) === 'ENOENT') return ok(NO_LEASES);
    return err(ioError('read', path, cause));
  }
  const book = parseLeaseBook(text);
  if (book.state === 'unreadable')
    onProblem(
      `the lease file ${path} is unreadable (${book.problem ?? 'bad content'}): claims of ${slug} are treated as having no lease`,
    );
  return ok(book);
}

/**
 * Replace a feature's lease records atomically (nothing without a git directory): a temp file
 * renamed over the old one, not fsynced — lease records are runtime state, renewed every few
 * minutes, and a renewal lost to a power cut only ages a claim whose holder died with the machine.
 */
export async function writeLeases(
  root: string,
  slug: string,
  leases: Readonly<Record<string, LeaseRecord>>,
): Promise<Result<void, HostErrorOf<'INTERNAL_ERROR'>>> {
  const path = await leasePath(root, slug);
  if (path === null) return ok(undefined);
  try {
    await mkdir(join(path, '..'), { recursive: true });
  } catch (cause) {
    return err(ioError('create the directory of', path, cause));
  }
  return replaceDerivedFile(path, serializeLeaseBook(leases));
}

/** `.kittify/config.yaml` as an object (`{}` when absent); a non-mapping → `USAGE_ERROR`. */
export async function readProjectConfig(
  root: string,
  section?: string,
): Promise<
  Result<Record<string, unknown>, HostErrorOf<'USAGE_ERROR'> | HostErrorOf<'INTERNAL_ERROR'>>
> {
  const path = join(root, '.kittify', 'config.yaml');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (errorCode(cause) === 'ENOENT' || errorCode(cause) === 'ENOTDIR') return ok({});
    return err(ioError('read', path, cause));
  }
  if (text.trim() === '' || (section !== undefined && !text.includes(section))) return ok({});
  if (section !== undefined) {
    // The common shape (a section of plain scalars) is read without loading `yaml`.
    const entries = readConfigSection(text, section);
    if (entries !== undefined)
      return ok(Object.keys(entries).length === 0 ? {} : { [section]: { ...entries } });
  }
  try {
    const yaml = await loadYaml();
    const document = yaml.parseDocument(text, { prettyErrors: false });
    const problem = document.errors[0];
    if (problem !== undefined)
      return err(usageError(`${path} is not valid YAML: ${problem.message.split('\n')[0]}`));
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return ok({});
    if (typeof value !== 'object' || Array.isArray(value))
      return err(usageError(`${path} must hold a YAML mapping`));
    return ok(value as Record<string, unknown>);
  } catch (cause) {
    return err(internalError(`Could not read ${path}: ${String(cause)}`, cause));
  }
}
