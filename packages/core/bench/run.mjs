// Benchmarks of @kittyhost/core's hot paths. Run after a build: `pnpm --filter @kittyhost/core bench`
// (or `npm run build && node bench/run.mjs` inside packages/core). Prints the median of several runs.
import {
  ALLOWED_TRANSITIONS,
  buildDependencyGraph,
  createIdSource,
  formatEventTimestamp,
  parseEventLog,
  reduceEvents,
  serializeEvent,
  topologicalOrder,
} from '../dist/index.js';

const RUNS = 7;
const EVENT_COUNT = 100_000;
const EVENT_WPS = 1_000;
const GRAPH_WPS = 5_000;
const DEPENDENCIES_PER_WP = 3;

/** A small deterministic PRNG (mulberry32), so every run measures the same input. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const wpId = (index) => `WP${String(index + 1).padStart(2, '0')}`;

/** 100,000 events over 1,000 WPs, each WP walking random allowed (non-terminal) transitions. */
function makeEvents(next) {
  const moves = new Map();
  for (const [from, to] of ALLOWED_TRANSITIONS) {
    if (to === 'done' || to === 'canceled') continue; // keep every WP alive for the whole walk
    moves.set(from, [...(moves.get(from) ?? []), to]);
  }
  const lanes = Array.from({ length: EVENT_WPS }, () => 'planned');
  let clock = Date.parse('2026-02-23T00:00:00Z');
  const ids = createIdSource({ now: () => new Date(clock) });
  const events = [];
  for (let index = 0; index < EVENT_COUNT; index++) {
    const wp = Math.floor(next() * EVENT_WPS);
    const from = lanes[wp];
    const options = moves.get(from);
    const to = options[Math.floor(next() * options.length)];
    lanes[wp] = to;
    clock += 1 + Math.floor(next() * 50);
    const reviewRef = from === 'for_review' && to === 'in_progress' ? `review-${index}` : null;
    events.push({
      event_id: ids.eventId(),
      feature_slug: '001-bench',
      wp_id: wpId(wp),
      from_lane: from,
      to_lane: to,
      at: formatEventTimestamp(new Date(clock), Math.floor(next() * 1000)),
      actor: `agent-${wp % 7}`,
      force: next() < 0.01,
      execution_mode: 'worktree',
      reason: to === 'planned' ? 'back to the queue' : null,
      review_ref: reviewRef,
      evidence: null,
      policy_metadata:
        to === 'claimed'
          ? {
              orchestrator_id: 'bench',
              orchestrator_version: '0.1.0',
              agent_family: 'claude',
              approval_mode: 'auto',
              sandbox_mode: 'workspace',
              network_mode: 'none',
              dangerous_flags: [],
            }
          : null,
    });
  }
  return events;
}

/** 5,000 WPs, each depending on up to 3 random earlier WPs, listed in shuffled order. */
function makeGraphNodes(next) {
  const nodes = Array.from({ length: GRAPH_WPS }, (_, index) => {
    const dependencies = new Set();
    for (let count = 0; count < DEPENDENCIES_PER_WP && index > 0; count++) {
      dependencies.add(wpId(Math.floor(next() * index)));
    }
    return { id: wpId(index), dependencies: [...dependencies] };
  });
  for (let index = nodes.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [nodes[index], nodes[other]] = [nodes[other], nodes[index]];
  }
  return nodes;
}

function median(samples) {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(work) {
  work(); // warm-up: JIT and caches
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function report(label, milliseconds, goal) {
  const figure = milliseconds.toFixed(milliseconds < 10 ? 1 : 0);
  const suffix = goal === undefined ? '(info)' : `(goal < ${goal} ms)`;
  const verdict = goal !== undefined && milliseconds >= goal ? '  OVER GOAL' : '';
  console.log(`core: ${label}: median ${figure} ms ${suffix}${verdict}`);
  return goal === undefined || milliseconds < goal;
}

const next = random(0x6b697474);
const events = makeEvents(next);
const knownWpIds = Array.from({ length: EVENT_WPS }, (_, index) => wpId(index));
const logText = `${events.map(serializeEvent).join('\n')}\n`;
const nodes = makeGraphNodes(next);

let within = true;
within =
  report(
    `reduce ${EVENT_COUNT} events (${EVENT_WPS} WPs)`,
    measure(() => reduceEvents(events, knownWpIds)),
    100,
  ) && within;
within =
  report(
    `build + order a ${GRAPH_WPS}-WP graph (~${DEPENDENCIES_PER_WP} deps each)`,
    measure(() => {
      const graph = buildDependencyGraph(nodes);
      if (graph.isErr()) throw new Error(graph.error.message);
      return topologicalOrder(graph.value);
    }),
    100,
  ) && within;
report(
  `parseEventLog ${EVENT_COUNT} lines (${(logText.length / 1e6).toFixed(1)} MB)`,
  measure(() => {
    const parsed = parseEventLog(logText);
    if (parsed.isErr()) throw new Error(parsed.error.message);
    return parsed.value;
  }),
);
report(
  `serialise ${EVENT_COUNT} events`,
  measure(() => events.map(serializeEvent)),
);
// `node bench/run.mjs --check` fails when a goal is missed (off by default: shared CI machines are noisy).
if (!within && process.argv.includes('--check')) process.exitCode = 1;
