// The reducer's contract 1.3 rules (CONTRACT-1.3.md §5): annotations folded after the lane
// events, runtime slots carried across transitions, the review_result slot, the new rollback.
import { describe, expect, it } from 'vitest';
import { eventId, makeEvent } from '../../test/fixtures.js';
import { reduceEvents, type WorkPackageState } from './reduce.js';
import type { AnnotationDelta, AnnotationEvent, LogEntry, StatusEvent } from './status-event.js';

const at = (second: number) => `2026-12-01T09:00:${String(second).padStart(2, '0')}.000000+00:00`;

let next = 100;
/** An annotation of WP01 at `second` (ids increase with each call unless given). */
function note(second: number, delta: AnnotationDelta, overrides: Partial<AnnotationEvent> = {}) {
  return {
    kind: 'annotation',
    event_id: eventId(next++),
    wp_id: 'WP01',
    at: at(second),
    actor: 'claude',
    delta,
    ...overrides,
  } satisfies AnnotationEvent;
}

/** A lane event of WP01 at `second`. */
function move(
  second: number,
  from: StatusEvent['from_lane'],
  to: StatusEvent['to_lane'],
  overrides: Partial<StatusEvent> = {},
) {
  return makeEvent({
    event_id: eventId(next++),
    at: at(second),
    from_lane: from,
    to_lane: to,
    ...overrides,
  });
}

const stateOf = (entries: readonly LogEntry[], wpId = 'WP01', known: string[] = []) =>
  reduceEvents(entries, known).work_packages[wpId] as WorkPackageState;

const CLAIMED = move(1, 'planned', 'claimed', {
  policy_metadata: {
    agent: 'claude',
    shell_pid: 4242,
    shell_pid_created_at: '2026-12-01T08:59:00Z',
  },
});

