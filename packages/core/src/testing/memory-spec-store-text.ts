/**
 * The YAML subset of the in-memory SpecStore (no YAML parser here). The WP file-name rule,
 * frontmatter fences, tasks.md sections and the activity log come from core's markdown module,
 * like the fs adapter's.
 */

const FIELD = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/;

const ITEM = /^[ \t]*-[ \t]+(.*?)[ \t]*$/;

/** A scalar: a JSON text (`"x"`, `["WP01"]`, `3`, `true`), `null`/`~`/nothing, `'single'`, or plain. */
function scalar(value: string): { value: unknown } | { problem: string } {
  if (value === '' || value === '~' || value === 'null') return { value: null };
  if (/^'(?:[^']|'')*'$/.test(value)) return { value: value.slice(1, -1).replaceAll("''", "'") };
  if (/^["[{]|^-?\d|^(?:true|false)$/.test(value)) {
    try {
      return { value: JSON.parse(value) as unknown };
    } catch {
      if (/^["[{]/.test(value)) return { problem: `cannot parse ${JSON.stringify(value)}` };
    }
  }
  return { value };
}

/**
 * Parse the YAML subset the memory store understands: one `key: value` per line, the value a
 * scalar (see above), or nothing followed by a block list of scalars (`- T001` lines, as
 * spec-kitty writes `subtasks`). Blank lines and `#` comments are skipped. Anything else is
 * reported as a problem, like a YAML error.
 */
export function parseFrontmatterFields(
  yaml: string,
): { fields: Record<string, unknown> } | { problem: string } {
  const fields: Record<string, unknown> = {};
  let list: { key: string; items: unknown[] } | undefined;
  for (const raw of yaml.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const item = ITEM.exec(line);
    if (item !== null && list !== undefined) {
      const parsed = scalar(item[1] as string);
      if ('problem' in parsed) return parsed;
      list.items.push(parsed.value);
      fields[list.key] = list.items;
      continue;
    }
    const match = FIELD.exec(line);
    if (match === null) return { problem: `unsupported line ${JSON.stringify(line)}` };
    const key = match[1] as string;
    if (Object.hasOwn(fields, key)) return { problem: 'Map keys must be unique' };
    const parsed = scalar(match[2] ?? '');
    if ('problem' in parsed) return parsed;
    fields[key] = parsed.value;
    list = match[2] === undefined || match[2] === '' ? { key, items: [] } : undefined;
  }
  return { fields };
}
