import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FEATURE,
  POLICY,
  POLICY_OBJECT,
  argv,
  call,
  complete,
  eventLines,
  git,
  implement,
  run,
  sampleProject,
  treeFingerprint,
} from './harness.js';

const start = (
  root: string,
  wp: string,
  actor: string,
  extra: Record<string, string | undefined> = {},
) => call(root, 'start-implementation', { feature: FEATURE, wp, actor, policy: POLICY, ...extra });

describe('start-implementation', () => {
  it('claims and starts a WP in a real linked worktree on its own branch', () => {
    const { root, featureDir } = sampleProject();
    const result = start(root, 'WP01', 'claude');
    expect(result.success).toBe(true);
    expect(result.command).toBe('orchestrator-api.start-implementation');
    const workspace = join(root, '.worktrees', `${FEATURE}-WP01`);
    expect(result.data).toEqual({
      feature_slug: FEATURE,
      wp_id: 'WP01',
      from_lane: 'planned',
      to_lane: 'in_progress',
      workspace_path: workspace,
      prompt_path: join(featureDir, 'tasks', 'WP01-setup.md'),
      policy_metadata_recorded: true,
      no_op: false,
    });
    expect(git(root, 'worktree', 'list', '--porcelain')).toContain(`worktree ${workspace}`);
    expect(git(workspace, 'branch', '--show-current')).toBe(`${FEATURE}-WP01`);
    expect(git(workspace, 'status', '--porcelain')).toBe('');
    expect(git(root, 'status', '--porcelain', '--untracked-files=all')).not.toContain('.worktrees');

    const events = eventLines(root);
    expect(
      events.map((event) => [event.wp_id, event.from_lane, event.to_lane, event.actor]),
    ).toEqual([
      ['WP01', 'planned', 'claimed', 'claude'],
      ['WP01', 'claimed', 'in_progress', 'claude'],
    ]);
    for (const event of events) {
      // Stored as both original hosts store it: the seven fields and tool_restrictions.
      expect(event.policy_metadata).toEqual({ ...POLICY_OBJECT, tool_restrictions: null });
      expect(event.event_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(event.execution_mode).toBe('worktree');
      expect(event.force).toBe(false);
    }
    const raw = readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8').split(
      '\n',
    )[0] as string;
    expect(raw.startsWith('{"actor": "claude", "at": "')).toBe(true); // the original's byte format
    const snapshot = JSON.parse(readFileSync(join(featureDir, 'status.json'), 'utf8'));
    expect(snapshot.work_packages.WP01.lane).toBe('in_progress');
    expect(snapshot.summary.in_progress).toBe(1);
  });

  it('is a no-op for the holder, and refuses another actor with WP_ALREADY_CLAIMED', () => {
    const { root } = sampleProject();
    start(root, 'WP01', 'claude');
    const again = start(root, 'WP01', 'claude');
    expect(again.data).toMatchObject({
      no_op: true,
      from_lane: 'in_progress',
      to_lane: 'in_progress',
    });
    expect(eventLines(root)).toHaveLength(2);
    const before = treeFingerprint(root);
    const other = run(
      root,
      argv('start-implementation', {
        feature: FEATURE,
        wp: 'WP01',
        actor: 'codex',
        policy: POLICY,
      }),
    );
    expect(other.status).toBe(1);
    expect(other.envelope.error_code).toBe('WP_ALREADY_CLAIMED');
    expect(other.envelope.data).toMatchObject({ claimed_by: 'claude', requesting_actor: 'codex' });
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('continues from claimed for the same actor', () => {
    const { root } = sampleProject();
    call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP05',
      to: 'claimed',
      actor: 'claude',
      policy: POLICY,
    });
    const result = start(root, 'WP05', 'claude');
    expect(result.data).toMatchObject({ from_lane: 'claimed', no_op: false });
    expect(existsSync(result.data['workspace_path'])).toBe(true);
    expect(start(root, 'WP05', 'claude').data['no_op']).toBe(true);
  });

  it('refuses a WP whose dependencies are not done, naming them', () => {
    const { root } = sampleProject();
    const before = treeFingerprint(root);
    const result = start(root, 'WP04', 'claude');
    expect(result.error_code).toBe('TRANSITION_REJECTED');
    expect(result.data['unsatisfied_dependencies']).toEqual(['WP02', 'WP03']);
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('rejects the start when git cannot provide the workspace, recording nothing', () => {
    const { root } = sampleProject();
    git(
      root,
      'worktree',
      'add',
      '-q',
      join(root, '..', `elsewhere-${Date.now()}`),
      '-b',
      `${FEATURE}-WP01`,
    );
    const before = treeFingerprint(root);
    const result = start(root, 'WP01', 'claude');
    expect(result.error_code).toBe('TRANSITION_REJECTED');
    expect(result.data['message']).toMatch(/checked out/);
    expect(treeFingerprint(root)).toEqual(before);

    mkdirSync(join(root, '.worktrees'), { recursive: true });
    writeFileSync(join(root, '.worktrees', `${FEATURE}-WP05`), 'a file in the way\n');
    const blocked = treeFingerprint(root);
    const refused = start(root, 'WP05', 'claude');
    expect(refused.error_code).toBe('TRANSITION_REJECTED');
    expect(refused.data['message']).toMatch(/not a linked worktree/);
    expect(treeFingerprint(root)).toEqual(blocked);
  });

  it('creates a dependent workspace from its recommended base branch', () => {
    const { root } = sampleProject();
    complete(root, 'WP01');
    const result = start(root, 'WP02', 'claude');
    expect(readFileSync(join(result.data['workspace_path'], 'WP01.txt'), 'utf8')).toBe(
      'work of WP01\n',
    );
  });

  it('rejects a blocked or done WP with TRANSITION_REJECTED', () => {
    const { root } = sampleProject();
    call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'blocked',
      actor: 'a',
      note: 'waiting',
    });
    const result = start(root, 'WP01', 'claude');
    expect(result.error_code).toBe('TRANSITION_REJECTED');
    expect(result.data['message']).toMatch(/WP01 is blocked/);
  });

  it('follows the order of checks: usage, policy presence, policy validity, feature, WP', () => {
    const { root } = sampleProject();
    const before = treeFingerprint(root);
    const code = (options: Record<string, string | undefined>) =>
      run(root, argv('start-implementation', options)).envelope.error_code;
    expect(code({ wp: 'WP01', actor: 'a' })).toBe('USAGE_ERROR');
    expect(code({ feature: 'nope', wp: 'WP99', actor: 'a' })).toBe('POLICY_METADATA_REQUIRED');
    expect(code({ feature: 'nope', wp: 'WP99', actor: 'a', policy: '' })).toBe(
      'POLICY_METADATA_REQUIRED',
    );
    expect(code({ feature: 'nope', wp: 'WP99', actor: 'a', policy: '{"x":1}' })).toBe(
      'POLICY_VALIDATION_FAILED',
    );
    expect(code({ feature: 'nope', wp: 'WP99', actor: 'a', policy: POLICY })).toBe(
      'FEATURE_NOT_FOUND',
    );
    expect(code({ feature: FEATURE, wp: 'WP99', actor: 'a', policy: POLICY })).toBe('WP_NOT_FOUND');
    expect(code({ feature: FEATURE, wp: 'wp01', actor: 'a', policy: POLICY })).toBe('WP_NOT_FOUND');
    expect(code({ feature: FEATURE, wp: 'WP01-setup', actor: 'a', policy: POLICY })).toBe(
      'WP_NOT_FOUND',
    );
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('validates the policy: JSON object, seven fields, dangerous_flags array, no secret-like values', () => {
    const { root } = sampleProject();
    const failure = (policy: unknown) =>
      call(root, 'start-implementation', {
        feature: FEATURE,
        wp: 'WP01',
        actor: 'a',
        policy: typeof policy === 'string' ? policy : JSON.stringify(policy),
      });
    expect(failure('not json').error_code).toBe('POLICY_VALIDATION_FAILED');
    expect(failure([1]).error_code).toBe('POLICY_VALIDATION_FAILED');
    const missing = failure({ orchestrator_id: 'o' });
    expect(missing.data['errors']).toHaveLength(6);
    expect(failure({ ...POLICY_OBJECT, dangerous_flags: 'none' }).error_code).toBe(
      'POLICY_VALIDATION_FAILED',
    );
    const secret = failure({ ...POLICY_OBJECT, dangerous_flags: ['--api-KEY=abc'] });
    expect(secret.error_code).toBe('POLICY_VALIDATION_FAILED');
    expect(secret.data['errors'].join(' ')).toMatch(/dangerous_flags\[0\]/);
    // Contract 1.3's rules apply to 1.0 calls too: tool_restrictions is a string or null.
    expect(failure({ ...POLICY_OBJECT, tool_restrictions: { allow: ['Bash'] } }).error_code).toBe(
      'POLICY_VALIDATION_FAILED',
    );
    expect(failure({ ...POLICY_OBJECT, dangerous_flags: ['--yolo'] }).error_code).toBe(
      'POLICY_VALIDATION_FAILED',
    );
    expect(failure({ ...POLICY_OBJECT, tool_restrictions: 'no-network' }).success).toBe(true);
  });
});

describe('transition', () => {
  it('rejects illegal pairs and unknown lanes with TRANSITION_REJECTED', () => {
    const { root } = sampleProject();
    const before = treeFingerprint(root);
    const illegal = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'done',
      actor: 'a',
      policy: POLICY,
    });
    expect(illegal.error_code).toBe('TRANSITION_REJECTED');
    expect(illegal.data['message']).toBe('Illegal transition: planned -> done');
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP01',
        to: 'review',
        actor: 'a',
        policy: POLICY,
      }).error_code,
    ).toBe('TRANSITION_REJECTED');
    expect(treeFingerprint(root)).toEqual(before);
  });

  it('requires a policy for claimed, in_progress (doing) and for_review only', () => {
    const { root } = sampleProject();
    expect(
      call(root, 'transition', { feature: FEATURE, wp: 'WP01', to: 'claimed', actor: 'a' })
        .error_code,
    ).toBe('POLICY_METADATA_REQUIRED');
    expect(
      call(root, 'transition', { feature: FEATURE, wp: 'WP01', to: ' Doing ', actor: 'a' })
        .error_code,
    ).toBe('POLICY_METADATA_REQUIRED');
    const blocked = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'blocked',
      actor: 'a',
    });
    expect(blocked.data).toEqual({
      feature_slug: FEATURE,
      wp_id: 'WP01',
      from_lane: 'planned',
      to_lane: 'blocked',
      policy_metadata_recorded: false,
    });
    const resumed = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'DOING',
      actor: 'a',
      policy: POLICY,
    });
    expect(resumed.data).toMatchObject({
      from_lane: 'blocked',
      to_lane: 'in_progress',
      policy_metadata_recorded: true,
    });
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP01',
        to: 'blocked',
        actor: 'a',
        policy: '{"bad":true}',
      }).error_code,
    ).toBe('POLICY_VALIDATION_FAILED');
  });

  it('forces any pair only with an actor and a reason, and counts it', () => {
    const { root, featureDir } = sampleProject();
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP01',
        to: 'done',
        actor: 'a',
        force: true,
      }).error_code,
    ).toBe('TRANSITION_REJECTED');
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP01',
        to: 'done',
        actor: ' ',
        note: 'why',
        force: true,
      }).error_code,
    ).toBe('TRANSITION_REJECTED');
    const forced = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'done',
      actor: 'admin',
      note: 'hotfix',
      force: true,
    });
    expect(forced.data).toMatchObject({ from_lane: 'planned', to_lane: 'done' });
    const [event] = eventLines(root);
    expect(event).toMatchObject({ force: true, reason: 'hotfix', actor: 'admin' });
    expect(
      JSON.parse(readFileSync(join(featureDir, 'status.json'), 'utf8')).work_packages.WP01
        .force_count,
    ).toBe(1);
  });

  it('accepts --review-ref alone as review evidence for done, and records full --evidence-json', () => {
    const { root } = sampleProject();
    implement(root, 'WP01');
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP01',
        to: 'done',
        actor: 'rev',
        policy: POLICY,
      }).error_code,
    ).toBe('TRANSITION_REJECTED');
    const done = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'done',
      actor: 'rev',
      'review-ref': 'review-WP01-cycle1-ab12',
    });
    expect(done.data).toMatchObject({ from_lane: 'for_review', to_lane: 'done' });
    expect(eventLines(root).at(-1)).toMatchObject({
      evidence: {
        review: { reviewer: 'rev', verdict: 'approved', reference: 'review-WP01-cycle1-ab12' },
      },
      review_ref: 'review-WP01-cycle1-ab12',
    });

    implement(root, 'WP05');
    const evidence = {
      review: { reviewer: 'alice', verdict: 'approved', reference: 'PR#7' },
      verification: [{ command: 'pnpm test', result: 'pass' }],
    };
    const full = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP05',
      to: 'done',
      actor: 'alice',
      'evidence-json': JSON.stringify(evidence),
    });
    expect(full.success).toBe(true);
    expect(eventLines(root).at(-1)?.evidence).toEqual(evidence);
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP05',
        to: 'blocked',
        actor: 'a',
        'evidence-json': '{oops',
      }).error_code,
    ).toBe('USAGE_ERROR');
  });

  it('guards for_review on checked subtasks, rollback on a review ref, and planned on a reason', () => {
    const { root } = sampleProject({ checkedSubtasks: false });
    call(root, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'a',
      policy: POLICY,
    });
    const unchecked = call(root, 'transition', {
      feature: FEATURE,
      wp: 'WP01',
      to: 'for_review',
      actor: 'a',
      policy: POLICY,
    });
    expect(unchecked.error_code).toBe('TRANSITION_REJECTED');
    expect(unchecked.data['message']).toMatch(/subtask/);
    expect(
      call(root, 'transition', { feature: FEATURE, wp: 'WP01', to: 'planned', actor: 'a' })
        .error_code,
    ).toBe('TRANSITION_REJECTED');
    expect(
      call(root, 'transition', {
        feature: FEATURE,
        wp: 'WP01',
        to: 'planned',
        actor: 'a',
        note: 'wrong WP',
      }).success,
    ).toBe(true);
  });
});

