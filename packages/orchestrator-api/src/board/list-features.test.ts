// list-features over the in-memory ports: titles, counts, acceptance, and broken features listed
// with their problem without hiding the others.
import { serializeLogEntry, type StatusEvent } from '@kittyhost/core';
import {
  createMemorySpecStore,
  createMemoryVersionControl,
  fixedClock,
  sequentialIds,
  type ProjectSeed,
} from '@kittyhost/core/testing';
import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { OperationContext } from '../context.js';
import { execute } from '../execute.js';
import { firstHeading } from './feature-identity.js';
import { listFeatures } from './list-features.js';

function event(slug: string, wpId: string, to: StatusEvent['to_lane'], at: string, n: number) {
  return serializeLogEntry({
    event_id: `01J${String(n).padStart(23, '0')}`,
    feature_slug: slug,
    wp_id: wpId,
    from_lane: 'planned',
    to_lane: to,
    at,
    actor: 'claude',
    force: true,
    execution_mode: 'worktree',
    reason: 'test',
    review_ref: null,
    evidence: null,
    policy_metadata: null,
  });
}

function contextOver(seed: ProjectSeed) {
  const store = createMemorySpecStore(seed);
  const vcs = createMemoryVersionControl();
  const context: OperationContext = {
    clock: fixedClock('2026-03-01T12:00:00Z'),
    ids: sequentialIds(),
    project: () => okAsync({ store, vcs }),
  };
  return { context, vcs };
}

const PROJECT: ProjectSeed = {
  '001-titled': {
    workPackages: [{ id: 'WP01' }, { id: 'WP02' }, { id: 'WP03' }],
    meta: { target_branch: 'main', friendly_name: 'Not used', accepted_at: '2026-02-01T00:00:00Z' },
    files: { 'spec.md': '---\nx: 1\n---\n```\n# not this\n```\n\n# Checkout flow\n\n# Second\n' },
    eventsText: [
      event('001-titled', 'WP01', 'done', '2026-02-20T10:00:00+00:00', 1),
      event('001-titled', 'WP02', 'in_review', '2026-02-21T10:00:00+00:00', 2),
    ].join('\n'),
  },
  '002-friendly': {
    workPackages: [{ id: 'WP01' }],
    meta: { friendly_name: 'Friendly name', mission_id: '01M8RB29XXXXXXXXXXXXXXXXXX' },
  },
  '003-bare': {},
  '004-broken-wp': {
    workPackages: [{ id: 'WP01', workPackageId: 'WP09' }],
    files: { 'spec.md': '# Broken but titled\n' },
  },
  '005-corrupt-log': { workPackages: [{ id: 'WP01' }], eventsText: '{"actor": "claude", \n{}\n' },
  '006-cycle': {
    workPackages: [
      { id: 'WP01', dependencies: ['WP02'] },
      { id: 'WP02', dependencies: ['WP01'] },
    ],
  },
};

describe('listFeatures', () => {
  it('lists every feature in slug order with title, counts, acceptance and last event', async () => {
    const { context, vcs } = contextOver(PROJECT);
    const { features } = (await listFeatures(context))._unsafeUnwrap();
    expect(
      features.map((feature) => [feature.slug, feature.title, feature.problem?.code ?? null]),
    ).toEqual([
      ['001-titled', 'Checkout flow', null],
      ['002-friendly', 'Friendly name', null],
      ['003-bare', '003-bare', null],
      ['004-broken-wp', 'Broken but titled', 'SPEC_INVALID'],
      ['005-corrupt-log', '005-corrupt-log', 'EVENT_LOG_CORRUPT'],
      ['006-cycle', '006-cycle', 'SPEC_INVALID'],
    ]);
    expect(features[0]).toEqual({
      slug: '001-titled',
      title: 'Checkout flow',
      kind: 'feature',
      lane_counts: {
        planned: 1,
        claimed: 0,
        in_progress: 0,
        for_review: 0,
        in_review: 1,
        approved: 0,
        done: 1,
        blocked: 0,
        canceled: 0,
      },
      wp_count: 3,
      accepted: true,
      accepted_at: '2026-02-01T00:00:00Z',
      target_branch: 'main',
      last_event_at: '2026-02-21T10:00:00+00:00',
      problem: null,
    });
    expect(features[1]).toMatchObject({
      kind: 'mission',
      wp_count: 1,
      accepted: false,
      last_event_at: null,
    });
    expect(features[3]?.problem?.message).toContain('tasks/WP01.md');
    expect(features[4]?.problem?.message).toMatch(/line 1/);
    expect(features[3]).toMatchObject({ wp_count: 0, lane_counts: { planned: 0 } });
    expect(vcs.control.calls).toEqual([]); // the list never asks git
  });

  it('answers an empty list for a project without features, over the contract envelope', async () => {
    const { context } = contextOver({});
    const outcome = await execute(context, 'list-features', {});
    expect(outcome.envelope).toMatchObject({
      contract_version: '1.3.0',
      command: 'orchestrator-api.list-features',
      success: true,
      data: { features: [] },
    });
    const unknown = await execute(context, 'list-features', { feature: 'x' });
    expect(unknown.envelope.error_code).toBe('USAGE_ERROR');
    expect(unknown.envelope.data['message']).toBe("Unknown option '--feature'");
  });
});

describe('firstHeading', () => {
  it('takes the first level-1 ATX heading outside fences and frontmatter', () => {
    expect(firstHeading('## Sub\n#  Spaced title #\n')).toBe('Spaced title');
    expect(firstHeading('\uFEFF# BOM\r\n')).toBe('BOM');
    expect(firstHeading('#NoSpace\n~~~\n# fenced\n~~~\n')).toBeNull();
    expect(firstHeading('')).toBeNull();
  });
});
