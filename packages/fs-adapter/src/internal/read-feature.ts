import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareWpIds, specInvalid, type HostErrorOf } from '@kittyhost/core';
import type { FeatureSpec, WorkPackageSpec } from '@kittyhost/core/ports';
import { err, ok, type Result } from 'neverthrow';
import type { FeatureLocation } from './feature-path.js';
import { errorCode, ioError, isMissing } from './native-error.js';
import {
  loadYaml,
  parseWorkPackageFile,
  WORK_PACKAGE_FILE,
  type WorkPackageFields,
  type YamlModule,
} from './work-package-file.js';

type ReadError = HostErrorOf<'SPEC_INVALID'> | HostErrorOf<'INTERNAL_ERROR'>;

/** Files of a feature directory, by name. */
export const META_FILE = 'meta.json';
export const TASKS_DIRECTORY = 'tasks';

/**
 * Read a resolved feature: its WP files (ordered numerically) and `meta.json`. Every spec problem
 * (id mismatch, duplicate id, bad frontmatter, bad meta.json) is collected into one
 * `SPEC_INVALID`, so the user sees them all at once. Reads only.
 */
export async function readFeature(
  location: FeatureLocation,
): Promise<Result<FeatureSpec, ReadError>> {
  const [workPackages, meta] = await Promise.all([
    readWorkPackages(location.directory),
    location.metaText === undefined
      ? readMeta(location.directory)
      : Promise.resolve(metaOf(location.metaText)),
  ]);
  if (workPackages.isErr() && workPackages.error.kind === 'io')
    return err(workPackages.error.error);
  if (meta.isErr() && meta.error.kind === 'io') return err(meta.error.error);
  const problems = [
    ...(workPackages.isErr() && workPackages.error.kind === 'spec'
      ? workPackages.error.problems
      : []),
    ...(meta.isErr() && meta.error.kind === 'spec' ? meta.error.problems : []),
  ];
  if (problems.length > 0 || workPackages.isErr() || meta.isErr())
    return err(specInvalid(problems));
  return ok({
    slug: location.slug,
    directory: location.directory,
    statusDirectory: location.statusDirectory,
    workPackages: workPackages.value,
    meta: meta.value,
  });
}

type Failure =
  | { readonly kind: 'spec'; readonly problems: readonly string[] }
  | { readonly kind: 'io'; readonly error: HostErrorOf<'INTERNAL_ERROR'> };

async function readWorkPackages(directory: string): Promise<Result<WorkPackageSpec[], Failure>> {
  const tasks = join(directory, TASKS_DIRECTORY);
  let names: string[];
  try {
    const entries = await readdir(tasks, { withFileTypes: true });
    names = entries
      .filter(
        (entry) => (entry.isFile() || entry.isSymbolicLink()) && WORK_PACKAGE_FILE.test(entry.name),
      )
      .map((entry) => entry.name)
      .sort();
  } catch (cause) {
    if (isMissing(cause)) return ok([]); // a feature without tasks/ has no WPs yet
    return err({ kind: 'io', error: ioError('list', tasks, cause) });
  }
  // Synchronous on purpose: a WP file is small, and 1,000 of them read in ~8 ms this way against
  // ~50 ms through the thread pool (four threads, four syscalls per file).
  const texts = names.map((name) => {
    try {
      return { name, text: readFileSync(join(tasks, name), 'utf8') };
    } catch (cause) {
      return { name, cause };
    }
  });
  const problems: string[] = [];
  const byId = new Map<string, string>();
  const workPackages: WorkPackageSpec[] = [];
  let yaml: YamlModule | undefined;
  for (const entry of texts) {
    const label = `${TASKS_DIRECTORY}/${entry.name}`;
    if ('cause' in entry) {
      if (errorCode(entry.cause) === 'EISDIR') continue; // a symlink to a directory is no WP file
      return err({ kind: 'io', error: ioError('read', join(tasks, entry.name), entry.cause) });
    }
    const id = (WORK_PACKAGE_FILE.exec(entry.name) as RegExpExecArray)[1] as string;
    const previous = byId.get(id);
    if (previous !== undefined) {
      problems.push(`${TASKS_DIRECTORY}/${previous} and ${label} both declare ${id}`);
      continue;
    }
    byId.set(id, entry.name);
    let fields = parseWorkPackageFile(label, id, entry.text, yaml);
    if (fields === undefined) {
      yaml = await loadYaml(); // this frontmatter is more than the simple reader knows
      fields = parseWorkPackageFile(label, id, entry.text, yaml) as Result<
        WorkPackageFields,
        string
      >;
    }
    if (fields.isErr()) {
      problems.push(fields.error);
      continue;
    }
    workPackages.push({ id, ...fields.value, promptPath: join(tasks, entry.name) });
  }
  if (problems.length > 0) return err({ kind: 'spec', problems });
  return ok(workPackages.sort((left, right) => compareWpIds(left.id, right.id)));
}

/** Parse `meta.json` text: a JSON object, or a problem naming the file. */
export function parseMeta(text: string): Result<Record<string, unknown>, string> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    return err(
      `${META_FILE}: not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return err(`${META_FILE}: must hold a JSON object`);
  }
  return ok(value as Record<string, unknown>);
}

/** meta.json's fields from its text (`null`: there is none). */
function metaOf(text: string | null): Result<Record<string, unknown>, Failure> {
  if (text === null) return ok({});
  return parseMeta(text).mapErr((problem) => ({ kind: 'spec' as const, problems: [problem] }));
}

async function readMeta(directory: string): Promise<Result<Record<string, unknown>, Failure>> {
  const path = join(directory, META_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (errorCode(cause) === 'ENOENT') return ok({});
    return err({ kind: 'io', error: ioError('read', path, cause) });
  }
  return metaOf(text);
}
