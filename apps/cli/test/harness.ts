// Test harness: run the BUILT `spec-kitty` binary as a subprocess on real git repositories.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, lstatSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  SAMPLE_FEATURE,
  SAMPLE_POLICY,
  createSampleProject,
  type SampleProjectOptions,
} from '@kittyhost/sample-project';

export const CLI = fileURLToPath(new URL('../dist/spec-kitty.mjs', import.meta.url));
export const FEATURE: string = SAMPLE_FEATURE;
export const POLICY: string = JSON.stringify(SAMPLE_POLICY);
export const POLICY_OBJECT: Record<string, unknown> = SAMPLE_POLICY;

export interface Envelope {
  contract_version: string;
  command: string;
  timestamp: string;
  correlation_id: string;
  success: boolean;
  error_code: string | null;
  data: Record<string, any>;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  envelope: Envelope;
}

/** Parse stdout: it must be exactly one JSON object on one line, with the 7 envelope keys. */
const FLAGS = new Set([
  '--json',
  '--help',
  '-h',
  '--version',
  '-V',
  '--force',
  '--push',
  '--subtasks-complete',
  '--no-subtasks-complete',
  '--implementation-evidence-present',
  '--no-implementation-evidence-present',
]);

/**
 * The contract generation a command line belongs to (CONTRACT-1.3.md §0): contract 1.0.0 for its
 * own names (`feature-state`, `accept-feature`, `merge-feature`), and for a shared name with
 * `--feature`; 1.3.0 otherwise (its names, `--mission`, `contract-version`, and calls that name
 * no subcommand).
 */
export function generationOf(args: readonly string[]): string {
  const start = args.indexOf('orchestrator-api');
  let name: string | undefined;
  for (let position = start + 1; start >= 0 && position < args.length; position++) {
    const token = args[position] as string;
    if (!token.startsWith('-')) {
      name = token;
      break;
    }
    if (!token.includes('=') && !FLAGS.has(token)) position++;
  }
  if (name === undefined) return '1.3.0';
  if (['feature-state', 'accept-feature', 'merge-feature'].includes(name)) return '1.0.0';
  const shared = [
    'list-ready',
    'start-implementation',
    'start-review',
    'transition',
    'append-history',
    'heartbeat',
    'feature-board',
  ];
  const has = (option: string) =>
    args.some((token) => token === option || token.startsWith(`${option}=`));
  // Both selectors at once is a usage error, answered by the newest generation.
  return shared.includes(name) && has('--feature') && !has('--mission') ? '1.0.0' : '1.3.0';
}

export function parseEnvelope(stdout: string, args?: readonly string[]): Envelope {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines, `stdout must be exactly one line: ${stdout.slice(0, 500)}`).toHaveLength(1);
  const envelope = JSON.parse(lines[0] as string) as Envelope;
  expect(Object.keys(envelope).sort()).toEqual([
    'command',
    'contract_version',
    'correlation_id',
    'data',
    'error_code',
    'success',
    'timestamp',
  ]);
  if (args !== undefined) expect(envelope.contract_version).toBe(generationOf(args));
  else expect(['1.0.0', '1.3.0']).toContain(envelope.contract_version);
  expect(envelope.correlation_id).toMatch(/^corr-[0-9a-f]{32}$/);
  expect(Number.isNaN(Date.parse(envelope.timestamp))).toBe(false);
  return envelope;
}

/** Build argv: `orchestrator-api <sub> --key value … --json`. `true` values become bare flags. */
export function argv(
  subcommand: string,
  options: Record<string, string | boolean | undefined> = {},
): string[] {
  const args = ['orchestrator-api', subcommand];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === false) continue;
    if (value === true) args.push(`--${key}`);
    else args.push(`--${key}`, value);
  }
  args.push('--json');
  return args;
}

/** Run the CLI synchronously and parse its envelope. */
export function run(root: string, args: string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const envelope = parseEnvelope(result.stdout, args);
  expect(result.status === 0, `exit ${result.status} vs success ${envelope.success}`).toBe(
    envelope.success,
  );
  expect(result.stdout).not.toMatch(/\n\s+at /); // no stack trace
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, envelope };
}

/** Shorthand: run one subcommand with options in `root`. */
export function call(
  root: string,
  subcommand: string,
  options: Record<string, string | boolean | undefined> = {},
): Envelope {
  return run(root, argv(subcommand, options)).envelope;
}

/** Run the CLI asynchronously (for real parallel processes). */
export function runAsync(
  root: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve({ status, stdout, stderr, envelope: parseEnvelope(stdout, args) });
      } catch (error) {
        const context = `args ${JSON.stringify(args).slice(0, 400)} exit ${status} stderr ${stderr.slice(0, 400)}`;
        reject(new Error(`${(error as Error).message}\n${context}`));
      }
    });
  });
}

/** A fresh sample project in a temp dir. */
export function sampleProject(options: SampleProjectOptions = {}): {
  root: string;
  featureDir: string;
} {
  const root = mkdtempSync(join(tmpdir(), 'kittyhost-cli-'));
  return createSampleProject(root, options);
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Every file (and symlink) under `root`, with a hash of its bytes: to prove a call changed nothing. */
export function treeFingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const key = relative(root, path);
      if (entry.isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(path);
      } else if (entry.isSymbolicLink()) out[key] = `link:${readlinkSync(path)}`;
      else
        out[key] =
          createHash('sha1').update(readFileSync(path)).digest('hex') + `:${lstatSync(path).mode}`;
    }
  };
  walk(root);
  return out;
}

/** Drive a WP from planned to for_review (committing one file in its workspace). */
export function implement(root: string, wp: string, actor = `agent-${wp}`): string {
  const started = call(root, 'start-implementation', {
    feature: FEATURE,
    wp,
    actor,
    policy: POLICY,
  });
  expect(started.success, JSON.stringify(started)).toBe(true);
  const workspace = started.data['workspace_path'] as string;
  execFileSync(
    'sh',
    [
      '-c',
      `echo "work of ${wp}" > ${wp}.txt && git add -A && git -c user.name=Agent -c user.email=agent@example.com commit -qm "feat: ${wp}"`,
    ],
    { cwd: workspace },
  );
  const review = call(root, 'transition', {
    feature: FEATURE,
    wp,
    to: 'for_review',
    actor,
    note: 'done',
    policy: POLICY,
  });
  expect(review.success, JSON.stringify(review)).toBe(true);
  return workspace;
}

/** Drive a WP all the way to done. */
export function complete(root: string, wp: string): string {
  const workspace = implement(root, wp);
  const done = call(root, 'transition', {
    feature: FEATURE,
    wp,
    to: 'done',
    actor: 'reviewer',
    'review-ref': `review-${wp}`,
    policy: POLICY,
  });
  expect(done.success, JSON.stringify(done)).toBe(true);
  return workspace;
}

/** Read the event log lines of the sample feature. */
export function eventLines(root: string, feature = FEATURE): Record<string, any>[] {
  try {
    return readFileSync(join(root, 'kitty-specs', feature, 'status.events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}
