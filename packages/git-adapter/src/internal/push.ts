import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { pushFailed, type HostErrorOf } from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import { describeError, errorCode } from './errors.js';
import { configValue } from './git-config.js';
import { loadGit, loadGitHttp } from './load-git.js';
import { branchRef, resolveRef } from './refs.js';
import { locked, readConfig, type Repository } from './repository.js';

/** The input of `VersionControl.push`. */
export interface PushRequest {
  readonly branch: string;
  readonly remote?: string;
  readonly mergedWps: readonly string[];
}

type PushError = HostErrorOf<'PUSH_FAILED'>;

/** `http`/`https` URLs go through isomorphic-git; everything else (ssh, scp-like, file, paths) through the git CLI. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** A URL without credentials, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(https?:\/\/)[^@/]*@/i, '$1***@');
}

/**
 * See `VersionControl.push`. http(s) remotes: isomorphic-git with `isomorphic-git/http/node`,
 * authenticated with the token (option, else `KITTYHOST_GIT_TOKEN`) as
 * `{ username: tokenUsername ('x-access-token'), password: token }`. Other remotes: the
 * git CLI (`git push <remote> refs/heads/<b>:refs/heads/<b>`), when installed.
 */
export async function push(
  repository: Repository,
  request: PushRequest,
): Promise<Result<void, PushError>> {
  const remote = request.remote ?? 'origin';
  const fail = (message: string, cause?: unknown) =>
    err(pushFailed(request.mergedWps, message, cause));
  const config = await readConfig(repository);
  const url =
    configValue(config, `remote.${remote}.pushurl`) ?? configValue(config, `remote.${remote}.url`);
  if (url === undefined)
    return fail(`Cannot push ${request.branch}: no remote named ${remote} is configured`);
  const ref = branchRef(request.branch);
  if ((await resolveRef(repository.commonDir, ref)) === null) {
    return fail(`Cannot push ${request.branch}: the branch does not exist`);
  }
  return locked(repository, () =>
    isHttpUrl(url)
      ? pushHttp(repository, remote, url, ref, fail)
      : pushWithCli(repository, remote, url, ref, fail),
  );
}

async function pushHttp(
  repository: Repository,
  remote: string,
  url: string,
  ref: string,
  fail: (message: string, cause?: unknown) => Result<void, PushError>,
): Promise<Result<void, PushError>> {
  const [git, http] = await Promise.all([loadGit(), loadGitHttp()]);
  const token = repository.token;
  const where = `${remote} (${redactUrl(url)})`;
  try {
    const result = await git.push({
      fs,
      http,
      dir: repository.root,
      gitdir: repository.commonDir,
      remote,
      ref,
      remoteRef: ref,
      cache: {},
      ...(token === undefined
        ? {}
        : { onAuth: () => ({ username: repository.tokenUsername, password: token }) }),
      onAuthFailure: () => ({ cancel: true }),
    });
    if (result.ok) return ok(undefined);
    const refError = Object.values(result.refs ?? {}).find((status) => !status.ok)?.error;
    return fail(
      `The remote ${where} rejected the push of ${ref}: ${refError ?? result.error ?? 'unknown reason'}`,
      result,
    );
  } catch (error) {
    const code = errorCode(error);
    if (code === 'PushRejectedError' || code === 'NotFoundError') {
      return fail(
        `The remote ${where} rejected the push of ${ref}: not a fast-forward (the remote has commits this branch lacks; fetch and merge first)`,
        error,
      );
    }
    if (code === 'HttpError' || code === 'UserCanceledError') {
      const status = (error as { data?: { statusCode?: number } }).data?.statusCode;
      const hint =
        status === 401 || status === 403 || code === 'UserCanceledError'
          ? ' (authentication failed: set KITTYHOST_GIT_TOKEN)'
          : '';
      return fail(`Pushing ${ref} to ${where} failed: ${describeError(error)}${hint}`, error);
    }
    return fail(
      `Pushing ${ref} to ${where} failed (network or server error): ${describeError(error)}`,
      error,
    );
  }
}

async function pushWithCli(
  repository: Repository,
  remote: string,
  url: string,
  ref: string,
  fail: (message: string, cause?: unknown) => Result<void, PushError>,
): Promise<Result<void, PushError>> {
  const executable = repository.gitExecutable;
  const where = `${remote} (${redactUrl(url)})`;
  if (executable === false) {
    return fail(
      `Cannot push to ${where}: isomorphic-git speaks only http(s) and the git CLI is disabled`,
    );
  }
  return new Promise((resolvePromise) => {
    execFile(
      executable,
      ['push', '--porcelain', remote, `${ref}:${ref}`],
      {
        cwd: repository.root,
        timeout: repository.pushTimeoutMs,
        env: { ...process.env, ...repository.environment, GIT_TERMINAL_PROMPT: '0' },
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error === null) return resolvePromise(ok(undefined));
        if (errorCode(error) === 'ENOENT') {
          return resolvePromise(
            fail(
              `Cannot push to ${where}: isomorphic-git speaks only http(s) and the git CLI (${executable}) is not installed`,
              error,
            ),
          );
        }
        const output = `${stdout}\n${stderr}`;
        const rejected = /\[rejected\]|non-fast-forward|fetch first/.test(output);
        const detail = stderr
          .trim()
          .split('\n')
          .filter((line) => line.trim() !== '')
          .slice(-3)
          .join(' / ');
        resolvePromise(
          fail(
            rejected
              ? `The remote ${where} rejected the push of ${ref}: not a fast-forward (fetch and merge first)`
              : `Pushing ${ref} to ${where} failed: ${detail || describeError(error)}`,
            error,
          ),
        );
      },
    );
  });
}
