// CLI processes and the server mutating one feature at the same time: the adapters' cross-process
// locks make them take turns, so nothing is lost, nothing interleaves, and the snapshot agrees.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FEATURE,
  POLICY,
  cli,
  eventLines,
  http,
  independentWorkPackages,
  sampleProject,
  serve,
} from './harness.js';

describe('concurrent CLI and HTTP mutations on one feature', () => {
  it('lose no event: 12 WPs started and then blocked half by CLI processes, half over HTTP, all at once', async () => {
    const workPackages = independentWorkPackages(12);
    const { root, featureDir } = sampleProject({ workPackages });
    const server = await serve(root);
    try {
      const mutate = (index: number, subcommand: string, input: Record<string, unknown>) =>
        index % 2 === 0
          ? cli(root, subcommand, input).then((result) => result.envelope)
          : http(server.url, subcommand, input).then((result) => result.envelope);

      const started = await Promise.all(
        workPackages.map(({ id }, index) =>
          mutate(index, 'start-implementation', {
            feature: FEATURE,
            wp: id,
            actor: `agent-${id}`,
            policy: POLICY,
          }),
        ),
      );
      expect(started.map((envelope) => envelope.error_code)).toEqual(Array(12).fill(null));
      const blocked = await Promise.all(
        workPackages.map(({ id }, index) =>
          mutate(index + 1, 'transition', {
            feature: FEATURE,
            wp: id,
            to: 'blocked',
            actor: 'lead',
            note: `pause ${id}`,
          }),
        ),
      );
      expect(blocked.map((envelope) => envelope.error_code)).toEqual(Array(12).fill(null));

      const text = readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const events = eventLines(featureDir);
      expect(events).toHaveLength(36);
      expect(new Set(events.map((event) => event.event_id)).size).toBe(36);
      for (const { id } of workPackages) {
        expect(events.filter((event) => event.wp_id === id).map((event) => event.to_lane)).toEqual([
          'claimed',
          'in_progress',
          'blocked',
        ]);
      }
      const snapshot = JSON.parse(readFileSync(join(featureDir, 'status.json'), 'utf8'));
      expect(snapshot.event_count).toBe(36);
      expect(snapshot.summary).toMatchObject({ blocked: 12, in_progress: 0 });
      const state = await http(server.url, 'feature-state', { feature: FEATURE });
      expect(state.envelope.data['summary']).toEqual(snapshot.summary);
      for (const wp of state.envelope.data['work_packages'] as { wp_id: string; lane: string }[]) {
        expect(wp.lane).toBe(snapshot.work_packages[wp.wp_id].lane);
      }
    } finally {
      await server.close();
    }
  });

  it('gives a contested WP to exactly one of 3 CLI and 3 HTTP actors claiming it at once', async () => {
    const { root, featureDir } = sampleProject({ workPackages: independentWorkPackages(1) });
    const server = await serve(root);
    try {
      const input = (actor: string) => ({ feature: FEATURE, wp: 'WP01', actor, policy: POLICY });
      const results = await Promise.all([
        ...[0, 1, 2].map((index) =>
          cli(root, 'start-implementation', input(`cli-${index}`)).then(
            (result) => result.envelope,
          ),
        ),
        ...[0, 1, 2].map((index) =>
          http(server.url, 'start-implementation', input(`http-${index}`)).then(
            (result) => result.envelope,
          ),
        ),
      ]);
      const winners = results.filter((envelope) => envelope.success);
      expect(winners).toHaveLength(1);
      const claims = eventLines(featureDir).filter((event) => event.to_lane === 'claimed');
      expect(claims).toHaveLength(1);
      for (const loser of results.filter((envelope) => !envelope.success)) {
        expect(loser.error_code).toBe('WP_ALREADY_CLAIMED');
        expect(loser.data['claimed_by']).toBe(claims[0]?.actor);
      }
    } finally {
      await server.close();
    }
  });
});
