// Benchmark of the built spec-kitty-http: list-ready reads per second (goal >= 10,000) and
// transition mutations per second (goal >= 500), with a check that every 200 answer appended
// exactly one event; then the web board's figures (bench/board.mjs). Run after `build`:
// `node bench/run.mjs [--duration 10] [--connections 10] [--only board]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SAMPLE_FEATURE, SAMPLE_POLICY, createSampleProject } from '@kittyhost/sample-project';
import { benchBoard } from './board.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'mutation-duration': { type: 'string', default: '10' },
    'mutation-connections': { type: 'string', default: '8' },
    wps: { type: 'string', default: '16' },
    only: { type: 'string' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const mutationDuration = Number(values['mutation-duration']);
const mutationConnections = Number(values['mutation-connections']);
const SERVER = fileURLToPath(new URL('../dist/spec-kitty-http.mjs', import.meta.url));
const number = (value) => Math.round(value).toLocaleString('en-US');

function startServer(root, extraArgs = []) {
  // KITTYHOST_BENCH_NODE_ARGS (e.g. "--cpu-prof") goes to the server's node, for profiling.
  const nodeArgs = (process.env.KITTYHOST_BENCH_NODE_ARGS ?? '')
    .split(' ')
    .filter((arg) => arg !== '');
  const child = spawn(
    process.execPath,
    [...nodeArgs, SERVER, '--repo', root, '--port', '0', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
}

function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, envelope: await response.json() };
}

const eventLines = (featureDir) =>
  readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

async function benchReads(cached) {
  const root = mkdtempSync(join(tmpdir(), 'kittyhost-http-bench-'));
  createSampleProject(root);
  const { child, url } = await startServer(root, cached ? [] : ['--no-query-cache']);
  try {
    const target = `${url}/v1/features/${SAMPLE_FEATURE}/ready`;
    await autocannon({ url: target, connections, duration: 2 }); // warm-up (JIT, cache)
    const result = await autocannon({ url: target, connections, duration });
    const ok = result['2xx'];
    const failed = result.non2xx + result.errors + result.timeouts;
    const perSecond = result.requests.average;
    const goal = cached
      ? ` — goal >= 10,000/s: ${perSecond >= 10_000 && failed === 0 ? 'MET' : 'NOT MET'}`
      : ' (for comparison)';
    console.log(
      `reads     GET list-ready${cached ? '' : ' without the query cache'}: ${number(perSecond)} requests/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms ` +
        `(${duration} s, ${connections} connections, ${number(ok)} answers, ${failed} failures)${goal}`,
    );
    return failed === 0;
  } finally {
    await stopServer(child);
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchMutations() {
  const count = Math.max(Number(values.wps), mutationConnections);
  const workPackages = Array.from({ length: count }, (_, index) => ({
    id: `WP${String(index + 1).padStart(3, '0')}`,
    slug: 'w',
    title: `W${index + 1}`,
    dependencies: [],
  }));
  const root = mkdtempSync(join(tmpdir(), 'kittyhost-http-bench-'));
  const { featureDir } = createSampleProject(root, { workPackages });
  const { child, url } = await startServer(root);
  try {
    const base = `${url}/v1/features/${SAMPLE_FEATURE}/work-packages`;
    // Every WP starts blocked; the bench toggles blocked <-> in_progress, each request valid for its WP.
    for (const { id } of workPackages) {
      const { status } = await post(`${base}/${id}/transition`, {
        to: 'blocked',
        actor: 'bench',
        note: 'setup',
      });
      if (status !== 200) throw new Error(`setup of ${id} failed: ${status}`);
    }
    const before = eventLines(featureDir).length;
    const lanes = new Map(workPackages.map(({ id }) => [id, 'blocked']));
    let sent = 0;
    let answered = 0;
    const free = workPackages.map(({ id }) => id);
    const policy = JSON.stringify(SAMPLE_POLICY);
    const result = await autocannon({
      url,
      connections: mutationConnections,
      duration: mutationDuration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request, context) => {
            const wp = free.shift();
            context.wp = wp;
            sent += 1;
            const body =
              lanes.get(wp) === 'blocked'
                ? `{"to":"in_progress","actor":"bench","policy":${policy}}`
                : `{"to":"blocked","actor":"bench","note":"toggle"}`;
            return {
              ...request,
              path: `/v1/features/${SAMPLE_FEATURE}/work-packages/${wp}/transition`,
              headers: { 'content-type': 'application/json' },
              body,
            };
          },
          onResponse: (status, body, context) => {
            answered += 1;
            if (status === 200) lanes.set(context.wp, JSON.parse(body).data.to_lane);
            free.push(context.wp);
          },
        },
      ],
    });
    // autocannon stops at the deadline with requests still running in the server: a graceful
    // shutdown lets them finish before the files are counted. Their answers were never read, so
    // each of them may or may not have appended its event.
    await stopServer(child);
    const abandoned = sent - answered;
    const after = eventLines(featureDir);
    const appended = after.length - before;
    const ok = result['2xx'];
    const failed = result.non2xx + result.errors + result.timeouts;
    const unique = new Set(after.map((event) => event.event_id)).size === after.length;
    const snapshot = JSON.parse(readFileSync(join(featureDir, 'status.json'), 'utf8'));
    const consistent =
      appended >= ok &&
      appended <= ok + abandoned &&
      unique &&
      snapshot.event_count === after.length;
    const perSecond = ok / mutationDuration;
    console.log(
      `mutations POST transition (blocked <-> in_progress on ${count} WPs): ${number(perSecond)} mutations/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms ` +
        `(${mutationDuration} s, ${mutationConnections} connections, ${failed} failures) — goal >= 500/s: ${perSecond >= 500 && failed === 0 ? 'MET' : 'NOT MET'}`,
    );
    console.log(
      `mutations check: ${number(ok)} answers 200 (+${abandoned} cut off by the deadline), ${number(appended)} events appended, ids unique: ${unique}, status.json event_count ${number(snapshot.event_count)} of ${number(after.length)} lines — ${consistent ? 'no event lost' : 'MISMATCH'}`,
    );
    return consistent && failed === 0;
  } finally {
    await stopServer(child);
    rmSync(root, { recursive: true, force: true });
  }
}

