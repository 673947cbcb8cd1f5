import { describe, expect, it } from 'vitest';
import { countSubtasks } from './subtasks.js';

const unchecked = (id: string | null = null) => ({ id, checked: false });
const checked = (id: string | null = null) => ({ id, checked: true });

describe('countSubtasks', () => {
  it('counts -, * and + boxes, checked with x or X, indented or not', () => {
    const text =
      '## WP01\n- [ ] a\n* [x] b\n+ [X] c\n    - [ ] d\n- [] not a box\n- [y] not a box\n';
    expect(countSubtasks(text, 'WP01')).toEqual({
      checked: 2,
      unchecked: 2,
      items: [unchecked(), checked(), checked(), unchecked()],
    });
  });

  it('answers an empty count for a section without boxes, and null without a section', () => {
    expect(countSubtasks('## WP01 Setup\nProse only.\n## WP02\n- [ ] x\n', 'WP01')).toEqual({
      checked: 0,
      unchecked: 0,
      items: [],
    });
    expect(countSubtasks('# WP01 is a level-1 heading\n- [ ] x\n', 'WP01')).toBeNull();
    expect(countSubtasks('#### WP01 is too deep\n- [ ] x\n', 'WP01')).toBeNull();
  });

  it('ends the section at a level-1 heading and at another WP heading nested deeper', () => {
    expect(countSubtasks('## WP01\n- [ ] a\n# Appendix\n- [ ] b\n', 'WP01')).toEqual({
      checked: 0,
      unchecked: 1,
      items: [unchecked()],
    });
    expect(countSubtasks('## WP01\n- [ ] a\n### WP02\n- [ ] b\n', 'WP01')).toEqual({
      checked: 0,
      unchecked: 1,
      items: [unchecked()],
    });
  });

  it('matches the id as a whole word, the first id of the heading', () => {
    const text =
      '## WP010 Other\n- [ ] a\n## WP02 (after WP01)\n- [ ] b\n## Work package WP01: x ##\n- [x] c\n';
    expect(countSubtasks(text, 'WP01')).toEqual({ checked: 1, unchecked: 0, items: [checked()] });
    expect(countSubtasks(text, 'WP010')).toEqual({
      checked: 0,
      unchecked: 1,
      items: [unchecked()],
    });
  });

  it('names each box by the first T<digits> word after it, in order', () => {
    const text = [
      '## WP01 Greeting module',
      '- [x] T001 Write greet()',
      '- [ ] **T002**: test greet (after T001)',
      '  - [X] T0031 nested',
      '- [ ] no id, only XT004 and T5x',
      '- [ ] `T006`',
      '```',
      '- [ ] T007 in a fence',
      '```',
      '## WP02',
      '- [ ] T008',
    ].join('\n');
    expect(countSubtasks(text, 'WP01')).toEqual({
      checked: 2,
      unchecked: 3,
      items: [checked('T001'), unchecked('T002'), checked('T0031'), unchecked(), unchecked('T006')],
    });
  });
});
