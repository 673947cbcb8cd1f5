// Helpers of the lease tests: a project with leases on, and calls that never block the event loop
// (the lease tests sleep in real time, concurrently, so a synchronous call in one would stretch
// another's sleep).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import {
  FEATURE,
  POLICY,
  git,
  runAsync,
  sampleProject,
  type CliRun,
  type Envelope,
} from './harness.js';

export const MISSION = FEATURE;

/** A sample project whose `.kittify/config.yaml` turns leases on (committed, like a real one). */
export function leasedProject(options: Parameters<typeof sampleProject>[0] = {}, ttl = '2s') {
  const project = sampleProject(options);
  mkdirSync(join(project.root, '.kittify'), { recursive: true });
  writeFileSync(
    join(project.root, '.kittify', 'config.yaml'),
    `orchestrator_api:\n  claim_ttl: ${ttl}\n`,
  );
  git(project.root, 'add', '.kittify');
  git(project.root, 'commit', '-qm', 'leases on');
  return project;
}

/** Run the CLI: exactly one envelope, the exit status agreeing with it, no stack trace. */
export async function run(
  root: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const result = await runAsync(root, args, env);
  expect(result.status === 0, `exit ${result.status} vs success ${result.envelope.success}`).toBe(
    result.envelope.success,
  );
  expect(result.stdout).not.toMatch(/\n\s+at /);
  return result;
}

/** One subcommand with options (`true`: a bare flag). */
export async function api(
  root: string,
  subcommand: string,
  options: Record<string, string | boolean>,
  env: Record<string, string> = {},
): Promise<Envelope> {
  const args = ['orchestrator-api', subcommand];
  for (const [key, value] of Object.entries(options)) {
    if (value === true) args.push(`--${key}`);
    else if (value !== false) args.push(`--${key}`, value);
  }
  return (await run(root, args, env)).envelope;
}

/** start-implementation at 1.3. */
export const start = (root: string, wp: string, actor: string) =>
  api(root, 'start-implementation', { mission: MISSION, wp, actor, policy: POLICY });

/** One WP's row of mission-state. */
export async function state(root: string, wp: string): Promise<Record<string, any> | undefined> {
  const read = await api(root, 'mission-state', { mission: MISSION });
  return (read.data['work_packages'] as Record<string, any>[]).find((item) => item['wp_id'] === wp);
}

/**
 * Wait (polling mission-state, real time) until the lease of every WP named has expired: on a
 * loaded machine a call can take a good part of a second, so the tests wait for the state they
 * need rather than for a fixed time.
 */
export async function untilExpired(root: string, wps: readonly string[], limitMs = 60_000) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const read = await api(root, 'mission-state', { mission: MISSION });
    const items = read.data['work_packages'] as Record<string, unknown>[];
    if (wps.every((wp) => items.find((item) => item['wp_id'] === wp)?.['lease_expired'] === true))
      return;
    if (Date.now() > deadline) throw new Error(`leases of ${wps.join(', ')} never expired`);
    await sleep(250);
  }
}
