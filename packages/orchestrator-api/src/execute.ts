import { internalError, usageError, type HostError } from '@kittyhost/core';
import type { ResultAsync } from 'neverthrow';
import type { OperationContext } from './context.js';
import {
  commandName,
  failureEnvelope,
  successEnvelope,
  type Envelope,
  type Subcommand,
} from './envelope.js';
import { acceptFeature, appendHistory, mergeFeature } from './operations/feature-actions.js';
import { startReview, transition } from './operations/lane-changes.js';
import { contractVersion, featureState, listReady } from './operations/queries.js';
import { startImplementation } from './operations/start-implementation.js';
import { inputSchemas, type InputOf, type OutputOf } from './schemas.js';
import { EXIT_CODES, HTTP_STATUSES } from './status-codes.js';

type Operation<S extends Subcommand> = (
  context: OperationContext,
  input: InputOf<S>,
) => ResultAsync<OutputOf<S>, HostError>;

/** The nine operations, by subcommand. Both the CLI and the HTTP API call these. */
export const operations: { readonly [S in Subcommand]: Operation<S> } = {
  'contract-version': contractVersion,
  'feature-state': featureState,
  'list-ready': listReady,
  'start-implementation': startImplementation,
  'start-review': startReview,
  transition,
  'append-history': appendHistory,
  'accept-feature': acceptFeature,
  'merge-feature': mergeFeature,
};

/** The outcome of one call, ready for any transport. */
export interface Outcome {
  readonly envelope: Envelope;
  /** 0 on success, else {@link EXIT_CODES}[error_code]. */
  readonly exitCode: number;
  /** 200 on success, else {@link HTTP_STATUSES}[error_code]. */
  readonly httpStatus: number;
}

/** Turn a result into an envelope with its exit code and HTTP status. */
export function outcomeOf(
  context: OperationContext,
  subcommand: string | undefined,
  result: { ok: true; data: unknown } | { ok: false; error: HostError },
): Outcome {
  const envelopeContext = {
    command: commandName(subcommand),
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
  return {
    envelope: failureEnvelope(envelopeContext, result.error),
    exitCode: EXIT_CODES[result.error.code],
    httpStatus: HTTP_STATUSES[result.error.code],
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
 * Validate `rawInput` against the subcommand's schema and run its operation. Never throws and
 * never rejects: every failure, even an unexpected exception, is an envelope.
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
  try {
    if (!(subcommand in operations)) {
      return outcomeOf(context, undefined, {
        ok: false,
        error: usageError(`Unknown subcommand: ${subcommand}`),
      });
    }
    const name = subcommand as Subcommand;
    const parsed = inputSchemas[name].safeParse(rawInput ?? {});
    if (!parsed.success) {
      return outcomeOf(context, name, {
        ok: false,
        error: usageError(describeIssues(parsed.error.issues as never), name),
      });
    }
    const operation = operations[name] as Operation<Subcommand>;
    const result = await operation(context, parsed.data as never);
    return result.match(
      (data) => outcomeOf(context, name, { ok: true, data }),
      (error) => outcomeOf(context, name, { ok: false, error }),
    );
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return outcomeOf(context, subcommand, {
      ok: false,
      error: internalError(`Unexpected error: ${message}`, cause),
    });
  }
}