/** Heartbeats with leases on: every provider sends one per held WP every TTL/3. */
async function benchHeartbeats() {
  const count = mutationConnections;
  const workPackages = Array.from({ length: count }, (_, index) => ({
    id: `WP${String(index + 1).padStart(3, '0')}`,
    slug: 'w',
    title: `W${index + 1}`,
    dependencies: [],
  }));
  const root = mkdtempSync(join(tmpdir(), 'kittyhost-http-bench-'));
  const { featureDir } = createSampleProject(root, { workPackages });
  const { child, url } = await startServer(root, ['--claim-ttl', '30m']);
  try {
    const base = `${url}/v1/missions/${SAMPLE_FEATURE}/work-packages`;
    for (const { id } of workPackages) {
      const { status } = await post(`${base}/${id}/start-implementation`, {
        actor: `agent-${id}`,
        policy: SAMPLE_POLICY,
      });
      if (status !== 200) throw new Error(`claim of ${id} failed: ${status}`);
    }
    const events = eventLines(featureDir).length;
    let next = 0;
    const result = await autocannon({
      url,
      connections: mutationConnections,
      duration: mutationDuration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const { id } = workPackages[next++ % count];
            return {
              ...request,
              path: `/v1/missions/${SAMPLE_FEATURE}/work-packages/${id}/heartbeat`,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ actor: `agent-${id}` }),
            };
          },
        },
      ],
    });
    const failed = result.non2xx + result.errors + result.timeouts;
    const quiet = eventLines(featureDir).length === events;
    console.log(
      `leases    POST heartbeat (${count} held WPs, --claim-ttl 30m): ${number(result['2xx'] / mutationDuration)} heartbeats/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms ` +
        `(${mutationDuration} s, ${mutationConnections} connections, ${failed} failures); status log untouched: ${quiet}`,
    );
    return failed === 0 && quiet;
  } finally {
    await stopServer(child);
    rmSync(root, { recursive: true, force: true });
  }
}

// `--only board` (or `--only heartbeat`) runs those figures alone (while working on them).
const all = values.only === undefined;
const readsOk = all ? await benchReads(true) : true;
if (all) await benchReads(false);
const mutationsOk = all ? await benchMutations() : true;
const heartbeatsOk = all || values.only === 'heartbeat' ? await benchHeartbeats() : true;
const boardOk =
  all || values.only === 'board' ? await benchBoard({ startServer, stopServer, post }) : true;
process.exitCode = readsOk && mutationsOk && heartbeatsOk && boardOk ? 0 : 1;
