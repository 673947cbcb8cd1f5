// Missions in the layout spec-kitty 3.2 leaves (CONTRACT-1.3.md §2, §6): the shared fixture
// repositories planned by the real tools (../shared/fixtures/spec-kitty-3.2), and missions built
// here with the same layout (coordination branch and worktree, lanes.json, seed events, the
// primary dir's husk log) for tests and benchmarks. Types and TSDoc: lane-mission.d.mts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from './sample-project.mjs';

export const SPEC_KITTY_FIXTURES = fileURLToPath(
  new URL('../../../../shared/fixtures/spec-kitty-3.2/', import.meta.url),
);

export const COORD_3WP = {
  tarball: join(SPEC_KITTY_FIXTURES, 'coord-3wp.tar.gz'),
  manifest: join(SPEC_KITTY_FIXTURES, 'coord-3wp.json'),
  slug: 'coord-3wp-01M8RCK1',
  missionId: '01M8RCK176SECR64016WF4N3AM',
  mid8: '01M8RCK1',
  targetBranch: 'feat/coord-3wp',
  coordinationBranch: 'kitty/mission-coord-3wp-01M8RCK1',
};

export function hasSpecKittyFixture(fixture = COORD_3WP) {
  return existsSync(fixture.tarball) && existsSync(join(SPEC_KITTY_FIXTURES, 'extract.sh'));
}

export function extractSpecKittyFixture(destination, fixture = COORD_3WP) {
  return execFileSync(
    'sh',
    [join(SPEC_KITTY_FIXTURES, 'extract.sh'), fixture.tarball, destination],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  ).trim();
}

