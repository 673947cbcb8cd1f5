// pnpm bench (apps/cli), execution lanes: real `spec-kitty` processes on missions in spec-kitty
// 3.2's layout, each against the git CLI commands that do the same work, measured in the same
// run (CI's NODE_EXTRA_CA_CERTS and a loaded machine slow both alike).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from '@kittyhost/sample-project';
import {
  createLaneMission,
  extractSpecKittyFixture,
  hasSpecKittyFixture,
  COORD_3WP,
} from '@kittyhost/sample-project/lanes';

const cli = fileURLToPath(new URL('../dist/spec-kitty.mjs', import.meta.url));
const RUNS = Number(process.env.BENCH_LANE_RUNS ?? 5);
const policy = JSON.stringify({
  orchestrator_id: 'bench',
  orchestrator_version: '0.1.3',
  agent_family: 'claude',
  approval_mode: 'full_auto',
  sandbox_mode: 'workspace_write',
  network_mode: 'none',
  dangerous_flags: [],
  tool_restrictions: null,
});
const scratch = mkdtempSync(join(tmpdir(), 'kittyhost-bench-lanes-'));
let count = 0;

function timed(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
  return ms;
}
const api = (root, ...args) => timed(process.execPath, [cli, 'orchestrator-api', ...args], root);
/** The git commands of one piece of work, run one after the other: their total time. */
const gitWork = (cwd, commands) =>
  commands.reduce((total, args) => total + timed('git', args.slice(2), args[0] ?? cwd), 0);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const commit = (dir, file, message) => {
  writeFileSync(join(dir, file), `${message}\n`);
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', message);
};

function report(name, ours, theirs) {
  const ratio = median(ours) / median(theirs);
  console.log(
    `cli: ${name}: median ${median(ours).toFixed(0)} ms vs the git CLI's ${median(theirs).toFixed(0)} ms = ${ratio.toFixed(2)}x (goal <= 2x, ${ours.length} runs)`,
  );
}

// start-implementation of a lane WP whose lane takes in a dependency lane: a fresh lane
// worktree with the status files hidden, the planning commit and lane-a merged in, two events
// and their status commit. The git CLI doing the same: worktree add, sparse checkout, two
// merges, and a commit of two files.
{
  const ours = [];
  const theirs = [];
  for (let run = 0; run < RUNS; run++) {
    const m = createLaneMission(join(scratch, `start-${++count}`), {
      workPackages: [{ id: 'WP01' }, { id: 'WP02', dependencies: ['WP01'] }],
    });
    const start = (wp) =>
      api(
        m.root,
        'start-implementation',
        '--mission',
        m.slug,
        '--wp',
        wp,
        '--actor',
        'bench',
        '--policy',
        policy,
      );
    start('WP01');
    const laneA = join(m.root, '.worktrees', `${m.slug}-lane-a`);
    commit(laneA, 'wp01.txt', 'feat(WP01): work');
    api(
      m.root,
      'transition',
      '--mission',
      m.slug,
      '--wp',
      'WP01',
      '--to',
      'done',
      '--actor',
      'bench',
      '--force',
      '--note',
      'bench',
    );
    const path = join(m.root, '.worktrees', 'git-lane-b');
    const sparse = join(m.root, '.git', 'worktrees', 'git-lane-b', 'info', 'sparse-checkout');
    theirs.push(
      gitWork(m.root, [
        [m.root, 'git', 'worktree', 'add', '-q', '-b', 'git-lane-b', path, m.coordinationBranch],
        [path, 'git', 'sparse-checkout', 'init', '--no-cone'],
      ]) +
        (() => {
          const started = process.hrtime.bigint();
          writeFileSync(
            sparse,
            `/*\n!kitty-specs/${m.slug}/status.events.jsonl\n!kitty-specs/${m.slug}/status.json\n`,
          );
          return Number(process.hrtime.bigint() - started) / 1e6;
        })() +
        gitWork(path, [
          [path, 'git', 'read-tree', '-mu', 'HEAD'],
          [
            path,
            'git',
            '-c',
            'user.name=B',
            '-c',
            'user.email=b@x',
            'merge',
            '--no-edit',
            '-q',
            '-m',
            'Merge recorded planning-artifact commit into lane-b (FR-009)',
            m.planningCommit,
          ],
          [
            path,
            'git',
            '-c',
            'user.name=B',
            '-c',
            'user.email=b@x',
            'merge',
            '--no-edit',
            '-q',
            '-m',
            'Merge dependency lane lane-a into lane-b',
            `kitty/mission-${m.slug}-lane-a`,
          ],
          [
            m.coordinationWorktree,
            'git',
            'add',
            `kitty-specs/${m.slug}/status.events.jsonl`,
            `kitty-specs/${m.slug}/status.json`,
          ],
          [
            m.coordinationWorktree,
            'git',
            '-c',
            'user.name=B',
            '-c',
            'user.email=b@x',
            'commit',
            '-q',
            '--allow-empty',
            '-m',
            'chore(spec-kitty): status transition batch WP02',
          ],
        ]),
    );
    ours.push(start('WP02'));
  }
  report('start-implementation of a lane WP with a dependency-lane merge', ours, theirs);
}

