import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE, argv, call, complete, run, sampleProject, treeFingerprint } from './harness.js';

describe('contract-version', () => {
  it('answers the contract version anywhere, even outside a project', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kittyhost-empty-'));
    const result = run(empty, argv('contract-version'));
    expect(result.status).toBe(0);
    expect(result.envelope.command).toBe('orchestrator-api.contract-version');
    expect(result.envelope.error_code).toBeNull();
    // One host serves both generations: it answers with the newest and names both.
    expect(result.envelope.contract_version).toBe('1.3.0');
    expect(result.envelope.data).toEqual({
      api_version: '1.3.0',
      min_supported_provider_version: '0.1.0',
      supported_contract_versions: ['1.0.0', '1.3.0'],
      capabilities: ['leases', 'heartbeat', 'board'],
    });
    expect(call(empty, 'contract-version', { 'provider-version': '0.1.2' }).success).toBe(true);
  });

  // Compared as PEP 440 versions, as the original host compares them ('1' is 1.0, accepted).
  it.each(['abc', '0.0.9', '0.1.0.dev1', ''])('rejects provider version %j', (version) => {
    const empty = mkdtempSync(join(tmpdir(), 'kittyhost-empty-'));
    const result = run(empty, argv('contract-version', { 'provider-version': version }));
    expect(result.status).toBe(1);
    expect(result.envelope.error_code).toBe('CONTRACT_VERSION_MISMATCH');
    expect(result.envelope.data).toMatchObject({
      api_version: '1.3.0',
      min_supported_provider_version: '0.1.0',
      provider_version: version,
    });
    expect(typeof result.envelope.data['message']).toBe('string');
  });
});

describe('help and version', () => {
  it.each([
    [],
    ['--help'],
    ['-h'],
    ['help'],
    ['--json'],
    ['orchestrator-api', '--help'],
    ['orchestrator-api', 'transition', '-h'],
  ])('answers %j with one envelope on stdout and the help text on stderr', (...args) => {
    const empty = mkdtempSync(join(tmpdir(), 'kittyhost-empty-'));
    const result = run(empty, args as string[]);
    expect(result.status).toBe(0);
    expect(result.envelope.data['help']).toContain('Usage: spec-kitty');
    expect(result.stderr).toContain('Usage: spec-kitty');
  });

  it('answers --version with the version in an envelope', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kittyhost-empty-'));
    const result = run(empty, ['--version']);
    expect(result.envelope.data).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });
});

describe('unknown options', () => {
  it.each([
    [['--colour', 'red'], '--colour'],
    [['--colour', 'red', '--size', '3'], '--colour'],
    [['--featur', 'x'], '--featur'],
  ])('answers %j with exactly the wording the HTTP API uses', (extra, option) => {
    const empty = mkdtempSync(join(tmpdir(), 'kittyhost-empty-'));
    const result = run(empty, ['orchestrator-api', 'list-ready', '--feature', FEATURE, ...extra]);
    expect(result.status).toBe(2);
    expect(result.envelope.error_code).toBe('USAGE_ERROR');
    // No "(Did you mean --feature?)": its candidates would name CLI-only flags over HTTP.
    expect(result.envelope.data).toEqual({
      message: `Unknown option '${option}'`,
      subcommand: 'list-ready',
    });
  });
});

