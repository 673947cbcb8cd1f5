import { internalError, usageError, type HostError } from '@kittyhost/core';
import type { ResultAsync } from 'neverthrow';
import type { OperationContext } from './context.js';
import { commandName, failureEnvelope, successEnvelope, type Envelope } from './envelope.js';
import type { Generation, Verb } from './generations/generation.js';
import { NEWEST_GENERATION, resolveCall } from './generations/index.js';
import { optionKey } from './generations/options.js';
import { featureBoardOperation, listFeaturesOperation } from './board/index.js';
import { accept, appendHistory, merge } from './operations/feature-actions.js';
import type { Call } from './operations/inputs.js';
import { startReview, transition } from './operations/lane-changes.js';
import { contractVersion, ready, resolveWorkspace, state } from './operations/queries.js';
import { startImplementation } from './operations/start-implementation.js';
import { heartbeat } from './operations/heartbeat.js';
import { inputSchema } from './schemas.js';
import { EXIT_CODES, HTTP_STATUSES } from './status-codes.js';

/** One operation: the same function for every generation that has its verb. */
export type Operation = (
  context: OperationContext,
  call: Call,
  input: never,
) => ResultAsync<Record<string, unknown>, HostError>;

/** The operations, by verb. Both the CLI and the HTTP API call these, for both generations. */
export const operations: { readonly [V in Verb]: Operation } = {
  'contract-version': contractVersion,
  state,
  ready,
  'resolve-workspace': resolveWorkspace,
  'start-implementation': startImplementation,
  'start-review': startReview,
  transition,
  'append-history': appendHistory,
  accept,
  merge,
  heartbeat,
  features: listFeaturesOperation,
  board: featureBoardOperation,
};

/** The outcome of one call, ready for any transport. */
export interface Outcome {
  readonly envelope: Envelope;
  /** 0 on success, else {@link EXIT_CODES}[error_code]. */
  readonly exitCode: number;
  /** 200 on success, else {@link HTTP_STATUSES}[error_code]. */
  readonly httpStatus: number;
}

/**
 * Turn a result into an envelope of the call's generation, with its exit code and HTTP status. A
 * failure is first named and shaped as the generation does (`projectError`).
 *
 * @example
 * ```ts
 * outcomeOf(context, 'list-ready', { ok: false, error: usageError('Missing option') }, GENERATION_1_0);
 * ```
 */
export function outcomeOf(
  context: OperationContext,
  subcommand: string | undefined,
  result: { ok: true; data: unknown } | { ok: false; error: HostError },
  generation: Generation = NEWEST_GENERATION,
): Outcome {
  const envelopeContext = {
    command: commandName(subcommand),
    version: generation.version,
    now: context.clock.now(),
    token: context.ids.token(),
  };
  if (result.ok) {
    return {
      envelope: successEnvelope(envelopeContext, result.data as Record<string, unknown>),
      exitCode: 0,
      httpStatus: 200,
    };
  }
  const error = generation.projectError(result.error);
  return {
    envelope: failureEnvelope(envelopeContext, error),
    exitCode: EXIT_CODES[error.code],
    httpStatus: HTTP_STATUSES[error.code],
  };
}

/**
 * The first problem of a zod parse, as one human sentence. An unknown key is reported before any
 * other problem, and only the first one, worded as commander words an unknown option
 * (`Unknown option '--colour'`): the CLI's parser stops at the first unknown option before
 * anything is validated, so every transport then says exactly what the CLI says.
 */
function describeIssues(
  issues: readonly { path: PropertyKey[]; message: string; code: string; keys?: string[] }[],
): string {
  const unknownKey = issues.find(
    (candidate) => candidate.code === 'unrecognized_keys' && candidate.path.length === 0,
  )?.keys?.[0];
  if (unknownKey !== undefined) return `Unknown option '--${unknownKey.replaceAll('_', '-')}'`;
  return issues[0]?.message ?? 'Invalid input';
}

/**
 * Validate `rawInput` against the subcommand's schema in the generation the call belongs to (its
 * name, else its selector: `--feature` is 1.0.0, `--mission` 1.3.0) and run the verb's
 * operation. Never throws and never rejects: every failure, even an unexpected exception, is an
 * envelope of that generation.
 *
 * @example
 * ```ts
 * const outcome = await execute(context, 'list-ready', { feature: '001-demo' });
 * process.stdout.write(`${JSON.stringify(outcome.envelope)}\n`);
 * process.exitCode = outcome.exitCode;
 * ```
 */
export async function execute(
  context: OperationContext,
  subcommand: string,
  rawInput: unknown,
): Promise<Outcome> {
  let generation: Generation = NEWEST_GENERATION;
  let named: string | undefined;
  try {
    const input =
      typeof rawInput === 'object' && rawInput !== null && !Array.isArray(rawInput)
        ? (rawInput as Record<string, unknown>)
        : {};
    const resolved = resolveCall(subcommand, input);
    if (resolved.isErr()) {
      generation = resolved.error.generation;
      const known =
        resolved.error.error.code === 'USAGE_ERROR' && 'subcommand' in resolved.error.error.details;
      return outcomeOf(
        context,
        known ? subcommand : undefined,
        { ok: false, error: resolved.error.error },
        generation,
      );
    }
    generation = resolved.value.generation;
    named = subcommand;
    const parsed = inputSchema(generation, subcommand).safeParse(rawInput ?? {});
    if (!parsed.success) {
      return outcomeOf(
        context,
        subcommand,
        {
          ok: false,
          error: usageError(describeIssues(parsed.error.issues as never), subcommand),
        },
        generation,
      );
    }
    const values = parsed.data as Record<string, unknown>;
    const selector = resolved.value.spec.options.find(
      (option) => optionKey(option) === generation.selector,
    );
    const callInput =
      selector === undefined ? values : { ...values, selector: values[generation.selector] };
    const operation = operations[resolved.value.spec.verb];
    const result = await operation(context, { generation, name: subcommand }, callInput as never);
    return result.match(
      (data) => outcomeOf(context, subcommand, { ok: true, data }, generation),
      (error) => outcomeOf(context, subcommand, { ok: false, error }, generation),
    );
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return outcomeOf(
      context,
      named,
      { ok: false, error: internalError(`Unexpected error: ${message}`, cause) },
      generation,
    );
  }
}
