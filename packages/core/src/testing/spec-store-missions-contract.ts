import { describe, expect, it } from 'vitest';
import { serializeLogEntry, type StatusEvent } from '../events/status-event.js';
import type { SpecStore } from '../ports/spec-store.js';
import type { ProjectSeed } from './memory-spec-store.js';

const ALPHA = 'alpha-01M8RB29';
const ALPHA_ID = '01M8RB29ABCDEFGHJKMNPQRSTV';

function laneEvent(n: number, slug: string): StatusEvent {
  return {
    event_id: `01M8RB29000000000000000${String(n).padStart(3, '0')}`,
    mission_slug: slug,
    wp_id: 'WP01',
    from_lane: 'planned',
    to_lane: n === 1 ? 'claimed' : 'in_progress',
    at: `2026-02-23T18:0${n}:00.000000+00:00`,
    actor: 'claude',
    force: false,
    execution_mode: 'worktree',
    reason: null,
    review_ref: null,
    evidence: null,
    policy_metadata: null,
  };
}

/** A mission-level row as the planning tools leave it in the primary dir (the husk). */
const HUSK_ROW =
  '{"aggregate_id": "alpha-01M8RB29", "aggregate_type": "Mission", "event_id": "01M8RB29000000000000000ZZZ", "event_type": "TasksCompleted", "payload": {}, "schema_version": "5.0.0", "timestamp": "2026-02-23T17:00:00.000000+00:00"}';

const LANES = {
  version: 1,
  mission_slug: ALPHA,
  mission_id: ALPHA_ID,
  mission_branch: `kitty/mission-${ALPHA}`,
  target_branch: 'main',
  lanes: [
    { lane_id: 'lane-a', wp_ids: ['WP01'], depends_on_lanes: [], parallel_group: 0 },
    { lane_id: 'lane-b', wp_ids: ['WP02'], depends_on_lanes: ['lane-a'], parallel_group: 1 },
  ],
  computed_at: '2026-02-23T17:00:00+00:00',
  computed_from: 'dependency_graph+ownership',
  planning_artifact_wps: [],
  planning_commit_sha: '970a241ed1e3a5ee19537e5fc965e24341423aa0',
};

const coordMeta = (id: string, slug: string) => ({
  mission_id: id,
  mission_slug: slug,
  topology: 'coord',
  coordination_branch: `kitty/mission-${slug}`,
});

/**
 * The contract 1.3 part of the `SpecStore` contract: mission selectors, `lanes.json`, and the
 * status surface of coordination missions (CONTRACT-1.3.md §1, §2, §6). Registered by
 * `describeSpecStoreContract`.
 */