describe('start-review', () => {
  it('sends a reviewed WP back to in_progress with its review reference', () => {
    const { root, featureDir } = sampleProject();
    implement(root, 'WP01');
    const result = call(root, 'start-review', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'rev',
      policy: POLICY,
      'review-ref': 'feedback-WP01-cycle1-77aa',
    });
    expect(result.data).toEqual({
      feature_slug: FEATURE,
      wp_id: 'WP01',
      from_lane: 'for_review',
      to_lane: 'in_progress',
      prompt_path: join(featureDir, 'tasks', 'WP01-setup.md'),
      policy_metadata_recorded: true,
    });
    expect(eventLines(root).at(-1)).toMatchObject({
      from_lane: 'for_review',
      to_lane: 'in_progress',
      review_ref: 'feedback-WP01-cycle1-77aa',
    });
    expect(
      call(root, 'start-review', {
        feature: FEATURE,
        wp: 'WP01',
        actor: 'rev',
        policy: POLICY,
        'review-ref': 'x',
      }).error_code,
    ).toBe('TRANSITION_REJECTED');
  });

  it('checks policy presence, then the review ref, then policy validity', () => {
    const { root } = sampleProject();
    const code = (options: Record<string, string>) =>
      call(root, 'start-review', { feature: 'nope', wp: 'WP01', actor: 'a', ...options })
        .error_code;
    expect(code({})).toBe('POLICY_METADATA_REQUIRED');
    expect(code({ policy: '{"bad":1}' })).toBe('TRANSITION_REJECTED');
    expect(code({ policy: '{"bad":1}', 'review-ref': 'r' })).toBe('POLICY_VALIDATION_FAILED');
    expect(code({ policy: POLICY, 'review-ref': 'r' })).toBe('FEATURE_NOT_FOUND');
  });
});

