import { writeSync } from 'node:fs';
import {
  createIdSource,
  internalError,
  mathRandomFill,
  systemClock,
  type HostError,
} from '@kittyhost/core';
import {
  outcomeOf,
  type Generation,
  type OperationContext,
  type Outcome,
  type Project,
} from '@kittyhost/orchestrator-api';
import { ResultAsync } from 'neverthrow';

let answered = false;
let human = false;

/** Has the process answered with an envelope? */
export function hasAnswered(): boolean {
  return answered;
}

/**
 * This process runs a human command (`agent …`, `board`): it prints text, not an envelope, and
 * an unexpected failure is one line on stderr and exit 1.
 */
export function runsHumanCommand(): void {
  answered = true;
  human = true;
}

/** A human command's failure: one clear line on stderr, exit 1. */
export function humanFailure(message: string): void {
  process.stderr.write(`spec-kitty: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
}

/** Print exactly one envelope, then exit with its code once stdout has flushed. */
export function answer(outcome: Outcome): void {
  if (answered) return;
  answered = true;
  process.exitCode = outcome.exitCode;
  process.stdout.write(`${JSON.stringify(outcome.envelope)}\n`, () =>
    process.exit(outcome.exitCode),
  );
}

/** The operation context of this process: the project opened lazily from `repo()`. */
export function makeContext(repo: () => string | undefined): OperationContext {
  const clock = systemClock;
  const ttl = process.env['KITTYHOST_CLAIM_TTL'];
  return {
    ...(ttl === undefined || ttl.trim() === ''
      ? {}
      : { defaultClaimTtl: { value: ttl, source: 'KITTYHOST_CLAIM_TTL' } }),
    clock,
    // Math.random: ids need uniqueness, not secrecy, and a query must not wake the crypto stack.
    ids: createIdSource(clock, mathRandomFill),
    project: (): ResultAsync<Project, HostError> =>
      ResultAsync.fromPromise(import('./project.js'), (cause) =>
        internalError('Could not load the project adapters', cause),
      ).andThen((module) => module.openProject(repo())),
  };
}

/** Answer a failure envelope. */
export function fail(
  context: OperationContext,
  subcommand: string | undefined,
  error: HostError,
  generation?: Generation,
): void {
  answer(outcomeOf(context, subcommand, { ok: false, error }, generation));
}

/**
 * The last guards of "exactly one envelope": whatever path ends the process without answering
 * (an exit, an uncaught exception, a rejected promise) still prints one.
 */
export function installGuards(subcommandOf: () => string | undefined): void {
  const crash = (cause: unknown): void => {
    const context = makeContext(() => undefined);
    const message = cause instanceof Error ? cause.message : String(cause);
    if (human) {
      humanFailure(`unexpected error: ${message}`);
      process.exit(1);
    }
    if (!answered)
      fail(context, subcommandOf(), internalError(`Unexpected error: ${message}`, cause));
    else process.exit(1);
  };
  process.on('exit', (code) => {
    if (answered) return;
    answered = true;
    const context = makeContext(() => undefined);
    const outcome = outcomeOf(context, undefined, {
      ok: false,
      error: internalError(`Exited without an answer (code ${code})`),
    });
    writeSync(1, `${JSON.stringify(outcome.envelope)}\n`);
    process.exitCode = outcome.exitCode;
  });
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
