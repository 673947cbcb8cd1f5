// Proves that the root eslint.config.js enforces the layering and exhaustive switches: each probe
// is linted as if it were the content of a real file in the package under test (the type-aware
// project service only knows files its tsconfig includes), and the expected rule must fire.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The first non-test TypeScript file under `directory` (relative to the repo), if any. */
function someSourceFile(directory: string): string | undefined {
  const absolute = join(repoRoot, directory);
  try {
    const entries = readdirSync(absolute, { recursive: true, encoding: 'utf8' });
    const file = entries
      .filter(
        (entry) => entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts'),
      )
      .sort()[0];
    return file === undefined ? undefined : relative(repoRoot, join(absolute, file));
  } catch {
    return undefined;
  }
}

/** Lint `code` as the content of `filePath` (relative to the repo root); returns the rule ids. */
async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
  const fatal = result?.messages.filter((message) => message.fatal) ?? [];
  expect(fatal.map((message) => message.message)).toEqual([]);
  return (result?.messages ?? []).map((message) => message.ruleId ?? '(none)');
}

const CORE_FILE = 'packages/core/src/lane/lane.ts';
const CORE_TEST_FILE = 'packages/core/src/lane/lane.test.ts';

const EXHAUSTIVE = `
type Lane = 'planned' | 'done';
export function label(lane: Lane): string {
  switch (lane) {
    case 'planned':
      return 'P';
    case 'done':
      return 'D';
  }
}
`;

describe('eslint.config.js', () => {
  it('accepts portable core code with an exhaustive switch (the control)', async () => {
    expect(await ruleIds(EXHAUSTIVE, CORE_FILE)).toEqual([]);
  });

  it.each([
    [
      "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'no-restricted-imports',
    ],
    ["import fs from 'node:fs';\nexport default fs;\n", 'no-restricted-imports'],
    [
      "import { join } from 'path';\nexport const joined = join('a', 'b');\n",
      'no-restricted-imports',
    ],
    [
      "import { spawn } from 'child_process';\nexport const run = spawn;\n",
      'no-restricted-imports',
    ],
    [
      "import { readFile } from 'fs/promises';\nexport const read = readFile;\n",
      'no-restricted-imports',
    ],
    ["export { readFileSync } from 'node:fs';\n", 'no-restricted-imports'],
    ["export const load = () => import('node:fs');\n", 'no-restricted-syntax'],
    ["export const home = process.env['HOME'];\n", 'no-restricted-globals'],
    ["export const bytes = Buffer.from('x');\n", 'no-restricted-globals'],
    [
      "import { createFsSpecStore } from '@kittyhost/fs-adapter';\nexport const make = createFsSpecStore;\n",
      'no-restricted-imports',
    ],
    [
      "import * as api from '@kittyhost/orchestrator-api';\nexport const operations = api;\n",
      'no-restricted-imports',
    ],
    [
      "import * as git from '../../../git-adapter/src/index.js';\nexport const adapter = git;\n",
      'no-restricted-imports',
    ],
  ])('rejects in core src: %j', async (code, rule) => {
    expect(await ruleIds(code, CORE_FILE)).toContain(rule);
  });

  it('rejects a switch over a union that misses a member, even with a default', async () => {
    const code = EXHAUSTIVE.replace(
      "case 'done':\n      return 'D';",
      "default:\n      return '?';",
    );
    expect(await ruleIds(code, CORE_FILE)).toEqual([
      '@typescript-eslint/switch-exhaustiveness-check',
    ]);
  });

  it('rejects a switch over a union that misses a member without a default', async () => {
    const code = `
type Code = 'A' | 'B' | 'C';
export function exit(code: Code): number {
  switch (code) {
    case 'A':
      return 1;
    case 'B':
      return 2;
  }
  return 0;
}
`;
    expect(await ruleIds(code, CORE_FILE)).toEqual([
      '@typescript-eslint/switch-exhaustiveness-check',
    ]);
  });

  it('lets core tests use process but still not node: imports', async () => {
    expect(await ruleIds("export const zone = process.env['TZ'];\n", CORE_TEST_FILE)).toEqual([]);
    expect(
      await ruleIds(
        "import { tmpdir } from 'node:os';\nexport const dir = tmpdir();\n",
        CORE_TEST_FILE,
      ),
    ).toContain('no-restricted-imports');
  });

  const fsAdapterFile = someSourceFile('packages/fs-adapter/src');
  it.skipIf(fsAdapterFile === undefined)(
    'keeps the fs adapter off the git adapter, but lets it use node:',
    async () => {
      const file = fsAdapterFile as string;
      expect(
        await ruleIds(
          "import * as git from '@kittyhost/git-adapter';\nexport const other = git;\n",
          file,
        ),
      ).toContain('no-restricted-imports');
      expect(
        await ruleIds(
          "import { readFile } from 'node:fs/promises';\nexport const read = readFile;\n",
          file,
        ),
      ).toEqual([]);
    },
  );

  const gitAdapterFile = someSourceFile('packages/git-adapter/src');
  it.skipIf(gitAdapterFile === undefined)('keeps the git adapter off the fs adapter', async () => {
    expect(
      await ruleIds(
        "import * as fsStore from '@kittyhost/fs-adapter';\nexport const other = fsStore;\n",
        gitAdapterFile as string,
      ),
    ).toContain('no-restricted-imports');
  });

  const apiFile = someSourceFile('packages/orchestrator-api/src');
  it.skipIf(apiFile === undefined)('keeps orchestrator-api off the adapters and apps', async () => {
    for (const name of ['@kittyhost/fs-adapter', '@kittyhost/git-adapter', '@kittyhost/cli']) {
      expect(
        await ruleIds(
          `import * as other from '${name}';\nexport const composed = other;\n`,
          apiFile as string,
        ),
      ).toContain('no-restricted-imports');
    }
  });
}, 60_000);
