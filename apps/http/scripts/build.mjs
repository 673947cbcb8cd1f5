// Bundle the server into one ESM file (dist/spec-kitty-http.mjs), like the CLI: the adapters and
// isomorphic-git go into lazily loaded chunks.
import { bundleApp } from '../../../scripts/bundle-app.mjs';

await bundleApp({
  appDirectory: new URL('..', import.meta.url),
  binName: 'spec-kitty-http',
  versionVariable: 'KITTYHOST_HTTP_VERSION',
});
