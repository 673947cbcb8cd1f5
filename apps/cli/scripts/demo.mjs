// The main job: walk a sample feature through its whole lifecycle with the real `spec-kitty` CLI,
// exactly as an orchestration provider would, and show what happens at each step.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_POLICY, createSampleProject, git } from '@kittyhost/sample-project';

const cli = fileURLToPath(new URL('../dist/spec-kitty.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'kittyhost-demo-'));
const keep = process.argv.includes('--keep');
const { feature } = createSampleProject(root);
const policy = JSON.stringify(SAMPLE_POLICY);
const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function call(subcommand, options = {}, { quiet = false } = {}) {
  const args = ['orchestrator-api', subcommand];
  for (const [key, value] of Object.entries(options)) {
    if (value === true) args.push(`--${key}`);
    else args.push(`--${key}`, String(value));
  }
  args.push('--json');
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  const ms = (performance.now() - started).toFixed(0);
  const envelope = JSON.parse(run.stdout);
  if (!quiet) {
    const shown = args
      .map((arg) => (arg === policy ? "'<policy>'" : /\s/.test(arg) ? JSON.stringify(arg) : arg))
      .join(' ');
    console.log(`\n$ spec-kitty ${shown}   (${ms} ms, exit ${run.status})`);
    const { data } = envelope;
    console.log(
      envelope.success
        ? `  ok   ${JSON.stringify(data)}`
        : `  FAIL ${envelope.error_code}: ${data.message}`,
    );
  }
  return envelope;
}

console.log(bold(`Kitty Host demo — sample project in ${root}`));
console.log(
  `Feature ${feature}: WP01 setup; WP02, WP03 need WP01; WP04 needs WP02+WP03; WP05 alone; WP06 needs WP04+WP05.`,
);

call('contract-version', { 'provider-version': '0.1.2' });
call('start-implementation', { feature, wp: 'WP04', actor: 'claude-1', policy });
console.log('  (WP04 must wait for its dependencies: the host refuses and says which)');

let round = 0;
for (;;) {
  const ready = call('list-ready', { feature }).data.ready_work_packages;
  if (ready.length === 0) break;
  round += 1;
  console.log(bold(`\n== Round ${round}: ${ready.map((wp) => wp.wp_id).join(', ')} ready ==`));
  for (const { wp_id: wp } of ready) {
    const actor = `claude-${wp.toLowerCase()}`;
    const started = call('start-implementation', { feature, wp, actor, policy });
    const workspace = started.data.workspace_path;
    call('start-implementation', { feature, wp, actor: 'codex-intruder', policy });
    call('append-history', { feature, wp, actor, note: 'Starting implementation' });
    writeFileSync(join(workspace, `${wp}.txt`), `work of ${wp}\n`);
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-q', '-m', `feat: implement ${wp}`);
    console.log(
      `  agent committed ${wp}.txt in ${workspace} (branch ${git(workspace, 'branch', '--show-current')})`,
    );
    call('transition', {
      feature,
      wp,
      to: 'for_review',
      actor,
      note: 'Implementation complete',
      policy,
    });
    if (wp === 'WP02') {
      console.log(bold('  -- the reviewer rejects WP02 once --'));
      call('start-review', {
        feature,
        wp,
        actor: 'reviewer',
        policy,
        'review-ref': 'feedback-WP02-cycle1-3f2a',
      });
      writeFileSync(join(workspace, `${wp}.txt`), `work of ${wp}, reworked after review\n`);
      git(workspace, 'commit', '-q', '-am', `fix: address review of ${wp}`);
      call('transition', { feature, wp, to: 'for_review', actor, note: 'Rework done', policy });
    }
    call('transition', {
      feature,
      wp,
      to: 'done',
      actor: 'reviewer',
      note: 'Approved',
      policy,
      'review-ref': `review-${wp}-cycle1-9c1d`,
    });
  }
}

const state = call('feature-state', { feature });
console.log(`  summary: ${JSON.stringify(state.data.summary)}`);
call('accept-feature', { feature, actor: 'release-manager' });
call('merge-feature', { feature, strategy: 'merge' });

console.log(bold('\n== main after the merge =='));
console.log(
  execFileSync('git', ['log', '--graph', '--oneline', '-n', '16', 'main'], {
    cwd: root,
    encoding: 'utf8',
  }),
);
const files = git(root, 'ls-tree', '--name-only', 'main')
  .split('\n')
  .filter((name) => /^WP\d+\.txt$/.test(name));
console.log(`Every WP's work is on main: ${files.join(', ')}`);
console.log(
  `Event log: ${git(root, 'rev-parse', '--show-toplevel')}/kitty-specs/${feature}/status.events.jsonl`,
);
console.log(bold(`\n== The board of ${feature} ==`));
console.log(`$ spec-kitty board --feature ${feature}`);
// The terminal board itself, on this terminal (its width and colours).
const shown = spawnSync(process.execPath, [cli, 'board', '--feature', feature], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
console.log(
  `\nLive, in the terminal: spec-kitty board --feature ${feature} --watch   (q quits)` +
    `\nIn the browser: spec-kitty-http --repo ${root}` +
    `\n  (from this checkout: node apps/http/dist/spec-kitty-http.mjs --repo ${root}, after a build)` +
    `\n  then open http://127.0.0.1:7300/features/${feature}`,
);
if (keep) console.log(`Kept ${root}`);
else {
  console.log(
    '(This project is removed now; `npx -y pnpm@10.34.8 demo --keep` keeps it for the boards.)',
  );
  if (existsSync(root)) rmSync(root, { recursive: true, force: true });
}
if (shown.status !== 0) process.exit(1);
if (files.length !== 6) process.exit(1);
