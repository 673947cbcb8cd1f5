import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COORD_3WP,
  createLaneMission,
  extractSpecKittyFixture,
  hasSpecKittyFixture,
} from './lane-mission.mjs';

const base = mkdtempSync(join(tmpdir(), 'kittyhost-lanes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const gitCli = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trimEnd();

describe('createLaneMission', () => {
  it('lays a mission out as the 3.2 tools leave it under coord topology', () => {
    const mission = createLaneMission(join(base, 'coord'), {
      workPackages: [
        { id: 'WP01' },
        { id: 'WP02', dependencies: ['WP01'] },
        { id: 'WP03', lane: 'lane-a' },
      ],
    });
    const { root, slug } = mission;
    expect(mission.lanes).toEqual({ 'lane-a': ['WP01', 'WP03'], 'lane-b': ['WP02'] });
    expect(gitCli(root, 'symbolic-ref', '--short', 'HEAD')).toBe('feat/lanes-demo');
    expect(gitCli(root, 'worktree', 'list', '--porcelain')).toContain(
      `branch refs/heads/kitty/mission-${slug}`,
    );
    // As the fixture's manifest records it: the husk and the coordination worktree untracked.
    expect(gitCli(root, 'status', '--porcelain').split('\n')).toEqual([
      '?? .worktrees/',
      `?? kitty-specs/${slug}/status.events.jsonl`,
      `?? kitty-specs/${slug}/status.json`,
    ]);
    expect(gitCli(mission.coordinationWorktree as string, 'status', '--porcelain')).toBe('');
    const lanes = JSON.parse(readFileSync(join(root, 'kitty-specs', slug, 'lanes.json'), 'utf8'));
    expect(lanes.planning_commit_sha).toBe(gitCli(root, 'rev-parse', 'HEAD~1'));
    expect(
      lanes.lanes.map((lane: { depends_on_lanes: string[] }) => lane.depends_on_lanes),
    ).toEqual([[], ['lane-a']]);
    const log = gitCli(
      root,
      'show',
      `kitty/mission-${slug}:kitty-specs/${slug}/status.events.jsonl`,
    );
    expect(log.split('\n').map((line) => JSON.parse(line).to_lane)).toEqual([
      'planned',
      'planned',
      'planned',
    ]);
  });

  it('keeps the status in the primary dir under lanes topology', () => {
    const mission = createLaneMission(join(base, 'lanes'), { topology: 'lanes' });
    expect(mission.coordinationBranch).toBeNull();
    expect(gitCli(mission.root, 'status', '--porcelain')).toBe('');
    expect(gitCli(mission.root, 'ls-files', `kitty-specs/${mission.slug}`)).toContain(
      'status.events.jsonl',
    );
  });
});

describe.skipIf(!hasSpecKittyFixture())('extractSpecKittyFixture', () => {
  it('unpacks the coord-3wp fixture with working worktree links', () => {
    const repo = extractSpecKittyFixture(join(base, 'fixture'));
    expect(gitCli(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(COORD_3WP.targetBranch);
    const coord = join(repo, '.worktrees', `${COORD_3WP.slug}-coord`);
    expect(gitCli(coord, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(COORD_3WP.coordinationBranch);
    expect(gitCli(coord, 'status', '--porcelain')).toBe('');
  });
});
