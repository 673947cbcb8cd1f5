// A mission planned by spec-kitty 3.2 (lanes.json, status on the coordination branch) served over
// HTTP while other processes change it: the cached reads watch the coordination worktree's status
// files, and the board shows each WP's lane worktree.
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLaneMission } from '@kittyhost/sample-project/lanes';
import { afterAll, describe, expect, it } from 'vitest';
import { POLICY, cli, http, serve } from './harness.js';

const base = mkdtempSync(join(tmpdir(), 'kittyhost-http-lanes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const laneOf = (data: Record<string, any>, wp: string): string =>
  (data['work_packages'] as Record<string, any>[]).find((row) => row['wp_id'] === wp)?.['lane'];

describe('a coordination mission over HTTP', () => {
  it('answers the next mission-state with what another host appended in the coordination worktree, then what a CLI process did', async () => {
    const mission = createLaneMission(join(base, 'cache'), {
      workPackages: [{ id: 'WP01' }, { id: 'WP02', dependencies: ['WP01'] }],
    });
    const server = await serve(mission.root);
    try {
      const read = async () => {
        const { status, envelope } = await http(server.url, 'mission-state', {
          mission: mission.slug,
        });
        expect(status, JSON.stringify(envelope)).toBe(200);
        return envelope.data as Record<string, any>;
      };
      // Past the cache's racy window (a file changed in the last 100 ms is never cached).
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(laneOf(await read(), 'WP01')).toBe('planned');
      expect(laneOf(await read(), 'WP01')).toBe('planned'); // now from the cache

      // As the original host (or another tool) writes: straight into the coordination worktree's
      // log, nothing in the primary feature directory touched.
      const log = join(
        mission.coordinationWorktree as string,
        'kitty-specs',
        mission.slug,
        'status.events.jsonl',
      );
      appendFileSync(
        log,
        `${JSON.stringify({
          actor: 'original-host',
          at: new Date().toISOString().replace('Z', '000+00:00'),
          event_id: '01M8RXRVYM6GAMTG3E47QPQ4RJ',
          evidence: null,
          execution_mode: 'worktree',
          force: false,
          from_lane: 'planned',
          mission_id: mission.missionId,
          mission_slug: mission.slug,
          policy_metadata: null,
          reason: null,
          review_ref: null,
          to_lane: 'claimed',
          wp_id: 'WP01',
        })}\n`,
      );
      expect(laneOf(await read(), 'WP01')).toBe('claimed');

      const started = await cli(mission.root, 'start-implementation', {
        mission: mission.slug,
        wp: 'WP01',
        actor: 'original-host',
        policy: POLICY,
      });
      expect(started.envelope.error_code, JSON.stringify(started.envelope)).toBeNull();
      expect(laneOf(await read(), 'WP01')).toBe('in_progress');

      // The board takes the mission selectors too: its mid8 names the same mission.
      const board = await http(server.url, 'feature-board', { mission: mission.mid8 });
      expect(board.status, JSON.stringify(board.envelope)).toBe(200);
      expect((board.envelope.data as Record<string, any>)['slug']).toBe(mission.slug);
      const card = (board.envelope.data as Record<string, any>)['work_packages'].find(
        (row: Record<string, any>) => row['wp_id'] === 'WP01',
      );
      expect(card['workspace']).toEqual({
        path: join(mission.root, '.worktrees', `${mission.slug}-lane-a`),
        branch: `kitty/mission-${mission.slug}-lane-a`,
        exists: true,
      });

      // At contract 1.0 the same mission's WPs work in their own workspaces: so says its board.
      const board10 = await http(server.url, 'feature-board', { feature: mission.slug });
      const card10 = (board10.envelope.data as Record<string, any>)['work_packages'].find(
        (row: Record<string, any>) => row['wp_id'] === 'WP01',
      );
      expect(card10['workspace']).toMatchObject({
        path: join(mission.root, '.worktrees', `${mission.slug}-WP01`),
        branch: `${mission.slug}-WP01`,
      });

      // The coordination worktree deleted: the 1.3 board re-creates it, as mission-state does.
      rmSync(mission.coordinationWorktree as string, { recursive: true, force: true });
      const restored = await http(server.url, 'feature-board', { mission: mission.slug });
      expect(restored.status, JSON.stringify(restored.envelope)).toBe(200);
      expect(laneOf(restored.envelope.data as Record<string, any>, 'WP01')).toBe('in_progress');
      expect(existsSync(log)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
