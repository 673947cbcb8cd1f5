// The web board in a real headless Chromium against a real spec-kitty-http on 127.0.0.1, with
// the built CLI as the "other writer" in its own process.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { VIEWPORTS, launchBrowser, screenshot, watchedPage, type WatchedPage } from './browser.js';
import {
  FEATURE,
  POLICY,
  cli,
  commitWork,
  eventLines,
  git,
  sampleProject,
  serve,
  type WorkPackageDraft,
} from './harness.js';
import { CLI } from './paths.js';

// The functions given to page.evaluate / waitForFunction run in the page: this Node-typed module
// declares the page's globals it names (module-scoped, so nothing leaks into other files).
declare const document: any, window: any, sessionStorage: any, localStorage: any;
declare const MutationObserver: any;
type HTMLDialogElement = { open: boolean };
type HTMLElement = any;

const LANES = [
  'Planned',
  'Claimed',
  'In progress',
  'For review',
  'In review',
  'Approved',
  'Done',
  'Blocked',
  'Canceled',
];

let browser: Browser;
const servers: RunningServer[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await browser?.close();
});

async function start(
  root: string,
  options: Parameters<typeof serve>[1] = {},
): Promise<RunningServer> {
  const server = await serve(root, options);
  servers.push(server);
  return server;
}

