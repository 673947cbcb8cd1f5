// ESLint flat config for the whole monorepo (ESLint 9 + typescript-eslint 8, type-aware).
// Every package's `lint` script runs `eslint .` from its own directory; ESLint finds this file by
// walking up, and the `files` globs below are relative to the repository root.
//
// Besides the recommended rules it enforces the layering of DESIGN.md:
//   core             → no Node built-ins (it runs in any JS runtime), no adapter, API or app
//   fs/git adapters  → only core: never each other, the API package or an app
//   orchestrator-api → only core: never an adapter or an app (its tests may use adapters)
// and it makes every `switch` over a union exhaustive, a `default` notwithstanding.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** `fs`, `fs/promises`, `path`, `child_process`, … (the `node:` spellings are a pattern below). */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('node:'));

/** Globals of the Node process running ESLint: enough for our plain-JS scripts (bench, demo). */
const NODE_GLOBALS = Object.fromEntries(
  Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']),
);

const TEST_FILES = ['**/*.test.ts', '**/test/**'];

const ADAPTERS = ['@kittyhost/fs-adapter', '@kittyhost/git-adapter'];
const APPS = ['@kittyhost/cli', '@kittyhost/http'];
const API = ['@kittyhost/orchestrator-api'];

/** Forbid importing these packages (and their subpaths), with a reason. */
function forbidPackages(packages, message) {
  return { group: packages.flatMap((name) => [name, `${name}/*`]), message };
}

/** Forbid reaching into another package's directory with a relative path. */
function forbidDirectories(directories, message) {
  return { group: directories.map((directory) => `**/${directory}/**`), message };
}

const CORE_IS_PORTABLE =
  '@kittyhost/core runs in any JavaScript runtime: no Node built-ins. Put I/O in an adapter behind a port.';

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/.turbo/', '**/coverage/', '**/.bench-tmp/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A switch over a union lists every member; a `default` does not excuse a missing case, so
      // adding a lane or an error code without handling it fails the lint.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        {
          considerDefaultExhaustiveForUnions: false,
          allowDefaultCaseForExhaustiveSwitch: true,
          requireDefaultForNonUnion: true,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  // Tests read parsed JSON envelopes and logs: `any` is the honest type there.
  {
    files: TEST_FILES,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // Plain JavaScript (bench scripts, this file): no type information, Node globals.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: NODE_GLOBALS },
  },

  // core: portable and at the bottom of the graph.
  {
    files: ['packages/core/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: CORE_IS_PORTABLE })),
          patterns: [
            { group: ['node:*'], message: CORE_IS_PORTABLE },
            forbidPackages(
              [...ADAPTERS, ...API, ...APPS],
              'core imports nothing of ours: adapters, the API package and apps depend on core, never the reverse.',
            ),
            forbidDirectories(
              ['fs-adapter', 'git-adapter', 'orchestrator-api', 'apps'],
              'core must not reach into another package.',
            ),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/^node:/]',
          message: CORE_IS_PORTABLE,
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'Buffer',
          'require',
          '__dirname',
          '__filename',
          'global',
          'setImmediate',
        ].map((name) => ({ name, message: CORE_IS_PORTABLE })),
      ],
    },
  },

  // Adapters: each depends on core only.
  {
    files: ['packages/fs-adapter/src/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbidPackages(
              ['@kittyhost/git-adapter', ...API, ...APPS],
              'An adapter depends on @kittyhost/core only.',
            ),
            forbidDirectories(
              ['git-adapter', 'orchestrator-api', 'apps'],
              'An adapter must not reach into another package.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/git-adapter/src/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbidPackages(
              ['@kittyhost/fs-adapter', ...API, ...APPS],
              'An adapter depends on @kittyhost/core only.',
            ),
            forbidDirectories(
              ['fs-adapter', 'orchestrator-api', 'apps'],
              'An adapter must not reach into another package.',
            ),
          ],
        },
      ],
    },
  },

  // The web board's browser code builds the DOM from text only: never from markup.
  {
    files: ['apps/http/web/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...[
          'innerHTML',
          'outerHTML',
          'insertAdjacentHTML',
          'write',
          'writeln',
          'createContextualFragment',
        ].map((property) => ({
          property,
          message:
            'The board renders every user text as text: build elements with h() from dom.ts.',
        })),
      ],
    },
  },

  // The contract package: written against ports, so it never sees an adapter or an app.
  {
    files: ['packages/orchestrator-api/src/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbidPackages(
              [...ADAPTERS, ...APPS],
              'orchestrator-api is written against the ports of @kittyhost/core; only apps compose adapters.',
            ),
            forbidDirectories(
              ['fs-adapter', 'git-adapter', 'apps'],
              'orchestrator-api must not reach into another package.',
            ),
          ],
        },
      ],
    },
  },
);
