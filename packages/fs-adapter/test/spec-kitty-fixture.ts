// The spec-kitty 3.2 fixtures of ../shared/fixtures (DESIGN.md "Shared fixtures"), unpacked into
// temp directories by the shared helpers of @kittyhost/sample-project. Not part of the package.
import { execFileSync } from 'node:child_process';

export {
  COORD_3WP,
  extractSpecKittyFixture as extractFixture,
  hasSpecKittyFixture as hasFixture,
} from '@kittyhost/sample-project/lanes';

/** Run the git CLI in `cwd` (no user config); trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trimEnd();
}
