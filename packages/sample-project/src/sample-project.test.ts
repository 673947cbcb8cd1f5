import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_FEATURE, createSampleProject, git } from './sample-project.mjs';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'kittyhost-sample-'));

describe('createSampleProject', () => {
  it('makes a real git repository on main, clean, with the feature and its six WP files committed', () => {
    const { root, feature, featureDir } = createSampleProject(fresh());
    expect(feature).toBe(SAMPLE_FEATURE);
    // The git CLI itself, not our helper, says it is a repository with one commit on main.
    const gitCli = (...args: string[]) =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    expect(gitCli('rev-parse', '--is-inside-work-tree')).toBe('true');
    expect(gitCli('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(gitCli('rev-list', '--count', 'HEAD')).toBe('1');
    expect(gitCli('status', '--porcelain')).toBe('');
    expect(readdirSync(join(featureDir, 'tasks')).sort()).toEqual([
      'WP01-setup.md',
      'WP02-storage.md',
      'WP03-api.md',
      'WP04-integration.md',
      'WP05-docs.md',
      'WP06-release.md',
    ]);
    expect(gitCli('ls-files', `kitty-specs/${SAMPLE_FEATURE}/tasks`).split('\n')).toHaveLength(6);
    const wp04 = readFileSync(join(featureDir, 'tasks', 'WP04-integration.md'), 'utf8');
    expect(wp04).toMatch(/^---\nwork_package_id: WP04\n/);
    expect(wp04).toContain('dependencies: \n  - WP02\n  - WP03\n');
    expect(JSON.parse(readFileSync(join(featureDir, 'meta.json'), 'utf8'))).toEqual({
      feature_slug: SAMPLE_FEATURE,
      target_branch: 'main',
      mission: 'software-dev',
    });
    expect(readFileSync(join(featureDir, 'tasks.md'), 'utf8')).toContain('- [x] T041 Do the work');
  });

  it('takes other WPs, another feature slug and unchecked subtasks', () => {
    const { root, featureDir, workPackages } = createSampleProject(fresh(), {
      feature: '002-other',
      workPackages: [{ id: 'WP01', title: 'Only', dependencies: [] }],
      checkedSubtasks: false,
    });
    expect(featureDir).toBe(join(root, 'kitty-specs', '002-other'));
    expect(workPackages).toHaveLength(1);
    expect(readdirSync(join(featureDir, 'tasks'))).toEqual(['WP01-work.md']);
    expect(readFileSync(join(featureDir, 'tasks.md'), 'utf8')).toContain('- [ ] T011 Do the work');
    expect(git(root, 'log', '--format=%s')).toBe('plan: 002-other');
  });
});
