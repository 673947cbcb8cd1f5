import type { SubtaskStatus } from '../ports/spec-store.js';
import { markdownLines } from './markdown-lines.js';

const BOX = /^[ \t]*[-*+][ \t]+\[([ xX])\]/;
const WP_TOKEN = /\bWP\d+\b/;

/**
 * Count the checkboxes of one WP's section of `tasks.md`. The section starts at the first level-2
 * or level-3 heading whose first WP id is `wpId` (`## Work Package WP01: Setup`, `### WP01 - x`;
 * `## WP02 (after WP01)` belongs to WP02) and ends at the next heading of the same or a higher
 * level (or at a level-2/3 heading of another WP). `- [ ]`, `* [ ]`, `+ [ ]` are unchecked, `[x]`/`[X]` checked, indented boxes count,
 * boxes inside code fences do not. `null` when no section matches.
 *
 * @example
 * ```ts
 * countSubtasks('## WP01 Setup\n- [x] a\n- [ ] b\n## WP02\n- [ ] c\n', 'WP01'); // { checked: 1, unchecked: 1 }
 * ```
 */
export function countSubtasks(text: string, wpId: string): SubtaskStatus | null {
  const lines = markdownLines(text);
  const startIndex = lines.findIndex(
    (line) =>
      line.heading !== null &&
      (line.heading.level === 2 || line.heading.level === 3) &&
      WP_TOKEN.exec(line.heading.text)?.[0] === wpId,
  );
  if (startIndex === -1) return null;
  const level = (lines[startIndex]?.heading as { level: number }).level;
  let checked = 0;
  let unchecked = 0;
  for (const line of lines.slice(startIndex + 1)) {
    if (line.heading !== null && line.heading.level <= level) break;
    // A level-2/3 heading of another WP starts that WP's section, even when nested deeper.
    if (line.heading !== null && line.heading.level <= 3) {
      const other = WP_TOKEN.exec(line.heading.text)?.[0];
      if (other !== undefined && other !== wpId) break;
    }
    if (line.fenced) continue;
    const box = BOX.exec(line.text)?.[1];
    if (box === ' ') unchecked += 1;
    else if (box !== undefined) checked += 1;
  }
  return { checked, unchecked };
}
