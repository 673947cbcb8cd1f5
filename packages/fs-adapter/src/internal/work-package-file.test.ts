import type { Result } from 'neverthrow';
import * as yaml from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '@kittyhost/core';
import {
  parseWorkPackageFile,
  WORK_PACKAGE_FILE,
  type WorkPackageFields,
} from './work-package-file.js';

const parse = (text: string, id = 'WP01') =>
  parseWorkPackageFile('tasks/WP01.md', id, text, yaml) as Result<WorkPackageFields, string>;

describe('WORK_PACKAGE_FILE', () => {
  it('accepts WP<digits>.md and WP<digits>-<anything>.md only', () => {
    const names = ['WP01.md', 'WP7.md', 'WP007-x.md', 'WP12-a.b.md', 'WP1-.md'];
    expect(names.map((name) => WORK_PACKAGE_FILE.exec(name)?.[1])).toEqual([
      'WP01',
      'WP7',
      'WP007',
      'WP12',
      'WP1',
    ]);
    for (const name of [
      'wp01.md',
      'WP.md',
      'WP01_x.md',
      'WP01x.md',
      'WP01.md.bak',
      'WP01.MD',
      'README.md',
      'XWP01.md',
    ]) {
      expect(WORK_PACKAGE_FILE.test(name), name).toBe(false);
    }
  });
});

describe('splitFrontmatter', () => {
  it('finds the fences with a BOM, CRLF and trailing spaces', () => {
    const text = '\uFEFF---  \r\ntitle: x\r\n--- \r\nbody';
    expect(splitFrontmatter(text)).toEqual({
      kind: 'closed',
      yaml: 'title: x\r\n',
      bodyStart: text.indexOf('body'),
    });
  });

  it('tells a file without frontmatter from an unclosed one', () => {
    expect(splitFrontmatter('# Title\n---\n')).toEqual({ kind: 'none' });
    expect(splitFrontmatter('----\n---\n')).toEqual({ kind: 'none' });
    expect(splitFrontmatter('---\ntitle: x\n')).toEqual({ kind: 'unclosed' });
  });
});

describe('parseWorkPackageFile', () => {
  it('reads block and flow lists, plain and quoted titles, and ignores other fields', () => {
    const text = [
      '---',
      '# a comment',
      'work_package_id: WP01',
      "title: 'Setup: the repo'",
      'lane: planned',
      'subtasks: [T001, T002]',
      'dependencies:',
      '  - WP02',
      '  - "WP10"',
      '---',
      'body',
    ].join('\n');
    expect(parse(text)._unsafeUnwrap()).toEqual({
      title: 'Setup: the repo',
      dependencies: ['WP02', 'WP10'],
      subtasks: ['T001', 'T002'],
    });
  });

  // The frontmatter spec-kitty 3.2.6rc3 writes (coord-3wp fixture, tasks/WP02-farewell-module.md).
  const SPEC_KITTY_FRONTMATTER = [
    '---',
    'work_package_id: WP02',
    'title: Farewell module',
    'dependencies:',
    '- WP01',
    'requirement_refs:',
    '- FR-002',
    'planning_base_branch: feat/coord-3wp',
    'subtasks:',
    '- T003',
    '- T004',
    'history:',
    "- at: '2026-12-01T00:00:00Z'",
    '  actor: system',
    '  action: Prompt generated via /spec-kitty.tasks',
    "agent_profile: ''",
    'execution_mode: code_change',
    'owned_files:',
    '- src/demo/farewell.py',
    'tracker_refs: []',
    '---',
    '',
    '# Work Package Prompt: WP02 – Farewell module',
    '',
  ].join('\n');

  it("reads the subtask roster of spec-kitty's own frontmatter", () => {
    expect(parse(SPEC_KITTY_FRONTMATTER, 'WP02')._unsafeUnwrap()).toEqual({
      title: 'Farewell module',
      dependencies: ['WP01'],
      subtasks: ['T003', 'T004'],
    });
    const simple = parseWorkPackageFile('tasks/WP02.md', 'WP02', SPEC_KITTY_FRONTMATTER);
    if (simple !== undefined) expect(simple).toEqual(parse(SPEC_KITTY_FRONTMATTER, 'WP02'));
  });

  it('tells no roster (no subtasks key, or not a list) from an empty one', () => {
    expect(parse('---\ntitle: x\n---\n')._unsafeUnwrap()).not.toHaveProperty('subtasks');
    expect(parse('---\nsubtasks: T001\n---\n')._unsafeUnwrap()).not.toHaveProperty('subtasks');
    expect(parse('---\nsubtasks: []\n---\n')._unsafeUnwrap()).toHaveProperty('subtasks', []);
    expect(
      parse('---\nsubtasks:\n- id: T001\n  title: a\n- T002\n---\n')._unsafeUnwrap().subtasks,
    ).toEqual(['T001', 'T002']);
  });

  it('writes scalar titles as text and treats non-list dependencies as none', () => {
    expect(parse('---\ntitle: 42\ndependencies: WP02\n---\n')._unsafeUnwrap()).toEqual({
      title: '42',
      dependencies: [],
    });
    expect(parse('---\ntitle: [a]\ndependencies: {WP02: true}\n---\n')._unsafeUnwrap()).toEqual({
      title: '',
      dependencies: [],
    });
    expect(parse('---\n---\n')._unsafeUnwrap()).toEqual({ title: '', dependencies: [] });
  });

  it('names the file for every kind of broken frontmatter', () => {
    const broken = [
      '---\ntitle: x\ntitle: y\n---\n', // duplicate key
      '---\ndependencies: [WP02\n---\n',
      '---\n- a list\n---\n',
      '---\njust a string\n---\n',
      '---\ntitle: "x\n---\n',
      '---\ntitle: x\n',
    ];
    for (const text of broken) {
      const problem = parse(text)._unsafeUnwrapErr();
      expect(problem.startsWith('tasks/WP01.md: '), `${JSON.stringify(text)} → ${problem}`).toBe(
        true,
      );
    }
  });

  it('reads simple frontmatter without yaml, and asks for it otherwise', () => {
    const simple = '---\nwork_package_id: WP01\ntitle: "Setup: repo"\ndependencies: [WP02]\n---\n';
    expect(parseWorkPackageFile('tasks/WP01.md', 'WP01', simple)?._unsafeUnwrap()).toEqual({
      title: 'Setup: repo',
      dependencies: ['WP02'],
    });
    expect(parseWorkPackageFile('tasks/WP01.md', 'WP01', '---\ntitle: 42\n---\n')).toBeUndefined();
  });

  it('compares work_package_id as written with the file name id', () => {
    expect(parse('---\nwork_package_id: WP1\n---\n')._unsafeUnwrapErr()).toContain(
      'work_package_id WP1',
    );
    expect(parse('---\nwork_package_id: 1\n---\n')._unsafeUnwrapErr()).toContain('does not match');
    expect(parse('---\nwork_package_id:\n---\n').isOk()).toBe(true);
  });
});
