// Cross-check pythonJsonDumps and serializeEvent against a real CPython on random values.
// The golden strings in src/events/status-event.test.ts pin the format without Python; this test
// widens the net on machines that have python3 (dev machines and CI) and is skipped elsewhere.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, serializeEvent, type StatusEvent } from '../src/events/status-event.js';
import { eventId } from './fixtures.js';

const PYTHON_DUMPS = `
import json, sys
for line in sys.stdin.read().split("\\n"):
    if line:
        print(json.dumps(json.loads(line), sort_keys=True))
`;

const hasPython = spawnSync('python3', ['--version']).status === 0;

/** What CPython writes for each JSON text (one per line). */
function pythonDumps(texts: readonly string[]): string[] {
  const result = spawnSync('python3', ['-c', PYTHON_DUMPS], {
    input: `${texts.join('\n')}\n`,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return result.stdout.split('\n').slice(0, texts.length);
}

const jsonValue = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });

describe.skipIf(!hasPython)('pythonJsonDumps against python3 json.dumps(sort_keys=True)', () => {
  it('writes 2,000 random JSON values byte-for-byte as CPython', () => {
    const values = fc.sample(jsonValue, { numRuns: 2_000, seed: 20261124 });
    // JSON.stringify is the text Python reads; JSON.parse(text) is the value we serialise.
    const texts = values.map((value) => JSON.stringify(value));
    const expected = pythonDumps(texts);
    const mismatches = texts
      .map((text, index) => ({
        text,
        ours: pythonJsonDumps(JSON.parse(text)),
        python: expected[index],
      }))
      .filter((entry) => entry.ours !== entry.python);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('writes 500 random events byte-for-byte as CPython', () => {
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    const event = fc.record({
      event_id: fc.nat().map(eventId),
      feature_slug: text.filter((value) => value !== ''),
      wp_id: fc.nat({ max: 200 }).map((n) => `WP${n}`),
      from_lane: fc.constantFrom('planned', 'claimed', 'in_progress', 'for_review', 'blocked'),
      to_lane: fc.constantFrom('claimed', 'in_progress', 'for_review', 'done', 'canceled'),
      at: fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString()),
      actor: text,
      force: fc.boolean(),
      execution_mode: fc.constantFrom('worktree', 'direct_repo'),
      reason: fc.option(text, { nil: null }),
      review_ref: fc.option(text, { nil: null }),
      evidence: fc.option(fc.dictionary(text, jsonValue), { nil: null }),
      policy_metadata: fc.option(fc.dictionary(text, jsonValue), { nil: null }),
    }) as fc.Arbitrary<StatusEvent>;
    const events = fc.sample(event, { numRuns: 500, seed: 42 });
    const expected = pythonDumps(events.map((value) => JSON.stringify(value)));
    const mismatches = events
      .map((value, index) => ({ ours: serializeEvent(value), python: expected[index] }))
      .filter((entry) => entry.ours !== entry.python);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
