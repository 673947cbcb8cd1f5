// Benchmarks of @kittyhost/git-adapter against the git CLI, in one run (imports dist: build first).
//   node bench/run.mjs [--runs N]
// (1) create a workspace in a repository of 2,000 files: ours vs `git worktree add -b`, with
//     loose objects (a fresh repository) and with packed objects (a clone, after `git gc`);
// (2) merge 20 WP branches (each with a commit touching its own file) into the checked-out
//     main: ours (one mergeBranches call) vs `git merge --no-ff` x20.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createGitVersionControl } from '../dist/index.js';

const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag === -1 ? 7 : Number(process.argv[runsFlag + 1]);
const FILES = 2000;
const WPS = 20;
const GOAL = 2;
const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const scratch = mkdtempSync(join(tmpdir(), 'kittyhost-git-bench-'));
let counter = 0;

/** A repository of FILES files in 40 directories, on main, plus `wps` WP branches. */
function makeRepository(wps = 0, packed = false) {
  const dir = join(scratch, `repo-${++counter}`);
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  for (let d = 0; d < 40; d++) {
    mkdirSync(join(dir, 'src', `d${d}`), { recursive: true });
    for (let f = 0; f < FILES / 40; f++) {
      writeFileSync(
        join(dir, 'src', `d${d}`, `f${f}.ts`),
        `export const value${d}_${f} = ${d * 1000 + f};\n`,
      );
    }
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  for (let index = 1; index <= wps; index++) {
    const branch = `bench-WP${String(index).padStart(2, '0')}`;
    const tree = git(dir, 'rev-parse', 'main^{tree}');
    // One commit per WP touching its own file, written with plumbing so main's checkout stays put.
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: dir,
      env,
      input: `wp ${index}\n`,
      encoding: 'utf8',
    }).trim();
    const listing = git(dir, 'ls-tree', tree);
    const newTree = execFileSync('git', ['mktree'], {
      cwd: dir,
      env,
      input: `${listing}\n100644 blob ${blob}\t${branch}.txt\n`,
      encoding: 'utf8',
    }).trim();
    const commit = git(dir, 'commit-tree', '-p', 'main', '-m', `${branch} work`, newTree);
    git(dir, 'update-ref', `refs/heads/${branch}`, commit);
  }
  if (!packed) return dir;
  const clone = join(scratch, `clone-${counter}`);
  git(scratch, 'clone', '-q', dir, clone);
  git(clone, 'gc', '-q');
  return clone;
}

function time(body) {
  const start = performance.now();
  const result = body();
  if (result instanceof Promise) return result.then(() => performance.now() - start);
  return Promise.resolve(performance.now() - start);
}

async function benchWorkspaces(packed) {
  const ours = makeRepository(0, packed);
  const theirs = makeRepository(0, packed);
  const vcs = createGitVersionControl({ root: ours, environment: env });
  const oursTimes = [];
  const gitTimes = [];
  for (let run = 0; run <= RUNS; run++) {
    const wpId = `WP${String(run).padStart(2, '0')}`;
    const oursMs = await time(async () => {
      const result = await vcs.ensureWorkspace({ featureSlug: 'bench', wpId, baseBranch: 'main' });
      if (result.isErr()) throw new Error(result.error.message);
    });
    const gitMs = await time(() =>
      git(
        theirs,
        'worktree',
        'add',
        '-q',
        '-b',
        `bench-${wpId}`,
        join(theirs, '.worktrees', `bench-${wpId}`),
        'main',
      ),
    );
    if (run === 0) continue; // warm-up (file cache, lazy imports)
    oursTimes.push(oursMs);
    gitTimes.push(gitMs);
  }
  if (git(join(ours, '.worktrees', 'bench-WP01'), 'status', '--porcelain') !== '')
    throw new Error('workspace not clean');
  // Inspecting a workspace (dirty paths) vs `git status --porcelain` in it.
  const inspectOurs = [];
  const inspectGit = [];
  for (let run = 0; run <= RUNS; run++) {
    const oursMs = await time(async () => {
      const result = await vcs.inspectWorkspace('bench', 'WP01');
      if (result.isErr() || result.value.dirtyPaths.length > 0) throw new Error('inspect failed');
    });
    const gitMs = await time(() =>
      git(join(theirs, '.worktrees', 'bench-WP01'), 'status', '--porcelain'),
    );
    if (run === 0) continue;
    inspectOurs.push(oursMs);
    inspectGit.push(gitMs);
  }
  inspections.push({ ours: median(inspectOurs), git: median(inspectGit) });
  return { ours: median(oursTimes), git: median(gitTimes) };
}
const inspections = [];

async function benchMerges() {
  const ours = makeRepository(WPS);
  const theirs = makeRepository(WPS);
  const start = { ours: git(ours, 'rev-parse', 'main'), theirs: git(theirs, 'rev-parse', 'main') };
  const vcs = createGitVersionControl({ root: ours, environment: env });
  const items = Array.from({ length: WPS }, (_, index) => {
    const wpId = `WP${String(index + 1).padStart(2, '0')}`;
    return { wpId, branch: `bench-${wpId}`, message: `merge: bench/${wpId} into main` };
  });
  const oursTimes = [];
  const gitTimes = [];
  for (let run = 0; run <= RUNS; run++) {
    git(ours, 'reset', '-q', '--hard', start.ours);
    git(theirs, 'reset', '-q', '--hard', start.theirs);
    const oursMs = await time(async () => {
      const result = await vcs.mergeBranches({ target: 'main', strategy: 'merge', items });
      if (result.isErr()) throw new Error(result.error.message);
    });
    const gitMs = await time(() => {
      for (const item of items)
        git(theirs, 'merge', '-q', '--no-ff', '-m', item.message, item.branch);
    });
    if (git(ours, 'status', '--porcelain') !== '')
      throw new Error('main checkout not clean after our merges');
    if (git(ours, 'rev-parse', 'main^{tree}') !== git(theirs, 'rev-parse', 'main^{tree}'))
      throw new Error('trees differ');
    if (run === 0) continue;
    oursTimes.push(oursMs);
    gitTimes.push(gitMs);
  }
  return { ours: median(oursTimes), git: median(gitTimes) };
}

function report(label, { ours, git: theirs }) {
  const ratio = ours / theirs;
  console.log(
    `git-adapter: ${label}: ours ${ours.toFixed(0)} ms, git ${theirs.toFixed(0)} ms, ratio ${ratio.toFixed(2)}x (goal <= ${GOAL}x)${ratio <= GOAL ? '' : '  OVER GOAL'}`,
  );
}

try {
  report(`create workspace (${FILES} files, loose objects)`, await benchWorkspaces(false));
  report(`create workspace (${FILES} files, packed objects)`, await benchWorkspaces(true));
  report(`merge ${WPS} WP branches into main (${FILES} files)`, await benchMerges());
  const inspection = inspections[0];
  console.log(
    `git-adapter: inspect workspace (${FILES} files, informational): ours ${inspection.ours.toFixed(0)} ms, git status ${inspection.git.toFixed(0)} ms`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
