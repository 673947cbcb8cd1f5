// Bundle the CLI into one ESM file (plus lazily loaded chunks for the project adapters and
// isomorphic-git), so a call costs little more than Node's own start-up.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const here = new URL('..', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('package.json', here), 'utf8'));
await rm(new URL('dist', here), { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', here).pathname,
  entryPoints: { 'spec-kitty': 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  define: { 'process.env.KITTYHOST_CLI_VERSION': JSON.stringify(manifest.version) },
  banner: {
    js: [
      '#!/usr/bin/env node',
      // Bundled CommonJS dependencies call require() for Node built-ins and read __filename.
      "import { createRequire as __kittyCreateRequire } from 'node:module';",
      'const require = __kittyCreateRequire(import.meta.url);',
      'const __filename = import.meta.filename;',
      'const __dirname = import.meta.dirname;',
    ].join('\n'),
  },
  logLevel: 'warning',
});
