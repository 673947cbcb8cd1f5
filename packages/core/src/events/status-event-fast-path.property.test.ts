// parseEventLine checks the common shape of a line by hand before falling back to the zod schema.
// These properties pin that the fast path never changes the answer: same acceptance, same value.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { makeEvent } from '../../test/fixtures.js';
import { parseEventLine, statusEventSchema } from './status-event.js';

// Every field of a lane line, 1.3's optional ones included.
const FIELDS = [...Object.keys(makeEvent()), 'mission_slug', 'mission_id', 'review_result'];

/** Values that sit on either side of some field's rule. */
const tricky = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  1.5,
  '',
  ' ',
  'x',
  'WP01',
  'wp01',
  'WP01 ',
  'WP',
  '01HV0000000000000000000000',
  '01HV000000000000000000000I',
  '01hv0000000000000000000000',
  'planned',
  ' Planned ',
  'DOING',
  'doing',
  'in_progress',
  'constructor',
  '__proto__',
  'toString',
  'worktree',
  'direct_repo',
  'Worktree',
  '2026-02-23T18:03:22.152177+00:00',
  '2026-02-23',
  '2026-02-30T00:00:00Z',
  '2026-02-23T18:03:22+02:',
  'yesterday',
  [],
  ['a'],
  {},
  { review: { reviewer: 'r' } },
  JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown,
  { constructor: 'x' },
  'genesis',
  'in_review',
  'demo-01M8RB29',
  { role: 'r', profile: null, tool: 't', model: null },
  { role: 'r', profile: null, tool: 't' },
  { reviewer: 'r', verdict: 'approved', reference: 'x' },
  { reviewer: 'r', verdict: 'changes_requested', reference: 'x', feedback_path: null },
  { reviewer: 'r', verdict: 'changes_requested', reference: 'x', feedback_path: 'f.md' },
  { reviewer: 'r', verdict: 'maybe', reference: 'x' },
);

/**
 * What parseEventLine must return for a line the schema accepts: the schema's value, minus a
 * `null` mission_id, review_result or feedback_path (the original reads those as absent).
 */
function normalised(data: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if ((key === 'mission_id' || key === 'review_result') && value === null) continue;
    if (key === 'review_result' && typeof value === 'object' && value !== null) {
      const { feedback_path: path, ...rest } = value as Record<string, unknown>;
      result[key] = path === null || path === undefined ? rest : { ...rest, feedback_path: path };
      continue;
    }
    result[key] = value;
  }
  return result;
}

const mutation = fc.record({
  field: fc.constantFrom(...FIELDS, 'extra_field'),
  value: tricky,
  drop: fc.boolean(),
});

describe('parseEventLine fast path', () => {
  test.prop([fc.array(mutation, { maxLength: 3 })], { numRuns: 3000 })(
    'accepts exactly what statusEventSchema accepts, with the same value',
    (mutations) => {
      const raw: Record<string, unknown> = { ...makeEvent() };
      for (const { field, value, drop } of mutations) {
        if (drop && field !== 'extra_field') delete raw[field];
        else raw[field] = value;
      }
      const line = JSON.stringify(raw);
      const viaSchema = statusEventSchema.safeParse(JSON.parse(line));
      const parsed = parseEventLine(line, 7);
      expect(parsed.isOk()).toBe(viaSchema.success);
      if (parsed.isOk() && viaSchema.success) {
        const expected = normalised(viaSchema.data);
        expect(parsed.value).toStrictEqual(expected);
        expect(Object.keys(parsed.value ?? {})).toEqual(Object.keys(expected));
      }
      if (parsed.isErr()) expect(parsed.error.details).toEqual({ line: 7 });
    },
  );

  test.prop([fc.jsonValue()], { numRuns: 1000 })('agrees on arbitrary JSON', (value) => {
    const line = JSON.stringify(value) ?? 'null';
    expect(parseEventLine(line, 1).isOk()).toBe(
      statusEventSchema.safeParse(JSON.parse(line)).success,
    );
  });
});
