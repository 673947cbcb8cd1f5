/** One line of a text: `[start, end)` is its content, `next` the offset after its line ending. */
export interface Line {
  readonly start: number;
  readonly end: number;
  readonly next: number;
  readonly text: string;
}

/** Split text into lines with offsets; a `\r` before `\n` is not part of the content. */
export function linesOf(text: string, from = 0): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
    lines.push({ start, end, next, text: text.slice(start, end) });
    start = next;
  }
  return lines;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/** A Markdown line classified: an ATX heading (outside code fences) with its level and text. */
export interface MarkdownLine extends Line {
  readonly heading: { readonly level: number; readonly text: string } | null;
  /** True inside a fenced code block (fence lines included). */
  readonly fenced: boolean;
}

/** Lines of a Markdown text with headings recognised, ignoring anything inside code fences. */
export function markdownLines(text: string, from = 0): MarkdownLine[] {
  let fence: string | null = null;
  return linesOf(text, from).map((line) => {
    const opener = FENCE.exec(line.text)?.[1];
    if (fence !== null) {
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length)
        fence = null;
      return { ...line, heading: null, fenced: true };
    }
    if (opener !== undefined) {
      fence = opener;
      return { ...line, heading: null, fenced: true };
    }
    const match = HEADING.exec(line.text);
    const heading = match
      ? { level: (match[1] as string).length, text: (match[2] ?? '').trim() }
      : null;
    return { ...line, heading, fenced: false };
  });
}