describe('append-history', () => {
  it('appends to the Activity Log, changes nothing else, and commits that one file', () => {
    const { root, featureDir } = sampleProject();
    const file = join(featureDir, 'tasks', 'WP01-setup.md');
    const before = readFileSync(file, 'utf8');
    writeFileSync(join(root, 'README.md'), '# locally edited\n');
    const result = call(root, 'append-history', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'claude',
      note: 'Starting implementation — ünïcode',
    });
    expect(result.data['history_entry_id']).toMatch(/^hist-[0-9a-f]{32}$/);
    expect(result.data).toMatchObject({ feature_slug: FEATURE, wp_id: 'WP01' });
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before.trimEnd())).toBe(true);
    expect(after.slice(before.trimEnd().length)).toMatch(
      /^\n- \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] claude: Starting implementation — ünïcode\n$/,
    );
    expect(git(root, 'log', '-1', '--format=%s')).toBe(
      `hist: append activity log entry for ${FEATURE}/WP01`,
    );
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD')).toBe(
      `kitty-specs/${FEATURE}/tasks/WP01-setup.md`,
    );
    expect(git(root, 'status', '--porcelain')).toBe('M README.md');
  });
});

describe('append-history when the commit cannot happen', () => {
  it('respects a git process holding index.lock, fails, and takes the entry back out', () => {
    const { root } = sampleProject();
    writeFileSync(join(root, '.git', 'index.lock'), '');
    const before = treeFingerprint(root);
    const result = run(
      root,
      argv('append-history', { feature: FEATURE, wp: 'WP01', actor: 'a', note: 'x' }),
    );
    expect(result.status).toBe(1);
    expect(result.envelope.error_code).toBe('INTERNAL_ERROR');
    expect(result.envelope.data['message']).toMatch(/index\.lock/);
    expect(treeFingerprint(root)).toEqual(before);
  });
});

describe('accept-feature', () => {
  it('lists incomplete WPs, then accepts and keeps meta.json keys', () => {
    const { root, featureDir } = sampleProject({
      workPackages: [
        { id: 'WP01', slug: 'a', title: 'A', dependencies: [] },
        { id: 'WP02', slug: 'b', title: 'B', dependencies: ['WP01'] },
      ],
    });
    const before = treeFingerprint(root);
    const notReady = call(root, 'accept-feature', { feature: FEATURE, actor: 'lead' });
    expect(notReady.error_code).toBe('FEATURE_NOT_READY');
    expect(notReady.data['incomplete_wps']).toEqual(['WP01', 'WP02']);
    expect(treeFingerprint(root)).toEqual(before);
    complete(root, 'WP01');
    complete(root, 'WP02');
    const accepted = call(root, 'accept-feature', { feature: FEATURE, actor: 'lead' });
    expect(accepted.data).toMatchObject({ feature_slug: FEATURE, accepted: true, mode: 'auto' });
    const meta = JSON.parse(readFileSync(join(featureDir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({
      feature_slug: FEATURE,
      target_branch: 'main',
      mission: 'software-dev',
      accepted_by: 'lead',
      accepted_at: accepted.data['accepted_at'],
    });
  });
});