export function describeMissionContract(
  seed: (project: ProjectSeed) => Promise<SpecStore>,
  files: (store: SpecStore, slug: string) => Promise<Record<string, string>>,
): void {
  describe('resolveMission', () => {
    const missions: ProjectSeed = {
      [ALPHA]: { meta: { mission_id: ALPHA_ID } },
      'beta-01M8RC00': { meta: { mission_id: '01M8RC00AAAAAAAAAAAAAAAAAA' } },
      'gamma-01M8RC00': { meta: { mission_id: '01M8RC00BBBBBBBBBBBBBBBBBB' } },
      'delta-01M8RD00': {},
      '001-legacy': {},
    };

    it('answers a directory name, a mission_id or its mid8 with the directory name', async () => {
      const store = await seed(missions);
      for (const selector of [ALPHA, ALPHA_ID, '01M8RB29', '01m8rb29', ALPHA_ID.toLowerCase()])
        expect((await store.resolveMission(selector))._unsafeUnwrap()).toBe(ALPHA);
      expect((await store.resolveMission('001-legacy'))._unsafeUnwrap()).toBe('001-legacy');
      // Without a mission_id, the slug's mid8 tail identifies the mission.
      expect((await store.resolveMission('01M8RD00'))._unsafeUnwrap()).toBe('delta-01M8RD00');
    });

    it('answers MISSION_AMBIGUOUS_SELECTOR with the candidates, FEATURE_NOT_FOUND for no match', async () => {
      const store = await seed(missions);
      expect((await store.resolveMission('01M8RC00'))._unsafeUnwrapErr()).toMatchObject({
        code: 'MISSION_AMBIGUOUS_SELECTOR',
        details: { selector: '01M8RC00', candidates: ['beta-01M8RC00', 'gamma-01M8RC00'] },
      });
      for (const selector of ['nope', '01M8RX99', '../alpha-01M8RB29', '', '01M8RB2'])
        expect((await store.resolveMission(selector))._unsafeUnwrapErr().code).toBe(
          'FEATURE_NOT_FOUND',
        );
    });
  });

  describe('readLanes', () => {
    it('reads lanes.json of the primary directory; none is null', async () => {
      const store = await seed({
        [ALPHA]: { files: { 'lanes.json': `${JSON.stringify(LANES, null, 2)}\n` } },
        'other-01M8RC00': {},
      });
      expect((await store.readLanes('other-01M8RC00'))._unsafeUnwrap()).toBeNull();
      const manifest = (await store.readLanes(ALPHA))._unsafeUnwrap();
      expect(manifest).toMatchObject({
        missionBranch: `kitty/mission-${ALPHA}`,
        targetBranch: 'main',
        planningCommit: LANES.planning_commit_sha,
      });
      expect(manifest?.lanes.map((lane) => [lane.laneId, lane.wpIds, lane.dependsOnLanes])).toEqual(
        [
          ['lane-a', ['WP01'], []],
          ['lane-b', ['WP02'], ['lane-a']],
        ],
      );
      expect((await store.readLanes('nope'))._unsafeUnwrapErr().code).toBe('FEATURE_NOT_FOUND');
    });

    it('answers SPEC_INVALID naming lanes.json when it does not read as lanes, never "no lanes"', async () => {
      const { computed_from: _dropped, ...incomplete } = LANES;
      for (const text of ['{"version": 1, "lanes": [', JSON.stringify(incomplete), '[]']) {
        const store = await seed({ [ALPHA]: { files: { 'lanes.json': text } } });
        const error = (await store.readLanes(ALPHA))._unsafeUnwrapErr();
        expect(error.code).toBe('SPEC_INVALID');
        expect(error.message).toContain('lanes.json');
      }
    });
  });

  describe('the status surface of a coordination mission', () => {
    const slash = (path: string) => path.replaceAll('\\', '/');

    it('reads and appends the log in the coordination worktree, never the primary husk', async () => {
      const store = await seed({
        [ALPHA]: {
          meta: coordMeta(ALPHA_ID, ALPHA),
          workPackages: [{ id: 'WP01' }],
          eventsText: `${HUSK_ROW}\n`,
          coordination: {
            worktree: 'present',
            files: { 'status.events.jsonl': `${serializeLogEntry(laneEvent(1, ALPHA))}\n` },
          },
        },
      });
      const feature = (await store.loadFeature(ALPHA))._unsafeUnwrap();
      expect(slash(feature.statusDirectory)).toBe(
        `${slash(store.root)}/.worktrees/${ALPHA}-coord/kitty-specs/${ALPHA}`,
      );
      expect(slash(feature.directory)).toBe(`${slash(store.root)}/kitty-specs/${ALPHA}`);
      expect((await store.readEvents(ALPHA))._unsafeUnwrap()).toEqual([laneEvent(1, ALPHA)]);
      const primary = await files(store, ALPHA);
      await store.withFeatureLock(ALPHA, (locked) => locked.appendEvents([laneEvent(2, ALPHA)]));
      expect((await store.readEvents(ALPHA))._unsafeUnwrap()).toEqual([
        laneEvent(1, ALPHA),
        laneEvent(2, ALPHA),
      ]);
      expect(await files(store, ALPHA)).toEqual(primary);
    });

    it('reads the primary directory while the coordination worktree has no mission dir', async () => {
      const store = await seed({
        [ALPHA]: {
          meta: coordMeta(ALPHA_ID, ALPHA),
          eventsText: `${HUSK_ROW}\n`,
          coordination: { worktree: 'present' },
        },
      });
      const feature = (await store.loadFeature(ALPHA))._unsafeUnwrap();
      expect(feature.statusDirectory).toBe(feature.directory);
      expect((await store.readEvents(ALPHA))._unsafeUnwrap()).toEqual([]);
    });

    it('reads a file of the status directory by its plain name', async () => {
      const store = await seed({
        [ALPHA]: {
          meta: coordMeta(ALPHA_ID, ALPHA),
          files: { 'workflow-evidence.md': 'primary\n' },
          coordination: {
            worktree: 'present',
            files: { 'workflow-evidence.md': 'run id: 12345\n' },
          },
        },
        'other-01M8RC00': { files: { 'workflow-evidence.md': 'here\n' } },
      });
      expect((await store.readStatusFile(ALPHA, 'workflow-evidence.md'))._unsafeUnwrap()).toBe(
        'run id: 12345\n',
      );
      expect(
        (await store.readStatusFile('other-01M8RC00', 'workflow-evidence.md'))._unsafeUnwrap(),
      ).toBe('here\n');
      expect((await store.readStatusFile(ALPHA, 'absent.md'))._unsafeUnwrap()).toBeNull();
      expect((await store.readStatusFile(ALPHA, '../meta.json'))._unsafeUnwrap()).toBeNull();
    });

    it('answers STATUS_READ_PATH_NOT_FOUND while the coordination worktree is missing', async () => {
      const store = await seed({
        [ALPHA]: { meta: coordMeta(ALPHA_ID, ALPHA), eventsText: `${HUSK_ROW}\n` },
      });
      const before = await files(store, ALPHA);
      for (const result of [
        await store.loadFeature(ALPHA),
        await store.readEvents(ALPHA),
        await store.withFeatureLock(ALPHA, (locked) => locked.appendEvents([laneEvent(1, ALPHA)])),
      ]) {
        const error = result._unsafeUnwrapErr();
        expect(error.code).toBe('STATUS_READ_PATH_NOT_FOUND');
        expect(error.details).toMatchObject({
          mission_slug: ALPHA,
          mid8: '01M8RB29',
          coordination_branch: `kitty/mission-${ALPHA}`,
        });
        const details = error.details as Record<string, string>;
        expect(slash(details['coordination_worktree'] as string)).toBe(
          `${slash(store.root)}/.worktrees/${ALPHA}-coord`,
        );
      }
      expect(await files(store, ALPHA)).toEqual(before);
    });
  });
}
