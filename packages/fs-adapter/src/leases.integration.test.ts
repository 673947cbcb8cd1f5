// Lease records and the project configuration on a real file system, in real git repositories.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LeaseRecord } from '@kittyhost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDirectory, writeProject } from '../test/project.js';
import { createFsSpecStore } from './create-fs-spec-store.js';

const SLUG = '001-x';
const RECORD: LeaseRecord = {
  holder: 'a',
  claim: 'implementation',
  renewed_at: '2026-12-01T10:00:00.000Z',
  fenced: [],
};
let base: string;
let count = 0;
beforeAll(async () => {
  base = await temporaryDirectory('kittyhost-leases-');
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** A git repository holding one feature. */
async function repository(): Promise<string> {
  count += 1;
  const root = join(base, `r${count}`);
  await writeProject(root, { [SLUG]: { files: { 'spec.md': '# x\n' } } });
  execFileSync('git', ['init', '-q', root]);
  return root;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

async function write(root: string, leases: Record<string, LeaseRecord>) {
  const problems: string[] = [];
  const store = createFsSpecStore({ root, onProblem: (message) => problems.push(message) });
  const written = await store.withFeatureLock(SLUG, (locked) => locked.writeLeases(leases));
  expect(written.isOk()).toBe(true);
  return { store, problems };
}

describe('the lease file', () => {
  it('lives in .git/kittyhost/leases, written whole, and git sees no change', async () => {
    const root = await repository();
    const { store } = await write(root, { WP01: RECORD });
    const path = join(root, '.git', 'kittyhost', 'leases', `${SLUG}.json`);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      leases: { WP01: RECORD },
    });
    // No temporary file left beside it.
    expect(await readdir(join(root, '.git', 'kittyhost', 'leases'))).toEqual([`${SLUG}.json`]);
    expect(git(root, 'status', '--porcelain', '--untracked-files=all')).toBe(
      `?? kitty-specs/${SLUG}/spec.md`,
    );
    expect((await store.readLeases(SLUG))._unsafeUnwrap()).toEqual({
      state: 'ok',
      leases: { WP01: RECORD },
    });
  });

  it('is shared by every checkout: a linked worktree reads and writes the main one', async () => {
    const root = await repository();
    execFileSync('git', [
      '-C',
      root,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'init',
    ]);
    const linked = join(base, `linked${count}`);
    git(root, 'worktree', 'add', '-q', linked);
    await writeProject(linked, { [SLUG]: { files: { 'spec.md': '# x\n' } } });
    await write(linked, { WP02: RECORD });
    const store = createFsSpecStore({ root });
    expect((await store.readLeases(SLUG))._unsafeUnwrap().leases).toEqual({ WP02: RECORD });
  });

  it('missing: no lease information; without a git directory nothing is written', async () => {
    const root = join(base, 'plain');
    await writeProject(root, { [SLUG]: { files: { 'spec.md': '# x\n' } } });
    const store = createFsSpecStore({ root });
    expect((await store.readLeases(SLUG))._unsafeUnwrap()).toEqual({
      state: 'missing',
      leases: {},
    });
    await write(root, { WP01: RECORD });
    expect(await readdir(root)).toEqual(['kitty-specs']);
  });

  it('corrupt: unreadable with a warning naming the file, never a failure', async () => {
    const root = await repository();
    const { store, problems } = await write(root, { WP01: RECORD });
    const path = join(root, '.git', 'kittyhost', 'leases', `${SLUG}.json`);
    await writeFile(path, '{"version": 1, "leases": {"WP01": {"holder"');
    const book = (await store.readLeases(SLUG))._unsafeUnwrap();
    expect(book).toMatchObject({ state: 'unreadable', leases: {} });
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the lease file .*${SLUG}\\.json is unreadable \\(not JSON .*\\): claims of ${SLUG} are treated as having no lease$`,
        ),
      ),
    ]);
    // Under the lock too.
    const locked = await store.withFeatureLock(SLUG, (feature) => feature.readLeases());
    expect(locked._unsafeUnwrap().state).toBe('unreadable');
  });

  it('keeps every record under concurrent writers (each writes under the feature lock)', async () => {
    const root = await repository();
    const store = createFsSpecStore({ root });
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        store.withFeatureLock(SLUG, (locked) =>
          locked.readLeases().andThen((book) =>
            locked.writeLeases({
              ...book.leases,
              [`WP${String(index + 1).padStart(2, '0')}`]: RECORD,
            }),
          ),
        ),
      ),
    );
    const book = (await store.readLeases(SLUG))._unsafeUnwrap();
    expect(Object.keys(book.leases)).toHaveLength(12);
  });
});

describe('.kittify/config.yaml', () => {
  async function configured(text: string | null) {
    const root = await repository();
    if (text !== null) {
      await mkdir(join(root, '.kittify'), { recursive: true });
      await writeFile(join(root, '.kittify', 'config.yaml'), text);
    }
    return createFsSpecStore({ root });
  }

  it('reads the mapping; absent or empty is {}', async () => {
    const store = await configured(
      'agents:\n  available: [claude]\norchestrator_api:\n  claim_ttl: 30m\n',
    );
    expect((await store.readProjectConfig())._unsafeUnwrap()).toEqual({
      agents: { available: ['claude'] },
      orchestrator_api: { claim_ttl: '30m' },
    });
    expect((await (await configured(null)).readProjectConfig())._unsafeUnwrap()).toEqual({});
    expect((await (await configured('\n')).readProjectConfig())._unsafeUnwrap()).toEqual({});
  });

  it('skips parsing when the section asked for is not named (the common case: leases off)', async () => {
    const store = await configured('agents: [unclosed\n');
    expect((await store.readProjectConfig('orchestrator_api'))._unsafeUnwrap()).toEqual({});
    // Asked for everything, the broken file is an error.
    expect((await store.readProjectConfig())._unsafeUnwrapErr().code).toBe('USAGE_ERROR');
  });

  it.each([
    ['orchestrator_api: [unclosed\n', /config\.yaml is not valid YAML: /],
    ['- orchestrator_api\n', /config\.yaml must hold a YAML mapping$/],
  ])('refuses %j as USAGE_ERROR', async (text, message) => {
    const store = await configured(text);
    const error = (await store.readProjectConfig('orchestrator_api'))._unsafeUnwrapErr();
    expect(error.code).toBe('USAGE_ERROR');
    expect(error.message).toMatch(message);
  });
});
