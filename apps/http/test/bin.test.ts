// The built `spec-kitty-http` bin: flags, start-up errors, and a graceful SIGTERM that lets a
// running mutation finish.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE, POLICY, eventLines, http, sampleProject } from './harness.js';
import { SERVER_BIN } from './paths.js';

/** Start the bin; resolves with its URL once it prints that it is listening. */
function startBin(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [SERVER_BIN, '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

/** Resolves once the process has exited and its output has been read to the end. */
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

describe('spec-kitty-http (built)', () => {
  beforeAll(() => {
    if (!existsSync(SERVER_BIN))
      throw new Error(`Build the server first: ${SERVER_BIN} is missing`);
  });

  it('prints help and refuses bad flags or a missing project with exit 2', () => {
    const help = spawnSync(process.execPath, [SERVER_BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--token <token>/);
    const badPort = spawnSync(process.execPath, [SERVER_BIN, '--port', 'eighty'], {
      encoding: 'utf8',
    });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be an integer/);
    const unknown = spawnSync(process.execPath, [SERVER_BIN, '--colour'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    const nowhere = mkdtempSync(join(tmpdir(), 'kittyhost-nowhere-'));
    const missing = spawnSync(process.execPath, [SERVER_BIN, '--repo', join(nowhere, 'nope')], {
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('refuses a --claim-ttl (or KITTYHOST_CLAIM_TTL) that is not a duration, in one line', () => {
    const { root } = sampleProject();
    for (const [args, env, source] of [
      [['--claim-ttl', 'soon'], {}, '--claim-ttl'],
      [[], { KITTYHOST_CLAIM_TTL: '0.1s' }, 'KITTYHOST_CLAIM_TTL'],
    ] as const) {
      const refused = spawnSync(process.execPath, [SERVER_BIN, '--repo', root, ...args], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`^spec-kitty-http: ${source}: .*\\n$`));
      expect(refused.stderr.split('\n')).toHaveLength(2);
    }
  });

  it('serves leases with --claim-ttl: the reads carry lease_expires_at', async () => {
    const { root } = sampleProject();
    const { child, url } = await startBin(['--repo', root, '--claim-ttl', '90s']);
    try {
      const started = await http(url, 'start-implementation', {
        feature: FEATURE,
        wp: 'WP01',
        actor: 'a',
        policy: POLICY,
      });
      expect(started.envelope.success).toBe(true);
      const beat = await http(url, 'heartbeat', { feature: FEATURE, wp: 'WP01', actor: 'a' });
      expect(beat.envelope.data).toMatchObject({ holder: 'a', ttl_seconds: 90 });
      const read = await http(url, 'feature-state', { feature: FEATURE });
      expect(read.envelope.data['work_packages'][0]).toMatchObject({ lease_expired: false });
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });

  it('finds the project from SPECIFY_REPO_ROOT and takes the token from KITTYHOST_HTTP_TOKEN', async () => {
    const { root } = sampleProject();
    const { child, url } = await startBin([], {
      SPECIFY_REPO_ROOT: root,
      KITTYHOST_HTTP_TOKEN: 'from-env',
    });
    try {
      const input = { feature: FEATURE, wp: 'WP05', to: 'blocked', actor: 'a', note: 'n' };
      expect((await http(url, 'transition', input)).status).toBe(401);
      expect(
        (await http(url, 'transition', input, { authorization: 'Bearer from-env' })).status,
      ).toBe(200);
      const history = await http(
        url,
        'append-history',
        { feature: FEATURE, wp: 'WP05', actor: 'a', note: 'from the bundle' },
        { authorization: 'Bearer from-env' },
      );
      expect(history.envelope).toMatchObject({ success: true, error_code: null });
      expect(
        readFileSync(join(root, 'kitty-specs', FEATURE, 'tasks', 'WP05-docs.md'), 'utf8'),
      ).toContain('a: from the bundle');
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });

  it('on SIGTERM finishes the running mutation, answers it, then exits 0', async () => {
    const { root, featureDir } = sampleProject();
    const { child, url, output } = await startBin(['--repo', root]);
    const exit = exited(child);
    // The first git call of the process loads isomorphic-git and checks out a worktree: slow enough.
    const pending = http(url, 'start-implementation', {
      feature: FEATURE,
      wp: 'WP01',
      actor: 'claude',
      policy: POLICY,
    });
    // Signal while the mutation holds the feature lock (the store's lock directory exists).
    const lock = join(featureDir, '.kittyhost.lock');
    const deadline = Date.now() + 3_000;
    while (!existsSync(lock) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 1));
    child.kill('SIGTERM');
    const answered = await pending;
    expect(answered.status).toBe(200);
    expect(answered.envelope.success).toBe(true);
    expect(await exit).toBe(0);
    expect(output()).toMatch(/SIGTERM: finishing 1 running request/);
    expect(eventLines(featureDir).map((event) => event.to_lane)).toEqual([
      'claimed',
      'in_progress',
    ]);
    // The bundle's atomic writes work (write-file-atomic needs __filename in an ESM bundle).
    expect(JSON.parse(readFileSync(join(featureDir, 'status.json'), 'utf8'))).toMatchObject({
      event_count: 2,
    });
    await expect(fetch(`${url}/v1/contract-version`)).rejects.toThrow();
  });
});
