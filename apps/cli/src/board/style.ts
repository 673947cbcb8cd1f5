// Colours of the terminal board: decided once per process from --no-color, FORCE_COLOR, NO_COLOR
// and whether stdout is a terminal; applied with util.styleText.
import { styleText } from 'node:util';

/** A styleText format. */
export type Format = Parameters<typeof styleText>[0];

/** One styleText format (a colour or a modifier). */
export type Colour = Extract<Format, string>;

/** Applies a format to text, or returns the text as is when colours are off. */
export type Style = (format: Format, text: string) => string;

/** What {@link colourEnabled} decides from. */
export interface ColourSignals {
  /** `--no-color` was given. */
  readonly noColorFlag: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Is stdout a terminal? */
  readonly isTTY: boolean;
}

/**
 * Whether the board prints colours, in Node's own order of precedence: `--no-color` turns them
 * off; `FORCE_COLOR` decides when set (`0` or `false`: off, anything else: on, even when piped);
 * a non-empty `NO_COLOR` turns them off (no-color.org); otherwise colours only on a terminal
 * whose `TERM` is not `dumb`. Piped output is plain text without escape codes.
 *
 * @example
 * ```ts
 * colourEnabled({ noColorFlag: false, env: { NO_COLOR: '1' }, isTTY: true }); // false
 * ```
 */
export function colourEnabled(signals: ColourSignals): boolean {
  if (signals.noColorFlag) return false;
  const force = signals.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = signals.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return signals.isTTY && signals.env['TERM'] !== 'dumb';
}

/**
 * The styler: `util.styleText` when colours are on (told not to second-guess our decision),
 * else the identity.
 *
 * @example
 * ```ts
 * makeStyle(false)('bold', 'WP01'); // 'WP01'
 * ```
 */
export function makeStyle(enabled: boolean): Style {
  if (!enabled) return (_format, text) => text;
  return (format, text) => styleText(format, text, { validateStream: false });
}
