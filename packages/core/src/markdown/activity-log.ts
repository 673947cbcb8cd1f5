import { splitFrontmatter } from './frontmatter.js';
import { markdownLines } from './markdown-lines.js';

const ACTIVITY_HEADING = /^activity log$/i;

/**
 * Insert one line at the end of a WP file's `## Activity Log` section and return the new text.
 * Only characters are inserted; every existing character stays where it was:
 * - the section runs from its level-2 heading to the next level-1/2 heading or the end of file;
 *   the line goes right after the section's last non-blank line (after a blank line when the
 *   section holds only its heading);
 * - without a section, `## Activity Log` is appended at the end of the body, after a blank line;
 * - line endings follow the file's (CRLF when its first line ending is CRLF); a file without a
 *   trailing newline still ends without one.
 * Line breaks inside `line` become spaces, so an entry can never start a heading.
 * The frontmatter is skipped: a heading inside it is not a section.
 *
 * Works on latin1-decoded bytes as well as on text, so callers can keep invalid UTF-8 byte-exact.
 *
 * @example
 * ```ts
 * insertActivityLine('# WP01\n\n## Activity Log\n\n- a\n', '- b');
 * // '# WP01\n\n## Activity Log\n\n- a\n- b\n'
 * ```
 */
export function insertActivityLine(text: string, line: string): string {
  const entry = line.replace(/\r\n|\r|\n/g, ' ');
  const firstNewline = text.indexOf('\n');
  const eol = firstNewline > 0 && text[firstNewline - 1] === '\r' ? '\r\n' : '\n';
  const split = splitFrontmatter(text);
  const bodyStart = split.kind === 'closed' ? split.bodyStart : 0;
  const lines = markdownLines(text, bodyStart);
  const headingIndex = lines.findIndex(
    (candidate) => candidate.heading?.level === 2 && ACTIVITY_HEADING.test(candidate.heading.text),
  );
  if (headingIndex === -1) {
    const endsWithNewline = text.length === 0 || text.endsWith('\n');
    const lastText = lines.at(-1)?.text.trim() ?? '';
    const separator = `${endsWithNewline ? '' : eol}${lastText === '' ? '' : eol}`;
    const section = `${separator}## Activity Log${eol}${eol}${entry}`;
    return `${text}${section}${endsWithNewline ? eol : ''}`;
  }
  let lastContent = headingIndex;
  for (let index = headingIndex + 1; index < lines.length; index++) {
    const candidate = lines[index];
    if (candidate === undefined) break;
    if (candidate.heading !== null && candidate.heading.level <= 2) break;
    if (candidate.text.trim() !== '') lastContent = index;
  }
  const anchor = lines[lastContent];
  if (anchor === undefined) return text;
  const prefix = lastContent === headingIndex ? eol : ''; // a blank line under a bare heading
  if (anchor.next === anchor.end) {
    // The anchor is the last line and has no line ending: keep the file without a trailing one.
    return `${text}${eol}${prefix}${entry}`;
  }
  return `${text.slice(0, anchor.next)}${prefix}${entry}${eol}${text.slice(anchor.next)}`;
}

/**
 * The lines of a WP file's `## Activity Log` section (the section {@link insertActivityLine}
 * appends to): every non-blank line after the heading up to the next level-1/2 heading, without
 * its line ending, in file order. `[]` when there is no section. The frontmatter is skipped and
 * headings inside code fences do not count.
 *
 * @example
 * ```ts
 * readActivityLines('# WP01\n\n## Activity Log\n\n- a\n- b\n\n## Notes\n- c\n'); // ['- a', '- b']
 * ```
 */
export function readActivityLines(text: string): string[] {
  const split = splitFrontmatter(text);
  const lines = markdownLines(text, split.kind === 'closed' ? split.bodyStart : 0);
  const headingIndex = lines.findIndex(
    (candidate) => candidate.heading?.level === 2 && ACTIVITY_HEADING.test(candidate.heading.text),
  );
  if (headingIndex === -1) return [];
  const found: string[] = [];
  for (const line of lines.slice(headingIndex + 1)) {
    if (line.heading !== null && line.heading.level <= 2) break;
    if (line.text.trim() !== '') found.push(line.text);
  }
  return found;
}
