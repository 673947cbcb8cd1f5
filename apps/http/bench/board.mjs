// Benchmarks of the web board, called by run.mjs (same run as the other figures):
//   1. GET /v1/features with 50 features × 20 WPs (requests/s and latency);
//   2. /features/{S} first load to rendered board for a 100-WP feature, measured in the browser
//      (navigation start → the board is in the DOM and the next frame has been painted), each load
//      in a fresh browser context (nothing cached) — goal ≤ 300 ms;
//   3. a CLI mutation (another process) → the card moved in the browser — goal ≤ 500 ms median,
//      measured from the event's own `at` (when the CLI wrote it) and, for comparison, from the
//      CLI process's spawn and exit.
/* global document, window, MutationObserver, requestAnimationFrame -- the functions given to the page run there */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { SAMPLE_FEATURE, SAMPLE_POLICY, createSampleProject } from '@kittyhost/sample-project';

const CLI = fileURLToPath(new URL('../../cli/dist/spec-kitty.mjs', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LANES_1_0 = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'done',
  'blocked',
  'canceled',
];

const number = (value) => Math.round(value).toLocaleString('en-US');
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (value) => `${value.toFixed(0)} ms`;

function workPackages(count) {
  return Array.from({ length: count }, (_, index) => ({
    id: `WP${String(index + 1).padStart(3, '0')}`,
    slug: 'task',
    title: `Task ${index + 1} of the benchmark feature`,
    dependencies: index % 5 === 4 ? [`WP${String(index).padStart(3, '0')}`] : [],
  }));
}

function runCli(root, args) {
  return new Promise((resolve, reject) => {
    const spawned = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, spawned, exited: performance.now() }));
  });
}

/** Spread a feature's WPs over the lanes (forced: this is the bench's setup). */
async function spread(post, url, slug, ids) {
  for (const [index, id] of ids.entries()) {
    const lane = LANES_1_0[index % LANES_1_0.length];
    if (lane === 'planned') continue;
    const { status, envelope } = await post(
      `${url}/v1/features/${slug}/work-packages/${id}/transition`,
      {
        to: lane,
        actor: `agent-${index % 4}`,
        note: 'bench setup',
        force: true,
        policy: SAMPLE_POLICY,
      },
    );
    if (status !== 200)
      throw new Error(`setup of ${slug}/${id} failed: ${JSON.stringify(envelope)}`);
  }
}

