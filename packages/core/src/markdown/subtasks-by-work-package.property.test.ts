import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { countSubtasks, countSubtasksByWorkPackage } from './subtasks.js';

const IDS = ['WP01', 'WP02', 'WP03', 'WP10'];

/** tasks.md-like texts: headings of every level naming WPs (or not), boxes, prose, fences. */
const line = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(...IDS, 'Notes'),
      fc.constantFrom('', ' (after WP01)'),
    )
    .map(([level, name, tail]) => `${'#'.repeat(level)} ${name}${tail}`),
  fc
    .tuple(fc.constantFrom('-', '*', '  -'), fc.constantFrom('[ ]', '[x]', '[X]'), fc.nat(99))
    .map(([bullet, box, n]) => `${bullet} ${box} T${String(n).padStart(3, '0')} work`),
  fc.constantFrom('', 'prose', '```', '~~~'),
);

describe('countSubtasksByWorkPackage', () => {
  test.prop([fc.array(line, { maxLength: 40 })])(
    'answers what countSubtasks answers for each id',
    (lines) => {
      const text = lines.join('\n');
      const all = countSubtasksByWorkPackage(text, [...IDS, 'WP99']);
      for (const id of [...IDS, 'WP99']) expect(all[id]).toEqual(countSubtasks(text, id));
    },
  );

  it('reads one section per WP, the first one', () => {
    expect(
      countSubtasksByWorkPackage('## WP01\n- [x] T1\n## WP01 again\n- [ ] T2\n', ['WP01']),
    ).toEqual({
      WP01: { checked: 1, unchecked: 0, items: [{ id: 'T1', checked: true }] },
    });
  });
});
