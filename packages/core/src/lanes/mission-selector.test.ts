import { describe, expect, it } from 'vitest';
import { missionSelectorMatcher, selectedMission } from './mission-selector.js';

describe('missionSelectorMatcher', () => {
  const ID = '01M8RCK176SECR64016WF4N3AM';
  it('matches a whole mission_id or its mid8, case-insensitively and trimmed', () => {
    expect(missionSelectorMatcher(ID.toLowerCase())?.('any', ID)).toBe(true);
    expect(missionSelectorMatcher(' 01m8rck1 ')?.('any', ID)).toBe(true);
    expect(missionSelectorMatcher('01M8RCK1')?.('any', '01M8RB29000000000000000007')).toBe(false);
    expect(missionSelectorMatcher(ID)?.('any', null)).toBe(false);
  });

  it('takes the slug tail for a mid8 only when the mission has no mission_id', () => {
    const matches = missionSelectorMatcher('01M8RCK1');
    expect(matches?.('coord-3wp-01M8RCK1', null)).toBe(true);
    expect(matches?.('coord-3wp-01M8RCK1', '')).toBe(true);
    expect(matches?.('coord-3wp-01M8RCK1', '01M8RB29000000000000000007')).toBe(false);
  });

  it('is null for a selector of neither shape (it can only be a directory name)', () => {
    for (const selector of ['demo', '', '01M8RCK', '01M8RCKI', `${ID}X`])
      expect(missionSelectorMatcher(selector), selector).toBeNull();
  });
});

describe('selectedMission', () => {
  it('answers the one candidate, FEATURE_NOT_FOUND for none, the sorted candidates for several', () => {
    expect(selectedMission('01M8RB29', ['demo-01M8RB29'])._unsafeUnwrap()).toBe('demo-01M8RB29');
    expect(selectedMission('01M8RB29', [])._unsafeUnwrapErr().code).toBe('FEATURE_NOT_FOUND');
    const ambiguous = selectedMission('01M8RB29', ['b-01M8RB29', 'a-01M8RB29'])._unsafeUnwrapErr();
    expect(ambiguous.code).toBe('MISSION_AMBIGUOUS_SELECTOR');
    expect(ambiguous.details).toMatchObject({ candidates: ['a-01M8RB29', 'b-01M8RB29'] });
  });
});
