/**
 * A fast reader for one top-level section of `.kittify/config.yaml` holding plain scalars — the
 * shape `orchestrator_api:` takes, in block or flow style:
 *
 * ```yaml
 * orchestrator_api:
 *   claim_ttl: 30m   # a comment
 * orchestrator_api: { claim_ttl: 30m }
 * ```
 *
 * It returns exactly what the `yaml` package returns for that section on those inputs, and
 * `undefined` for anything else (nested maps, lists, keywords, escapes, anchors, tabs, a section
 * named twice…), so the caller hands the text to `yaml`. With leases on, every CLI call reads the
 * section; this keeps `yaml` (~30 ms to load) out of the call.
 */

const KEY = /^[A-Za-z_][\w-]*$/;
/** Words of letters, digits and `_ . / -`, single-spaced, starting with a letter. */
const PLAIN = /^[A-Za-z][\w./-]*(?: [\w./-]+)*$/;
const NUMBER = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;
/** `30m`, `1h30m`, `1.5h`: strings to YAML (no numeric form ends in one of these units). */
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const KEYWORDS = new Set([
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
]);
const QUOTED = /^(?:"([^"\\\n]*)"|'([^'\n]*)')$/;

/** A scalar whose YAML value is certain, or `undefined`. */
function scalar(text: string): string | number | undefined {
  const quoted = QUOTED.exec(text);
  if (quoted) return quoted[1] ?? quoted[2];
  if (NUMBER.test(text)) return Number(text);
  if (DURATION.test(text)) return text;
  if (PLAIN.test(text) && !KEYWORDS.has(text) && !/^(?:y|n|yes|no|on|off|~)$/i.test(text))
    return text;
  return undefined;
}

/** `text` without a trailing ` # comment` (only when nothing quoted could hold the `#`). */
function uncommented(text: string): string | undefined {
  const hash = text.search(/(?:^|\s)#/);
  const value = (hash < 0 ? text : text.slice(0, hash)).trim();
  return /["']/.test(value) && hash >= 0 ? undefined : value;
}

/**
 * The section's scalar entries, or `undefined` when the fast path cannot be sure (ask `yaml`).
 * A section that is absent yields `{}`.
 */
export function readConfigSection(
  text: string,
  section: string,
): Readonly<Record<string, string | number>> | undefined {
  if (/\t|\r|^---|^\.\.\.|^%/m.test(text)) return undefined;
  const lines = text.split('\n');
  const header = new RegExp(`^${section}:(.*)$`);
  const starts = lines.flatMap((line, index) => (header.test(line) ? [index] : []));
  // Anything else that could be the section: quoted keys, an explicit key, a merge…
  if (lines.some((line, index) => !starts.includes(index) && line.includes(section)))
    return undefined;
  if (starts.length === 0) return {};
  if (starts.length > 1) return undefined;
  const start = starts[0] as number;
  const rest = uncommented(header.exec(lines[start] as string)?.[1] ?? '');
  if (rest === undefined) return undefined;
  const entries: Record<string, string | number> = {};
  const add = (key: string, raw: string): boolean => {
    const value = scalar(raw);
    if (!KEY.test(key) || value === undefined || key in entries) return false;
    entries[key] = value;
    return true;
  };
  if (rest !== '') {
    const flow = /^\{(.*)\}$/.exec(rest);
    if (flow === null) return undefined;
    const body = (flow[1] as string).trim();
    if (body === '') return entries;
    for (const pair of body.split(',')) {
      const match = /^\s*([^:\s]+): +(.*?)\s*$/.exec(pair);
      if (match === null || !add(match[1] as string, match[2] as string)) return undefined;
    }
    return entries;
  }
  let indent: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const match = /^( +)([^:\s]+):(?: +(.*))?$/.exec(line);
    if (match === null) {
      if (/^\S/.test(line)) break; // the next top-level key
      return undefined;
    }
    const [, spaces, key, value] = match as unknown as [string, string, string, string?];
    if (indent === undefined) indent = spaces;
    if (spaces !== indent) return undefined;
    const raw = uncommented(value ?? '');
    if (raw === undefined || raw === '' || !add(key, raw)) return undefined;
  }
  // `orchestrator_api:` with nothing under it is null in YAML.
  return indent === undefined ? undefined : entries;
}
