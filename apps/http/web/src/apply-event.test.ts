import { describe, expect, it } from 'vitest';
import { applyLaneEvent } from './apply-event.js';
import type { BoardCard, FeatureBoard } from './view-model.js';

function card(
  wpId: string,
  lane: BoardCard['lane'],
  dependencies: string[] = [],
  since: string | null = null,
): BoardCard {
  return {
    wp_id: wpId,
    title: `Title of ${wpId}`,
    lane,
    holder: null,
    lane_since: since,
    age_seconds: since === null ? null : 60,
    dependencies,
    unmet_dependencies: dependencies,
    subtasks: null,
    roster: null,
    progress: null,
    review_refs: [],
    review_result: null,
    force_count: 0,
    lease: null,
    workspace: { path: `/repo/.worktrees/f-${wpId}`, branch: `f-${wpId}`, exists: false },
    prompt_path: `/repo/kitty-specs/f/tasks/${wpId}.md`,
    history: [],
    activity: [],
  };
}

const zeros = {
  planned: 0,
  claimed: 0,
  in_progress: 0,
  for_review: 0,
  in_review: 0,
  approved: 0,
  done: 0,
  blocked: 0,
  canceled: 0,
};

function board(cards: BoardCard[]): FeatureBoard {
  const summary = { ...zeros };
  for (const entry of cards) summary[entry.lane] += 1;
  return {
    slug: 'f',
    title: 'F',
    kind: 'feature',
    target_branch: 'main',
    accepted: false,
    accepted_at: null,
    generated_at: '2026-03-01T10:00:00.000000+00:00',
    lanes: Object.keys(zeros) as BoardCard['lane'][],
    summary,
    last_event_id: 'E0',
    work_packages: cards,
  };
}

const event = (fields: Record<string, unknown>) => ({
  event_id: 'E1',
  feature_slug: 'f',
  wp_id: 'WP01',
  from_lane: 'for_review',
  to_lane: 'done',
  at: '2026-03-01T10:00:05.000000+00:00',
  actor: 'lead',
  force: false,
  execution_mode: 'worktree',
  reason: null,
  review_ref: 'r1',
  evidence: null,
  policy_metadata: null,
  ...fields,
});

describe('applyLaneEvent', () => {
  const before = board([
    card('WP01', 'for_review', [], '2026-03-01T09:00:00.000000+00:00'),
    card('WP02', 'planned', ['WP01']),
    card('WP03', 'planned', ['WP01', 'WP02']),
  ]);

  it('moves the card, counts the lanes again and meets the dependents’ dependency', () => {
    const after = applyLaneEvent(before, event({}));
    expect(
      after?.work_packages.map((entry) => [entry.wp_id, entry.lane, entry.unmet_dependencies]),
    ).toEqual([
      ['WP01', 'done', []],
      ['WP02', 'planned', []],
      ['WP03', 'planned', ['WP02']],
    ]);
    expect(after?.work_packages[0]).toMatchObject({
      holder: null,
      lane_since: '2026-03-01T10:00:05.000000+00:00',
      age_seconds: 0,
    });
    expect(after?.summary).toMatchObject({ for_review: 0, done: 1, planned: 2 });
    expect(after?.last_event_id).toBe('E1');
    expect(before.work_packages[0]?.lane).toBe('for_review'); // not mutated
  });

  it('shows the actor as holder in the held lanes (a structured actor by its tool), reads doing as in_progress, counts a force', () => {
    const after = applyLaneEvent(
      before,
      event({
        to_lane: 'doing',
        force: true,
        actor: { role: 'implementer', profile: null, tool: 'codex', model: null },
      }),
    );
    expect(after?.work_packages[0]).toMatchObject({
      lane: 'in_progress',
      holder: 'codex',
      force_count: 1,
    });
    expect(
      applyLaneEvent(before, event({ to_lane: 'in_review', actor: 'rita' }))?.work_packages[0]
        ?.holder,
    ).toBe('rita');
  });

  it('leaves to the re-read what it cannot apply safely', () => {
    expect(
      applyLaneEvent(before, {
        event_id: 'A',
        kind: 'annotation',
        wp_id: 'WP01',
        at: '2026-03-01T10:00:05Z',
        delta: {},
      }),
    ).toBeNull();
    expect(applyLaneEvent(before, event({ wp_id: 'WP09' }))).toBeNull();
    expect(applyLaneEvent(before, event({ to_lane: 'parked' }))).toBeNull();
    expect(applyLaneEvent(before, event({ at: 'yesterday' }))).toBeNull();
    // Older than the card's last transition: a log merged in from elsewhere.
    expect(applyLaneEvent(before, event({ at: '2026-03-01T08:00:00.000000+00:00' }))).toBeNull();
    expect(applyLaneEvent(before, null)).toBeNull();
  });
});
