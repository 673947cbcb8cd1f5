import type { SubtaskStatus } from '../ports/spec-store.js';
import { markdownLines, type MarkdownLine } from './markdown-lines.js';

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
  const startIndex = lines.findIndex((line) => sectionWorkPackage(line) === wpId);
  return startIndex === -1 ? null : countSection(lines, startIndex, wpId);
}

/**
 * {@link countSubtasks} for many WPs at once, reading `tasks.md` once: the same answer for each
 * id (`null` when it has no section), in time linear in the text rather than in text × WPs.
 *
 * @example
 * ```ts
 * countSubtasksByWorkPackage('## WP01\n- [x] T001\n## WP02\n- [ ] T002\n', ['WP01', 'WP03']);
 * // { WP01: { checked: 1, unchecked: 0, items: [{ id: 'T001', checked: true }] }, WP03: null }
 * ```
 */
export function countSubtasksByWorkPackage(
  text: string,
  wpIds: readonly string[],
): Record<string, SubtaskStatus | null> {
  const lines = markdownLines(text);
  const starts = new Map<string, number>();
  lines.forEach((line, index) => {
    const id = sectionWorkPackage(line);
    if (id !== undefined && !starts.has(id)) starts.set(id, index);
  });
  return Object.fromEntries(
    wpIds.map((id) => {
      const startIndex = starts.get(id);
      return [id, startIndex === undefined ? null : countSection(lines, startIndex, id)];
    }),
  );
}

/** The WP a level-2/3 heading opens a section of (its first WP id), else `undefined`. */
function sectionWorkPackage(line: MarkdownLine): string | undefined {
  if (line.heading === null || (line.heading.level !== 2 && line.heading.level !== 3))
    return undefined;
  return WP_TOKEN.exec(line.heading.text)?.[0];
}

/** The boxes of the section of `wpId` that starts at `startIndex`. */
function countSection(
  lines: readonly MarkdownLine[],
  startIndex: number,
  wpId: string,
): SubtaskStatus {
  const level = (lines[startIndex]?.heading as { level: number }).level;
  let checked = 0;
  let unchecked = 0;
  const items: { id: string | null; checked: boolean }[] = [];
  for (let index = startIndex + 1; index < lines.length; index++) {
    const line = lines[index] as MarkdownLine;
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
