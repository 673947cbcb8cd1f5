/**
 * Our own `---` frontmatter splitter (gray-matter rewrites and coerces; we only need offsets).
 * Works on UTF-8 text and on latin1-decoded bytes alike: a UTF-8 BOM is skipped in either form.
 */

/** Where the frontmatter and the body of a Markdown file are. */
export type FrontmatterSplit =
  /** The file does not start with a `---` line: it is all body. */
  | { readonly kind: 'none' }
  /** A `---` line opens the file but no closing `---` line follows. */
  | { readonly kind: 'unclosed' }
  | {
      readonly kind: 'closed';
      /** The YAML between the fences (line endings as in the file). */
      readonly yaml: string;
      /** Offset of the first character after the closing fence's line ending. */
      readonly bodyStart: number;
    };

const BOM = /^(?:\uFEFF|\u00EF\u00BB\u00BF)/;

/** Is this line (without its `\n`) a `---` fence? Trailing spaces and a `\r` are tolerated. */
function isFence(text: string, start: number, end: number): boolean {
  return /^---[ \t]*\r?$/.test(text.slice(start, end));
}

/**
 * Split a WP file into frontmatter and body. The first line must be exactly `---` (after an
 * optional BOM; CRLF tolerated); the frontmatter ends at the next `---` line.
 *
 * @example
 * ```ts
 * splitFrontmatter('---\ntitle: x\n---\nbody'); // { kind: 'closed', yaml: 'title: x\n', bodyStart: 17 }
 * ```
 */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const start = BOM.exec(text)?.[0].length ?? 0;
  const firstEnd = text.indexOf('\n', start);
  if (firstEnd === -1 || !isFence(text, start, firstEnd)) return { kind: 'none' };
  const yamlStart = firstEnd + 1;
  let lineStart = yamlStart;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (isFence(text, lineStart, lineEnd)) {
      return {
        kind: 'closed',
        yaml: text.slice(yamlStart, lineStart),
        bodyStart: newline === -1 ? text.length : newline + 1,
      };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { kind: 'unclosed' };
}
