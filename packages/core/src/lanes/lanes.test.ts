import { describe, expect, it } from 'vitest';
import { dependencyLanes, laneOfWorkPackage, parseLanesManifest } from './lanes-manifest.js';
import {
  coordinationBranchOf,
  coordinationWorktreeName,
  hiddenStatusPaths,
  laneBranchName,
  laneWorktreeName,
  missionMid8,
} from './mission-names.js';

/** lanes.json exactly as spec-kitty 3.2.6rc3's finalize-tasks wrote it for the coord-3wp fixture. */
const FIXTURE = {
  version: 1,
  mission_slug: 'coord-3wp-01M8RCK1',
  mission_id: '01M8RCK176SECR64016WF4N3AM',
  mission_branch: 'kitty/mission-coord-3wp-01M8RCK1',
  target_branch: 'feat/coord-3wp',
  lanes: [
    {
      lane_id: 'lane-a',
      wp_ids: ['WP01'],
      write_scope: ['src/demo/greet.py'],
      predicted_surfaces: [],
      depends_on_lanes: [],
      parallel_group: 0,
    },
    {
      lane_id: 'lane-c',
      wp_ids: ['WP03'],
      write_scope: ['docs/demo.md'],
      predicted_surfaces: [],
      depends_on_lanes: [],
      parallel_group: 0,
    },
    {
      lane_id: 'lane-b',
      wp_ids: ['WP02'],
      write_scope: [],
      predicted_surfaces: [],
      depends_on_lanes: ['lane-a', 'lane-c'],
      parallel_group: 1,
    },
  ],
  computed_at: '2026-12-01T08:48:32.060556+00:00',
  computed_from: 'dependency_graph+ownership',
  planning_artifact_wps: [],
  planning_commit_sha: '970a241ed1e3a5ee19537e5fc965e24341423aa0',
};

describe('parseLanesManifest', () => {
  it("reads spec-kitty 3.2's lanes.json", () => {
    const manifest = parseLanesManifest(JSON.stringify(FIXTURE))._unsafeUnwrap();
    expect(manifest).toMatchObject({
      missionSlug: 'coord-3wp-01M8RCK1',
      missionBranch: 'kitty/mission-coord-3wp-01M8RCK1',
      targetBranch: 'feat/coord-3wp',
      planningCommit: '970a241ed1e3a5ee19537e5fc965e24341423aa0',
    });
    expect(laneOfWorkPackage(manifest, 'WP02')?.laneId).toBe('lane-b');
    expect(laneOfWorkPackage(manifest, 'WP09')).toBeUndefined();
    const laneB = laneOfWorkPackage(manifest, 'WP02');
    expect(dependencyLanes(manifest, laneB!).map((lane) => lane.laneId)).toEqual([
      'lane-a',
      'lane-c',
    ]);
  });

  it('orders dependency lanes by (parallel_group, lane_id)', () => {
    const lanes = [
      {
        lane_id: 'lane-d',
        wp_ids: [],
        depends_on_lanes: ['lane-c', 'lane-b', 'lane-a'],
        parallel_group: 2,
      },
      { lane_id: 'lane-c', wp_ids: [], parallel_group: 0 },
      { lane_id: 'lane-b', wp_ids: [], parallel_group: 1 },
      { lane_id: 'lane-a', wp_ids: [], parallel_group: 1 },
    ];
    const manifest = parseLanesManifest(JSON.stringify({ ...FIXTURE, lanes }))._unsafeUnwrap();
    expect(dependencyLanes(manifest, manifest.lanes[0]!).map((lane) => lane.laneId)).toEqual([
      'lane-c',
      'lane-a',
      'lane-b',
    ]);
  });

  it('names the problem of a file that is no lanes manifest, never "no lanes"', () => {
    const { computed_at: _computed, ...noComputedAt } = FIXTURE;
    const cases: [unknown, string][] = [
      ['{"version": 1', 'not valid JSON'],
      [[], 'must hold a JSON object'],
      [{ ...FIXTURE, version: '1' }, 'version must be an integer'],
      [noComputedAt, 'computed_at must be a non-empty string'],
      [{ ...FIXTURE, lanes: {} }, 'lanes must be a list'],
      [{ ...FIXTURE, lanes: [{ wp_ids: [] }] }, 'lanes[0].lane_id'],
      [{ ...FIXTURE, lanes: [{ lane_id: 'lane-a', wp_ids: 'WP01' }] }, 'lanes[0].wp_ids'],
      [
        { ...FIXTURE, lanes: [{ lane_id: 'lane-a', wp_ids: [], depends_on_lanes: ['lane-x'] }] },
        'unknown lane lane-x',
      ],
      [
        {
          ...FIXTURE,
          lanes: [
            { lane_id: 'lane-a', wp_ids: ['WP01'] },
            { lane_id: 'lane-b', wp_ids: ['WP01'] },
          ],
        },
        'WP01 is in both',
      ],
    ];
    for (const [value, problem] of cases) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      expect(parseLanesManifest(text)._unsafeUnwrapErr()).toContain(problem);
    }
  });

  it('ignores a planning commit that is no commit id', () => {
    const manifest = parseLanesManifest(
      JSON.stringify({ ...FIXTURE, planning_commit_sha: 'HEAD~1' }),
    );
    expect(manifest._unsafeUnwrap().planningCommit).toBeNull();
  });
});

describe('mission names', () => {
  it('builds lane, coordination and worktree names from the canonical slug', () => {
    expect(laneBranchName('coord-3wp-01M8RCK1', 'lane-a')).toBe(
      'kitty/mission-coord-3wp-01M8RCK1-lane-a',
    );
    expect(laneBranchName('083-demo-01M8RB29', 'lane-b')).toBe(
      'kitty/mission-demo-01M8RB29-lane-b',
    );
    expect(laneBranchName('057-demo', 'lane-a')).toBe('kitty/mission-057-demo-lane-a');
    expect(laneWorktreeName('coord-3wp-01M8RCK1', 'lane-c')).toBe('coord-3wp-01M8RCK1-lane-c');
    expect(coordinationWorktreeName('coord-3wp-01M8RCK1', '01M8RCK1')).toBe(
      'coord-3wp-01M8RCK1-coord',
    );
    expect(coordinationWorktreeName('057-demo', '01M8RB29')).toBe('057-demo-01M8RB29-coord');
    expect(hiddenStatusPaths('x-01M8RB29')).toEqual([
      'kitty-specs/x-01M8RB29/status.events.jsonl',
      'kitty-specs/x-01M8RB29/status.json',
    ]);
  });

  it('takes the mid8 from mission_id, else the slug, and the coordination branch only for coord topologies', () => {
    expect(missionMid8('a-01M8RCK1', { mission_id: '01M8RB29AAAAAAAAAAAAAAAAAA' })).toBe(
      '01M8RB29',
    );
    expect(missionMid8('a-01M8RCK1', { mission_id: '../../etc' })).toBe('01M8RCK1');
    expect(missionMid8('001-a', {})).toBeNull();
    expect(
      coordinationBranchOf({ topology: 'coord', coordination_branch: 'kitty/mission-a' }),
    ).toBe('kitty/mission-a');
    expect(coordinationBranchOf({ topology: 'lanes_with_coord', coordination_branch: 'b' })).toBe(
      'b',
    );
    expect(
      coordinationBranchOf({ topology: 'single_branch', coordination_branch: 'b' }),
    ).toBeNull();
    expect(coordinationBranchOf({ topology: 'coord', coordination_branch: '' })).toBeNull();
  });
});
