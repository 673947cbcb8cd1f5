/**
 * The names spec-kitty 3.2 gives a mission's branches and worktrees (CONTRACT-1.3.md §2, §6),
 * built from the canonical mission directory name (the slug) only, never from a selector. Pure.
 */

/** Crockford base32, exactly 8 characters: a mission id prefix (mid8). */
const MID8 = /^[0-9A-HJKMNP-TV-Z]{8}$/;
/** Topologies whose status lives on the coordination branch. */
const COORD_TOPOLOGIES: ReadonlySet<unknown> = new Set(['coord', 'lanes_with_coord']);

/** Is `text` shaped like a mid8 (8 Crockford base32 characters)? */
export function isMid8(text: string): boolean {
  return MID8.test(text);
}

/** The mid8 tail of a slug (`demo-01M8RB29` → `01M8RB29`), or `null`. A heuristic only. */
export function mid8FromSlug(slug: string): string | null {
  const dash = slug.lastIndexOf('-');
  const tail = dash < 0 ? '' : slug.slice(dash + 1);
  return MID8.test(tail) ? tail : null;
}

/**
 * A mission's mid8: the first 8 characters of meta.json's `mission_id` when that is one, else
 * the slug's tail, else `null`.
 *
 * @example
 * ```ts
 * missionMid8('coord-3wp-01M8RCK1', { mission_id: '01M8RCK176SECR64016WF4N3AM' }); // '01M8RCK1'
 * ```
 */
export function missionMid8(slug: string, meta: Readonly<Record<string, unknown>>): string | null {
  const id = meta['mission_id'];
  const fromId = typeof id === 'string' ? id.slice(0, 8) : '';
  return MID8.test(fromId) ? fromId : mid8FromSlug(slug);
}

/**
 * The coordination branch of a mission whose status lives on one (meta.json `topology` `coord`
 * or `lanes_with_coord` with a `coordination_branch`), else `null`.
 *
 * @example
 * ```ts
 * coordinationBranchOf({ topology: 'coord', coordination_branch: 'kitty/mission-demo-01M8RB29' });
 * // 'kitty/mission-demo-01M8RB29'
 * ```
 */
export function coordinationBranchOf(meta: Readonly<Record<string, unknown>>): string | null {
  const branch = meta['coordination_branch'];
  return COORD_TOPOLOGIES.has(meta['topology']) && typeof branch === 'string' && branch !== ''
    ? branch
    : null;
}

/**
 * The directory name of a mission's coordination worktree under `.worktrees/`: `<slug>-coord`,
 * or `<slug>-<mid8>-coord` when the slug does not already end in its mid8.
 *
 * @example
 * ```ts
 * coordinationWorktreeName('coord-3wp-01M8RCK1', '01M8RCK1'); // 'coord-3wp-01M8RCK1-coord'
 * ```
 */
export function coordinationWorktreeName(slug: string, mid8: string | null): string {
  return mid8 === null || slug.endsWith(`-${mid8}`) ? `${slug}-coord` : `${slug}-${mid8}-coord`;
}

/**
 * The branch of an execution lane, in the grammar orchestrator-api uses:
 * `kitty/mission-<slug>-<lane>`, a leading `NNN-` dropped only when the slug also ends in a mid8.
 *
 * @example
 * ```ts
 * laneBranchName('coord-3wp-01M8RCK1', 'lane-a'); // 'kitty/mission-coord-3wp-01M8RCK1-lane-a'
 * laneBranchName('083-demo-01M8RB29', 'lane-b'); // 'kitty/mission-demo-01M8RB29-lane-b'
 * laneBranchName('057-demo', 'lane-a'); // 'kitty/mission-057-demo-lane-a'
 * ```
 */
export function laneBranchName(slug: string, laneId: string): string {
  const body = mid8FromSlug(slug) !== null ? slug.replace(/^\d{3}-(?=.)/, '') : slug;
  return `kitty/mission-${body}-${laneId}`;
}

/**
 * The directory name of an execution lane's worktree under `.worktrees/`: `<slug>-<lane>`.
 *
 * @example
 * ```ts
 * laneWorktreeName('coord-3wp-01M8RCK1', 'lane-a'); // 'coord-3wp-01M8RCK1-lane-a'
 * ```
 */
export function laneWorktreeName(slug: string, laneId: string): string {
  return `${slug}-${laneId}`;
}

/**
 * The status files a lane worktree of a coordination mission never shows (its sparse checkout),
 * as repository paths.
 *
 * @example
 * ```ts
 * hiddenStatusPaths('demo-01M8RB29'); // ['kitty-specs/demo-01M8RB29/status.events.jsonl', 'kitty-specs/demo-01M8RB29/status.json']
 * ```
 */
export function hiddenStatusPaths(slug: string): string[] {
  return [`kitty-specs/${slug}/status.events.jsonl`, `kitty-specs/${slug}/status.json`];
}
