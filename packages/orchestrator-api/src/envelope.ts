import { formatEventTimestamp, type HostError } from '@kittyhost/core';

/** The contract version this host implements. */
export const CONTRACT_VERSION = '1.0.0';
/** The lowest provider version this host accepts. */
export const MIN_SUPPORTED_PROVIDER_VERSION = '0.1.0';

/** The nine subcommands of `spec-kitty orchestrator-api`. */
export const SUBCOMMANDS = [
  'contract-version',
  'feature-state',
  'list-ready',
  'start-implementation',
  'start-review',
  'transition',
  'append-history',
  'accept-feature',
  'merge-feature',
] as const;

/** One of {@link SUBCOMMANDS}. */
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** What each subcommand does, in one line: the CLI's help and the HTTP API's OpenAPI both use it. */
export const SUBCOMMAND_SUMMARIES: Readonly<Record<Subcommand, string>> = {
  'contract-version': 'Show the host contract version; check a provider version against it',
  'feature-state': 'Show every work package with its lane and a count per lane',
  'list-ready': 'List planned work packages whose dependencies are all done',
  'start-implementation':
    'Claim a work package and start it (planned -> claimed -> in_progress), creating its workspace',
  'start-review': 'Send a reviewed work package back to implementation (for_review -> in_progress)',
  transition: 'Move a work package to another lane',
  'append-history': "Append an entry to a work package's activity log and commit it",
  'accept-feature': 'Accept a feature whose work packages are all done',
  'merge-feature': 'Merge every done work package branch into the target, in dependency order',
};

/** Is this string one of the nine subcommands? */
export function isSubcommand(value: string): value is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(value);
}

/**
 * The one JSON object every call answers with, on stdout or as the HTTP body.
 *
 * @example
 * ```json
 * {"contract_version":"1.0.0","command":"orchestrator-api.feature-state",
 *  "timestamp":"2026-02-23T18:03:22.152000+00:00","correlation_id":"corr-9b93…",
 *  "success":true,"error_code":null,"data":{}}
 * ```
 */
export interface Envelope<Data = Record<string, unknown>> {
  readonly contract_version: string;
  readonly command: string;
  readonly timestamp: string;
  readonly correlation_id: string;
  readonly success: boolean;
  readonly error_code: string | null;
  readonly data: Data;
}

/** What every envelope needs besides its outcome. */
export interface EnvelopeContext {
  /** `orchestrator-api.<subcommand>`, or `orchestrator-api` when the subcommand is unknown. */
  readonly command: string;
  readonly now: Date;
  /** 32 lowercase hex characters. */
  readonly token: string;
}

/** The command field for a subcommand name (unknown or missing names give `orchestrator-api`). */
export function commandName(subcommand: string | undefined): string {
  return subcommand !== undefined && isSubcommand(subcommand)
    ? `orchestrator-api.${subcommand}`
    : 'orchestrator-api';
}

/**
 * A success envelope.
 *
 * @example
 * ```ts
 * successEnvelope({ command: 'orchestrator-api.list-ready', now: new Date(), token: 'ab'.repeat(16) }, { feature_slug: 'x' });
 * ```
 */
export function successEnvelope<Data>(context: EnvelopeContext, data: Data): Envelope<Data> {
  return {
    contract_version: CONTRACT_VERSION,
    command: context.command,
    timestamp: formatEventTimestamp(context.now),
    correlation_id: `corr-${context.token}`,
    success: true,
    error_code: null,
    data,
  };
}

/**
 * A failure envelope: `data` is `{ message, ...details }`. The error's `cause` is never exposed.
 *
 * @example
 * ```ts
 * failureEnvelope(context, wpNotFound('001-demo', 'WP09'));
 * // { success: false, error_code: 'WP_NOT_FOUND', data: { message: '…', feature_slug: '001-demo', wp_id: 'WP09' } }
 * ```
 */
export function failureEnvelope(
  context: EnvelopeContext,
  error: HostError,
): Envelope<Record<string, unknown>> {
  return {
    contract_version: CONTRACT_VERSION,
    command: context.command,
    timestamp: formatEventTimestamp(context.now),
    correlation_id: `corr-${context.token}`,
    success: false,
    error_code: error.code,
    data: { message: error.message, ...error.details },
  };
}
