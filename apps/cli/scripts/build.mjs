// Bundle the CLI into one file (dist/spec-kitty.mjs); the project adapters, isomorphic-git, yaml
// and the lock and atomic-write libraries load lazily, only when a call needs them.
import { bundleApp } from '../../../scripts/bundle-app.mjs';

await bundleApp({
  appDirectory: new URL('..', import.meta.url),
  binName: 'spec-kitty',
  versionVariable: 'KITTYHOST_CLI_VERSION',
});
