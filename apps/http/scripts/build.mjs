// Bundle the server into one ESM file (dist/spec-kitty-http.mjs), like the CLI: the adapters and
// isomorphic-git go into lazily loaded chunks. Then build the web board into dist/board/: its
// script and stylesheet (content-hashed names, so they can be cached forever), its icon and the
// page that names them. Everything the page loads is in there: no CDN, no network.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleApp } from '../../../scripts/bundle-app.mjs';

const appDirectory = new URL('..', import.meta.url);

await bundleApp({
  appDirectory,
  binName: 'spec-kitty-http',
  versionVariable: 'KITTYHOST_HTTP_VERSION',
});

const boardDirectory = new URL('dist/board/', appDirectory);
const assetsDirectory = new URL('assets/', boardDirectory);
const result = await build({
  absWorkingDir: new URL('.', appDirectory).pathname,
  entryPoints: [
    { in: 'web/src/main.ts', out: 'board' },
    { in: 'web/board.css', out: 'board' },
  ],
  outdir: 'dist/board/assets',
  entryNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome111', 'firefox113', 'safari16.4'],
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);
const outputOf = (extension) => {
  const found = outputs.find(([path, output]) => path.endsWith(extension) && output.entryPoint);
  if (found === undefined) throw new Error(`the board build wrote no ${extension} file`);
  return basename(found[0]);
};

const icon = await readFile(new URL('web/favicon.svg', appDirectory));
const iconName = `favicon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
await mkdir(assetsDirectory, { recursive: true });
await writeFile(new URL(iconName, assetsDirectory), icon);

const names = { script: outputOf('.js'), style: outputOf('.css'), icon: iconName };
const template = await readFile(new URL('web/index.html', appDirectory), 'utf8');
const page = template.replace(/\{\{(script|style|icon)\}\}/g, (_match, key) => names[key]);
await writeFile(new URL('index.html', boardDirectory), page);

const sizes = await Promise.all(
  [names.script, names.style, names.icon].map(async (name) => {
    const bytes = await readFile(new URL(name, assetsDirectory));
    return { name, bytes: bytes.length, gzip: gzipSync(bytes).length };
  }),
);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const total = sizes.reduce((sum, file) => sum + file.bytes, Buffer.byteLength(page));
console.log(
  `web board: ${sizes.map((file) => `${file.name} ${kib(file.bytes)} (gzip ${kib(file.gzip)})`).join(', ')}, index.html ${kib(Buffer.byteLength(page))}; total ${kib(total)}`,
);
