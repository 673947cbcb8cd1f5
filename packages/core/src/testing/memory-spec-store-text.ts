/**
 * Text helpers of the in-memory SpecStore: the same rules as `@kittyhost/fs-adapter` applies to
 * real files (frontmatter fences, tasks.md sections, the activity log), written without `node:`
 * imports and without a YAML parser. `describeSpecStoreContract` keeps both in agreement.
 */
import type { SubtaskStatus } from '../ports/spec-store.js';

/** A WP file name: `WP<digits>.md` or `WP<digits>-<anything>.md`; the id is `WP<digits>`. */
export const WORK_PACKAGE_FILE = /^(WP\d+)(?:-.*)?\.md$/;

interface Line {
  readonly start: number;
  readonly end: number;
  readonly next: number;
  readonly text: string;
  readonly heading: { readonly level: number; readonly text: string } | null;
  readonly fenced: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FRONTMATTER_FENCE = /^---[ \t]*\r?$/;

/** Lines (offsets exclude `\r\n`) with ATX headings recognised outside code fences. */
function markdownLines(text: string, from = 0): Line[] {
  const lines: Line[] = [];
  let fence: string | null = null;
  for (let start = from; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
    const content = text.slice(start, end);
    const opener = FENCE.exec(content)?.[1];
    let heading: Line['heading'] = null;
    let fenced = true;
    if (fence !== null) {
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length)
        fence = null;
    } else if (opener !== undefined) {
      fence = opener;
    } else {
      fenced = false;
      const match = HEADING.exec(content);
      if (match) heading = { level: (match[1] as string).length, text: (match[2] ?? '').trim() };
    }
    lines.push({ start, end, next, text: content, heading, fenced });
    start = next;
  }
  return lines;
}

/** Frontmatter of a WP file: absent, opened but never closed, or its YAML and the body offset. */
export type FrontmatterSplit =
  | { readonly kind: 'none' }
  | { readonly kind: 'unclosed' }
  | { readonly kind: 'closed'; readonly yaml: string; readonly bodyStart: number };

/** The first line must be `---` (after an optional BOM); the frontmatter ends at the next `---`. */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const firstEnd = text.indexOf('\n', start);
  if (firstEnd === -1 || !FRONTMATTER_FENCE.test(text.slice(start, firstEnd)))
    return { kind: 'none' };
  for (let lineStart = firstEnd + 1; lineStart <= text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (FRONTMATTER_FENCE.test(text.slice(lineStart, lineEnd))) {
      return {
        kind: 'closed',
        yaml: text.slice(firstEnd + 1, lineStart),
        bodyStart: newline === -1 ? text.length : newline + 1,
      };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { kind: 'unclosed' };
}

const FIELD = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/;

/**
 * Parse the YAML subset the memory store understands: one `key: value` per line, the value a JSON
 * text (`"x"`, `["WP01"]`, `3`, `true`), `null`/`~`/nothing, or a plain scalar. Blank lines and
 * `#` comments are skipped. Anything else is reported as a problem, like a YAML error.
 */
export function parseFrontmatterFields(
  yaml: string,
): { fields: Record<string, unknown> } | { problem: string } {
  const fields: Record<string, unknown> = {};
  for (const raw of yaml.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = FIELD.exec(line);
    if (match === null) return { problem: `unsupported line ${JSON.stringify(line)}` };
    const key = match[1] as string;
    if (Object.hasOwn(fields, key)) return { problem: 'Map keys must be unique' };
    const value = match[2] ?? '';
    if (value === '' || value === '~' || value === 'null') fields[key] = null;
    else if (/^["[{]|^-?\d|^(?:true|false)$/.test(value)) {
      try {
        fields[key] = JSON.parse(value) as unknown;
      } catch {
        if (/^["[{]/.test(value)) return { problem: `cannot parse ${JSON.stringify(value)}` };
        fields[key] = value;
      }
    } else fields[key] = value;
  }
  return { fields };
}

const BOX = /^[ \t]*[-*+][ \t]+\[([ xX])\]/;
const WP_TOKEN = /\bWP\d+\b/;

/** Checkbox counts of the level-2/3 section whose heading's first WP id is `wpId`, or `null`. */
export function countSubtasks(text: string, wpId: string): SubtaskStatus | null {
  const lines = markdownLines(text);
  const startIndex = lines.findIndex(
    (line) =>
      line.heading !== null &&
      (line.heading.level === 2 || line.heading.level === 3) &&
      WP_TOKEN.exec(line.heading.text)?.[0] === wpId,
  );
  if (startIndex === -1) return null;
  const level = (lines[startIndex] as Line).heading?.level ?? 2;
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

/** Insert `line` at the end of the `## Activity Log` section (created when missing). */
export function insertActivityLine(text: string, line: string): string {
  const entry = line.replace(/\r\n|\r|\n/g, ' ');
  const firstNewline = text.indexOf('\n');
  const eol = firstNewline > 0 && text[firstNewline - 1] === '\r' ? '\r\n' : '\n';
  const split = splitFrontmatter(text);
  const lines = markdownLines(text, split.kind === 'closed' ? split.bodyStart : 0);
  const headingIndex = lines.findIndex(
    (candidate) => candidate.heading?.level === 2 && /^activity log$/i.test(candidate.heading.text),
  );
  if (headingIndex === -1) {
    const endsWithNewline = text.length === 0 || text.endsWith('\n');
    const lastText = lines.at(-1)?.text.trim() ?? '';
    const separator = `${endsWithNewline ? '' : eol}${lastText === '' ? '' : eol}`;
    return `${text}${separator}## Activity Log${eol}${eol}${entry}${endsWithNewline ? eol : ''}`;
  }
  let lastContent = headingIndex;
  for (let index = headingIndex + 1; index < lines.length; index++) {
    const candidate = lines[index] as Line;
    if (candidate.heading !== null && candidate.heading.level <= 2) break;
    if (candidate.text.trim() !== '') lastContent = index;
  }
  const anchor = lines[lastContent] as Line;
  const prefix = lastContent === headingIndex ? eol : '';
  if (anchor.next === anchor.end) return `${text}${eol}${prefix}${entry}`;
  return `${text.slice(0, anchor.next)}${prefix}${entry}${eol}${text.slice(anchor.next)}`;
}
