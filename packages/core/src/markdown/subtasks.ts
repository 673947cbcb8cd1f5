import type { SubtaskStatus } from '../ports/spec-store.js';
import { markdownLines } from './markdown-lines.js';

const BOX = /^[ \t]*[-*+][ \t]+\[([ xX])\](.*)$/;
const SUBTASK_ID = /\b(T\d+)\b/;
const WP_TOKEN = /\bWP\d+\b/;

/**
 * Count the checkboxes of one WP's section of `tasks.md`. The section starts at the first level-2
 * or level-3 heading whose first WP id is `wpId` (`## Work Package WP01: Setup`, `### WP01 - x`;
 * `## WP02 (after WP01)` belongs to WP02) and ends at the next heading of the same or a higher
 * level (or at a level-2/3 heading of another WP). `- [ ]`, `* [ ]`, `+ [ ]` are unchecked, `[x]`/`[X]` checked, indented boxes count,
 * boxes inside code fences do not. Each box's subtask id is the first `T<digits>` word after it.
 * `null` when no section matches.
 *
 * @example
 * ```ts
 * countSubtasks('## WP01 Setup\n- [x] T001 a\n- [ ] b\n## WP02\n- [ ] c\n', 'WP01');
 * // { checked: 1, unchecked: 1, items: [{ id: 'T001', checked: true }, { id: null, checked: false }] }
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
  const items: { id: string | null; checked: boolean }[] = [];
  for (const line of lines.slice(startIndex + 1)) {
    if (line.heading !== null && line.heading.level <= level) break;
    // A level-2/3 heading of another WP starts that WP's section, even when nested deeper.
    if (line.heading !== null && line.heading.level <= 3) {
      const other = WP_TOKEN.exec(line.heading.text)?.[0];
      if (other !== undefined && other !== wpId) break;
    }
    if (line.fenced) continue;
    const match = BOX.exec(line.text);
    if (match === null) continue;
    const isChecked = match[1] !== ' ';
    if (isChecked) checked += 1;
    else unchecked += 1;
    items.push({ id: SUBTASK_ID.exec(match[2] ?? '')?.[1] ?? null, checked: isChecked });
  }
  return { checked, unchecked, items };
}
