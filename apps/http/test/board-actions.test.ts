// Every action the web board offers, in every lane that offers it, for both contract generations,
// performed against a real server exactly as the page sends it (web/src/actions.ts builds the
// requests): each one must succeed without force and write the event it promises.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsFor, planAction, type ActionName, type BoardKind } from '../web/src/actions.js';
import { LANE_ORDER } from '../web/src/format.js';
import {
  FEATURE,
  POLICY,
  eventLines,
  independentWorkPackages,
  sampleProject,
  serve,
  type Envelope,
} from './harness.js';
import type { RunningServer } from '../src/index.js';

const TARGET: Readonly<Record<ActionName, string>> = {
  approve: 'done',
  'send-back': 'in_progress',
  finish: 'done',
  release: 'planned',
  block: 'blocked',
  unblock: 'in_progress',
  cancel: 'canceled',
};

interface Case {
  readonly wpId: string;
  readonly lane: string;
  readonly action: ActionName;
}

function casesOf(kind: BoardKind): Case[] {
  const cases: Case[] = [];
  for (const lane of LANE_ORDER)
    for (const action of actionsFor(kind, lane))
      cases.push({
        wpId: `WP${String(cases.length + 1).padStart(2, '0')}`,
        lane,
        action: action.name,
      });
  return cases;
}

async function post(url: string, body: unknown): Promise<{ status: number; envelope: Envelope }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, envelope: (await response.json()) as Envelope };
}

describe.each(['feature', 'mission'] as const)('the board’s actions on a %s', (kind) => {
  const cases = casesOf(kind);
  let server: RunningServer;
  let featureDir: string;

  beforeAll(async () => {
    const project = sampleProject({ workPackages: independentWorkPackages(cases.length) });
    featureDir = project.featureDir;
    server = await serve(project.root);
    // Put each WP in its lane (forced: this is the test's setup, not the board).
    for (const { wpId, lane } of cases) {
      if (lane === 'planned') continue;
      const setup = await post(
        `${server.url}/v1/${kind}s/${FEATURE}/work-packages/${wpId}/transition`,
        { to: lane, actor: 'setup', note: 'test setup', force: true, policy: POLICY },
      );
      expect(setup.envelope, `${wpId} → ${lane}`).toMatchObject({ success: true });
    }
  });
  afterAll(() => server.close());

  it('offers something in every lane but the terminal ones', () => {
    const lanes = new Set(cases.map((entry) => entry.lane));
    expect([...lanes]).toEqual(
      kind === 'feature'
        ? ['planned', 'claimed', 'in_progress', 'for_review', 'blocked']
        : ['planned', 'claimed', 'in_progress', 'for_review', 'in_review', 'approved', 'blocked'],
    );
  });

  it.each(cases)(
    '$action from $lane ($wpId) performs its transition, unforced',
    async ({ wpId, lane, action }) => {
      const before = eventLines(featureDir).length;
      const plan = planAction(kind, action, lane, {
        slug: FEATURE,
        wpId,
        actor: 'Ada Lovelace',
        note: 'Looked at it on the board',
        reviewReference: `review-${wpId}`,
        version: '0.1.0',
      });
      for (const request of plan) {
        const answer = await post(`${server.url}${request.path}`, request.body);
        expect(answer.envelope, request.step).toMatchObject({ success: true });
        expect(answer.status).toBe(200);
      }
      const written = eventLines(featureDir).slice(before);
      expect(written).toHaveLength(plan.length);
      for (const event of written) {
        expect(event).toMatchObject({ wp_id: wpId, actor: 'Ada Lovelace', force: false });
        expect(event['policy_metadata']).toMatchObject({
          orchestrator_id: 'kittyhost-board',
          approval_mode: 'human',
          dangerous_flags: [],
        });
      }
      const last = written.at(-1) as Record<string, any>;
      expect(last['to_lane']).toBe(TARGET[action]);
      if (action === 'approve' || action === 'send-back' || action === 'finish')
        expect(last['review_ref']).toBe(`review-${wpId}`);
      if (kind === 'mission' && (action === 'approve' || action === 'send-back')) {
        expect(last['review_result']).toEqual({
          reviewer: 'Ada Lovelace',
          verdict: action === 'approve' ? 'approved' : 'changes_requested',
          reference: `review-${wpId}`,
        });
      }
      if (action === 'approve' || action === 'finish')
        expect(last['evidence']).toMatchObject({
          review: { reviewer: 'Ada Lovelace', verdict: 'approved', reference: `review-${wpId}` },
        });
      if (action !== 'approve' && action !== 'unblock' && action !== 'finish')
        expect(last['reason']).toBe('Looked at it on the board');
    },
  );

  it('a plan sent for a lane the WP has left is refused with the envelope’s message, writing nothing', async () => {
    const done = cases.find((entry) => entry.action === 'approve');
    if (done === undefined) throw new Error('no approve case');
    const before = eventLines(featureDir).length;
    const [first] = planAction(kind, 'block', 'planned', {
      slug: FEATURE,
      wpId: done.wpId, // approved above: done is terminal
      actor: 'Ada Lovelace',
      note: 'too late',
      reviewReference: '',
      version: '0.1.0',
    });
    const answer = await post(`${server.url}${first?.path}`, first?.body);
    expect(answer.status).toBe(409);
    expect(answer.envelope).toMatchObject({
      success: false,
      error_code: 'TRANSITION_REJECTED',
      data: { message: expect.stringMatching(/done -> blocked/) },
    });
    expect(eventLines(featureDir)).toHaveLength(before);
  });
});