/** Polls a file's size every millisecond; `stop()` gives the time (epoch ms) it first grew. */
function logGrowth(path) {
  const size = () => {
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

/** Records, in the page, each card's lane changes with the time (epoch ms). */
const RECORD_MOVES = () => {
  const lanes = new Map();
  window.__moves = [];
  window.__since = 0;
  new MutationObserver(() => {
    for (const card of document.querySelectorAll('.card')) {
      const wp = card.getAttribute('data-wp');
      const lane = card.getAttribute('data-lane');
      if (lanes.get(wp) !== lane) {
        lanes.set(wp, lane);
        window.__moves.push({ wp, lane, at: performance.timeOrigin + performance.now() });
      }
    }
  }).observe(document.getElementById('app'), { subtree: true, childList: true });
};

async function benchListing({ startServer, stopServer, post }) {
  const root = mkdtempSync(join(tmpdir(), 'kittyhost-board-bench-'));
  const wps = workPackages(20);
  for (let index = 1; index <= 50; index += 1)
    createSampleProject(root, {
      feature: `${String(index).padStart(3, '0')}-feature-${index}`,
      workPackages: wps,
    });
  const { child, url } = await startServer(root);
  try {
    for (let index = 1; index <= 50; index += 1)
      await spread(
        post,
        url,
        `${String(index).padStart(3, '0')}-feature-${index}`,
        wps.slice(0, 7).map((wp) => wp.id),
      );
    const target = `${url}/v1/features`;
    const first = await (await fetch(target)).json();
    if (first.data.features.length !== 50) throw new Error('the listing does not hold 50 features');
    await autocannon({ url: target, connections: 4, duration: 2 }); // warm-up
    const result = await autocannon({ url: target, connections: 4, duration: 5 });
    const failed = result.non2xx + result.errors + result.timeouts;
    console.log(
      `board     GET /v1/features (50 features × 20 WPs, 300 events): ${number(result.requests.average)} requests/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (5 s, 4 connections, ${failed} failures)`,
    );
    return failed === 0;
  } finally {
    await stopServer(child);
    rmSync(root, { recursive: true, force: true });
  }
}

/** Records, in the page, when the board is first in the DOM and painted (ms since navigation start). */
const RECORD_RENDERED = () => {
  new MutationObserver((_records, observer) => {
    const app = document.getElementById('app');
    if (app?.dataset.ready === 'board') {
      observer.disconnect();
      const inDom = performance.now();
      requestAnimationFrame(() => {
        window.__boardRendered = { inDom, painted: performance.now() };
      });
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
};

async function benchBrowser(tools) {
  if (!existsSync(CHROMIUM)) {
    console.log(
      `board     browser figures NOT MEASURED: ${CHROMIUM} is missing (apt-get install -y chromium)`,
    );
    return false;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const goals = await measureInBrowser(browser, tools, 100, true);
    // The same on a 6-WP feature, for comparison: the page's own cost when the board read is cheap.
    await measureInBrowser(browser, tools, 6, false);
    return goals;
  } finally {
    await browser.close();
  }
}

/** First loads and CLI mutations → moved cards on a feature of `count` WPs spread over the lanes. */
async function measureInBrowser(browser, { startServer, stopServer, post }, count, judged) {
  const root = mkdtempSync(join(tmpdir(), 'kittyhost-board-bench-'));
  const wps = workPackages(count);
  const { featureDir } = createSampleProject(root, { workPackages: wps });
  const { child, url } = await startServer(root);
  const verdict = (met, goal) =>
    judged ? ` — goal ${goal}: ${met ? 'MET' : 'NOT MET'}` : ' (for comparison)';
  let ok = true;
  try {
    await spread(
      post,
      url,
      SAMPLE_FEATURE,
      wps.map((wp) => wp.id),
    );
    const pageUrl = `${url}/features/${SAMPLE_FEATURE}`;

    // 2. First load, each in a fresh context (no cache): 3 warm-ups (the server's JIT), 20 measured.
    const painted = [];
    const inDom = [];
    const boardReads = [];
    for (let run = 0; run < 23; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(RECORD_RENDERED);
      const page = await context.newPage();
      await page.goto(pageUrl);
      const times = await (await page.waitForFunction(() => window.__boardRendered)).jsonValue();
      const boardRead = await page.evaluate(
        () =>
          performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/board'))
            ?.duration ?? 0,
      );
      const cards = await page.locator('.card').count();
      if (cards !== count) throw new Error(`the board shows ${cards} cards, not ${count}`);
      if (run >= 3) {
        painted.push(times.painted);
        inDom.push(times.inDom);
        boardReads.push(boardRead);
      }
      await context.close();
    }
    const firstLoadMedian = quantile(painted, 0.5);
    const loadMet = firstLoadMedian <= 300;
    ok &&= loadMet;
    console.log(
      `board     /features/{S} first load to rendered board, ${count} WPs, fresh context each (20 loads): painted median ${ms(firstLoadMedian)}, p95 ${ms(quantile(painted, 0.95))}, max ${ms(Math.max(...painted))}; in the DOM median ${ms(quantile(inDom, 0.5))}, of which the board JSON read (GET …/board) median ${ms(quantile(boardReads, 0.5))}${verdict(loadMet, '<= 300 ms')}`,
    );

    // 3. CLI mutation → card moved, on the same live page: toggle WPs blocked <-> in_progress.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const requests = [];
    await page.goto(pageUrl);
    await page.waitForSelector('#app[data-ready="board"][data-link="live"]');
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    await page.evaluate(RECORD_MOVES);
    const toggled = wps
      .filter((_wp, index) => LANES_1_0[index % LANES_1_0.length] === 'blocked')
      .map((wp) => wp.id);
    const lanes = new Map(toggled.map((id) => [id, 'blocked']));
    const fromWrite = [];
    const fromSpawn = [];
    const fromExit = [];
    const readTimes = [];
    const rereadDone = [];
    for (let run = 0; run < 20; run += 1) {
      const id = toggled[run % toggled.length];
      const to = lanes.get(id) === 'blocked' ? 'in_progress' : 'blocked';
      lanes.set(id, to);
      const args = [
        'orchestrator-api',
        'transition',
        '--feature',
        SAMPLE_FEATURE,
        '--wp',
        id,
        '--to',
        to,
        '--actor',
        'bench',
        '--note',
        'toggle',
        '--policy',
        JSON.stringify(SAMPLE_POLICY),
      ];
      const written = logGrowth(join(featureDir, 'status.events.jsonl'));
      const { status, stdout, spawned, exited } = await runCli(root, args);
      if (status !== 0) throw new Error(`CLI failed: ${stdout}`);
      await page.waitForSelector(`section.lane--${to} .card[data-wp="${id}"]`, { timeout: 10_000 });
      const grewAt = written.stop();
      // When the page's DOM had the card in its new lane (epoch ms, the machine's clock): the
      // page's own record, not when this process's polling of the page noticed it.
      const movedAt = await page.evaluate(
        ([wp, lane]) =>
          window.__moves.find(
            (move) => move.wp === wp && move.lane === lane && move.at > window.__since,
          )?.at,
        [id, to],
      );
      const since = await page.evaluate(
        () => (window.__since = performance.timeOrigin + performance.now()),
      );
      if (movedAt === undefined || since === undefined)
        throw new Error('the page recorded no move');
      const wallOffset = Date.now() - performance.now();
      fromWrite.push(movedAt - grewAt);
      fromSpawn.push(movedAt - (spawned + wallOffset));
      fromExit.push(movedAt - (exited + wallOffset));
      // The board re-read the event triggered: when its answer was in.
      const reread = await (
        await page.waitForFunction((after) => {
          const entry = performance
            .getEntriesByType('resource')
            .find(
              (candidate) =>
                candidate.name.endsWith('/board') &&
                performance.timeOrigin + candidate.startTime > after &&
                candidate.responseEnd > 0,
            );
          return entry === undefined
            ? false
            : { end: performance.timeOrigin + entry.responseEnd, duration: entry.duration };
        }, grewAt)
      ).jsonValue();
      readTimes.push(reread.duration);
      rereadDone.push(reread.end - grewAt);
    }
    const onlyBoardReads = requests.every(
      (request) => request === `GET ${url}/v1/features/${SAMPLE_FEATURE}/board`,
    );
    const movedMedian = quantile(fromWrite, 0.5);
    const movedMet = movedMedian <= 500 && onlyBoardReads;
    ok &&= movedMet;
    console.log(
      `board     CLI mutation -> card moved in the browser (${count} WPs, 20 mutations): from the write (the log grew) to the card in its new lane in the page's DOM median ${ms(movedMedian)}, p95 ${ms(quantile(fromWrite, 0.95))}; from the CLI's exit median ${ms(quantile(fromExit, 0.5))}; from its spawn median ${ms(quantile(fromSpawn, 0.5))}; the board re-read it triggers answered after median ${ms(quantile(rereadDone, 0.5))} (taking ${ms(quantile(readTimes, 0.5))}); ` +
        `${requests.length} requests meanwhile, ${onlyBoardReads ? 'all board reads triggered by events' : 'SOME NOT BOARD READS'}${verdict(movedMet, '<= 500 ms median')}`,
    );
    await context.close();
    return ok;
  } finally {
    await stopServer(child);
    rmSync(root, { recursive: true, force: true });
  }
}

/** Run the board's benchmarks; resolves with whether every goal was met. */
export async function benchBoard(tools) {
  const listing = await benchListing(tools);
  const browser = await benchBrowser(tools);
  return listing && browser;
}
