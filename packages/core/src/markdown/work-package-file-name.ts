/**
 * The name of a WP file under `tasks/`: `WP<digits>.md` or `WP<digits>-<anything>.md`; group 1 is
 * the canonical id (`WP07-adapter.md` → `WP07`). Other files (README.md, .gitkeep) are not WPs.
 *
 * @example
 * ```ts
 * WORK_PACKAGE_FILE.exec('WP07-adapter.md')?.[1]; // 'WP07'
 * WORK_PACKAGE_FILE.test('README.md');            // false
 * ```
 */
export const WORK_PACKAGE_FILE = /^(WP\d+)(?:-.*)?\.md$/;

/**
 * The subtask roster of a WP from its frontmatter `subtasks` value: the ids of a list of strings
 * (or of objects with a string `id`), in order; `undefined` when the key is absent (or not a
 * list), so contract 1.3 can tell "no roster" (fall back to tasks.md) from an empty one.
 *
 * @example
 * ```ts
 * subtaskRoster(['T001', 'T002']); // ['T001', 'T002']
 * subtaskRoster(undefined);        // undefined
 * ```
 */
export function subtaskRoster(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ids: string[] = [];
  for (const item of value) {
    if (typeof item === 'string' && item.trim() !== '') ids.push(item.trim());
    else if (typeof item === 'number') ids.push(String(item));
    else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const id = (item as Record<string, unknown>)['id'];
      if (typeof id === 'string' && id.trim() !== '') ids.push(id.trim());
    }
  }
  return ids;
}