describe('feature-state and list-ready', () => {
  it('lists every WP as planned before any event, without writing anything', () => {
    const { root } = sampleProject();
    const before = treeFingerprint(root);
    const state = call(root, 'feature-state', { feature: FEATURE });
    expect(state.command).toBe('orchestrator-api.feature-state');
    expect(state.data['feature_slug']).toBe(FEATURE);
    expect(state.data['summary']).toEqual({
      planned: 6,
      claimed: 0,
      in_progress: 0,
      for_review: 0,
      done: 0,
      blocked: 0,
      canceled: 0,
    });
    expect(state.data['work_packages']).toEqual([
      { wp_id: 'WP01', lane: 'planned', dependencies: [], last_actor: null },
      { wp_id: 'WP02', lane: 'planned', dependencies: ['WP01'], last_actor: null },
      { wp_id: 'WP03', lane: 'planned', dependencies: ['WP01'], last_actor: null },
      { wp_id: 'WP04', lane: 'planned', dependencies: ['WP02', 'WP03'], last_actor: null },
      { wp_id: 'WP05', lane: 'planned', dependencies: [], last_actor: null },
      { wp_id: 'WP06', lane: 'planned', dependencies: ['WP04', 'WP05'], last_actor: null },
    ]);
    const ready = call(root, 'list-ready', { feature: FEATURE });
    expect(ready.data).toEqual({
      feature_slug: FEATURE,
      ready_work_packages: [
        { wp_id: 'WP01', lane: 'planned', dependencies_satisfied: true, recommended_base: null },
        { wp_id: 'WP05', lane: 'planned', dependencies_satisfied: true, recommended_base: null },
      ],
    });
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('follows the log: done dependencies make dependents ready, with the last dependency as base', () => {
    const { root } = sampleProject();
    complete(root, 'WP01');
    complete(root, 'WP02');
    const ready = call(root, 'list-ready', { feature: FEATURE }).data['ready_work_packages'];
    expect(ready.map((wp: { wp_id: string }) => wp.wp_id)).toEqual(['WP03', 'WP05']);
    expect(ready[0].recommended_base).toBe('WP01');
    const state = call(root, 'feature-state', { feature: FEATURE }).data;
    expect(state['summary']).toMatchObject({ done: 2, planned: 4 });
    expect(state['work_packages'][0]).toEqual({
      wp_id: 'WP01',
      lane: 'done',
      dependencies: [],
      last_actor: 'reviewer',
    });
  });

  it('orders WP ids numerically and ignores files that are not WPs', () => {
    const { root, featureDir } = sampleProject({
      workPackages: [
        { id: 'WP10', slug: 'ten', title: 'Ten', dependencies: ['WP2'] },
        { id: 'WP2', slug: 'two', title: 'Two', dependencies: [] },
      ],
    });
    writeFileSync(join(featureDir, 'tasks', 'README.md'), '# not a WP\n');
    writeFileSync(join(featureDir, 'tasks', '.gitkeep'), '');
    const state = call(root, 'feature-state', { feature: FEATURE });
    expect(state.data['work_packages'].map((wp: { wp_id: string }) => wp.wp_id)).toEqual([
      'WP2',
      'WP10',
    ]);
    const ready = call(root, 'list-ready', { feature: FEATURE }).data['ready_work_packages'];
    expect(ready.map((wp: { wp_id: string }) => wp.wp_id)).toEqual(['WP2']);
  });

  it('reads frontmatter that needs the full YAML parser (the lazily loaded chunk of the bundle)', () => {
    const { root, featureDir } = sampleProject();
    writeFileSync(
      join(featureDir, 'tasks', 'WP07-yaml.md'),
      [
        '---',
        '# a comment the simple reader does not take',
        "work_package_id: 'WP07'",
        'title: >-',
        '  A title folded',
        '  over two lines',
        'dependencies: &deps',
        '  - "WP01"',
        '  - WP05 # trailing comment',
        'extra: { nested: [1, 2, 3] }',
        '---',
        '# WP07',
        '',
      ].join('\n'),
    );
    const state = call(root, 'feature-state', { feature: FEATURE });
    expect(state.success, JSON.stringify(state)).toBe(true);
    expect(state.data['work_packages'].at(-1)).toEqual({
      wp_id: 'WP07',
      lane: 'planned',
      dependencies: ['WP01', 'WP05'],
      last_actor: null,
    });
    writeFileSync(
      join(featureDir, 'tasks', 'WP08-bad.md'),
      '---\nwork_package_id: WP08\ndependencies: [WP01\n---\n',
    );
    const bad = call(root, 'feature-state', { feature: FEATURE });
    expect(bad.error_code).toBe('SPEC_INVALID');
    expect(bad.data['message']).toMatch(
      /WP08-bad\.md: the frontmatter is not valid YAML: Flow sequence/,
    );
  });

  it.each(['no-such-feature', '../../etc', '..', 'a/b', '/etc', 'kitty-specs/../x', ''])(
    'answers FEATURE_NOT_FOUND for slug %j',
    (slug) => {
      const { root } = sampleProject();
      const result = run(root, argv('feature-state', { feature: slug }));
      expect(result.status).toBe(1);
      expect(result.envelope.error_code).toBe('FEATURE_NOT_FOUND');
    },
  );

  it('never follows a symlink out of kitty-specs', () => {
    const { root } = sampleProject();
    const outside = mkdtempSync(join(tmpdir(), 'kittyhost-outside-'));
    mkdirSync(join(outside, 'tasks'));
    symlinkSync(outside, join(root, 'kitty-specs', 'escape'));
    expect(call(root, 'feature-state', { feature: 'escape' }).error_code).toBe('FEATURE_NOT_FOUND');
  });

  it('finds the project from --repo, from SPECIFY_REPO_ROOT, from a subdirectory and from a workspace', () => {
    const { root } = sampleProject();
    const elsewhere = mkdtempSync(join(tmpdir(), 'kittyhost-elsewhere-'));
    expect(
      run(elsewhere, [...argv('feature-state', { feature: FEATURE }), '--repo', root]).envelope
        .success,
    ).toBe(true);
    expect(
      run(elsewhere, argv('feature-state', { feature: FEATURE }), { SPECIFY_REPO_ROOT: root })
        .envelope.success,
    ).toBe(true);
    expect(
      run(join(root, 'src'), argv('feature-state', { feature: FEATURE })).envelope.success,
    ).toBe(true);
    const started = call(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'a',
      policy: JSON.stringify({
        orchestrator_id: 'o',
        orchestrator_version: '1',
        agent_family: 'f',
        approval_mode: 'm',
        sandbox_mode: 's',
        network_mode: 'n',
        dangerous_flags: [],
      }),
    });
    const fromWorkspace = run(
      started.data['workspace_path'],
      argv('feature-state', { feature: FEATURE }),
    );
    expect(fromWorkspace.envelope.data['work_packages'][0].lane).toBe('in_progress');
    const missingRepo = run(elsewhere, [
      ...argv('feature-state', { feature: FEATURE }),
      '--repo',
      join(elsewhere, 'nope'),
    ]);
    expect(missingRepo.envelope.success).toBe(false);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('reports a corrupt log line by number and rewrites nothing', () => {
    const { root, featureDir } = sampleProject();
    complete(root, 'WP01');
    const log = join(featureDir, 'status.events.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines.splice(2, 0, '{"this is": not json');
    writeFileSync(log, lines.join('\n'));
    const before = treeFingerprint(root);
    for (const subcommand of ['feature-state', 'list-ready']) {
      const result = run(root, argv(subcommand, { feature: FEATURE }));
      expect(result.envelope.error_code).toBe('EVENT_LOG_CORRUPT');
      expect(result.envelope.data['line']).toBe(3);
      expect(result.envelope.data['message']).toMatch(/line 3/);
    }
    const mutation = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP05',
      to: 'blocked',
      actor: 'a',
    });
    expect(mutation.error_code).toBe('EVENT_LOG_CORRUPT');
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('reports invalid WP specifications as SPEC_INVALID', () => {
    const mismatch = sampleProject();
    writeFileSync(
      join(mismatch.featureDir, 'tasks', 'WP07-x.md'),
      '---\nwork_package_id: WP08\ntitle: X\n---\nbody\n',
    );
    const result = call(mismatch.root, 'feature-state', { feature: FEATURE });
    expect(result.error_code).toBe('SPEC_INVALID');
    expect(result.data['message']).toMatch(/WP07/);

    const cycle = sampleProject({
      workPackages: [
        { id: 'WP01', slug: 'a', title: 'A', dependencies: ['WP02'] },
        { id: 'WP02', slug: 'b', title: 'B', dependencies: ['WP01'] },
      ],
    });
    const cyclic = call(cycle.root, 'list-ready', { feature: FEATURE });
    expect(cyclic.error_code).toBe('SPEC_INVALID');
    expect(cyclic.data['errors'].join(' ')).toMatch(/cycle/);
  });
});
