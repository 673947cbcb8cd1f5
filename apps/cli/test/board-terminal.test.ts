// `spec-kitty board` in a real terminal (tmux) and through pipes: widths, colours, --watch
// redrawing after a mutation by another process, and the screen given back on q / Ctrl-C.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_BIN,
  SAMPLE,
  SAMPLE_POLICY_JSON,
  api,
  freshSample,
  spec,
  start,
} from './board-helpers.js';
import { Tmux, tmuxMissing } from './tmux.js';

const board = (...args: string[]) =>
  [process.execPath, CLI_BIN, 'board', ...args].map((arg) => `'${arg}'`).join(' ');
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[/;
const LANE_HEADING =
  /^(Planned|Claimed|In progress|For review|In review|Approved|Done|Blocked|Canceled) \d+/;

/** One transition of the sample feature by a `spec-kitty` process. */
function transition(
  root: string,
  wp: string,
  to: string,
  actor: string,
  extra: Record<string, string> = {},
) {
  return api(root, 'transition', {
    feature: SAMPLE,
    wp,
    to,
    actor,
    note: 'moved by another process',
    policy: SAMPLE_POLICY_JSON,
    ...extra,
  });
}

/** A sample project with WPs in four lanes: planned, in progress, for review, blocked. */
function variedProject(): string {
  const { root } = freshSample();
  start(root, 'WP01', 'claude-wp01');
  start(root, 'WP05', 'claude-wp05');
  for (const moved of [
    transition(root, 'WP01', 'for_review', 'claude-wp01'),
    transition(root, 'WP03', 'blocked', 'lead', { note: 'waiting on the API review' }),
  ])
    expect(moved.envelope.success, JSON.stringify(moved.envelope)).toBe(true);
  return root;
}

/** The same transition from a process started asynchronously (the board keeps running). */
function transitionLater(root: string, wp: string, to: 'for_review' | 'done') {
  const args = ['orchestrator-api', 'transition', '--feature', SAMPLE, '--wp', wp, '--to', to];
  args.push('--actor', to === 'done' ? 'reviewer' : `claude-${wp.toLowerCase()}`);
  args.push('--note', 'moved by another process', '--policy', SAMPLE_POLICY_JSON);
  if (to === 'done') args.push('--review-ref', `review-${wp}`);
  return new Promise<{ status: number | null; envelope: Record<string, any> }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: root });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (status) =>
        resolve({ status, envelope: JSON.parse(stdout) as Record<string, any> }),
      );
    },
  );
}

