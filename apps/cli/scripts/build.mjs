// Bundle the CLI into one ESM file (plus lazily loaded chunks for the project adapters and
// isomorphic-git), so a call costs little more than Node's own start-up.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const here = new URL('..', import.meta.url);

// commander requires node:child_process at load time (for executable subcommands, which we never
// use); loading it costs ~2 ms per call. Hand commander a proxy that loads it on first use.
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'kittyhost' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'kittyhost' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};
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
  plugins: [lazyChildProcessForCommander],
});
