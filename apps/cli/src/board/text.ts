// Text measurement for the terminal: display width (wide and emoji characters take two cells,
// combining marks none), cutting to a width with an ellipsis, and short ages.

// Combining marks (variation selectors included) and format characters (zero-width joiners).
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;
const EMOJI = /\p{Emoji_Presentation}/u;

/** Is this code point two cells wide (East Asian wide/fullwidth, emoji presentation)? */
function isWide(codePoint: number, character: string): boolean {
  return (
    EMOJI.test(character) ||
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** Cells one character takes. Control characters are never printed (see {@link printable}). */
function cellsOf(character: string): number {
  if (ZERO_WIDTH.test(character)) return 0;
  const codePoint = character.codePointAt(0) ?? 0;
  return isWide(codePoint, character) ? 2 : 1;
}

/**
 * Text from files and agents made safe for a terminal: control characters (escape sequences,
 * tabs, newlines) become spaces, so a title can never move the cursor or change colours.
 *
 * @example
 * ```ts
 * printable('a\u001b[2Jb\tc'); // 'a [2Jb c'
 * ```
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/**
 * The number of terminal cells `text` takes (no escape codes in it).
 *
 * @example
 * ```ts
 * displayWidth('WP01 設計'); // 9
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += cellsOf(character);
  return width;
}

/**
 * `text` cut to at most `width` cells, ending in `…` when it was cut.
 *
 * @example
 * ```ts
 * cut('Integration of storage and API', 12); // 'Integration…'
 * ```
 */
export function cut(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const character of text) {
    const cells = cellsOf(character);
    if (used + cells > width - 1) break;
    out += character;
    used += cells;
  }
  return `${out}…`;
}

/**
 * `text` cut to `width` cells and padded with spaces to exactly `width`.
 *
 * @example
 * ```ts
 * fit('WP01', 6); // 'WP01  '
 * ```
 */
export function fit(text: string, width: number): string {
  const cutText = cut(text, width);
  return cutText + ' '.repeat(Math.max(0, width - displayWidth(cutText)));
}

/**
 * A short age: `45s`, `12m`, `3h`, `2d`.
 *
 * @example
 * ```ts
 * formatAge(719); // '11m'
 * ```
 */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
