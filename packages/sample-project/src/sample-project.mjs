// @kittyhost/sample-project: creates a sample spec-kitty project, a git repository on branch main
// with one feature of six work packages (a chain, a diamond and an independent one). Used by the
// CLI demo, and by the tests and benchmarks of both apps. Needs the `git` CLI. Types and TSDoc:
// sample-project.d.mts next to this file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLE_FEATURE = '001-sample-feature';

export const SAMPLE_WORK_PACKAGES = [
  { id: 'WP01', slug: 'setup', title: 'Project setup', dependencies: [] },
  { id: 'WP02', slug: 'storage', title: 'Storage layer', dependencies: ['WP01'] },
  { id: 'WP03', slug: 'api', title: 'HTTP API', dependencies: ['WP01'] },
  {
    id: 'WP04',
    slug: 'integration',
    title: 'Integration of storage and API',
    dependencies: ['WP02', 'WP03'],
  },
  { id: 'WP05', slug: 'docs', title: 'Documentation', dependencies: [] },
  { id: 'WP06', slug: 'release', title: 'Release', dependencies: ['WP04', 'WP05'] },
];

export const SAMPLE_POLICY = {
  orchestrator_id: 'spec-kitty-orchestrator',
  orchestrator_version: '0.1.2',
  agent_family: 'claude',
  approval_mode: 'full_auto',
  sandbox_mode: 'workspace_write',
  network_mode: 'none',
  dangerous_flags: [],
};

export function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function workPackageFile({ id, title, dependencies }) {
  const deps =
    dependencies.length === 0
      ? '[]'
      : `\n${dependencies.map((dependency) => `  - ${dependency}`).join('\n')}`;
  return [
    '---',
    `work_package_id: ${id}`,
    `title: ${title}`,
    `dependencies: ${deps}`,
    'subtasks:',
    `  - T${id.slice(2)}1`,
    'lane: planned',
    '---',
    `# ${id}: ${title}`,
    '',
    `Implement ${title.toLowerCase()}.`,
    '',
    '## Activity Log',
    '',
    `- [2026-01-01T00:00:00Z] planner: ${id} created`,
    '',
  ].join('\n');
}

/**
 * Create the sample project in `root` (an empty or new directory) and commit it on `main`.
 * Options: `workPackages` (default: the six above), `feature` (slug), `checkedSubtasks` (default true).
 */
export function createSampleProject(root, options = {}) {
  const feature = options.feature ?? SAMPLE_FEATURE;
  const workPackages = options.workPackages ?? SAMPLE_WORK_PACKAGES;
  const box = options.checkedSubtasks === false ? '[ ]' : '[x]';
  const featureDir = join(root, 'kitty-specs', feature);
  mkdirSync(join(featureDir, 'tasks'), { recursive: true });
  writeFileSync(join(root, 'README.md'), '# Sample project\n');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src', 'app.txt'), 'base\n');
  writeFileSync(join(featureDir, 'spec.md'), `# Spec of ${feature}\n`);
  writeFileSync(join(featureDir, 'plan.md'), `# Plan of ${feature}\n`);
  writeFileSync(
    join(featureDir, 'tasks.md'),
    [
      `# Tasks of ${feature}`,
      '',
      ...workPackages.flatMap((wp) => [
        `## Work Package ${wp.id}: ${wp.title}`,
        '',
        `- ${box} T${wp.id.slice(2)}1 Do the work`,
        '',
      ]),
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(featureDir, 'meta.json'),
    `${JSON.stringify({ feature_slug: feature, target_branch: 'main', mission: 'software-dev' }, null, 2)}\n`,
  );
  for (const wp of workPackages) {
    writeFileSync(
      join(featureDir, 'tasks', `${wp.id}-${wp.slug ?? 'work'}.md`),
      workPackageFile(wp),
    );
  }
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.name', 'Sample Planner');
  git(root, 'config', 'user.email', 'planner@example.com');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', `plan: ${feature}`);
  return { root, feature, featureDir, workPackages };
}
