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
