// Generative bad input: hundreds of random argument vectors, over both contract generations and
// our own subcommands. Whatever comes in, the CLI prints
// exactly one envelope with the 7 keys, its exit code agrees with `success`, no stack trace
// reaches stdout, and a failed call leaves the project byte-identical.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { FEATURE, POLICY, call, runAsync, sampleProject, treeFingerprint } from './harness.js';

const SUBCOMMANDS = [
  'contract-version',
  'feature-state',
  'list-ready',
  'start-implementation',
  'start-review',
  'transition',
  'append-history',
  'accept-feature',
  'merge-feature',
  // contract 1.3.0
  'mission-state',
  'resolve-workspace',
  'accept-mission',
  'merge-mission',
  'consolidate-mission',
  // ours
  'heartbeat',
  'list-features',
  'feature-board',
];
const OPTIONS = [
  '--feature',
  '--mission',
  '--wp',
  '--actor',
  '--policy',
  '--review-ref',
  '--to',
  '--note',
  '--force',
  '--evidence-json',
  '--review-result-json',
  '--subtasks-complete',
  '--no-implementation-evidence-present',
  '--target',
  '--strategy',
  '--push',
  '--provider-version',
  '--json',
  '--repo',
];

const value = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    FEATURE,
    'WP01',
    'WP1',
    'wp01',
    'WP01-setup',
    '../../etc',
    '..',
    '/etc/passwd',
    'a/b',
    'a\\b',
    'done',
    'doing',
    'for_review',
    'merge',
    'octopus',
    '0.1.0',
    'x.y.z',
    POLICY,
    '{}',
    '[]',
    'null',
    '{"orchestrator_id":',
    '{"token":"secret"}',
    '-',
    '--',
    '--json',
    '\ud83d\ude00 ünïcode',
    'review-WP01-cycle1-abcd',
    '\n',
    '%s%n',
    '$(rm -rf /)',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.json({ maxDepth: 2 }),
  fc.constant('x'.repeat(20_000)),
);

const option = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(fc.constantFrom(...OPTIONS), value).map(([name, text]) => [name, text]),
  },
  { weight: 1, arbitrary: fc.constantFrom(...OPTIONS).map((name) => [name]) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((text) => [`--${text}`]) },
  { weight: 1, arbitrary: value.map((text) => [text]) },
);

const vector = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...SUBCOMMANDS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      { weight: 1, arbitrary: fc.constant('') },
    ),
    fc.array(option, { maxLength: 7 }),
  )
  .map(([subcommand, options]) =>
    // argv cannot carry NUL bytes: the OS refuses them before we could.
    ['orchestrator-api', ...(subcommand === '' ? [] : [subcommand]), ...options.flat()].map(
      (token) => token.replaceAll('\0', ''),
    ),
  );

it('answers hundreds of random argument vectors with exactly one envelope each', async () => {
  const { root } = sampleProject();
  call(root, 'start-implementation', {
    feature: FEATURE,
    wp: 'WP01',
    actor: 'claude',
    policy: POLICY,
  });
  const vectors = fc.sample(vector, { numRuns: 210, seed: 20261124 });
  let failures = 0;
  for (let index = 0; index < vectors.length; index += 3) {
    const batch = vectors.slice(index, index + 3);
    // Sequential batches of 3 keep fingerprints meaningful: compare only when every call of a batch failed.
    const before = treeFingerprint(root);
    const results = await Promise.all(batch.map((args) => runAsync(root, args as string[])));
    for (const [position, result] of results.entries()) {
      const args = JSON.stringify(batch[position]).slice(0, 300);
      expect(result.status === 0, `exit ${result.status} for ${args}`).toBe(
        result.envelope.success,
      );
      expect(result.envelope.command, args).toMatch(/^orchestrator-api(\.[a-z-]+)?$/);
      if (!result.envelope.success) {
        expect(typeof result.envelope.error_code, args).toBe('string');
        expect(typeof result.envelope.data['message'], args).toBe('string');
        expect(result.envelope.error_code, args).not.toBe('INTERNAL_ERROR');
      }
      expect(result.stdout, args).not.toMatch(/\bat .*\.m?js:\d+/);
    }
    if (results.every((result) => !result.envelope.success)) {
      failures += batch.length;
      expect(treeFingerprint(root), JSON.stringify(batch).slice(0, 500)).toEqual(before);
    }
  }
  expect(failures).toBeGreaterThan(100);
}, 300_000);
