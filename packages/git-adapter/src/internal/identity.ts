import { configValue, type GitConfig } from './git-config.js';
import { timezoneFromOffset, type Signature } from './object-store.js';

/**
 * Name and e-mail of commits Kitty Host makes.
 *
 * @example
 * ```ts
 * createGitVersionControl({ root: '/repo', identity: { name: 'Kitty Bot', email: 'bot@example.com' } });
 * ```
 */
export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** Used when neither the environment nor git config names anyone. */
export const DEFAULT_IDENTITY: Identity = { name: 'Kitty Host', email: 'kittyhost@localhost' };

/**
 * Author and committer for new commits, as git picks them: `GIT_AUTHOR_NAME` /
 * `GIT_AUTHOR_EMAIL` (`GIT_COMMITTER_*` for the committer), else the `identity` option, else
 * `user.name` / `user.email` from git config, else {@link DEFAULT_IDENTITY}.
 */
export function resolveSignatures(
  config: GitConfig,
  environment: NodeJS.ProcessEnv,
  now: Date,
  configured?: Identity,
): { author: Signature; committer: Signature } {
  const base: Identity = configured ?? {
    name: configValue(config, 'user.name') ?? DEFAULT_IDENTITY.name,
    email: configValue(config, 'user.email') ?? DEFAULT_IDENTITY.email,
  };
  const timestamp = Math.floor(now.getTime() / 1000);
  const timezone = timezoneFromOffset(now.getTimezoneOffset());
  const pick = (role: 'AUTHOR' | 'COMMITTER'): Signature => ({
    name: nonEmpty(environment[`GIT_${role}_NAME`]) ?? base.name,
    email: nonEmpty(environment[`GIT_${role}_EMAIL`]) ?? base.email,
    timestamp,
    timezone,
  });
  return { author: pick('AUTHOR'), committer: pick('COMMITTER') };
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value;
