// What each lane offers and what a form must hold. That every offered plan really performs its
// transition on a real server is test/board-actions.test.ts.
import { describe, expect, it } from 'vitest';
import { actionsFor, boardPolicy, missingInput, planAction, type ActionInput } from './actions.js';

const input: ActionInput = {
  slug: '001-x',
  wpId: 'WP01',
  actor: 'Ada',
  note: '',
  reviewReference: 'ref',
  version: '0.1.0',
};
const names = (kind: 'feature' | 'mission', lane: string) =>
  actionsFor(kind, lane).map((action) => action.name);

describe('actionsFor', () => {
  it('offers nothing on terminal or unknown lanes', () => {
    for (const kind of ['feature', 'mission'] as const) {
      expect(names(kind, 'done')).toEqual([]);
      expect(names(kind, 'canceled')).toEqual([]);
      expect(names(kind, 'parked')).toEqual([]);
    }
  });

  it('leaves the 1.3 lanes to the mission board on a 1.0 page', () => {
    expect(names('feature', 'in_review')).toEqual([]);
    expect(names('feature', 'approved')).toEqual([]);
    expect(names('mission', 'in_review')).toEqual(['approve', 'send-back']);
  });

  it('says what each action does', () => {
    for (const action of actionsFor('mission', 'for_review')) expect(action.summary).not.toBe('');
  });
});

describe('missingInput', () => {
  const [approve, sendBack] = actionsFor('feature', 'for_review');
  it('needs a name, the reference when asked, the note when required', () => {
    if (approve === undefined || sendBack === undefined) throw new Error('no actions');
    expect(missingInput(approve, { ...input, actor: '  ' })).toBe('Your name is required');
    expect(missingInput(approve, { ...input, reviewReference: ' ' })).toBe(
      'A review reference is required',
    );
    expect(missingInput(approve, input)).toBeNull();
    expect(missingInput(sendBack, input)).toBe('A note is required');
    expect(missingInput(sendBack, { ...input, note: 'redo' })).toBeNull();
  });
});

describe('planAction', () => {
  it('encodes the path segments and trims what was typed', () => {
    const [request] = planAction('feature', 'block', 'planned', {
      ...input,
      slug: 'a b/../c',
      actor: '  Ada ',
      note: ' why ',
    });
    expect(request?.path).toBe('/v1/features/a%20b%2F..%2Fc/work-packages/WP01/transition');
    expect(request?.body).toEqual({
      to: 'blocked',
      actor: 'Ada',
      note: 'why',
      policy: boardPolicy('0.1.0'),
    });
  });

  it('leaves an empty optional note out', () => {
    const [request] = planAction('mission', 'unblock', 'blocked', input);
    expect(request?.body).not.toHaveProperty('note');
  });
});
