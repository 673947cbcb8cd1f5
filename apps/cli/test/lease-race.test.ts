// Eight providers race to take over one expired claim, twenty times: exactly one wins each.
import { describe, expect, it } from 'vitest';
import { FEATURE, POLICY, eventLines, runAsync } from './harness.js';
import { MISSION, api, leasedProject, untilExpired } from './lease-harness.js';

describe('a takeover race', () => {
  it(
    'lets exactly one of 8 processes take over one expired claim, 20 times',
    { timeout: 120_000 },
    async () => {
      const workPackages = Array.from({ length: 20 }, (_, index) => ({
        id: `WP${String(index + 1).padStart(2, '0')}`,
        slug: 'w',
        title: `W${index + 1}`,
        dependencies: [],
      }));
      // Each winner's lease must outlive its seven rivals' calls, which wait on the feature lock.
      const { root } = leasedProject({ workPackages }, '8s');
      for (const { id } of workPackages)
        expect(
          (
            await api(root, 'start-implementation', {
              feature: FEATURE,
              wp: id,
              actor: 'dead',
              policy: POLICY,
            })
          ).success,
        ).toBe(true);
      await untilExpired(
        root,
        workPackages.map(({ id }) => id),
      );
      for (const { id } of workPackages) {
        const runs = await Promise.all(
          Array.from({ length: 8 }, (_, actor) =>
            runAsync(root, [
              'orchestrator-api',
              'start-implementation',
              '--mission',
              MISSION,
              '--wp',
              id,
              '--actor',
              `agent-${actor}`,
              '--policy',
              POLICY,
            ]),
          ),
        );
        const winners = runs.filter((result) => result.envelope.success);
        expect(winners, id).toHaveLength(1);
        expect(winners[0]?.envelope.data['taken_over_from']).toBe('dead');
        for (const loser of runs.filter((result) => !result.envelope.success))
          expect(loser.envelope.error_code, id).toBe('WP_ALREADY_CLAIMED');
        const releases = eventLines(root).filter(
          (line) => line.wp_id === id && line.to_lane === 'planned',
        );
        expect(releases, id).toHaveLength(1);
      }
    },
  );
});
