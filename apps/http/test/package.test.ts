// Both apps as a user gets them: `npm pack`ed, installed with npm into an empty directory (offline:
// a bundled app needs nothing from a registry), and run from there, from their own files only.
//
// To extend it (the terminal board, the web board): run `spec-kitty board …` with
// `runInstalledCli(['board', …], root)`, and fetch `GET /` inside `withInstalledServer(root, …)`.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE, POLICY, sampleProject, type Envelope } from './harness.js';

const APPS = {
  cli: { directory: fileURLToPath(new URL('../../cli/', import.meta.url)), bin: 'spec-kitty' },
  http: { directory: fileURLToPath(new URL('../', import.meta.url)), bin: 'spec-kitty-http' },
} as const;
type App = keyof typeof APPS;

const work = mkdtempSync(join(tmpdir(), 'kittyhost-package-'));
/** Where the tarballs are installed: an otherwise empty npm project. */
const installDirectory = join(work, 'install');
const packed: Partial<Record<App, { filename: string; files: string[] }>> = {};

/** npm as a user runs it: none of the `npm_*` settings pnpm passes to scripts, a private cache. */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...env, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0)
    throw new Error(`npm ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result;
}

/** Every file under `directory`, relative to `base`. */
function filesUnder(directory: string, base: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path, base) : [relative(base, path)];
  });
}

/** The installed bin `node_modules/.bin/<name>` (npm's link, run through its shebang). */
function installedBin(app: App): string {
  return join(installDirectory, 'node_modules', '.bin', APPS[app].bin);
}

/** Run the installed `spec-kitty` with `args` in `cwd`. */
function runInstalledCli(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(installedBin('cli'), args, { cwd, encoding: 'utf8' });
}

/** The one envelope a CLI call printed: exactly one line of JSON. */
function onlyEnvelope(stdout: string): Envelope {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines, stdout).toHaveLength(1);
  return JSON.parse(lines[0] as string) as Envelope;
}

/**
 * Start the installed `spec-kitty-http --repo <root> --port 0`, wait for the line that names its
 * URL, run `use(url)`, then stop it with SIGTERM and expect a clean exit.
 */
async function withInstalledServer(
  root: string,
  use: (url: string) => Promise<void>,
): Promise<void> {
  const child = spawn(installedBin('http'), ['--repo', root, '--port', '0'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`spec-kitty-http exited ${code}: ${output}`)));
  });
  try {
    await use(url);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited, output).toBe(0);
}

beforeAll(() => {
  mkdirSync(installDirectory);
  writeFileSync(
    join(installDirectory, 'package.json'),
    `${JSON.stringify({ name: 'kittyhost-package-test', private: true })}\n`,
  );
  for (const app of Object.keys(APPS) as App[]) {
    const result = npm(['pack', '--json', '--pack-destination', work], APPS[app].directory);
    const [info] = JSON.parse(result.stdout) as { filename: string; files: { path: string }[] }[];
    if (info === undefined) throw new Error(`npm pack printed nothing for ${app}`);
    packed[app] = { filename: info.filename, files: info.files.map((file) => file.path).sort() };
  }
  npm(
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--offline',
      ...Object.values(packed).map((tarball) => join(work, tarball.filename)),
    ],
    installDirectory,
  );
});

describe.each(Object.keys(APPS) as App[])('the packed %s app', (app) => {
  it('holds its whole dist/, README.md and package.json, and nothing else (no src, no tests)', () => {
    const distFiles = filesUnder(join(APPS[app].directory, 'dist'), APPS[app].directory);
    expect(distFiles).toContain(`dist/${APPS[app].bin}.mjs`);
    expect(packed[app]?.files).toEqual([...distFiles, 'README.md', 'package.json'].sort());
  });

  it('declares no runtime dependency: its bundle contains them all', () => {
    const manifest = JSON.parse(
      readFileSync(
        join(installDirectory, 'node_modules', '@kittyhost', app, 'package.json'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    expect(manifest['bin']).toEqual({ [APPS[app].bin]: `./dist/${APPS[app].bin}.mjs` });
    expect(manifest['dependencies']).toBeUndefined();
    expect(manifest['peerDependencies']).toBeUndefined();
    expect(manifest['optionalDependencies']).toBeUndefined();
  });
});

describe('installed with npm into an empty directory', () => {
  it('needs nothing besides the two packages', () => {
    const nodeModules = join(installDirectory, 'node_modules');
    expect(
      readdirSync(nodeModules)
        .filter((name) => name !== '.bin' && name !== '.package-lock.json')
        .sort(),
    ).toEqual(['@kittyhost']);
    expect(readdirSync(join(nodeModules, '@kittyhost')).sort()).toEqual(['cli', 'http']);
  });

  it('runs spec-kitty: contract-version anywhere, and a mutation that loads the lazily bundled adapters and isomorphic-git', () => {
    const contract = runInstalledCli(['orchestrator-api', 'contract-version', '--json'], work);
    expect(contract.status, contract.stderr).toBe(0);
    expect(onlyEnvelope(contract.stdout)).toMatchObject({
      contract_version: '1.3.0',
      command: 'orchestrator-api.contract-version',
      success: true,
      data: { api_version: '1.3.0', supported_contract_versions: ['1.0.0', '1.3.0'] },
    });
    const { root } = sampleProject();
    const started = runInstalledCli(
      [
        'orchestrator-api',
        'start-implementation',
        '--feature',
        FEATURE,
        '--wp',
        'WP01',
        '--actor',
        'claude',
        '--policy',
        JSON.stringify(POLICY),
      ],
      root,
    );
    const envelope = onlyEnvelope(started.stdout);
    expect(envelope, started.stderr).toMatchObject({
      success: true,
      data: { to_lane: 'in_progress' },
    });
    expect(existsSync(join(envelope.data['workspace_path'] as string, '.git'))).toBe(true);
  });

  it('runs spec-kitty-http: the OpenAPI document and a feature read', async () => {
    const { root } = sampleProject();
    await withInstalledServer(root, async (url) => {
      const openApi = await fetch(`${url}/openapi.json`);
      expect(openApi.status).toBe(200);
      expect(openApi.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await openApi.json()) as { openapi: string }).openapi).toMatch(/^3\.1\./);
      const state = await fetch(`${url}/v1/features/${FEATURE}/state`);
      expect(state.status).toBe(200);
      const envelope = (await state.json()) as Envelope;
      expect(envelope).toMatchObject({ success: true, data: { feature_slug: FEATURE } });
      expect(Object.keys(envelope.data['work_packages'] as object)).toHaveLength(6);
    });
  });

  it('serves the web board from its own files: the page, its script, stylesheet and icon', async () => {
    const { root } = sampleProject();
    const installedBoard = join(
      installDirectory,
      'node_modules',
      '@kittyhost',
      'http',
      'dist',
      'board',
    );
    await withInstalledServer(root, async (url) => {
      for (const path of ['/', `/features/${FEATURE}`]) {
        const page = await fetch(`${url}${path}`);
        expect(page.status, path).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(page.headers.get('content-security-policy')).toMatch(
          /^default-src 'self'; script-src 'self'/,
        );
      }
      const html = await (await fetch(`${url}/`)).text();
      const assets = [...html.matchAll(/(?:src|href)="\/board\/assets\/([^"]+)"/g)].map(
        (match) => match[1] as string,
      );
      expect(assets.map((name) => name.split('.').pop()).sort()).toEqual(['css', 'js', 'svg']);
      for (const name of assets) {
        const response = await fetch(`${url}/board/assets/${name}`);
        expect(response.status, name).toBe(200);
        expect(Buffer.from(await response.arrayBuffer())).toEqual(
          readFileSync(join(installedBoard, 'assets', name)),
        );
      }
      const board = await fetch(`${url}/v1/features/${FEATURE}/board`);
      expect(((await board.json()) as Envelope).success).toBe(true);
    });
  });
});
