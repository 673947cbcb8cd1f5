// Real parallel processes: no lost events, no torn lines, no double claims.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE, POLICY, argv, call, eventLines, runAsync, sampleProject } from './harness.js';

const MANY = Array.from({ length: 10 }, (_, index) => ({
  id: `WP${String(index + 1).padStart(2, '0')}`,
  slug: 'task',
  title: `Task ${index + 1}`,
  dependencies: [],
}));

describe('concurrent providers', () => {
  it('gives a WP to exactly one of 8 actors claiming it at once, for 10 WPs', async () => {
    const { root } = sampleProject({ workPackages: MANY });
    for (const { id } of MANY) {
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, actor) =>
          runAsync(
            root,
            argv('start-implementation', {
              feature: FEATURE,
              wp: id,
              actor: `agent-${actor}`,
              policy: POLICY,
            }),
          ),
        ),
      );
      const winners = runs.filter((result) => result.envelope.success);
      expect(winners, id).toHaveLength(1);
      const claims = eventLines(root).filter(
        (event) => event.wp_id === id && event.to_lane === 'claimed',
      );
      expect(claims, id).toHaveLength(1);
      for (const loser of runs.filter((result) => !result.envelope.success)) {
        expect(loser.envelope.error_code).toBe('WP_ALREADY_CLAIMED');
        expect(loser.envelope.data['claimed_by']).toBe(claims[0]?.actor);
      }
    }
    const state = call(root, 'feature-state', { feature: FEATURE });
    expect(state.data['summary']).toMatchObject({ in_progress: 10 });
  });

  it('loses no event when 12 processes start different WPs at once, and the snapshot agrees', async () => {
    const workPackages = Array.from({ length: 12 }, (_, index) => ({
      id: `WP${index + 1}`,
      slug: 'w',
      title: `W${index + 1}`,
      dependencies: [],
    }));
    const { root, featureDir } = sampleProject({ workPackages });
    const runs = await Promise.all(
      workPackages.map(({ id }) =>
        runAsync(
          root,
          argv('start-implementation', {
            feature: FEATURE,
            wp: id,
            actor: `agent-${id}`,
            policy: POLICY,
          }),
        ),
      ),
    );
    expect(runs.every((result) => result.envelope.success)).toBe(true);
    const text = readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const events = eventLines(root);
    expect(events).toHaveLength(24);
    expect(new Set(events.map((event) => event.event_id)).size).toBe(24);
    const snapshot = JSON.parse(readFileSync(join(featureDir, 'status.json'), 'utf8'));
    expect(snapshot.event_count).toBe(24);
    expect(snapshot.summary.in_progress).toBe(12);
    for (const { id } of workPackages) expect(snapshot.work_packages[id].lane).toBe('in_progress');
  });

  it('keeps every entry when processes append history to two WPs at once', async () => {
    const { root, featureDir } = sampleProject();
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        runAsync(
          root,
          argv('append-history', {
            feature: FEATURE,
            wp: index % 2 === 0 ? 'WP01' : 'WP02',
            actor: `agent-${index}`,
            note: `entry ${index}`,
          }),
        ),
      ),
    );
    expect(runs.map((result) => result.envelope.error_code)).toEqual(Array(12).fill(null));
    const text =
      readFileSync(join(featureDir, 'tasks', 'WP01-setup.md'), 'utf8') +
      readFileSync(join(featureDir, 'tasks', 'WP02-storage.md'), 'utf8');
    for (let index = 0; index < 12; index++)
      expect(text).toContain(`agent-${index}: entry ${index}`);
  });
});
