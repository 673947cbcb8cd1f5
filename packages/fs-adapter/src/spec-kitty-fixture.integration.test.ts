// The fs store over a mission exactly as spec-kitty 3.2.6rc3 left it (coordination topology):
// the status surface is the coordination worktree, the primary dir's husk log is never read.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isAnnotation,
  missionSnapshotOf,
  reduceEvents,
  serializeLogEntry,
  type AnnotationEvent,
  type StatusEvent,
} from '@kittyhost/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COORD_3WP, extractFixture, git, hasFixture } from '../test/spec-kitty-fixture.js';
import { temporaryDirectory } from '../test/project.js';
import { createFsSpecStore } from './create-fs-spec-store.js';

const { slug } = COORD_3WP;

describe.skipIf(!hasFixture(COORD_3WP))('the fs store over the coord-3wp fixture', () => {
  let base: string;
  let repo: string;
  let primary: string;
  let coordTop: string;
  let coord: string;
  beforeEach(async () => {
    base = await temporaryDirectory('kittyhost-fixture-');
    repo = extractFixture(base);
    primary = join(repo, 'kitty-specs', slug);
    coordTop = join(repo, '.worktrees', `${slug}-coord`);
    coord = join(coordTop, 'kitty-specs', slug);
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('lists the mission and reads its WP files, rosters and meta.json from the primary dir', async () => {
    const store = createFsSpecStore({ root: repo });
    expect((await store.listFeatures())._unsafeUnwrap()).toEqual([slug]);
    const feature = (await store.loadFeature(slug))._unsafeUnwrap();
    expect(feature.directory).toBe(primary);
    expect(feature.statusDirectory).toBe(coord);
    expect(
      feature.workPackages.map((wp) => [wp.id, wp.title, wp.dependencies, wp.subtasks]),
    ).toEqual([
      ['WP01', 'Greeting module', [], ['T001', 'T002']],
      ['WP02', 'Farewell module', ['WP01'], ['T003', 'T004']],
      ['WP03', 'Documentation', [], ['T005', 'T006']],
    ]);
    expect(feature.meta).toMatchObject({
      mission_id: COORD_3WP.missionId,
      topology: 'coord',
      coordination_branch: `kitty/mission-${slug}`,
    });
    expect((await store.subtaskStatus(slug, 'WP02'))._unsafeUnwrap()).toEqual({
      checked: 0,
      unchecked: 2,
      items: [
        { id: 'T003', checked: false },
        { id: 'T004', checked: false },
      ],
    });
  });

  it("reads the coordination log, never the husk's mission-level rows", async () => {
    const store = createFsSpecStore({ root: repo });
    const entries = (await store.readEvents(slug))._unsafeUnwrap() as readonly StatusEvent[];
    expect(entries.map((entry) => [entry.wp_id, entry.from_lane, entry.to_lane])).toEqual([
      ['WP01', 'genesis', 'planned'],
      ['WP02', 'genesis', 'planned'],
      ['WP03', 'genesis', 'planned'],
    ]);
    const locked = await store.withFeatureLock(slug, (feature) => feature.readEvents());
    expect(locked._unsafeUnwrap()).toEqual(entries);
  });

  it('rematerialises the coordination status.json byte-for-byte as the original wrote it', async () => {
    const store = createFsSpecStore({ root: repo });
    const before = await readFile(join(coord, 'status.json'), 'utf8');
    const written = await store.withFeatureLock(slug, (feature) =>
      feature.readEvents().andThen((entries) =>
        feature.writeSnapshot(
          missionSnapshotOf(
            { mission_slug: slug, mission_number: '', mission_type: '' },
            reduceEvents(
              entries,
              feature.feature.workPackages.map((wp) => wp.id),
            ),
          ),
        ),
      ),
    );
    expect(written.isOk()).toBe(true);
    expect(await readFile(join(coord, 'status.json'), 'utf8')).toBe(before);
    expect(git(coordTop, 'status', '--porcelain')).toBe('');
  });

  it('appends to the coordination log and leaves the primary dir alone', async () => {
    const store = createFsSpecStore({ root: repo });
    const husk = await readFile(join(primary, 'status.events.jsonl'), 'utf8');
    const log = await readFile(join(coord, 'status.events.jsonl'), 'utf8');
    const note: AnnotationEvent = {
      kind: 'annotation',
      event_id: '01M8S40000000000000000000A',
      wp_id: 'WP01',
      at: '2026-12-01T09:00:00.000000+00:00',
      actor: 'claude',
      delta: { subtasks: { T001: 'done' } },
    };
    await store.withFeatureLock(slug, (feature) => feature.appendEvents([note]));
    expect(await readFile(join(coord, 'status.events.jsonl'), 'utf8')).toBe(
      `${log}${serializeLogEntry(note)}\n`,
    );
    expect(await readFile(join(primary, 'status.events.jsonl'), 'utf8')).toBe(husk);
    const entries = (await store.readEvents(slug))._unsafeUnwrap();
    expect(entries.filter(isAnnotation)).toEqual([note]);
    expect(git(coordTop, 'status', '--porcelain')).toBe(
      ` M kitty-specs/${slug}/status.events.jsonl`,
    );
  });

  it("rewrites the primary meta.json in spec-kitty's own format (sortKeys): an empty patch changes no byte", async () => {
    const store = createFsSpecStore({ root: repo });
    const path = join(primary, 'meta.json');
    const before = await readFile(path, 'utf8');
    await store.withFeatureLock(slug, (feature) => feature.updateMeta({}, { sortKeys: true }));
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(git(repo, 'status', '--porcelain', '--', `kitty-specs/${slug}/meta.json`)).toBe('');
    await store.withFeatureLock(slug, (feature) =>
      feature.updateMeta({ accepted_by: 'Zoë', mission_number: undefined }, { sortKeys: true }),
    );
    const after = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(after).not.toHaveProperty('mission_number');
    expect(Object.keys(after)).toEqual(Object.keys(after).sort());
    expect(await readFile(path, 'utf8')).toContain('"accepted_by": "Zoë",\n');
  });

  it('reads the primary dir while the coordination worktree has no mission dir yet', async () => {
    await rm(join(coordTop, 'kitty-specs'), { recursive: true });
    const store = createFsSpecStore({ root: repo });
    expect((await store.loadFeature(slug))._unsafeUnwrap().statusDirectory).toBe(primary);
    expect((await store.readEvents(slug))._unsafeUnwrap()).toEqual([]); // husk rows only
  });

  it('never takes the husk for the status when the coordination worktree is gone', async () => {
    await rm(coordTop, { recursive: true });
    const store = createFsSpecStore({ root: repo });
    expect((await store.readEvents(slug))._unsafeUnwrapErr()).toMatchObject({
      code: 'STATUS_READ_PATH_NOT_FOUND',
      details: {
        mission_slug: slug,
        mid8: '01M8RCK1',
        coord_candidate: coord,
        primary_candidate: primary,
        coordination_branch: `kitty/mission-${slug}`,
        coordination_worktree: coordTop,
      },
    });
  });

  it('resolves the mission from its mission_id and mid8, and reads its lanes.json', async () => {
    const store = createFsSpecStore({ root: repo });
    for (const selector of [slug, COORD_3WP.missionId, '01M8RCK1'])
      expect((await store.resolveMission(selector))._unsafeUnwrap()).toBe(slug);
    const lanes = (await store.readLanes(slug))._unsafeUnwrap();
    expect(lanes?.lanes.map((lane) => [lane.laneId, lane.wpIds, lane.dependsOnLanes])).toEqual([
      ['lane-a', ['WP01'], []],
      ['lane-c', ['WP03'], []],
      ['lane-b', ['WP02'], ['lane-a']],
    ]);
    expect(lanes?.planningCommit).toBe('970a241ed1e3a5ee19537e5fc965e24341423aa0');
  });

  it('uses the primary dir for other topologies, even with a coordination worktree on disk', async () => {
    const path = join(primary, 'meta.json');
    const meta = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...meta, topology: 'single_branch' }));
    const store = createFsSpecStore({ root: repo });
    expect((await store.loadFeature(slug))._unsafeUnwrap().statusDirectory).toBe(primary);
    await writeFile(path, JSON.stringify({ ...meta, coordination_branch: null }));
    expect((await store.loadFeature(slug))._unsafeUnwrap().statusDirectory).toBe(primary);
  });
});
