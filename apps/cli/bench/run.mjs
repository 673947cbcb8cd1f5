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

const root = mkdtempSync(join(tmpdir(), 'kittyhost-bench-cli-'));
createSampleProject(root);
const api = (sub, ...rest) => [cli, 'orchestrator-api', sub, ...rest, '--json'];

const baseline = measure(['-e', '0'], root);
console.log(`cli: node -e 0 baseline: median ${baseline.toFixed(1)} ms (${RUNS} runs)`);
for (const [name, args] of [
  ['contract-version', api('contract-version')],
  ['feature-state', api('feature-state', '--feature', SAMPLE_FEATURE)],
  ['list-ready', api('list-ready', '--feature', SAMPLE_FEATURE)],
]) {
  const ms = measure(args, root);
  console.log(
    `cli: ${name}: median ${ms.toFixed(1)} ms = ${(ms / baseline).toFixed(2)}x node -e 0, ` +
      `+${(ms - baseline).toFixed(1)} ms (goal <= 1.5x)`,
  );
}

// The terminal board of the sample feature (a human command: text, piped here, so no colours).
const boardMs = measure([cli, 'board', '--feature', SAMPLE_FEATURE], root);
console.log(
  `cli: board --feature: median ${boardMs.toFixed(1)} ms = ${(boardMs / baseline).toFixed(2)}x node -e 0, ` +
    `+${(boardMs - baseline).toFixed(1)} ms (goal <= 1.6x)`,
);

// feature-state on 1,000 WPs and 100,000 events
const big = mkdtempSync(join(tmpdir(), 'kittyhost-bench-big-'));
const slug = '002-big';
const tasks = join(big, 'kitty-specs', slug, 'tasks');
mkdirSync(tasks, { recursive: true });
const ids = Array.from({ length: 1000 }, (_, index) => `WP${String(index + 1).padStart(4, '0')}`);
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
for (let index = 0; index < 100_000; index++) {
  const [from, to] =
    index < 2000 ? cycle[Math.floor(index / 1000)] : cycle[2 + (Math.floor(index / 1000) % 2)];
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
      wp_id: ids[index % 1000],
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
writeFileSync(join(big, 'kitty-specs', slug, 'status.events.jsonl'), `${lines.join('\n')}\n`);
git(big, 'init', '-q', '-b', 'main');
const bigMs = measure(api('feature-state', '--feature', slug), big, 7);
console.log(
  `cli: feature-state 1000 WPs / 100000 events: median ${bigMs.toFixed(0)} ms (goal <= 500 ms)`,
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

for (const dir of [root, big, many]) rmSync(dir, { recursive: true, force: true });
