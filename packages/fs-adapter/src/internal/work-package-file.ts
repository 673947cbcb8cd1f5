import { err, ok, type Result } from 'neverthrow';
import { splitFrontmatter, subtaskRoster } from '@kittyhost/core';
import { parseSimpleFrontmatter } from './simple-yaml.js';

/** The WP file-name rule, shared with the in-memory store. */
export { WORK_PACKAGE_FILE } from '@kittyhost/core';

/** The fields of a WP file the host uses. */
export interface WorkPackageFields {
  readonly title: string;
  readonly dependencies: readonly string[];
  /** Frontmatter `subtasks` (the roster), absent when the key is. */
  readonly subtasks?: readonly string[];
}

/** The part of the `yaml` package we use; loaded only when a frontmatter needs it. */
export type YamlModule = Pick<typeof import('yaml'), 'parseDocument'>;

let yamlModule: Promise<YamlModule> | undefined;

/**
 * Load `yaml` once, on first need. `yaml` is CommonJS: Node's own loader gives its named exports,
 * but a bundler's lazy chunk may give only `default` (the CLI's esbuild bundle does), so take
 * whichever holds `parseDocument`.
 */
export function loadYaml(): Promise<YamlModule> {
  yamlModule ??= import('yaml').then((module) => {
    const candidate = module as Partial<YamlModule> & { default?: YamlModule };
    return typeof candidate.parseDocument === 'function'
      ? (candidate as YamlModule)
      : (candidate.default as YamlModule);
  });
  return yamlModule;
}

/**
 * Read the frontmatter of one WP file. `label` names the file in problems (`tasks/WP01.md`).
 * - no frontmatter at all: title `''`, no dependencies (a WP file may be plain Markdown);
 * - an unclosed `---`, invalid YAML, or a non-mapping: a problem naming the file;
 * - `work_package_id` present and not equal to `id`: a problem naming both ids;
 * - `title`: a string (numbers and booleans written as text), else `''`;
 * - `dependencies`: a list keeps its string items in order; anything else counts as none;
 * - `subtasks`: the roster of subtask ids, when the key holds a list.
 *
 * Simple frontmatter is read without `yaml`; for anything else pass the module, else the answer
 * is `undefined` ("call again with yaml").
 *
 * @example
 * ```ts
 * parseWorkPackageFile('tasks/WP02.md', 'WP02', '---\ntitle: B\ndependencies: [WP01]\n---\n');
 * // ok({ title: 'B', dependencies: ['WP01'] })
 * ```
 */
export function parseWorkPackageFile(
  label: string,
  id: string,
  text: string,
  yaml?: YamlModule,
): Result<WorkPackageFields, string> | undefined {
  const split = splitFrontmatter(text);
  if (split.kind === 'none') return ok({ title: '', dependencies: [] });
  if (split.kind === 'unclosed') {
    return err(`${label}: the frontmatter opened by --- is never closed by a --- line`);
  }
  let fields: unknown = parseSimpleFrontmatter(split.yaml);
  if (fields === undefined) {
    if (yaml === undefined) return undefined;
    try {
      const document = yaml.parseDocument(split.yaml, { prettyErrors: false });
      const first = document.errors[0];
      if (first !== undefined) {
        return err(`${label}: the frontmatter is not valid YAML: ${firstLine(first.message)}`);
      }
      fields = document.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      return err(`${label}: the frontmatter is not valid YAML: ${firstLine(String(cause))}`);
    }
  }
  if (fields === null || fields === undefined) fields = {};
  if (typeof fields !== 'object' || Array.isArray(fields)) {
    return err(`${label}: the frontmatter must be a YAML mapping of fields`);
  }
  const record = fields as Record<string, unknown>;
  const declared = record['work_package_id'];
  if (declared !== undefined && declared !== null && String(declared) !== id) {
    return err(
      `${label}: work_package_id ${String(declared)} does not match the id ${id} of the file name`,
    );
  }
  const roster = subtaskRoster(record['subtasks']);
  return ok({
    title: textOf(record['title']),
    dependencies: listOf(record['dependencies']),
    ...(roster === undefined ? {} : { subtasks: roster }),
  });
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function listOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