/** Run the built CLI with raw arguments (for `agent tasks mark-status`). */
function runCli(root: string, args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

/** A CLI call that must succeed. */
async function must(
  root: string,
  subcommand: string,
  input: Record<string, unknown>,
): Promise<void> {
  const { envelope } = await cli(root, subcommand, input);
  expect(
    envelope.success,
    `${subcommand}: ${envelope.error_code} ${envelope.data['message']}`,
  ).toBe(true);
}

/** Take a WP to for_review with the CLI, as a provider would (at 1.3 with a commit and its subtask marked). */
async function toForReview(root: string, kind: 'feature' | 'mission', wp: string): Promise<void> {
  const selector = { [kind]: FEATURE, wp };
  const { envelope } = await cli(root, 'start-implementation', {
    ...selector,
    actor: 'claude',
    policy: POLICY,
  });
  expect(envelope).toMatchObject({ success: true });
  if (kind === 'mission') {
    commitWork(envelope.data['workspace_path'] as string, `${wp}.txt`);
    const marked = await runCli(root, [
      'agent',
      'tasks',
      'mark-status',
      `T${wp.slice(2)}1`,
      '--status',
      'done',
      '--mission',
      FEATURE,
    ]);
    expect(marked.status, marked.stdout).toBe(0);
  }
  await must(root, 'transition', {
    ...selector,
    to: 'for_review',
    actor: 'claude',
    note: 'ready',
    policy: POLICY,
  });
}

/** Open a board page and wait until it is rendered and live. */
async function openBoard(watched: WatchedPage, url: string): Promise<void> {
  await watched.page.goto(url);
  await watched.page.waitForSelector('#app[data-ready="board"][data-link="live"]');
}

const laneOf = (page: Page, wp: string): Promise<string | null> =>
  page.getAttribute(`.card[data-wp="${wp}"]`, 'data-lane');

/** Resolves once the card is in `lane`; rejects after `timeout` ms. */
const cardIn = (page: Page, wp: string, lane: string, timeout = 5_000) =>
  page.waitForSelector(`section.lane--${lane} .card[data-wp="${wp}"]`, { timeout });

/**
 * Do an action from the WP's details as a person would: open the card, pick the action, fill in
 * the form, send it (answering the identity dialog when it asks). Resolves with the text the
 * page showed: its success notice or its error.
 */
async function act(
  page: Page,
  wp: string,
  action: string,
  fields: { note?: string; reference?: string; identity?: { actor: string; token?: string } } = {},
): Promise<{ ok: boolean; text: string; askedWho: boolean }> {
  if (
    !(await page
      .locator('dialog.details')
      .evaluate((dialog: HTMLDialogElement) => dialog.open)
      .catch(() => false))
  ) {
    await page.click(`.card-open[data-wp="${wp}"]`);
  }
  await page.click(`dialog.details button[data-action="${action}"]`);
  if (fields.reference !== undefined) await page.fill('#action-reference', fields.reference);
  if (fields.note !== undefined) await page.fill('#action-note', fields.note);
  await page.click('form.action-form button[type="submit"]');
  let askedWho = false;
  const outcome = async (): Promise<'asked' | 'ok' | 'error'> => {
    const handle = await page.waitForFunction(() => {
      if (document.querySelector('dialog.identity[open]') !== null) return 'asked';
      const error = document.querySelector('.action-form .form-error');
      if (error !== null && error.textContent !== '') return 'error';
      if (document.querySelector('dialog.details .notice[data-outcome="ok"]') !== null) return 'ok';
      return false;
    });
    return (await handle.jsonValue()) as 'asked' | 'ok' | 'error';
  };
  let state = await outcome();
  while (state === 'asked') {
    askedWho = true;
    if (fields.identity === undefined) throw new Error('the page asked who is acting');
    await page.fill('#identity-actor', fields.identity.actor);
    if (fields.identity.token !== undefined)
      await page.fill('#identity-token', fields.identity.token);
    await page.click('dialog.identity button[type="submit"]');
    await page.waitForSelector('dialog.identity', { state: 'detached' });
    state = await outcome();
  }
  const text =
    state === 'ok'
      ? await page.textContent('dialog.details .notice')
      : await page.textContent('.action-form .form-error');
  return { ok: state === 'ok', text: text ?? '', askedWho };
}

/** Polls a file's size every millisecond; `stop()` gives the time (epoch ms) it first grew. */
function logGrowth(path: string): { stop: () => number } {
  const size = (): number => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  const before = size();
  let grewAt = 0;
  const timer = setInterval(() => {
    if (grewAt === 0 && size() > before) grewAt = Date.now();
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      if (grewAt === 0) throw new Error(`${path} did not grow`);
      return grewAt;
    },
  };
}

const lastEvent = (featureDir: string): Record<string, any> => eventLines(featureDir).at(-1) ?? {};

describe('the web board', () => {
  it('lists the sample feature and shows its kanban, at 1280×800 and 390×844, keyboard reachable', async () => {
    const { root } = sampleProject();
    await toForReview(root, 'feature', 'WP01');
    await must(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP05',
      actor: 'claude',
      policy: POLICY,
    });
    const server = await start(root);
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const watched = await watchedPage(browser, viewport);
      const { page } = watched;
      await page.goto(`${server.url}/`);
      await page.waitForSelector('#app[data-ready="list"]');
      const link = page.locator(`.feature[data-slug="${FEATURE}"] h2 a`);
      expect(await link.textContent()).toBe(`Spec of ${FEATURE}`);
      expect(await link.getAttribute('href')).toBe(`/features/${FEATURE}`);
      expect(await page.textContent(`.feature[data-slug="${FEATURE}"]`)).toMatch(
        /0 of 6 work packages done/,
      );
      await screenshot(page, `list-${viewport.width}x${viewport.height}`);

      await link.click();
      await page.waitForSelector('#app[data-ready="board"][data-link="live"]');
      expect(new URL(page.url()).pathname).toBe(`/features/${FEATURE}`);
      expect(await page.textContent('h1')).toBe(`Spec of ${FEATURE}`);
      expect(await page.locator('section.lane h2 .lane-name').allTextContents()).toEqual(LANES);
      expect(await page.locator('.card').count()).toBe(6);
      expect(await laneOf(page, 'WP01')).toBe('for_review');
      expect(await laneOf(page, 'WP05')).toBe('in_progress');
      expect(await laneOf(page, 'WP02')).toBe('planned');
      expect(await page.textContent('.card[data-wp="WP05"] .holder')).toMatch(/claude$/);
      expect(await page.textContent('.card[data-wp="WP02"]')).toMatch(/waits for WP01/);
      expect(await page.locator('section.lane--empty').count()).toBe(6);
      // The phone view stacks the lanes: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await screenshot(page, `board-${viewport.width}x${viewport.height}`);

      // Keyboard only: tab to a card, open it with Enter, close with Escape, focus comes back.
      let focused = '';
      for (let step = 0; step < 20 && focused !== 'WP01'; step += 1) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.getAttribute('data-wp') ?? '');
      }
      expect(focused).toBe('WP01');
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog.details[open]');
      const details = (await page.textContent('dialog.details')) ?? '';
      for (const part of [
        'History',
        'Activity log',
        'Dependencies',
        'Branch and workspace',
        'Subtasks',
      ])
        expect(details).toContain(part);
      expect(details).toContain(`${FEATURE}-WP01`);
      expect(details).toContain(join(root, '.worktrees', `${FEATURE}-WP01`));
      expect(details).toContain('(exists)');
      expect(details).toMatch(/In progress → For review/);
      expect(details).toContain('WP01 created');
      await screenshot(page, `details-${viewport.width}x${viewport.height}`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog.details[open]', { state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-wp'))).toBe(
        'WP01',
      );

      expect(watched.consoleErrors, name).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
      await page.context().close();
    }
  });

  it('moves a card within 1 s of a CLI mutation in another process, with no request but the event stream and the board read it triggers', async () => {
    const { root, featureDir } = sampleProject();
    const server = await start(root);
    const watched = await watchedPage(browser, VIEWPORTS.desktop);
    const { page, requests } = watched;
    await openBoard(watched, `${server.url}/features/${FEATURE}`);
    expect(requests.filter((request) => request.includes('/events?'))).toHaveLength(1);
    // The preloaded board read is the page's first read: the board is fetched once.
    expect(requests.filter((request) => request.endsWith('/board'))).toEqual([
      `GET ${server.url}/v1/features/${FEATURE}/board`,
    ]);
    const afterLoad = requests.length;

    // The page notes when the card changes lane (its own clock: the machine's), and this process
    // notes when the CLI's write lands in the log: the time between is what a person sees.
    await page.evaluate(() => {
      const moves: { lane: string | null; at: number }[] = [];
      (window as { moves?: typeof moves }).moves = moves;
      new MutationObserver(() => {
        const lane = document.querySelector('.card[data-wp="WP05"]')?.getAttribute('data-lane');
        if (moves.at(-1)?.lane !== lane)
          moves.push({ lane, at: performance.timeOrigin + performance.now() });
      }).observe(document.getElementById('app'), {
        subtree: true,
        childList: true,
        attributes: true,
      });
    });
    const written = logGrowth(join(featureDir, 'status.events.jsonl'));
    const { envelope } = await cli(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP05',
      actor: 'claude',
      policy: POLICY,
    });
    expect(envelope.success).toBe(true);
    await cardIn(page, 'WP05', 'in_progress');
    const moves = (await page.evaluate(() => (window as { moves?: unknown }).moves)) as {
      lane: string;
      at: number;
    }[];
    const movedAt = moves.find((move) => move.lane === 'in_progress')?.at ?? Infinity;
    expect(movedAt - written.stop()).toBeLessThan(1_000);

    // Idle for a while: a polling page would show up here.
    await page.waitForTimeout(2_500);
    const since = requests.slice(afterLoad);
    expect(since.length).toBeGreaterThanOrEqual(1);
    for (const request of since)
      expect(request).toBe(`GET ${server.url}/v1/features/${FEATURE}/board`);
    expect(watched.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('shows "reconnecting" when the stream drops, then the true state — changes made meanwhile included', async () => {
    const { root } = sampleProject();
    let server = await start(root);
    const port = server.port;
    const watched = await watchedPage(browser, VIEWPORTS.desktop);
    const { page } = watched;
    await openBoard(watched, `${server.url}/features/${FEATURE}`);
    // Record each change of the link state together with the lane the page shows for WP05.
    await page.evaluate(() => {
      const app = document.getElementById('app') as HTMLElement;
      const log: string[] = [];
      (window as unknown as { linkLog: string[] }).linkLog = log;
      new MutationObserver(() => {
        const entry = `${app.dataset['link']}:${document.querySelector('.card[data-wp="WP05"]')?.getAttribute('data-lane')}`;
        if (log.at(-1) !== entry) log.push(entry);
      }).observe(app, { attributes: true, subtree: true, childList: true });
    });

    await server.close();
    await page.waitForSelector('#app[data-link="reconnecting"]');
    expect(await page.isVisible('.banner')).toBe(true);
    expect(await page.textContent('.banner')).toMatch(/Reconnecting/);
    expect(await page.textContent('.link')).toBe('Reconnecting…');
    await screenshot(page, 'reconnecting-1280x800');

    // Another writer changes the feature while the page cannot hear about it.
    await must(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP05',
      actor: 'claude',
      policy: POLICY,
    });
    expect(await laneOf(page, 'WP05')).toBe('planned');
    server = await start(root, { port });

    await page.waitForSelector('#app[data-link="live"]', { timeout: 20_000 });
    expect(await laneOf(page, 'WP05')).toBe('in_progress');
    expect(await page.isVisible('.banner')).toBe(false);
    const log = await page.evaluate(() => (window as unknown as { linkLog: string[] }).linkLog);
    // Never "live" with the stale lane: the board was re-read before the page said live.
    expect(log).not.toContain('live:planned');
    expect(log.at(-1)).toBe('live:in_progress');

    // And it is really live again.
    await must(root, 'transition', {
      feature: FEATURE,
      wp: 'WP05',
      to: 'blocked',
      actor: 'claude',
      note: 'waiting',
    });
    await cardIn(page, 'WP05', 'blocked', 1_000);
    // The only errors are the refused connections of the event stream while the server was down.
    for (const problem of watched.consoleErrors) {
      expect(problem.text).toMatch(
        /ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/,
      );
      expect(problem.url).toContain(`/v1/features/${FEATURE}/events`);
    }
    expect(watched.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('performs each action of a 1.0 feature (the event is in the log), asks who you are once, and shows a refusal’s message', async () => {
    const { root, featureDir } = sampleProject();
    await toForReview(root, 'feature', 'WP01');
    await must(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP05',
      actor: 'claude',
      policy: POLICY,
    });
    const server = await start(root);
    const watched = await watchedPage(browser, VIEWPORTS.desktop);
    const { page } = watched;
    await openBoard(watched, `${server.url}/features/${FEATURE}`);
    const me = { actor: 'Grace Hopper' };

    const sentBack = await act(page, 'WP01', 'send-back', {
      reference: 'review-1',
      note: 'Tests are missing',
      identity: me,
    });
    expect(sentBack).toMatchObject({ ok: true, askedWho: true });
    expect(await page.textContent('header .who')).toBe('Acting as Grace Hopper');
    expect(lastEvent(featureDir)).toMatchObject({
      wp_id: 'WP01',
      from_lane: 'for_review',
      to_lane: 'in_progress',
      actor: 'Grace Hopper',
      review_ref: 'review-1',
      reason: 'Tests are missing',
      force: false,
      policy_metadata: { orchestrator_id: 'kittyhost-board', approval_mode: 'human' },
    });
    await cardIn(page, 'WP01', 'in_progress');

    await must(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'for_review',
      actor: 'claude',
      note: 'again',
      policy: POLICY,
    });
    await cardIn(page, 'WP01', 'for_review');
    const approved = await act(page, 'WP01', 'approve', {
      reference: 'https://example.invalid/pr/1',
    });
    expect(approved).toMatchObject({ ok: true, askedWho: false });
    expect(lastEvent(featureDir)).toMatchObject({
      wp_id: 'WP01',
      from_lane: 'for_review',
      to_lane: 'done',
      actor: 'Grace Hopper',
      review_ref: 'https://example.invalid/pr/1',
      evidence: {
        review: {
          reviewer: 'Grace Hopper',
          verdict: 'approved',
          reference: 'https://example.invalid/pr/1',
        },
      },
    });
    await cardIn(page, 'WP01', 'done');
    await page.keyboard.press('Escape');

    const steps: [string, string, string][] = [
      ['release', 'planned', 'Agent is stuck'],
      ['block', 'blocked', 'Waiting for the API key rotation'],
      ['unblock', 'in_progress', ''],
      ['cancel', 'canceled', 'Descoped'],
    ];
    for (const [action, lane, note] of steps) {
      const result = await act(page, 'WP05', action, note === '' ? {} : { note });
      expect(result, action).toMatchObject({ ok: true, askedWho: false });
      expect(lastEvent(featureDir), action).toMatchObject({
        wp_id: 'WP05',
        to_lane: lane,
        actor: 'Grace Hopper',
        force: false,
      });
      if (note !== '') expect(lastEvent(featureDir)['reason']).toBe(note);
      await cardIn(page, 'WP05', lane);
    }
    await page.keyboard.press('Escape');
    expect(watched.consoleErrors).toEqual([]);

    // A refusal: the log is damaged behind the board's back; the action shows the envelope's message.
    writeFileSync(
      join(featureDir, 'status.events.jsonl'),
      `${readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8')}{not json\n`,
    );
    const before = readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8');
    const refused = await act(page, 'WP06', 'block', { note: 'no' });
    expect(refused.ok).toBe(false);
    expect(refused.text).toMatch(/^planned → blocked was refused — EVENT_LOG_CORRUPT: .*line \d+/);
    expect(readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8')).toBe(before);
    await screenshot(page, 'refused-1280x800');
    // The browser logs each 500: the refused action's, and the live board's re-read when it
    // noticed the damaged log first (it answers EVENT_LOG_CORRUPT too). Nothing else.
    for (const problem of watched.consoleErrors) {
      expect(problem.text).toMatch(/status of 500/);
      expect([
        `${server.url}/v1/features/${FEATURE}/work-packages/WP06/transition`,
        `${server.url}/v1/features/${FEATURE}/board`,
      ]).toContain(problem.url);
    }
    expect(watched.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('on a 1.3 mission, approve claims the review and leaves in_review with an approved result; send back gives a changes_requested one', async () => {
    const { root, featureDir } = sampleProject();
    const meta = JSON.parse(readFileSync(join(featureDir, 'meta.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(featureDir, 'meta.json'),
      `${JSON.stringify({ ...meta, mission_id: '01M8RB29ABCDEFGHJKMNPQRSTV' }, null, 2)}\n`,
    );
    git(root, 'commit', '-qam', 'mission id');
    await toForReview(root, 'mission', 'WP01');
    await toForReview(root, 'mission', 'WP05');
    const server = await start(root);
    const watched = await watchedPage(browser, VIEWPORTS.desktop);
    const { page } = watched;
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#app[data-ready="list"]');
    expect(await page.getAttribute(`.feature[data-slug="${FEATURE}"] h2 a`, 'href')).toBe(
      `/missions/${FEATURE}`,
    );
    await page.click(`.feature[data-slug="${FEATURE}"] h2 a`);
    await page.waitForSelector('#app[data-ready="board"][data-link="live"]');
    const me = { actor: 'Katherine Johnson' };

    const before = eventLines(featureDir).length;
    expect(
      await act(page, 'WP01', 'approve', { reference: 'review-WP01', identity: me }),
    ).toMatchObject({ ok: true });
    const approvedEvents = eventLines(featureDir).slice(before);
    expect(approvedEvents).toMatchObject([
      {
        wp_id: 'WP01',
        from_lane: 'for_review',
        to_lane: 'in_review',
        actor: 'Katherine Johnson',
        review_ref: 'review-WP01',
        force: false,
      },
      {
        wp_id: 'WP01',
        from_lane: 'in_review',
        to_lane: 'done',
        actor: 'Katherine Johnson',
        force: false,
        review_ref: 'review-WP01',
        review_result: {
          reviewer: 'Katherine Johnson',
          verdict: 'approved',
          reference: 'review-WP01',
        },
        evidence: {
          review: { reviewer: 'Katherine Johnson', verdict: 'approved', reference: 'review-WP01' },
        },
        mission_slug: FEATURE,
      },
    ]);
    await cardIn(page, 'WP01', 'done');
    await page.keyboard.press('Escape');

    const middle = eventLines(featureDir).length;
    expect(
      await act(page, 'WP05', 'send-back', {
        reference: 'feedback-WP05',
        note: 'Rename the module',
      }),
    ).toMatchObject({ ok: true });
    expect(eventLines(featureDir).slice(middle)).toMatchObject([
      { wp_id: 'WP05', from_lane: 'for_review', to_lane: 'in_review' },
      {
        wp_id: 'WP05',
        from_lane: 'in_review',
        to_lane: 'in_progress',
        reason: 'Rename the module',
        review_ref: 'feedback-WP05',
        review_result: {
          reviewer: 'Katherine Johnson',
          verdict: 'changes_requested',
          reference: 'feedback-WP05',
        },
      },
    ]);
    await cardIn(page, 'WP05', 'in_progress');
    // The event moves the card at once; the review result comes with the board read it triggers.
    await page.waitForSelector(
      'section.lane--in_progress .card[data-wp="WP05"] .badge--changes:text("changes requested")',
      { timeout: 5_000 },
    );
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('asks for the token of a server that has one, keeps it out of URLs, and shows the 401’s message for a wrong one', async () => {
    const { root, featureDir } = sampleProject();
    await must(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP05',
      actor: 'claude',
      policy: POLICY,
    });
    const server = await start(root, { token: 's3cret-board-token' });
    const watched = await watchedPage(browser, VIEWPORTS.phone);
    const { page } = watched;
    await openBoard(watched, `${server.url}/features/${FEATURE}`);
    const before = eventLines(featureDir).length;

    const wrong = await act(page, 'WP05', 'block', {
      note: 'hold',
      identity: { actor: 'Ada', token: 'wrong' },
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.text).toMatch(/USAGE_ERROR: This server needs Authorization: Bearer <token>/);
    expect(eventLines(featureDir)).toHaveLength(before);

    // The wrong token was forgotten: sending again asks for it.
    await page.click('form.action-form button[type="submit"]');
    await page.waitForSelector('dialog.identity[open]');
    await page.fill('#identity-token', 's3cret-board-token');
    await page.click('dialog.identity button[type="submit"]');
    await cardIn(page, 'WP05', 'blocked');
    expect(lastEvent(featureDir)).toMatchObject({
      wp_id: 'WP05',
      to_lane: 'blocked',
      actor: 'Ada',
    });

    expect(watched.requests.some((request) => request.includes('s3cret'))).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('kittyhost-board.token'))).toBe(
      's3cret-board-token',
    );
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('s3cret');
    for (const problem of watched.consoleErrors) expect(problem.text).toMatch(/status of 401/);
    await page.context().close();
  });

  it('renders titles, actor names and notes as text: markup shows its characters and no script runs', async () => {
    const hostile: WorkPackageDraft[] = [
      { id: 'WP01', slug: 'img', title: '<img src=x onerror=alert(1)>', dependencies: [] },
      {
        id: 'WP02',
        slug: 'script',
        title: '<script>alert(2)</script> & "quotes"',
        dependencies: ['WP01'],
      },
      { id: 'WP03', slug: 'plain', title: 'Plain', dependencies: [] },
    ];
    const { root, featureDir } = sampleProject({ workPackages: hostile });
    writeFileSync(join(featureDir, 'spec.md'), '# <img src=x onerror=alert(3)> <b>bold</b>\n');
    const actor = '<img src=x onerror=alert(4)>';
    await must(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor,
      policy: POLICY,
    });
    await must(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'for_review',
      actor,
      note: '<svg onload=alert(5)>',
      policy: POLICY,
    });
    await must(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP03',
      actor,
      policy: POLICY,
    });
    const server = await start(root);
    const watched = await watchedPage(browser, VIEWPORTS.desktop);
    const { page } = watched;
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#app[data-ready="list"]');
    expect(await page.textContent('.feature h2 a')).toBe(
      '<img src=x onerror=alert(3)> <b>bold</b>',
    );
    await page.click('.feature h2 a');
    await page.waitForSelector('#app[data-ready="board"][data-link="live"]');
    expect(await page.textContent('.card[data-wp="WP01"] .wp-title')).toBe(
      '<img src=x onerror=alert(1)>',
    );
    expect(await page.textContent('.card[data-wp="WP02"] .wp-title')).toBe(
      '<script>alert(2)</script> & "quotes"',
    );
    expect(await page.textContent('.card[data-wp="WP03"] .holder')).toBe(`held by ${actor}`);
    await page.click('.card-open[data-wp="WP01"]');
    await page.waitForSelector('dialog.details[open]');
    const details = (await page.textContent('dialog.details')) ?? '';
    expect(details).toContain('<svg onload=alert(5)>');
    expect(details).toContain(actor);
    await screenshot(page, 'xss-1280x800');
    expect(
      await page.locator('#app img, #app script, #app svg, #app b, dialog img, dialog svg').count(),
    ).toBe(0);
    expect(watched.dialogs).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('shows each held card’s lease, and an expired one distinctly once it runs out — one board read at the deadline, no polling', async () => {
    const { root } = sampleProject();
    // The project's configuration, so the CLI calls below (the providers) and the server agree.
    mkdirSync(join(root, '.kittify'), { recursive: true });
    writeFileSync(join(root, '.kittify', 'config.yaml'), 'orchestrator_api:\n  claim_ttl: 4s\n');
    const server = await start(root);
    for (const wp of ['WP01', 'WP05'])
      await must(root, 'start-implementation', {
        mission: FEATURE,
        wp,
        actor: `agent-${wp}`,
        policy: POLICY,
      });
    const watched = await watchedPage(browser, VIEWPORTS.desktop);
    const { page, requests } = watched;
    await openBoard(watched, `${server.url}/missions/${FEATURE}`);
    expect(await page.textContent('.card[data-wp="WP01"] .badge--lease')).toMatch(/♥ \d+s/);
    expect(await page.locator('.badge--expired').count()).toBe(0);
    const afterLoad = requests.length;
    // WP05's holder keeps beating (the page cannot see that: heartbeats write no event); WP01's
    // holder is gone.
    let beating = true;
    const beats = (async () => {
      while (beating) {
        await must(root, 'heartbeat', { mission: FEATURE, wp: 'WP05', actor: 'agent-WP05' });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();
    await page.waitForSelector('.card[data-wp="WP01"] .badge--expired', { timeout: 20_000 });
    beating = false;
    await beats;
    expect(await page.textContent('.card[data-wp="WP01"] .badge--expired')).toBe(
      '⌛ lease expired',
    );
    expect(await page.locator('.card[data-wp="WP05"] .badge--expired').count()).toBe(0);
    expect(await page.textContent('.card[data-wp="WP05"] .badge--lease')).toMatch(/♥ \d+s/);
    // What the page asked meanwhile: board reads only (at the leases' deadlines), a few at most.
    const since = requests.slice(afterLoad);
    expect(since.length).toBeGreaterThan(0);
    expect(since.length).toBeLessThanOrEqual(6);
    for (const request of since) expect(request).toMatch(/^GET .*\/board$/);
    await page.click('.card-open[data-wp="WP01"]');
    await page.waitForSelector('dialog.details[open]');
    expect(await page.textContent('dialog.details')).toMatch(
      /Lease\s*expired at \d{4}-\d\d-\d\d [\d:]+ UTC — another agent may take the claim over/,
    );
    await screenshot(page, 'lease-1280x800');
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.context().close();
  });
});
