import type { FeatureDocument, SpecStore } from '@kittyhost/core/ports';
import { okAsync, type ResultAsync } from 'neverthrow';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TOP_HEADING = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

/**
 * The text of the first level-1 ATX heading (`# Title`) of a Markdown text, outside code fences
 * and after a `---` frontmatter block, or `null` when there is none (or it is empty).
 *
 * @example
 * ```ts
 * firstHeading('---\nx: 1\n---\n\n# Checkout flow ##\n'); // 'Checkout flow'
 * ```
 */
export function firstHeading(text: string): string | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let start = 0;
  if (lines[0]?.trimEnd() === '---') {
    const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (close > 0) start = close + 1;
  }
  let fence: string | null = null;
  for (const line of lines.slice(start)) {
    const opener = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length)
        fence = null;
      continue;
    }
    if (opener !== undefined) {
      fence = opener;
      continue;
    }
    const heading = TOP_HEADING.exec(line)?.[1]?.trim();
    if (heading !== undefined && heading !== '') return heading;
  }
  return null;
}

/**
 * A feature's title: the first `#` heading of spec.md, else meta.json `friendly_name`, else the
 * slug.
 *
 * @example
 * ```ts
 * featureTitle('001-demo', '# Demo feature\n', {}); // 'Demo feature'
 * featureTitle('001-demo', null, { friendly_name: 'Demo' }); // 'Demo'
 * ```
 */
export function featureTitle(
  slug: string,
  spec: string | null,
  meta: Readonly<Record<string, unknown>>,
): string {
  const heading = spec === null ? null : firstHeading(spec);
  if (heading !== null) return heading;
  const friendly = meta['friendly_name'];
  if (typeof friendly === 'string' && friendly.trim() !== '') return friendly.trim();
  return slug;
}

/** `mission` when meta.json has a `mission_id` (planned by spec-kitty 3), else `feature`. */
export function featureKind(meta: Readonly<Record<string, unknown>>): 'feature' | 'mission' {
  const id = meta['mission_id'];
  return typeof id === 'string' && id.trim() !== '' ? 'mission' : 'feature';
}

/** meta.json's string value of `key`, or `null`. */
export function metaText(meta: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = meta[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * A feature document's text for display, `null` when it is absent or cannot be read: a
 * document that fails to read never hides the board, the title just falls back.
 */
export function documentText(
  store: SpecStore,
  slug: string,
  name: FeatureDocument,
): ResultAsync<string | null, never> {
  return store.readFeatureFile(slug, name).orElse(() => okAsync(null));
}