describe('annotations', () => {
  it('never move a lane, count as an event, bump force_count or become the last event', () => {
    const status = reduceEvents([CLAIMED, note(9, { note: 'n', agent: 'codex' })]);
    expect(status.event_count).toBe(1);
    expect(status.last_event_id).toBe(CLAIMED.event_id);
    expect(status.last_event_at).toBe(CLAIMED.at);
    expect(status.work_packages['WP01']).toMatchObject({
      lane: 'claimed',
      actor: 'claude',
      last_event_id: CLAIMED.event_id,
      last_transition_at: CLAIMED.at,
      force_count: 0,
    });
  });

  it('append notes in (at, event_id) order, whatever the file order', () => {
    const first = note(3, { note: 'first' });
    const second = note(3, { note: 'second' });
    const third = note(5, { note: 'third' });
    for (const order of [
      [CLAIMED, first, second, third],
      [third, second, CLAIMED, first],
      [second, third, first, CLAIMED],
    ]) {
      expect(stateOf(order).runtime?.notes).toEqual(['first', 'second', 'third']);
    }
  });

  it('apply after every lane event, even a later one: a transition never clobbers a slot', () => {
    const mark = note(2, { subtasks: { T001: 'done' }, note: 'marked' });
    const later = move(8, 'claimed', 'in_progress');
    const state = stateOf([CLAIMED, mark, later]);
    expect(state.lane).toBe('in_progress');
    expect(state.runtime).toEqual({
      agent: 'claude',
      shell_pid: 4242,
      shell_pid_created_at: '2026-12-01T08:59:00Z',
      subtasks: { T001: 'done' },
      notes: ['marked'],
    });
  });

  it('merge subtask marks per id: the latest mark of an id wins', () => {
    const state = stateOf([
      CLAIMED,
      note(2, { subtasks: { T001: 'done', T002: 'done' } }),
      note(3, { subtasks: { T002: 'planned', T003: 'done' } }),
    ]);
    expect(state.runtime?.subtasks).toEqual({ T001: 'done', T002: 'planned', T003: 'done' });
  });

  it('replace slots latest-wins, but "" never overwrites (0 does)', () => {
    const state = stateOf([
      CLAIMED,
      note(2, {
        agent: 'codex',
        assignee: 'zoë',
        role: 'implementer',
        model: 'opus',
        provider: 'p',
      }),
      note(3, {
        agent: '',
        assignee: '',
        role: 'reviewer',
        model: null,
        shell_pid: 0,
        agent_profile: 'default',
        agent_profile_version: '2',
      }),
    ]);
    expect(state.runtime).toMatchObject({
      agent: 'codex',
      assignee: 'zoë',
      role: 'reviewer',
      model: 'opus',
      provider: 'p',
      shell_pid: 0,
      agent_profile: 'default',
      agent_profile_version: '2',
    });
  });

  it('release_runtime_claim clears agent, shell_pid and shell_pid_created_at only', () => {
    const state = stateOf([
      CLAIMED,
      note(2, { assignee: 'zoë', role: 'implementer' }),
      note(3, { release_runtime_claim: true }),
    ]);
    expect(state.runtime).toMatchObject({
      agent: null,
      shell_pid: null,
      shell_pid_created_at: null,
      assignee: 'zoë',
      role: 'implementer',
    });
  });

  it('lets a value in the same delta win over the release, and ignores a false release', () => {
    expect(
      stateOf([CLAIMED, note(2, { release_runtime_claim: true, agent: 'codex' })]).runtime,
    ).toMatchObject({
      agent: 'codex',
      shell_pid: null,
      shell_pid_created_at: null,
    });
    expect(stateOf([CLAIMED, note(2, { release_runtime_claim: false })]).runtime).toMatchObject({
      agent: 'claude',
      shell_pid: 4242,
    });
  });

  it('union tracker_refs, or replace them (deduplicated) with tracker_refs_replace', () => {
    const union = [
      CLAIMED,
      note(2, { tracker_refs: ['GH-1', 'GH-2'] }),
      note(3, { tracker_refs: ['GH-2', 'GH-3', 'GH-1'] }),
    ];
    expect(stateOf(union).runtime?.['tracker_refs']).toEqual(['GH-1', 'GH-2', 'GH-3']);
    const replaced = [...union, note(4, { tracker_refs_replace: ['GH-9', 'GH-9', 'GH-8'] })];
    expect(stateOf(replaced).runtime?.['tracker_refs']).toEqual(['GH-9', 'GH-8']);
    const both = [...union, note(4, { tracker_refs: ['GH-7'], tracker_refs_replace: ['GH-6'] })];
    expect(stateOf(both).runtime?.['tracker_refs']).toEqual(['GH-6']);
  });

  it('set a review override, and clear it with the all-empty one', () => {
    const review = { at: at(2), actor: 'lead', wp_id: 'WP01', reason: 'superseded' };
    expect(stateOf([CLAIMED, note(2, { review })]).runtime?.['review']).toEqual(review);
    const cleared = note(3, { review: { at: '', actor: '', wp_id: '', reason: '' } });
    expect(stateOf([CLAIMED, note(2, { review }), cleared]).runtime?.['review']).toBeNull();
    const partial = { at: at(4), actor: 'lead', wp_id: 'WP01', reason: '' };
    expect(
      stateOf([CLAIMED, note(2, { review }), note(4, { review: partial })]).runtime?.['review'],
    ).toEqual(partial);
  });

  it('apply a repeated annotation (same event_id) once', () => {
    const once = note(2, { note: 'only once', tracker_refs: ['GH-1'] });
    const state = stateOf([CLAIMED, once, { ...once, delta: { note: 'impostor' } }, once]);
    expect(state.runtime?.notes).toEqual(['only once']);
  });

  it('give a known WP without lane events its slots (still planned), and drop unknown ones', () => {
    const entries = [
      note(2, { note: 'early' }, { wp_id: 'WP02' }),
      note(3, { note: 'x' }, { wp_id: 'WP09' }),
    ];
    const status = reduceEvents(entries, ['WP02']);
    expect(Object.keys(status.work_packages)).toEqual(['WP02']);
    expect(status.work_packages['WP02']).toEqual({
      lane: 'planned',
      actor: null,
      last_transition_at: null,
      last_event_id: null,
      force_count: 0,
      runtime: { notes: ['early'] },
    });
    expect(status.summary.planned).toBe(1);
  });
});

