import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { coordinationBranchOf, coordinationWorktreeName, missionMid8 } from '@kittyhost/core';
import {
  outcomeOf,
  type Generation,
  type OperationContext,
  type Outcome,
} from '@kittyhost/orchestrator-api';

/** The read-only subcommands whose answers depend only on a feature's files (`feature-state`, `mission-state`, `list-ready`). */
export type CachedQuery = string;

interface Entry {
  readonly files: readonly string[];
  readonly signature: string;
  readonly data: Record<string, unknown>;
}

/**
 * A file changed this recently may change again within the file system's timestamp granularity
 * without its size or mtime moving ("racy" in git's words): such a state is never cached.
 */
const RACY_WINDOW_MS = 100;
const MAX_ENTRIES = 1_000;

/**
 * Caches the `data` of successful `feature-state` / `list-ready` answers, keyed by the identity,
 * size, mtime and ctime of every file and directory those operations read: `kitty-specs/`, the
 * feature directory, `tasks/` and each file in it, `meta.json` and `status.events.jsonl`. Every
 * request checks those stats again (a few `stat` calls), so a change by this server, a CLI
 * process or an editor is seen by the very next request. The operation still produces every
 * answer: the cache only replays the `data` of an earlier identical computation; the envelope
 * (timestamp, correlation id) is always fresh.
 *
 * @example
 * ```ts
 * const cache = new QueryCache(store.root);
 * const outcome = await cache.answer(context, 'list-ready', { feature: '001-demo' }, () => execute(context, 'list-ready', { feature: '001-demo' }));
 * ```
 */
export class QueryCache {
  readonly #root: string;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  /** `now` (milliseconds since the epoch) decides what is racy; tests inject it. */
  constructor(root: string, options: { readonly now?: () => number } = {}) {
    this.#root = root;
    this.#now = options.now ?? Date.now;
  }

  /** The cached answer when the files are unchanged, else `compute()` (cached when it succeeds). */
  async answer(
    context: OperationContext,
    generation: Generation,
    subcommand: CachedQuery,
    input: Readonly<Record<string, unknown>>,
    compute: () => Promise<Outcome>,
  ): Promise<Outcome> {
    const slug = input[generation.selector];
    if (
      typeof slug !== 'string' ||
      Object.keys(input).length !== 1 ||
      !/^[^/\\\0]+$/.test(slug) ||
      slug === '.' ||
      slug === '..'
    ) {
      return compute();
    }
    const key = `${generation.version}\0${subcommand}\0${slug}`;
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      const now = signatureOf(entry.files, this.#now());
      if (now.text === entry.signature)
        return outcomeOf(context, subcommand, { ok: true, data: entry.data }, generation);
      this.#entries.delete(key);
    }
    const files = this.#filesOf(slug);
    const before = files === undefined ? undefined : signatureOf(files, this.#now());
    const outcome = await compute();
    const data = outcome.envelope.data;
    if (
      files !== undefined &&
      before !== undefined &&
      !before.racy &&
      outcome.envelope.success &&
      !timeDependent(data)
    ) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, { files, signature: before.text, data });
    }
    return outcome;
  }

  /** Every path the feature's queries depend on, or `undefined` when they cannot be listed. */
  #filesOf(slug: string): readonly string[] | undefined {
    const specs = join(this.#root, 'kitty-specs');
    const feature = join(specs, slug);
    const tasks = join(feature, 'tasks');
    try {
      const entries = readdirSync(tasks).sort();
      return [
        specs,
        feature,
        tasks,
        ...entries.map((name) => join(tasks, name)),
        join(feature, 'meta.json'),
        join(feature, 'status.events.jsonl'),
        join(feature, 'lanes.json'),
        // Turning leases on changes what reads answer.
        join(this.#root, '.kittify', 'config.yaml'),
        // Where a mission planned by spec-kitty 3 keeps its status: its coordination worktree.
        ...coordinationCandidates(this.#root, slug),
      ];
    } catch {
      return undefined;
    }
  }
}

/** Lease fields change with time, not with files: such an answer is never cached. */
function timeDependent(data: Readonly<Record<string, unknown>>): boolean {
  const workPackages = data['work_packages'];
  return (
    Array.isArray(workPackages) &&
    workPackages.some(
      (wp) => typeof wp === 'object' && wp !== null && 'lease_expires_at' in (wp as object),
    )
  );
}

/**
 * The paths of a mission's coordination worktree status surface, named as the store names them
 * (from meta.json's coordination branch and mid8); none for any other feature. meta.json itself
 * is watched, so a change of topology changes the signature.
 */
function coordinationCandidates(root: string, slug: string): string[] {
  let meta: unknown;
  try {
    meta = JSON.parse(
      readFileSync(join(root, 'kitty-specs', slug, 'meta.json'), 'utf8').replace(/^\uFEFF/, ''),
    );
  } catch {
    return [];
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return [];
  const record = meta as Record<string, unknown>;
  if (coordinationBranchOf(record) === null) return [];
  const worktree = join(
    root,
    '.worktrees',
    coordinationWorktreeName(slug, missionMid8(slug, record)),
  );
  const directory = join(worktree, 'kitty-specs', slug);
  return [
    worktree,
    join(worktree, '.git'),
    directory,
    join(directory, 'status.events.jsonl'),
    join(directory, 'status.json'),
  ];
}

/** The stats of `files` as one string, and whether any of them changed in the racy window. */
function signatureOf(files: readonly string[], now: number): { text: string; racy: boolean } {
  const horizon = now - RACY_WINDOW_MS;
  let text = '';
  let racy = false;
  for (const file of files) {
    const info = statSync(file, { throwIfNoEntry: false });
    if (info === undefined) {
      text += '-|';
      continue;
    }
    if (info.mtimeMs >= horizon || info.ctimeMs >= horizon) racy = true;
    text += `${info.dev}:${info.ino}:${info.mode}:${info.size}:${info.mtimeMs}:${info.ctimeMs}|`;
  }
  return { text, racy };
}
