// Replays exactly what the reference provider (spec-kitty-orchestrator 0.1.x) does, with --json
// appended to every call, on the six-WP sample feature with one review rejection.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FEATURE, POLICY, call, git, sampleProject } from './harness.js';

it('drives a whole feature like the reference provider and lands every WP on main', () => {
  const { root, featureDir } = sampleProject();
  expect(call(root, 'contract-version', { 'provider-version': '0.1.0' }).success).toBe(true);
  const cycles = new Map<string, number>();
  const order: string[] = [];
  for (let round = 0; round < 10; round++) {
    const ready: { wp_id: string }[] = call(root, 'list-ready', { feature: FEATURE }).data[
      'ready_work_packages'
    ];
    if (ready.length === 0) break;
    for (const { wp_id: wp } of ready) {
      const actor = `claude-${wp}`;
      const started = call(root, 'start-implementation', {
        feature: FEATURE,
        wp,
        actor,
        policy: POLICY,
      });
      expect(started.success, JSON.stringify(started)).toBe(true);
      const workspace: string = started.data['workspace_path'];
      expect(
        call(root, 'append-history', {
          feature: FEATURE,
          wp,
          actor,
          note: `Starting implementation with ${actor}`,
        }).success,
      ).toBe(true);
      for (;;) {
        writeFileSync(join(workspace, `${wp}.txt`), `work of ${wp} cycle ${cycles.get(wp) ?? 0}\n`);
        execFileSync('git', ['add', '-A'], { cwd: workspace });
        execFileSync(
          'git',
          [
            '-c',
            'user.name=Agent',
            '-c',
            'user.email=agent@example.com',
            'commit',
            '-qm',
            `feat: ${wp}`,
          ],
          { cwd: workspace },
        );
        expect(
          call(root, 'append-history', {
            feature: FEATURE,
            wp,
            actor,
            note: 'Implementation completed, moving to review',
          }).success,
        ).toBe(true);
        const toReview = call(root, 'transition', {
          feature: FEATURE,
          wp,
          to: 'for_review',
          actor,
          note: 'Implementation complete',
          policy: POLICY,
        });
        expect(toReview.success, JSON.stringify(toReview)).toBe(true);
        const cycle = (cycles.get(wp) ?? 0) + 1;
        cycles.set(wp, cycle);
        expect(
          call(root, 'append-history', {
            feature: FEATURE,
            wp,
            actor: 'reviewer',
            note: `Starting review cycle ${cycle}`,
          }).success,
        ).toBe(true);
        const hex = randomBytes(4).toString('hex');
        if (wp === 'WP03' && cycle === 1) {
          const rejected = call(root, 'start-review', {
            feature: FEATURE,
            wp,
            actor: 'reviewer',
            policy: POLICY,
            'review-ref': `feedback-${wp}-cycle${cycle}-${hex}`,
          });
          expect(rejected.data).toMatchObject({ from_lane: 'for_review', to_lane: 'in_progress' });
          continue; // rework
        }
        const approved = call(root, 'transition', {
          feature: FEATURE,
          wp,
          to: 'done',
          actor: 'reviewer',
          note: 'Review approved',
          policy: POLICY,
          'review-ref': `review-${wp}-cycle${cycle}-${hex}`,
        });
        expect(approved.success, JSON.stringify(approved)).toBe(true);
        order.push(wp);
        break;
      }
      const state = call(root, 'feature-state', { feature: FEATURE });
      expect(state.success).toBe(true);
    }
  }
  expect(order.sort()).toEqual(['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06']);
  expect(call(root, 'feature-state', { feature: FEATURE }).data['summary']).toMatchObject({
    done: 6,
    planned: 0,
  });
  const accepted = call(root, 'accept-feature', { feature: FEATURE, actor: 'orchestrator' });
  expect(accepted.success).toBe(true);
  const merged = call(root, 'merge-feature', { feature: FEATURE });
  expect(merged.success, JSON.stringify(merged)).toBe(true);
  for (const wp of ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06']) {
    expect(git(root, 'show', `main:${wp}.txt`)).toMatch(new RegExp(`^work of ${wp}`));
  }
  expect(git(root, 'show', 'main:WP03.txt')).toBe('work of WP03 cycle 1');
  const activity = readFileSync(join(featureDir, 'tasks', 'WP03-api.md'), 'utf8');
  expect(activity).toContain('reviewer: Starting review cycle 2');
  expect(git(root, 'fsck', '--strict')).toBe('');
});
