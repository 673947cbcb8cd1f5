// `orchestrator-api list-features` and `feature-board` through the built CLI on a real project.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE, api, freshSample, start } from './board-helpers.js';

describe('orchestrator-api list-features', () => {
  it('lists every feature, a broken one with its problem, in one envelope', () => {
    const { root } = freshSample();
    const broken = join(root, 'kitty-specs', '002-broken', 'tasks');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'WP01-x.md'), '---\nwork_package_id: WP07\n---\n# x\n');
    writeFileSync(join(root, 'kitty-specs', '002-broken', 'spec.md'), '# Broken feature\n');
    const { status, envelope } = api(root, 'list-features', { json: true });
    expect(status).toBe(0);
    expect(envelope).toMatchObject({
      contract_version: '1.3.0',
      command: 'orchestrator-api.list-features',
      success: true,
    });
    const features = envelope.data['features'] as Record<string, any>[];
    expect(
      features.map((feature) => [
        feature['slug'],
        feature['title'],
        feature['problem']?.code ?? null,
      ]),
    ).toEqual([
      [SAMPLE, `Spec of ${SAMPLE}`, null],
      ['002-broken', 'Broken feature', 'SPEC_INVALID'],
    ]);
    expect(features[0]).toMatchObject({
      wp_count: 6,
      lane_counts: { planned: 6 },
      target_branch: 'main',
    });
  });

  it('refuses a selector: list-features takes none', () => {
    const { root } = freshSample();
    const { status, envelope } = api(root, 'list-features', { feature: SAMPLE });
    expect(status).toBe(2);
    expect(envelope.error_code).toBe('USAGE_ERROR');
  });
});

describe('orchestrator-api feature-board', () => {
  it('shows lanes, holders, unmet dependencies and workspaces, the same with --feature and --mission', () => {
    const { root } = freshSample();
    start(root, 'WP01', 'claude-1');
    const byFeature = api(root, 'feature-board', { feature: SAMPLE });
    const byMission = api(root, 'feature-board', { mission: SAMPLE });
    expect(byFeature.status).toBe(0);
    expect(byFeature.envelope.contract_version).toBe('1.0.0');
    expect(byMission.envelope.contract_version).toBe('1.3.0');
    const cards = Object.fromEntries(
      (byFeature.envelope.data['work_packages'] as Record<string, any>[]).map((card) => [
        card['wp_id'],
        card,
      ]),
    );
    expect(cards['WP01']).toMatchObject({
      lane: 'in_progress',
      holder: 'claude-1',
      workspace: { path: join(root, '.worktrees', `${SAMPLE}-WP01`), exists: true },
      progress: { done: 1, total: 1, source: 'tasks-md' },
      activity: ['- [2026-01-01T00:00:00Z] planner: WP01 created'],
    });
    expect(cards['WP01']['history'].map((entry: any) => entry['to_lane'])).toEqual([
      'in_progress',
      'claimed',
    ]);
    expect(cards['WP02']).toMatchObject({
      lane: 'planned',
      unmet_dependencies: ['WP01'],
      workspace: { exists: false },
    });
    expect(cards['WP04']['unmet_dependencies']).toEqual(['WP02', 'WP03']);
    const {
      generated_at: _a,
      work_packages: featureCards,
      ...featureRest
    } = byFeature.envelope.data;
    const {
      generated_at: _b,
      work_packages: missionCards,
      ...missionRest
    } = byMission.envelope.data;
    expect(missionRest).toEqual(featureRest);
    const withoutAge = (list: Record<string, any>[]) =>
      list.map(({ age_seconds: _age, ...card }) => card);
    expect(withoutAge(missionCards)).toEqual(withoutAge(featureCards));
  });

  it('names an unknown feature as the call generation does', () => {
    const { root } = freshSample();
    const feature = api(root, 'feature-board', { feature: '404-missing' });
    expect([feature.status, feature.envelope.error_code]).toEqual([1, 'FEATURE_NOT_FOUND']);
    const mission = api(root, 'feature-board', { mission: '404-missing' });
    expect([mission.status, mission.envelope.error_code]).toEqual([1, 'MISSION_NOT_FOUND']);
  });
});
