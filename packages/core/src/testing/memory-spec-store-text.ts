/**
 * The YAML subset of the in-memory SpecStore (no YAML parser here). The WP file-name rule,
 * frontmatter fences, tasks.md sections and the activity log come from core's markdown module,
 * like the fs adapter's.
 */

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