// merge-mission of 6 lanes: each lane into the mission branch, the mission branch into the
// target checked out in the main checkout, the lane worktrees and branches removed. The git CLI
// doing the same (as the original host does): a detached worktree, six merges, the ref update,
// the target's merge in the main checkout, six worktree removals and six branch deletions.
{
  const lanes = ['a', 'b', 'c', 'd', 'e', 'f'];
  const sixLanes = (name) => {
    const m = createLaneMission(join(scratch, `${name}-${++count}`), {
      workPackages: lanes.map((lane, index) => ({ id: `WP0${index + 1}` })),
    });
    git(m.root, 'config', 'user.name', 'Bench');
    for (const lane of lanes) {
      const path = join(m.root, '.worktrees', `${m.slug}-lane-${lane}`);
      git(
        m.root,
        'worktree',
        'add',
        '-q',
        '-b',
        `kitty/mission-${m.slug}-lane-${lane}`,
        path,
        m.coordinationBranch,
      );
      commit(path, `lane-${lane}.txt`, `feat: lane ${lane}`);
    }
    // The husk is the original's to deal with; both runs merge the same tree.
    rmSync(join(m.root, 'kitty-specs', m.slug, 'status.events.jsonl'));
    rmSync(join(m.root, 'kitty-specs', m.slug, 'status.json'));
    return m;
  };
  const ours = [];
  const theirs = [];
  for (let run = 0; run < RUNS; run++) {
    const m = sixLanes('merge-ours');
    for (const [index] of lanes.entries())
      api(
        m.root,
        'transition',
        '--mission',
        m.slug,
        '--wp',
        `WP0${index + 1}`,
        '--to',
        'done',
        '--actor',
        'bench',
        '--force',
        '--note',
        'bench',
      );
    ours.push(api(m.root, 'merge-mission', '--mission', m.slug, '--target', m.targetBranch));
    const g = sixLanes('merge-git');
    const temporary = join(g.root, '.worktrees', 'merge-tmp');
    theirs.push(
      gitWork(g.root, [
        [g.root, 'git', 'worktree', 'add', '-q', '--detach', temporary, g.missionBranch],
        ...lanes.map((lane) => [
          temporary,
          'git',
          'merge',
          '--no-edit',
          '-q',
          '-m',
          `Merge lane ${lane}`,
          `kitty/mission-${g.slug}-lane-${lane}`,
        ]),
        [temporary, 'git', 'update-ref', `refs/heads/${g.missionBranch}`, 'HEAD'],
        [g.coordinationWorktree, 'git', 'reset', '-q', '--hard', g.missionBranch],
        [
          g.root,
          'git',
          'merge',
          '--no-edit',
          '-q',
          '-m',
          `Merge ${g.missionBranch} into ${g.targetBranch}`,
          g.missionBranch,
        ],
        [g.root, 'git', 'worktree', 'remove', '--force', temporary],
        ...lanes.flatMap((lane) => [
          [
            g.root,
            'git',
            'worktree',
            'remove',
            '--force',
            join(g.root, '.worktrees', `${g.slug}-lane-${lane}`),
          ],
          [g.root, 'git', 'branch', '-q', '-D', `kitty/mission-${g.slug}-lane-${lane}`],
        ]),
      ]),
    );
  }
  report('merge-mission of 6 lanes', ours, theirs);
}

// mission-state on the 3.2 fixture (its status on the coordination worktree), paired with
// `node -e 0` run in turn.
if (hasSpecKittyFixture()) {
  const repo = extractSpecKittyFixture(join(scratch, 'fixture'));
  const runs = Number(process.env.BENCH_RUNS ?? 21);
  const times = [];
  const ratios = [];
  api(repo, 'mission-state', '--mission', COORD_3WP.slug);
  for (let run = 0; run < runs; run++) {
    const baseline = timed(process.execPath, ['-e', '0'], repo);
    const ms = api(repo, 'mission-state', '--mission', COORD_3WP.slug);
    times.push(ms);
    ratios.push(ms / baseline);
  }
  console.log(
    `cli: mission-state on the coord-3wp fixture: median ${median(times).toFixed(1)} ms = ${median(ratios).toFixed(2)}x node -e 0 (paired, ${runs} runs) (goal <= 1.5x)`,
  );
} else console.log('cli: mission-state on the coord-3wp fixture: skipped (no ../shared/fixtures)');

rmSync(scratch, { recursive: true, force: true });