describe('spec-kitty board in a terminal', () => {
  let tmux: Tmux;
  let root: string;
  beforeAll(() => {
    const missing = tmuxMissing();
    if (missing !== null) throw new Error(missing);
    tmux = new Tmux();
    root = variedProject();
  });
  afterAll(() => tmux?.kill());

  it('fits 80 columns: lanes wrap onto rows, every line within the width, in colour', async () => {
    const session = tmux.start({
      width: 80,
      height: 40,
      cwd: root,
      script: board('--feature', SAMPLE),
    });
    const { screen } = await tmux.waitFor(session, (text) => text.includes('[exit 0]'));
    const lines = screen.split('\n');
    expect(lines[0]).toBe(`${SAMPLE} · Spec of ${SAMPLE}`);
    expect(lines.filter((line) => LANE_HEADING.test(line))).toEqual([
      expect.stringMatching(/^Planned 3 {20,}In progress 1$/),
      expect.stringMatching(/^For review 1 {20,}Blocked 1$/),
    ]);
    expect(screen).toContain('▌WP04 Integration of storage and API');
    expect(screen).toMatch(/▌claude-wp05 · \d+[sm] · 1\/1/);
    expect(screen).toContain('▌⛓ WP02 WP03');
    expect(screen).toContain('▌» waiting on the API review');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(tmux.capture(session, true)).toMatch(ESCAPE); // a terminal gets colours
  });

  it('uses 160 columns for one row of lanes', async () => {
    const session = tmux.start({
      width: 160,
      height: 40,
      cwd: root,
      script: board('--feature', SAMPLE),
    });
    const { screen } = await tmux.waitFor(session, (text) => text.includes('[exit 0]'));
    const headingRows = screen.split('\n').filter((line) => LANE_HEADING.test(line));
    expect(headingRows).toHaveLength(1);
    expect(headingRows[0]?.split(/\s{2,}/)).toEqual([
      'Planned 3',
      'In progress 1',
      'For review 1',
      'Blocked 1',
    ]);
  });

  it('honours NO_COLOR and --no-color on a terminal', async () => {
    for (const [args, env] of [
      [['--feature', SAMPLE], { NO_COLOR: '1' }],
      [['--feature', SAMPLE, '--no-color'], {}],
    ] as const) {
      const session = tmux.start({
        width: 100,
        height: 40,
        cwd: root,
        script: board(...args),
        env,
      });
      await tmux.waitFor(session, (text) => text.includes('[exit 0]'));
      expect(tmux.capture(session, true)).not.toMatch(ESCAPE);
    }
  });

  it('--watch redraws within 300 ms of a CLI mutation by another process; q gives the screen back', async () => {
    const session = tmux.start({
      width: 100,
      height: 40,
      cwd: root,
      script: `echo before-the-board; ${board('--feature', SAMPLE, '--watch')}`,
    });
    const first = await tmux.waitFor(
      session,
      (text) => text.includes('watching · updated') && !text.includes('before-the-board'),
    );
    expect(first.screen).toContain('⛓ WP01'); // WP02 and WP03 wait for WP01
    const delays: number[] = [];
    for (const [wp, to, shown] of [
      ['WP05', 'for_review', /For review 2/],
      ['WP01', 'done', /Done 1/],
    ] as const) {
      const { status, envelope } = await transitionLater(root, wp, to);
      expect([status, envelope['success']], JSON.stringify(envelope)).toEqual([0, true]);
      const written = performance.now();
      const { at } = await tmux.waitFor(session, (text) => shown.test(text), 5_000);
      delays.push(at - written);
    }
    const { screen } = await tmux.waitFor(session, (text) => !text.includes('⛓ WP01'));
    expect(screen).toMatch(/^Planned 3 +For review 1 +Done 1 +Blocked 1$/m);
    console.log(
      `board --watch: redrawn ${delays.map((ms) => ms.toFixed(0)).join(' ms, ')} ms after each mutation`,
    );
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(300);
    tmux.keys(session, 'q');
    const restored = await tmux.waitFor(session, (text) => text.includes('[exit 0]'));
    expect(restored.screen).toContain('before-the-board');
    expect(restored.screen).not.toContain('watching ·');
    expect(restored.screen).not.toContain('Planned');
  });

  it('Ctrl-C also quits --watch (the feature list here) and restores the screen', async () => {
    const session = tmux.start({
      width: 80,
      height: 30,
      cwd: root,
      script: `echo before-the-board; ${board('--watch')}`,
    });
    await tmux.waitFor(
      session,
      (text) => text.includes('watching · updated') && text.includes('1 feature in'),
    );
    tmux.keys(session, 'C-c');
    const { screen } = await tmux.waitFor(session, (text) => text.includes('[exit 0]'));
    expect(screen).toContain('before-the-board');
    expect(screen).not.toContain('watching ·');
  });
});

describe('spec-kitty board through pipes', () => {
  const plainEnv = { FORCE_COLOR: undefined, NO_COLOR: undefined };

  it('prints plain text without escape codes when piped, colours only with FORCE_COLOR', () => {
    const { root } = freshSample();
    const piped = spec(root, ['board', '--feature', SAMPLE], plainEnv);
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain('▌WP04 Integration of storage and API');
    expect(piped.stdout).not.toMatch(ESCAPE);
    expect(piped.stderr).toBe('');
    const list = spec(root, ['board'], plainEnv);
    expect(list.stdout).toContain('░░░░░░░░░░░░░░░░░░░░ 0/6 done · 6 planned · → main');
    expect(list.stdout).not.toMatch(ESCAPE);
    const forced = spec(root, ['board', '--feature', SAMPLE], { ...plainEnv, FORCE_COLOR: '1' });
    expect(forced.stdout).toMatch(ESCAPE);
    const narrow = spec(root, ['board', '--feature', SAMPLE], { ...plainEnv, COLUMNS: '60' });
    for (const line of narrow.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
  });

  it.each([
    [['board', '--feature', '404-missing'], /^spec-kitty: .*404-missing.*\n$/],
    [['board', '--colour'], /^spec-kitty: Unknown option '--colour'\n$/],
    [['board', '--watch'], /^spec-kitty: --watch needs a terminal/],
  ])('%j fails with one line on stderr and exit 1', (args, message) => {
    const { root } = freshSample();
    const result = spec(root, args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('answers --help with its usage on stdout', () => {
    const { root } = freshSample();
    const result = spec(root, ['board', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: spec-kitty board \[--feature <slug>\]/);
  });
});
