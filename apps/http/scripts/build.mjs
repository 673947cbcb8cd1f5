// Bundle the server into one ESM file (dist/spec-kitty-http.mjs), like the CLI: the adapters and
// isomorphic-git go into lazily loaded chunks.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const here = new URL('..', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('package.json', here), 'utf8'));
await rm(new URL('dist', here), { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', here).pathname,
  entryPoints: { 'spec-kitty-http': 'src/main.ts' },
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
  define: { 'process.env.KITTYHOST_HTTP_VERSION': JSON.stringify(manifest.version) },
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __kittyCreateRequire } from 'node:module';",
      "import { fileURLToPath as __kittyFileUrlToPath } from 'node:url';",
      'const require = __kittyCreateRequire(import.meta.url);',
      // Bundled CommonJS dependencies (write-file-atomic) read these.
      'const __filename = __kittyFileUrlToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join('\n'),
  },
  logLevel: 'warning',
});