describe('the claim and runtime slots across transitions', () => {
  it('copies shell_pid, shell_pid_created_at and a non-empty agent from the claim policy', () => {
    expect(stateOf([CLAIMED]).runtime).toEqual({
      agent: 'claude',
      shell_pid: 4242,
      shell_pid_created_at: '2026-12-01T08:59:00Z',
    });
    const blank = move(1, 'planned', 'claimed', { policy_metadata: { agent: '', shell_pid: 0 } });
    expect(stateOf([blank]).runtime).toEqual({ shell_pid: 0 });
    const none = move(1, 'planned', 'claimed', { policy_metadata: { orchestrator_id: 'o' } });
    expect(stateOf([none])).not.toHaveProperty('runtime');
  });

  it('copies nothing on other transitions, and keeps the slots through them', () => {
    const other = move(2, 'claimed', 'in_progress', {
      policy_metadata: { agent: 'codex', shell_pid: 1 },
    });
    const state = stateOf([CLAIMED, other, move(3, 'in_progress', 'blocked')]);
    expect(state.lane).toBe('blocked');
    expect(state.runtime).toEqual({
      agent: 'claude',
      shell_pid: 4242,
      shell_pid_created_at: '2026-12-01T08:59:00Z',
    });
  });

  it('shows a structured actor by its tool, else its role', () => {
    const actor = { role: 'reviewer', profile: null, tool: 'codex', model: 'm' };
    expect(stateOf([move(1, 'for_review', 'in_review', { actor })]).actor).toBe('codex');
    expect(
      stateOf([move(1, 'for_review', 'in_review', { actor: { ...actor, tool: null } })]).actor,
    ).toBe('reviewer');
  });
});

describe('the review_result slot', () => {
  const approved = { reviewer: 'r', verdict: 'approved', reference: 'review-1' } as const;
  const rejected = { reviewer: 'r', verdict: 'changes_requested', reference: 'fb-1' } as const;
  const review = [move(1, 'in_progress', 'for_review'), move(2, 'for_review', 'in_review')];

  it('is absent while no event carried one and the WP never left in_review', () => {
    expect(stateOf(review)).not.toHaveProperty('review_result');
  });

  it('is set by any event carrying one, from in_review or not', () => {
    expect(
      stateOf([...review, move(3, 'in_review', 'in_progress', { review_result: rejected })])
        .review_result,
    ).toEqual(rejected);
    const direct = move(1, 'in_progress', 'approved', { review_result: approved });
    expect(stateOf([direct]).review_result).toEqual(approved);
  });

  it('is null after an exit from in_review that carries none (a forced one)', () => {
    const forced = move(3, 'in_review', 'planned', { force: true, reason: 'reset' });
    const state = stateOf([...review, forced]);
    expect(state).toHaveProperty('review_result', null);
    const earlier = move(0, 'in_progress', 'approved', { review_result: approved });
    expect(stateOf([earlier, ...review, forced]).review_result).toBeNull();
  });

  it('is carried by every other event', () => {
    const entries = [
      ...review,
      move(3, 'in_review', 'approved', { review_result: approved }),
      move(4, 'approved', 'done'),
      move(5, 'done', 'in_progress', { force: true, reason: 'reopen' }),
      note(6, { note: 'n' }),
    ];
    expect(stateOf(entries).review_result).toEqual(approved);
  });
});

describe('rollbacks at 1.3', () => {
  const base = [move(1, 'for_review', 'in_review')];
  it.each([
    ['in_review -> in_progress', { from: 'in_review', reviewRef: null }],
    ['in_review -> in_progress with a review_ref', { from: 'in_review', reviewRef: 'fb-1' }],
    [
      'the legacy for_review -> in_progress with a review_ref',
      { from: 'for_review', reviewRef: 'fb-1' },
    ],
  ] as const)(
    '%s beats a forward move at the same instant, whatever the ids',
    (_, { from, reviewRef }) => {
      for (const [rollbackId, forwardId] of [
        [900, 901],
        [901, 900],
      ] as const) {
        const rollback = makeEvent({
          event_id: eventId(rollbackId),
          at: at(4),
          from_lane: from,
          to_lane: 'in_progress',
          review_ref: reviewRef,
        });
        const forward = makeEvent({
          event_id: eventId(forwardId),
          at: at(4),
          from_lane: 'in_review',
          to_lane: 'approved',
        });
        for (const entries of [
          [...base, rollback, forward],
          [forward, ...base, rollback],
        ]) {
          const state = stateOf(entries);
          expect(state.lane).toBe('in_progress');
          expect(state.last_event_id).toBe(eventId(rollbackId));
        }
      }
    },
  );

  it('is not a rollback when in_review moves anywhere but in_progress', () => {
    const planned = makeEvent({
      event_id: eventId(901),
      at: at(4),
      from_lane: 'in_review',
      to_lane: 'planned',
    });
    const approved = makeEvent({
      event_id: eventId(900),
      at: at(4),
      from_lane: 'in_review',
      to_lane: 'approved',
    });
    expect(stateOf([...base, planned, approved]).lane).toBe('planned');
  });
});
