// Shared by apps/cli and apps/http: bundle an app's entry into one ESM file (plus lazily loaded
// chunks), so a process costs little more than Node's own start-up.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

// commander requires node:child_process at load time (for executable subcommands, which we never
// use); loading it costs ~2 ms per call. Hand commander a proxy that loads it on first use.
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'kittyhost' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'kittyhost' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

/**
 * Bundle `<appDirectory>/src/main.ts` into `<appDirectory>/dist/<binName>.mjs`, with the app's
 * version from its package.json defined as `process.env[versionVariable]`.
 */
export async function bundleApp({ appDirectory, binName, versionVariable }) {
  const manifest = JSON.parse(await readFile(new URL('package.json', appDirectory), 'utf8'));
  await rm(new URL('dist', appDirectory), { recursive: true, force: true });
  await build({
    absWorkingDir: new URL('.', appDirectory).pathname,
    entryPoints: { [binName]: 'src/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // KITTYHOST_BUNDLE_MINIFY=0 keeps names readable (for a CPU profile of the bundle).
    minify: process.env.KITTYHOST_BUNDLE_MINIFY !== '0',
    legalComments: 'none',
    sourcemap: false,
    define: { [`process.env.${versionVariable}`]: JSON.stringify(manifest.version) },
    banner: {
      js: [
        '#!/usr/bin/env node',
        // Bundled CommonJS dependencies call require() for Node built-ins and read __filename.
        // process.getBuiltinModule (Node >= 20.16) answers built-ins without setting up the
        // CommonJS loader, which createRequire does at a cost of ~2 ms per process.
        "import { createRequire as __kittyCreateRequire } from 'node:module';",
        'const require = (id) => process.getBuiltinModule?.(id) ?? __kittyCreateRequire(import.meta.url)(id);',
        'const __filename = import.meta.filename;',
        'const __dirname = import.meta.dirname;',
      ].join('\n'),
    },
    logLevel: 'warning',
    plugins: [lazyChildProcessForCommander],
  });
}
