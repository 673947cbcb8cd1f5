// pnpm bench (apps/cli): wall-clock of real `spec-kitty` processes, measured against `node -e 0`
// in the same run (this machine's NODE_EXTRA_CA_CERTS slows every Node start the same way).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_FEATURE, SAMPLE_POLICY, createSampleProject, git } from '@kittyhost/sample-project';
import { serializeEvent } from '@kittyhost/core';

const cli = fileURLToPath(new URL('../dist/spec-kitty.mjs', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const policy = JSON.stringify(SAMPLE_POLICY);

function wall(args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(args, cwd, runs = RUNS) {
  wall(args, cwd); // warm the file cache
  return median(Array.from({ length: runs }, () => wall(args, cwd)));
}

/**
 * A call against `node -e 0`, run in turn (A B A B …) so a machine whose speed drifts affects
 * both alike: the median time of the call and the median of the pairwise ratios.
 */
function paired(args, cwd, runs = RUNS) {
  wall(args, cwd);
  const times = [];
  const ratios = [];
  for (let run = 0; run < runs; run++) {
    const base = wall(['-e', '0'], cwd);
    const ms = wall(args, cwd);
    times.push(ms);
    ratios.push(ms / base);
  }
  return { ms: median(times), ratio: median(ratios) };
}

const root = mkdtempSync(join(tmpdir(), 'kittyhost-bench-cli-'));
createSampleProject(root);
const api = (sub, ...rest) => [cli, 'orchestrator-api', sub, ...rest, '--json'];

const baseline = measure(['-e', '0'], root);
console.log(`cli: node -e 0 baseline: median ${baseline.toFixed(1)} ms (${RUNS} runs)`);
for (const [name, args] of [
  ['contract-version', api('contract-version')],
  ['feature-state', api('feature-state', '--feature', SAMPLE_FEATURE)],
  ['list-ready', api('list-ready', '--feature', SAMPLE_FEATURE)],
  ['mission-state (1.3)', api('mission-state', '--mission', SAMPLE_FEATURE)],
  ['list-ready --mission (1.3)', api('list-ready', '--mission', SAMPLE_FEATURE)],
  [
    'resolve-workspace (1.3)',
    api('resolve-workspace', '--mission', SAMPLE_FEATURE, '--wp', 'WP02'),
  ],
]) {
  const { ms, ratio } = paired(args, root);
  console.log(
    `cli: ${name}: median ${ms.toFixed(1)} ms = ${ratio.toFixed(2)}x node -e 0 (paired), ` +
      `+${(ms - baseline).toFixed(1)} ms (goal <= 1.5x)`,
  );
}

// The terminal board of the sample feature (a human command: text, piped here, so no colours).
const board = paired([cli, 'board', '--feature', SAMPLE_FEATURE], root);
console.log(
  `cli: board --feature: median ${board.ms.toFixed(1)} ms = ${board.ratio.toFixed(2)}x node -e 0 (paired) (goal <= 1.6x)`,
);

/** A repository with one feature of `count` WPs and `events` lane events (1.0 lines). */
function syntheticProject(slug, count, events) {
  const dir = mkdtempSync(join(tmpdir(), 'kittyhost-bench-big-'));
  const tasks = join(dir, 'kitty-specs', slug, 'tasks');
  mkdirSync(tasks, { recursive: true });
  const width = String(count).length < 2 ? 2 : String(count).length;
  const ids = Array.from(
    { length: count },
    (_, index) => `WP${String(index + 1).padStart(width, '0')}`,
  );
  ids.forEach((id, index) => {
    const deps = index > 0 && index % 3 !== 0 ? `\n  - ${ids[index - 1]}` : ' []';
    writeFileSync(
      join(tasks, `${id}-task.md`),
      `---\nwork_package_id: ${id}\ntitle: Task ${index}\ndependencies:${deps}\n---\n# ${id}\n\n## Activity Log\n`,
    );
  });
  const cycle = [
    ['planned', 'claimed'],
    ['claimed', 'in_progress'],
    ['in_progress', 'for_review'],
    ['for_review', 'in_progress'],
  ];
  const lines = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  for (let index = 0; index < events; index++) {
    const round = Math.floor(index / count);
    const [from, to] = round < 2 ? cycle[round] : cycle[2 + (round % 2)];
    let n = index;
    let suffix = '';
    for (let digit = 0; digit < 16; digit++) {
      suffix = crockford[n % 32] + suffix;
      n = Math.floor(n / 32);
    }
    const at = new Date(start + index).toISOString().replace('Z', '000+00:00');
    lines.push(
      serializeEvent({
        event_id: `01JZ000000${suffix}`,
        feature_slug: slug,
        wp_id: ids[index % count],
        from_lane: from,
        to_lane: to,
        at,
        actor: 'bench',
        force: false,
        execution_mode: 'worktree',
        reason: null,
        review_ref: null,
        evidence: null,
        policy_metadata: SAMPLE_POLICY,
      }),
    );
  }
  writeFileSync(join(dir, 'kitty-specs', slug, 'status.events.jsonl'), `${lines.join('\n')}\n`);
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

// feature-state / mission-state on 1,000 WPs and 100,000 events
const slug = '002-big';
const big = syntheticProject(slug, 1000, 100_000);
const bigMs = measure(api('feature-state', '--feature', slug), big, 7);
console.log(
  `cli: feature-state 1000 WPs / 100000 events: median ${bigMs.toFixed(0)} ms (goal <= 500 ms)`,
);
const bigMission = measure(api('mission-state', '--mission', slug), big, 7);
console.log(
  `cli: mission-state 1000 WPs / 100000 events: median ${bigMission.toFixed(0)} ms (goal <= 400 ms)`,
);

// mission-state on 99 WPs / 5,000 events against the same call on 3 WPs
const small = syntheticProject('003-small', 3, 12);
const medium = syntheticProject('004-medium', 99, 5_000);
const smallMs = measure(api('mission-state', '--mission', '003-small'), small);
const mediumMs = measure(api('mission-state', '--mission', '004-medium'), medium);
console.log(
  `cli: mission-state 99 WPs / 5000 events: median ${mediumMs.toFixed(1)} ms = ${(mediumMs / smallMs).toFixed(2)}x the 3-WP call (${smallMs.toFixed(1)} ms) (goal <= 1.2x)`,
);

// start-implementation including the workspace (a fresh WP each run)
const many = mkdtempSync(join(tmpdir(), 'kittyhost-bench-start-'));
const workPackages = Array.from({ length: 12 }, (_, index) => ({
  id: `WP${index + 1}`,
  slug: 'w',
  title: `W${index + 1}`,
  dependencies: [],
}));
createSampleProject(many, { workPackages });
for (let index = 0; index < 200; index++)
  writeFileSync(join(many, 'src', `file-${index}.txt`), `content ${index}\n`);
git(many, 'add', '-A');
git(many, 'commit', '-qm', 'more files');
const starts = workPackages.map(({ id }) =>
  wall(
    api(
      'start-implementation',
      '--feature',
      SAMPLE_FEATURE,
      '--wp',
      id,
      '--actor',
      'bench',
      '--policy',
      policy,
    ),
    many,
  ),
);
console.log(
  `cli: start-implementation incl. workspace (200-file repo): median ${median(starts).toFixed(0)} ms = ${(median(starts) / baseline).toFixed(2)}x node -e 0`,
);

// A 1.3 mutation including its status commit: WP05 between blocked and in_progress.
const moves = Array.from({ length: RUNS }, (_, index) =>
  wall(
    api(
      'transition',
      '--mission',
      SAMPLE_FEATURE,
      '--wp',
      'WP05',
      '--to',
      index % 2 === 0 ? 'blocked' : 'in_progress',
      '--actor',
      'bench',
      '--note',
      'bench',
      '--policy',
      policy,
    ),
    root,
  ),
);
console.log(
  `cli: transition --mission incl. status commit: median ${median(moves).toFixed(1)} ms = ${(median(moves) / baseline).toFixed(2)}x node -e 0 (goal <= 2.5x)`,
);

// heartbeat with leases on: the call a provider makes for every WP it holds, every TTL/3.
const leased = mkdtempSync(join(tmpdir(), 'kittyhost-bench-lease-'));
createSampleProject(leased);
mkdirSync(join(leased, '.kittify'), { recursive: true });
writeFileSync(join(leased, '.kittify', 'config.yaml'), 'orchestrator_api:\n  claim_ttl: 30m\n');
wall(
  api(
    'start-implementation',
    '--mission',
    SAMPLE_FEATURE,
    '--wp',
    'WP01',
    '--actor',
    'bench',
    '--policy',
    policy,
  ),
  leased,
);
const beat = paired(
  api('heartbeat', '--mission', SAMPLE_FEATURE, '--wp', 'WP01', '--actor', 'bench'),
  leased,
);
console.log(
  `cli: heartbeat (leases on): median ${beat.ms.toFixed(1)} ms = ${beat.ratio.toFixed(2)}x node -e 0 (paired) (goal <= 1.4x)`,
);
const leasedRead = paired(api('mission-state', '--mission', SAMPLE_FEATURE), leased);
console.log(
  `cli: mission-state (leases on, one held WP): median ${leasedRead.ms.toFixed(1)} ms = ${leasedRead.ratio.toFixed(2)}x node -e 0 (paired)`,
);

for (const dir of [root, big, many, small, medium, leased])
  rmSync(dir, { recursive: true, force: true });

// Execution lanes (spec-kitty 3.2 missions): allocation and merge against the git CLI.
await import('./lanes.mjs');
