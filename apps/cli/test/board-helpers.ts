// Helpers of the board tests: the BUILT `spec-kitty` run as a subprocess on a real sample project
// (kept apart from harness.ts, whose envelope check follows the contract tests).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_FEATURE, SAMPLE_POLICY, createSampleProject } from '@kittyhost/sample-project';

export const CLI_BIN = fileURLToPath(new URL('../dist/spec-kitty.mjs', import.meta.url));
export const SAMPLE = SAMPLE_FEATURE;
export const SAMPLE_POLICY_JSON = JSON.stringify(SAMPLE_POLICY);

export interface Process {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI in `cwd` with `args`; the environment is ours plus `env` (a value `undefined` removes a variable). */
export function spec(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Process {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env }))
    if (value !== undefined) merged[key] = value;
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: merged,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface BoardEnvelope {
  readonly contract_version: string;
  readonly command: string;
  readonly success: boolean;
  readonly error_code: string | null;
  readonly data: Record<string, any>;
}

/** Run `orchestrator-api <subcommand> …` and parse its one envelope (stdout must be one JSON line). */
export function api(
  cwd: string,
  subcommand: string,
  options: Readonly<Record<string, string | true>> = {},
): { status: number | null; envelope: BoardEnvelope } {
  const args = ['orchestrator-api', subcommand];
  for (const [key, value] of Object.entries(options)) {
    if (value === true) args.push(`--${key}`);
    else args.push(`--${key}`, value);
  }
  const result = spec(cwd, args);
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  if (lines.length !== 1)
    throw new Error(`expected one envelope line, got: ${result.stdout}${result.stderr}`);
  return { status: result.status, envelope: JSON.parse(lines[0] as string) as BoardEnvelope };
}

/** A fresh sample project (six WPs of 001-sample-feature) in a temp directory. */
export function freshSample(): { root: string; featureDir: string } {
  return createSampleProject(mkdtempSync(join(tmpdir(), 'kittyhost-board-')));
}

/** `start-implementation` of a WP of the sample feature, which must succeed. */
export function start(root: string, wp: string, actor: string): void {
  const { envelope } = api(root, 'start-implementation', {
    feature: SAMPLE,
    wp,
    actor,
    policy: SAMPLE_POLICY_JSON,
  });
  if (!envelope.success) throw new Error(`start-implementation ${wp}: ${JSON.stringify(envelope)}`);
}
