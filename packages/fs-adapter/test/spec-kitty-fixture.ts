// The spec-kitty 3.2 fixtures of ../shared/fixtures (DESIGN.md "Shared fixtures"), unpacked into
// temp directories with their own extract.sh. Not part of the package.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(
  new URL('../../../../shared/fixtures/spec-kitty-3.2/', import.meta.url),
);

/** The coord-3wp fixture: 3 WPs planned by spec-kitty 3.2.6rc3 under coordination topology. */
export const COORD_3WP = {
  tarball: join(FIXTURES, 'coord-3wp.tar.gz'),
  slug: 'coord-3wp-01M8RCK1',
  missionId: '01M8RCK176SECR64016WF4N3AM',
} as const;

/** Is the fixture there (the shared directory beside the repository)? */
export const hasFixture = (tarball: string): boolean => existsSync(tarball);

/** Unpack `tarball` under `destination` (repairing its worktree links); the repository path. */
export function extractFixture(tarball: string, destination: string): string {
  return execFileSync('sh', [join(FIXTURES, 'extract.sh'), tarball, destination], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/** Run the git CLI in `cwd` (no user config); trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trimEnd();
}