/** Python's json.dumps(value, indent=2, sort_keys=True) for the plain values written here. */
function sortedJson(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${sortedJson(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${keys.map((key) => `${inner}${JSON.stringify(key)}: ${sortedJson(value[key], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id: `prefix` then `n` in Crockford base32, 26 characters in all. */
function ulid(prefix, n) {
  let value = n;
  let tail = '';
  for (let index = prefix.length; index < 26; index++) {
    tail = CROCKFORD[value % 32] + tail;
    value = Math.floor(value / 32);
  }
  return `${prefix}${tail}`;
}

/** One lane per WP, unless a WP names its `lane`; depends_on_lanes and parallel groups as computed by finalize-tasks. */
function computeLanes(workPackages) {
  const laneOf = new Map(
    workPackages.map((wp, index) => [wp.id, wp.lane ?? `lane-${String.fromCharCode(97 + index)}`]),
  );
  const lanes = new Map();
  for (const wp of workPackages) {
    const id = laneOf.get(wp.id);
    const lane = lanes.get(id) ?? {
      lane_id: id,
      wp_ids: [],
      write_scope: [],
      predicted_surfaces: [],
      depends_on_lanes: [],
    };
    lane.wp_ids.push(wp.id);
    lane.write_scope.push(...(wp.files ?? [`src/${wp.id.toLowerCase()}.txt`]));
    for (const dependency of wp.dependencies ?? []) {
      const other = laneOf.get(dependency);
      if (other !== undefined && other !== id && !lane.depends_on_lanes.includes(other))
        lane.depends_on_lanes.push(other);
    }
    lanes.set(id, lane);
  }
  const group = (id, seen = new Set()) => {
    const lane = lanes.get(id);
    if (seen.has(id) || lane.depends_on_lanes.length === 0) return 0;
    return (
      1 + Math.max(...lane.depends_on_lanes.map((other) => group(other, new Set([...seen, id]))))
    );
  };
  return [...lanes.values()]
    .map((lane) => ({
      ...lane,
      depends_on_lanes: lane.depends_on_lanes.sort(),
      parallel_group: group(lane.lane_id),
    }))
    .sort((a, b) => a.parallel_group - b.parallel_group || (a.lane_id < b.lane_id ? -1 : 1));
}

function wpFile(wp, target) {
  const list = (items) =>
    items.length === 0 ? ' []' : `\n${items.map((item) => `- ${item}`).join('\n')}`;
  return [
    '---',
    `work_package_id: ${wp.id}`,
    `title: ${wp.title ?? `Work package ${wp.id}`}`,
    `dependencies:${list(wp.dependencies ?? [])}`,
    `planning_base_branch: ${target}`,
    `merge_target_branch: ${target}`,
    `subtasks:${list(wp.subtasks)}`,
    'execution_mode: code_change',
    `owned_files:${list(wp.files ?? [`src/${wp.id.toLowerCase()}.txt`])}`,
    '---',
    '',
    `# Work Package Prompt: ${wp.id} – ${wp.title ?? `Work package ${wp.id}`}`,
    '',
    '## Subtasks',
    '',
    ...wp.subtasks.map((id) => `- [ ] ${id} Do part of ${wp.id}`),
    '',
  ].join('\n');
}

function snapshot(slug, events) {
  const summary = Object.fromEntries(
    [
      'approved',
      'blocked',
      'canceled',
      'claimed',
      'done',
      'for_review',
      'in_progress',
      'in_review',
      'planned',
    ].map((lane) => [lane, 0]),
  );
  summary.planned = events.length;
  const last = events.at(-1);
  return `${sortedJson({
    event_count: events.length,
    last_event_id: last?.event_id ?? null,
    materialized_at: last?.at ?? '',
    mission_number: '',
    mission_slug: slug,
    mission_type: '',
    summary,
    work_packages: Object.fromEntries(
      events.map((event) => [
        event.wp_id,
        {
          actor: event.actor,
          force_count: 0,
          lane: 'planned',
          last_event_id: event.event_id,
          last_transition_at: event.at,
        },
      ]),
    ),
  })}\n`;
}

export function createLaneMission(root, options = {}) {
  const human = options.name ?? 'lanes-demo';
  const mid8 = options.mid8 ?? '01M8RB29';
  const missionId = ulid(mid8, 7);
  const slug = `${human}-${mid8}`;
  const target = options.targetBranch ?? `feat/${human}`;
  const topology = options.topology ?? 'coord';
  const coordinationBranch = `kitty/mission-${slug}`;
  const workPackages = (
    options.workPackages ?? [
      { id: 'WP01', dependencies: [] },
      { id: 'WP02', dependencies: ['WP01'] },
      { id: 'WP03', dependencies: [] },
    ]
  ).map((wp, index) => ({
    ...wp,
    subtasks: wp.subtasks ?? [
      `T${String(index * 2 + 1).padStart(3, '0')}`,
      `T${String(index * 2 + 2).padStart(3, '0')}`,
    ],
  }));
  const dir = join(root, 'kitty-specs', slug);
  const run = (cwd, ...args) => git(cwd, ...args);

  mkdirSync(root, { recursive: true });
  run(root, 'init', '-q', '-b', 'main');
  run(root, 'config', 'user.name', 'Demo');
  run(root, 'config', 'user.email', 'demo@example.invalid');
  run(root, 'config', 'commit.gpgsign', 'false');
  writeFileSync(join(root, 'README.md'), `# ${human}\n`);
  run(root, 'add', 'README.md');
  run(root, 'commit', '-q', '-m', 'init');
  run(root, 'checkout', '-q', '-b', target);
  mkdirSync(join(dir, 'tasks'), { recursive: true });
  const meta = {
    created_at: '2026-12-01T08:47:22.854769+00:00',
    flattened: false,
    friendly_name: human,
    mission_id: missionId,
    mission_number: null,
    mission_slug: slug,
    mission_type: 'software-dev',
    slug,
    target_branch: target,
    topology,
    ...(topology === 'coord' ? { coordination_branch: coordinationBranch } : {}),
  };
  writeFileSync(join(dir, 'meta.json'), `${sortedJson(meta)}\n`);
  run(root, 'add', join('kitty-specs', slug, 'meta.json'));
  run(root, 'commit', '-q', '-m', `Add meta for feature ${slug}`);
  const coordination = join(root, '.worktrees', `${slug}-coord`);
  if (topology === 'coord')
    run(root, 'worktree', 'add', '-q', '-b', coordinationBranch, coordination, 'main');
  writeFileSync(join(dir, 'spec.md'), `# Spec of ${slug}\n`);
  writeFileSync(join(dir, 'plan.md'), `# Plan of ${slug}\n`);
  run(root, 'add', join('kitty-specs', slug));
  run(root, 'commit', '-q', '-m', `Add plan for feature ${slug}`);
  const planningCommit = run(root, 'rev-parse', 'HEAD');

  for (const wp of workPackages)
    writeFileSync(join(dir, 'tasks', `${wp.id}-work.md`), wpFile(wp, target));
  writeFileSync(
    join(dir, 'tasks.md'),
    [
      `# Tasks of ${slug}`,
      '',
      ...workPackages.flatMap((wp) => [
        `## Work Package ${wp.id}`,
        '',
        ...wp.subtasks.map((id) => `- [ ] ${id} Do part of ${wp.id}`),
        '',
      ]),
    ].join('\n'),
  );
  const lanes = computeLanes(workPackages);
  const lanesJson = {
    version: 1,
    mission_slug: slug,
    mission_id: missionId,
    mission_branch: coordinationBranch,
    target_branch: target,
    lanes,
    computed_at: '2026-12-01T08:48:32.060556+00:00',
    computed_from: 'dependency_graph+ownership',
    planning_artifact_wps: [],
    planning_commit_sha: planningCommit,
  };
  writeFileSync(join(dir, 'lanes.json'), `${JSON.stringify(lanesJson, null, 2)}\n`);

  // finalize-tasks' seed events: genesis -> planned for every WP.
  const events = workPackages.map((wp, index) => ({
    actor: 'finalize-tasks',
    at: `2026-12-01T08:48:31.${String(100000 + index).padStart(6, '0')}+00:00`,
    event_id: ulid('01M8RCN4', 100 + index),
    evidence: null,
    execution_mode: 'worktree',
    force: false,
    from_lane: 'genesis',
    mission_id: missionId,
    mission_slug: slug,
    policy_metadata: null,
    reason: 'canonical bootstrap',
    review_ref: null,
    to_lane: 'planned',
    wp_id: wp.id,
  }));
  const log = events
    .map(
      (event) =>
        `${JSON.stringify(event, Object.keys(event).sort()).replace(/":/g, '": ').replace(/,"/g, ', "')}\n`,
    )
    .join('');
  const statusDir = topology === 'coord' ? join(coordination, 'kitty-specs', slug) : dir;
  mkdirSync(statusDir, { recursive: true });
  writeFileSync(join(statusDir, 'status.events.jsonl'), log);
  writeFileSync(join(statusDir, 'status.json'), snapshot(slug, events));
  if (topology === 'coord') {
    run(coordination, 'add', '-A');
    run(coordination, 'commit', '-q', '-m', 'chore(spec-kitty): status transition batch');
  }
  run(root, 'add', join('kitty-specs', slug));
  run(root, 'commit', '-q', '-m', `Add tasks for feature ${slug}`);
  if (topology === 'coord' && options.husk !== false) {
    // The planning tools' mission-level rows, left untracked in the primary dir.
    const husk = ['MissionCreated', 'SpecifyStarted', 'TasksCompleted'].map((type, index) =>
      JSON.stringify({
        aggregate_id: missionId,
        aggregate_type: 'Mission',
        event_id: ulid('01M8RCK1', 900 + index),
        event_type: type,
        payload: {},
        schema_version: '5.0.0',
        timestamp: `2026-12-01T08:47:${String(30 + index)}.000000+00:00`,
      }),
    );
    writeFileSync(join(dir, 'status.events.jsonl'), `${husk.join('\n')}\n`);
    writeFileSync(join(dir, 'status.json'), snapshot('', []));
  }
  return {
    root,
    slug,
    missionId,
    mid8,
    targetBranch: target,
    topology,
    coordinationBranch: topology === 'coord' ? coordinationBranch : null,
    coordinationWorktree: topology === 'coord' ? coordination : null,
    missionBranch: coordinationBranch,
    planningCommit,
    lanes: Object.fromEntries(lanes.map((lane) => [lane.lane_id, lane.wp_ids])),
    workPackages: workPackages.map((wp) => ({
      id: wp.id,
      dependencies: wp.dependencies ?? [],
      subtasks: wp.subtasks,
      files: wp.files ?? [`src/${wp.id.toLowerCase()}.txt`],
      lane: lanes.find((lane) => lane.wp_ids.includes(wp.id)).lane_id,
    })),
  };
}
