import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isAnnotation,
  materializeSnapshot,
  serializeEvent,
  type LogEntry,
  type StatusEvent,
} from '@kittyhost/core';
import { ResultAsync, okAsync } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEntries, listFiles, temporaryDirectory, writeProject } from '../test/project.js';
import { createFsSpecStore } from './create-fs-spec-store.js';

const SLUG = '001-x';
let base: string;
let count = 0;
beforeAll(async () => {
  base = await temporaryDirectory('kittyhost-store-');
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** A fresh project root holding `kitty-specs/` with the given raw files per feature. */
async function project(features: Record<string, Record<string, string>>): Promise<string> {
  count += 1;
  const root = join(base, `p${count}`);
  await writeProject(
    root,
    Object.fromEntries(Object.entries(features).map(([slug, files]) => [slug, { files }])),
  );
  return root;
}

const featureDirectory = (root: string, slug = SLUG) => join(root, 'kitty-specs', slug);

/** The exact bytes the original host writes: keys sorted, `", "` and `": "` separators. */
const ORIGINAL_LOG =
  '{"actor": "claude", "at": "2026-02-23T18:03:22.152177+00:00", "event_id": "01JMPZ5V0X2S8Q7K3D9F4G6H1J", "evidence": null, "execution_mode": "worktree", "feature_slug": "001-x", "force": false, "from_lane": "planned", "policy_metadata": null, "reason": null, "review_ref": null, "to_lane": "claimed", "wp_id": "WP01"}\n' +
  '{"actor": "claude", "at": "2026-02-23T18:04:10.000001+00:00", "event_id": "01JMPZ6A1B2C3D4E5F6G7H8J9K", "evidence": null, "execution_mode": "worktree", "feature_slug": "001-x", "force": false, "from_lane": "claimed", "policy_metadata": {"agent_family": "claude", "dangerous_flags": [], "orchestrator_id": "spec-kitty-orchestrator"}, "reason": null, "review_ref": null, "to_lane": "doing", "wp_id": "WP01"}\n' +
  '{"actor": "r\\u00e9viewer", "at": "2026-02-23T18:09:00+00:00", "event_id": "01JMPZ7A1B2C3D4E5F6G7H8J9K", "evidence": {"review": {"reference": "PR#4", "reviewer": "r\\u00e9viewer", "verdict": "approved"}}, "execution_mode": "direct_repo", "feature_slug": "001-x", "force": true, "from_lane": "doing", "policy_metadata": null, "reason": "hotfix", "review_ref": "PR#4", "to_lane": "done", "wp_id": "WP01"}\n';

function event(n: number, overrides: Partial<StatusEvent> = {}): StatusEvent {
  return {
    event_id: `01JMPZ${String(n).padStart(20, '0')}`,
    feature_slug: SLUG,
    wp_id: 'WP01',
    from_lane: 'planned',
    to_lane: 'claimed',
    at: '2026-02-24T10:00:00.000000+00:00',
    actor: 'claude',
    force: false,
    execution_mode: 'worktree',
    reason: null,
    review_ref: null,
    evidence: null,
    policy_metadata: null,
    ...overrides,
  };
}

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('feature resolution on disk', () => {
  it('never follows a symlink out of kitty-specs/, but accepts one that stays inside', async () => {
    const outside = join(base, 'outside');
    await mkdir(join(outside, 'tasks'), { recursive: true });
    await writeFile(join(outside, 'tasks/WP01.md'), '---\ntitle: secret\n---\n');
    await writeFile(join(outside, 'status.events.jsonl'), ORIGINAL_LOG);
    const root = await project({ [SLUG]: { 'tasks/WP01.md': '---\ntitle: real\n---\n' } });
    await symlink(outside, join(root, 'kitty-specs', 'escape'));
    await symlink(join(root, 'kitty-specs', SLUG), join(root, 'kitty-specs', 'alias'));
    await writeFile(join(root, 'kitty-specs', 'notes.txt'), 'a file, not a feature');
    const store = createFsSpecStore({ root });
    for (const slug of ['escape', 'notes.txt', '../../outside', '../outside']) {
      let ran = false;
      const results = [
        await store.loadFeature(slug),
        await store.readEvents(slug),
        await store.subtaskStatus(slug, 'WP01'),
        await store.withFeatureLock(slug, () => {
          ran = true;
          return okAsync(undefined);
        }),
      ];
      for (const result of results)
        expect(result._unsafeUnwrapErr().code, slug).toBe('FEATURE_NOT_FOUND');
      expect(ran).toBe(false);
    }
    expect(await listEntries(outside)).toEqual(['status.events.jsonl', 'tasks/', 'tasks/WP01.md']);
    const alias = (await store.loadFeature('alias'))._unsafeUnwrap();
    expect(alias.workPackages.map((wp) => wp.title)).toEqual(['real']);
  });

  it('answers FEATURE_NOT_FOUND when kitty-specs/ itself is missing, keeping the native cause', async () => {
    const root = join(base, 'empty-project');
    await mkdir(root);
    const error = (await createFsSpecStore({ root }).loadFeature(SLUG))._unsafeUnwrapErr();
    expect(error.code).toBe('FEATURE_NOT_FOUND');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('follows a kitty-specs/ that is itself a symlink', async () => {
    const real = await project({ [SLUG]: { 'tasks/WP01.md': '# plain\n' } });
    const root = join(base, 'linked-root');
    await mkdir(root);
    await symlink(join(real, 'kitty-specs'), join(root, 'kitty-specs'));
    const feature = (await createFsSpecStore({ root }).loadFeature(SLUG))._unsafeUnwrap();
    expect(feature.workPackages[0]?.promptPath).toBe(
      join(root, 'kitty-specs', SLUG, 'tasks', 'WP01.md'),
    );
  });
});

describe('meta.json under the feature lock', () => {
  it('is read once the lock is held: a caller that waited sees what the holder wrote', async () => {
    const root = await project({
      [SLUG]: { 'meta.json': '{"target_branch": "main"}\n', 'tasks/WP01.md': '# WP01\n' },
    });
    const first = createFsSpecStore({ root });
    const second = createFsSpecStore({ root });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const writer = first.withFeatureLock(SLUG, (feature) =>
      ResultAsync.fromSafePromise(held).andThen(() => feature.updateMeta({ accepted: true })),
    );
    // The second caller resolves the feature (reading meta.json) while the first holds the lock.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reader = second.withFeatureLock(SLUG, (feature) => okAsync(feature.feature.meta));
    await new Promise((resolve) => setTimeout(resolve, 50));
    holding();
    expect((await writer).isOk()).toBe(true);
    expect((await reader)._unsafeUnwrap()).toEqual({ target_branch: 'main', accepted: true });
  });
});

describe('listFeatures on disk', () => {
  it('lists none without kitty-specs/, or when it is a file', async () => {
    const root = join(base, 'no-specs');
    await mkdir(root);
    expect((await createFsSpecStore({ root }).listFeatures())._unsafeUnwrap()).toEqual([]);
    const fileRoot = join(base, 'specs-is-a-file');
    await mkdir(fileRoot);
    await writeFile(join(fileRoot, 'kitty-specs'), 'not a directory\n');
    expect((await createFsSpecStore({ root: fileRoot }).listFeatures())._unsafeUnwrap()).toEqual(
      [],
    );
  });

  it('lists exactly the directories loadFeature opens: no files, hidden names or escaping links', async () => {
    const root = await project({ '002-b': {}, [SLUG]: { 'tasks/WP01.md': '# one\n' } });
    const specs = join(root, 'kitty-specs');
    const outside = join(base, 'outside-feature');
    await mkdir(outside, { recursive: true });
    await mkdir(join(specs, '.hidden'));
    await writeFile(join(specs, 'notes.md'), '# not a feature\n');
    await symlink(join(specs, SLUG), join(specs, '003-alias'));
    await symlink(outside, join(specs, '004-outside'));
    await symlink(join(specs, 'notes.md'), join(specs, '005-file-link'));
    await symlink(join(specs, 'gone'), join(specs, '006-dangling'));
    const store = createFsSpecStore({ root });
    const listed = (await store.listFeatures())._unsafeUnwrap();
    expect(listed).toEqual([SLUG, '002-b', '003-alias']);
    for (const slug of listed) expect((await store.loadFeature(slug)).isOk()).toBe(true);
    for (const slug of ['004-outside', '005-file-link', '006-dangling']) {
      expect((await store.loadFeature(slug))._unsafeUnwrapErr().code).toBe('FEATURE_NOT_FOUND');
    }
  });
});

describe('the status surface of a coordination-topology mission (CONTRACT-1.3.md §2)', () => {
  const coordMeta = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      topology: 'coord',
      coordination_branch: 'kitty/mission-demo-01M8RB29',
      mission_id: '01M8RB29ABCDEFGHJKMNPQRSTV',
      ...extra,
    });

  /** A coordination worktree's mission dir (its `.git` link is what marks it present). */
  const coordinationDirectory = async (root: string, worktree: string, slug: string) => {
    const top = join(root, '.worktrees', worktree);
    const status = join(top, 'kitty-specs', slug);
    await mkdir(status, { recursive: true });
    await writeFile(join(top, '.git'), `gitdir: ${join(root, '.git', 'worktrees', worktree)}\n`);
    return status;
  };

  it('is <slug>-<mid8>-coord when the slug does not end in the mid8', async () => {
    const root = await project({ [SLUG]: { 'meta.json': coordMeta() } });
    const status = await coordinationDirectory(root, `${SLUG}-01M8RB29-coord`, SLUG);
    const store = createFsSpecStore({ root });
    expect((await store.loadFeature(SLUG))._unsafeUnwrap().statusDirectory).toBe(status);
    await store.withFeatureLock(SLUG, (locked) => locked.appendEvents([event(1)]));
    expect(await readFile(join(status, 'status.events.jsonl'), 'utf8')).toBe(
      `${serializeEvent(event(1))}\n`,
    );
    expect(await listFiles(featureDirectory(root))).toEqual({ 'meta.json': coordMeta() });
  });

  it('is <slug>-coord for a slug ending in its mid8, also for lanes_with_coord', async () => {
    const slug = 'demo-01M8RB29';
    const root = await project({
      [slug]: { 'meta.json': coordMeta({ topology: 'lanes_with_coord' }) },
    });
    const status = await coordinationDirectory(root, `${slug}-coord`, slug);
    expect(
      (await createFsSpecStore({ root }).loadFeature(slug))._unsafeUnwrap().statusDirectory,
    ).toBe(status);
  });

  it('takes the mid8 from the slug when mission_id is not a ULID, and never builds paths from it', async () => {
    const slug = 'demo-01M8RB29';
    const root = await project({
      [slug]: { 'meta.json': coordMeta({ mission_id: '../../../../etc/passwd' }) },
    });
    const status = await coordinationDirectory(root, `${slug}-coord`, slug);
    expect(
      (await createFsSpecStore({ root }).loadFeature(slug))._unsafeUnwrap().statusDirectory,
    ).toBe(status);
  });

  it('is STATUS_READ_PATH_NOT_FOUND while the coordination worktree is missing (never the husk)', async () => {
    const slug = 'demo-01M8RB29';
    const root = await project({ [slug]: { 'meta.json': coordMeta(), 'status.events.jsonl': '' } });
    // A directory without its `.git` link is no worktree either.
    await mkdir(join(root, '.worktrees', `${slug}-coord`, 'kitty-specs', slug), {
      recursive: true,
    });
    const store = createFsSpecStore({ root });
    const details = {
      mission_slug: slug,
      mid8: '01M8RB29',
      coord_candidate: join(root, '.worktrees', `${slug}-coord`, 'kitty-specs', slug),
      primary_candidate: join(root, 'kitty-specs', slug),
      coordination_branch: 'kitty/mission-demo-01M8RB29',
      coordination_worktree: join(root, '.worktrees', `${slug}-coord`),
    };
    for (const result of [
      await store.loadFeature(slug),
      await store.readEvents(slug),
      await store.withFeatureLock(slug, () => okAsync(undefined)),
    ]) {
      expect(result._unsafeUnwrapErr()).toMatchObject({
        code: 'STATUS_READ_PATH_NOT_FOUND',
        details,
      });
    }
    // What reads only the primary directory still works.
    expect((await store.listFeatures())._unsafeUnwrap()).toEqual([slug]);
    expect((await store.readLanes(slug))._unsafeUnwrap()).toBeNull();
  });

  it('is the feature directory for a broken meta.json (reported as SPEC_INVALID by loadFeature)', async () => {
    const root = await project({ [SLUG]: { 'meta.json': '{"topology": ' } });
    const store = createFsSpecStore({ root });
    expect((await store.loadFeature(SLUG))._unsafeUnwrapErr().code).toBe('SPEC_INVALID');
    expect((await store.readEvents(SLUG))._unsafeUnwrap()).toEqual([]);
  });
});

describe('reading WP files', () => {
  it('reads CRLF frontmatter with a BOM, block lists and comments', async () => {
    const text =
      '\uFEFF---\r\n# owner: team\r\nwork_package_id: WP02\r\ntitle: Café – ünïcode\r\ndependencies:\r\n  - WP01\r\n---\r\nBody\r\n';
    const root = await project({ [SLUG]: { 'tasks/WP02-crlf.md': text, 'tasks/WP01.md': '' } });
    const feature = (await createFsSpecStore({ root }).loadFeature(SLUG))._unsafeUnwrap();
    expect(feature.workPackages.map((wp) => [wp.id, wp.title, wp.dependencies])).toEqual([
      ['WP01', '', []],
      ['WP02', 'Café – ünïcode', ['WP01']],
    ]);
  });

  it('ignores directories and symlinks to directories named like WP files', async () => {
    const root = await project({ [SLUG]: { 'tasks/WP01.md': '# one\n' } });
    await mkdir(join(featureDirectory(root), 'tasks', 'WP02.md'));
    await symlink(
      join(featureDirectory(root), 'tasks'),
      join(featureDirectory(root), 'tasks', 'WP03.md'),
    );
    const feature = (await createFsSpecStore({ root }).loadFeature(SLUG))._unsafeUnwrap();
    expect(feature.workPackages.map((wp) => wp.id)).toEqual(['WP01']);
  });
});

describe('native errors become typed errors with their cause', () => {
  it('a directory where a file should be is INTERNAL_ERROR naming the path', async () => {
    const root = await project({ [SLUG]: { 'tasks/WP01.md': '# one\n' } });
    const directory = featureDirectory(root);
    const store = createFsSpecStore({ root });
    await mkdir(join(directory, 'status.events.jsonl'));
    await mkdir(join(directory, 'tasks.md'));
    const read = (await store.readEvents(SLUG))._unsafeUnwrapErr();
    expect(read.code).toBe('INTERNAL_ERROR');
    expect(read.message).toContain('status.events.jsonl');
    expect((read.cause as NodeJS.ErrnoException).code).toBe('EISDIR');
    const subtasks = (await store.subtaskStatus(SLUG, 'WP01'))._unsafeUnwrapErr();
    expect((subtasks.cause as NodeJS.ErrnoException).code).toBe('EISDIR');
    const append = await store.withFeatureLock(SLUG, (locked) => locked.appendEvents([event(1)]));
    expect(append._unsafeUnwrapErr()).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect((append._unsafeUnwrapErr().cause as NodeJS.ErrnoException).code).toBe('EISDIR');
    await mkdir(join(directory, 'meta.json'));
    const load = (await store.loadFeature(SLUG))._unsafeUnwrapErr();
    expect(load.code).toBe('INTERNAL_ERROR');
    expect((load.cause as NodeJS.ErrnoException).code).toBe('EISDIR');
  });

  it.skipIf(process.getuid?.() === 0)(
    'an unreadable WP file is INTERNAL_ERROR with EACCES',
    async () => {
      const root = await project({ [SLUG]: { 'tasks/WP01.md': '# one\n' } });
      await chmod(join(featureDirectory(root), 'tasks', 'WP01.md'), 0o000);
      const error = (await createFsSpecStore({ root }).loadFeature(SLUG))._unsafeUnwrapErr();
      expect(error.code).toBe('INTERNAL_ERROR');
      expect((error.cause as NodeJS.ErrnoException).code).toBe('EACCES');
    },
  );
});

describe('the event log on disk', () => {
  it("reads a hand-written log in the original host's exact format", async () => {
    const root = await project({ [SLUG]: { 'status.events.jsonl': ORIGINAL_LOG } });
    const events = (await createFsSpecStore({ root }).readEvents(SLUG))
      ._unsafeUnwrap()
      .filter((entry: LogEntry): entry is StatusEvent => !isAnnotation(entry));
    expect(events).toHaveLength(3);
    expect(events.map((e) => [e.from_lane, e.to_lane, e.actor, e.force, e.execution_mode])).toEqual(
      [
        ['planned', 'claimed', 'claude', false, 'worktree'],
        ['claimed', 'in_progress', 'claude', false, 'worktree'],
        ['in_progress', 'done', 'réviewer', true, 'direct_repo'],
      ],
    );
    expect(events[2]?.evidence).toEqual({
      review: { reference: 'PR#4', reviewer: 'réviewer', verdict: 'approved' },
    });
    // Our own lines are byte-identical to the original's (`doing` is read as its canonical name).
    const lines = ORIGINAL_LOG.split('\n');
    expect(serializeEvent(events[0] as StatusEvent)).toBe(lines[0]);
    expect(serializeEvent(events[2] as StatusEvent)).toBe(
      lines[2]?.replace('"doing"', '"in_progress"'),
    );
  });

  it('rewrites nothing at all when a middle line is corrupt (bytes and entries of the whole feature)', async () => {
    const corrupt = ORIGINAL_LOG.replace(
      '"force": false, "from_lane": "claimed"',
      '"force": "no", "from_lane": "claimed"',
    );
    const root = await project({
      [SLUG]: { 'status.events.jsonl': corrupt, 'tasks/WP01.md': '# one\n', 'meta.json': '{}\n' },
    });
    const directory = featureDirectory(root);
    const bytesBefore = await listFiles(directory, 'bytes');
    const entriesBefore = await listEntries(directory);
    const store = createFsSpecStore({ root });
    const read = (await store.readEvents(SLUG))._unsafeUnwrapErr();
    expect(read).toMatchObject({ code: 'EVENT_LOG_CORRUPT', details: { line: 2 } });
    expect(read.message).toContain('line 2');
    const mutation = await store.withFeatureLock(SLUG, (locked) =>
      locked
        .readEvents()
        .andThen((events) =>
          locked
            .appendEvents([event(9)])
            .andThen(() => locked.writeSnapshot(materializeSnapshot(SLUG, events, ['WP01']))),
        ),
    );
    expect(mutation._unsafeUnwrapErr()).toMatchObject({
      code: 'EVENT_LOG_CORRUPT',
      details: { line: 2 },
    });
    expect(await listFiles(directory, 'bytes')).toEqual(bytesBefore);
    expect(await listEntries(directory)).toEqual(entriesBefore);
  });

  it('truncates a torn tail cut inside a multi-byte character, and one longer than a read chunk', async () => {
    const valid = ORIGINAL_LOG.split('\n')[0] as string;
    const cutInsideUtf8 = Buffer.concat([
      Buffer.from(`${valid}\n{"actor": "r`),
      Buffer.from('é').subarray(0, 1),
    ]);
    const long = Buffer.from(`${valid}\n{"actor": "${'x'.repeat(200_000)}`);
    for (const before of [cutInsideUtf8, long]) {
      const root = await project({ [SLUG]: {} });
      const log = join(featureDirectory(root), 'status.events.jsonl');
      await writeFile(log, before);
      const store = createFsSpecStore({ root });
      (
        await store.withFeatureLock(SLUG, (locked) => locked.appendEvents([event(1), event(2)]))
      )._unsafeUnwrap();
      expect(await readFile(log, 'utf8')).toBe(
        `${valid}\n${serializeEvent(event(1))}\n${serializeEvent(event(2))}\n`,
      );
    }
  });

  it('creates the log on the first append and never leaves the lock behind', async () => {
    const root = await project({ [SLUG]: { 'tasks/WP01.md': '# one\n' } });
    const store = createFsSpecStore({ root });
    (
      await store.withFeatureLock(SLUG, (locked) => locked.appendEvents([event(1)]))
    )._unsafeUnwrap();
    expect(await listEntries(featureDirectory(root))).toEqual([
      'status.events.jsonl',
      'tasks/',
      'tasks/WP01.md',
    ]);
  });
});

describe('queries', () => {
  it('create nothing, not even a directory or a lock', async () => {
    const root = await project({ [SLUG]: { 'tasks.md': '## WP01\n- [ ] a\n' } });
    const before = await listEntries(join(root, 'kitty-specs'));
    const store = createFsSpecStore({ root });
    await store.loadFeature(SLUG);
    await store.readEvents(SLUG);
    await store.subtaskStatus(SLUG, 'WP01');
    await store.loadFeature('002-missing');
    await store.readEvents('002-missing');
    expect(await listEntries(join(root, 'kitty-specs'))).toEqual(before);
  });
});

describe('writes', () => {
  it('keep invalid UTF-8 bytes and the file mode when appending to the activity log', async () => {
    const root = await project({ [SLUG]: {} });
    const file = join(featureDirectory(root), 'tasks', 'WP01.md');
    await mkdir(join(featureDirectory(root), 'tasks'));
    const before = Buffer.concat([
      Buffer.from('---\nwork_package_id: WP01\n---\n# WP01 \xff\n\n', 'latin1'),
      Buffer.from('## Activity Log\n\n- old ünïcode\n'),
    ]);
    await writeFile(file, before);
    await chmod(file, 0o640);
    const store = createFsSpecStore({ root });
    const path = await store.withFeatureLock(SLUG, (locked) =>
      locked.appendActivity('WP01', '- new 🐱'),
    );
    expect(path._unsafeUnwrap()).toBe(file);
    expect(await readFile(file)).toEqual(Buffer.concat([before, Buffer.from('- new 🐱\n')]));
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('leave no temp files behind', async () => {
    const root = await project({ [SLUG]: { 'tasks/WP01.md': '# one\n' } });
    const store = createFsSpecStore({ root });
    (
      await store.withFeatureLock(SLUG, (locked) =>
        locked
          .writeSnapshot(materializeSnapshot(SLUG, [], ['WP01']))
          .andThen(() => locked.updateMeta({ accepted_by: 'claude' }))
          .andThen(() => locked.appendActivity('WP01', '- x')),
      )
    )._unsafeUnwrap();
    expect(await listEntries(featureDirectory(root))).toEqual([
      'meta.json',
      'status.json',
      'tasks/',
      'tasks/WP01.md',
    ]);
  });

  it('updateMeta refuses to replace a meta.json that became invalid under the lock', async () => {
    const root = await project({ [SLUG]: { 'meta.json': '{"a": 1}\n' } });
    const store = createFsSpecStore({ root });
    const metaPath = join(featureDirectory(root), 'meta.json');
    const result = await store.withFeatureLock(SLUG, (locked) =>
      ResultAsync.fromSafePromise(writeFile(metaPath, '{broken')).andThen(() =>
        locked.updateMeta({ b: 2 }),
      ),
    );
    expect(result._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
    expect(await readFile(metaPath, 'utf8')).toBe('{broken');
  });
});

describe('the feature lock', () => {
  it.skipIf(!hasGit())('lives in the feature directory where git never shows it', async () => {
    const root = await project({ [SLUG]: { 'tasks/WP01.md': '# one\n' } });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const seen = await createFsSpecStore({ root }).withFeatureLock(SLUG, () =>
      okAsync({
        isDirectory: execFileSync('test -d .kittyhost.lock && echo yes', {
          cwd: featureDirectory(root),
          shell: '/bin/sh',
          encoding: 'utf8',
        }).trim(),
        status: execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
          cwd: root,
          encoding: 'utf8',
        }),
      }),
    );
    expect(seen._unsafeUnwrap()).toEqual({
      isDirectory: 'yes',
      status: `?? kitty-specs/${SLUG}/tasks/WP01.md\n`,
    });
  });

  it('times out with INTERNAL_ERROR while another holder keeps it', async () => {
    const root = await project({ [SLUG]: {} });
    const holder = createFsSpecStore({ root });
    let releaseHolder!: () => void;
    const held = new Promise<void>((resolve) => {
      releaseHolder = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holding = holder.withFeatureLock(SLUG, () => {
      entered();
      return ResultAsync.fromSafePromise(held);
    });
    await inside;
    const started = Date.now();
    const waiting = await createFsSpecStore({ root, lockTimeoutMs: 300 }).withFeatureLock(
      SLUG,
      () => okAsync('never'),
    );
    expect(waiting._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
    expect(waiting._unsafeUnwrapErr().message).toContain('waiting for the feature lock of 001-x');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2_000);
    releaseHolder();
    expect((await holding).isOk()).toBe(true);
    expect((await holder.withFeatureLock(SLUG, () => okAsync('after')))._unsafeUnwrap()).toBe(
      'after',
    );
  });

  it('survives losing the lock while held: later writes are refused, the process keeps running', async () => {
    const root = await project({ [SLUG]: { 'tasks/WP01.md': '# one\n' } });
    const store = createFsSpecStore({ root, staleLockMs: 2_000 });
    const lockPath = join(featureDirectory(root), '.kittyhost.lock');
    const result = await store.withFeatureLock(SLUG, (locked) =>
      ResultAsync.fromSafePromise(
        (async () => {
          await rm(lockPath, { recursive: true });
          await new Promise((resolve) => setTimeout(resolve, 1_300)); // past one heartbeat (stale / 2)
        })(),
      ).andThen(() => locked.appendEvents([event(1)])),
    );
    expect(result._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
    expect(result._unsafeUnwrapErr().message).toContain('lost');
    expect(await listEntries(featureDirectory(root))).toEqual(['tasks/', 'tasks/WP01.md']);
    expect((await store.withFeatureLock(SLUG, () => okAsync(1)))._unsafeUnwrap()).toBe(1);
  });
});
