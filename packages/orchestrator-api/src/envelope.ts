import { formatEventTimestamp, type ContractGeneration, type HostError } from '@kittyhost/core';

/** The contract version this host answers `contract-version` with: the newest it serves. */
export const CONTRACT_VERSION = '1.3.0';
/** Every contract generation this host serves (CONTRACT-1.3.md §0). */
export const SUPPORTED_CONTRACT_VERSIONS: readonly ContractGeneration[] = ['1.0.0', '1.3.0'];
/** The lowest provider version this host accepts. */
export const MIN_SUPPORTED_PROVIDER_VERSION = '0.1.0';

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
  /** The contract generation of the call (`contract_version`). */
  readonly version: ContractGeneration;
  readonly now: Date;
  /** 32 lowercase hex characters. */
  readonly token: string;
}

/** The command field for a subcommand name (`orchestrator-api` alone when there is none). */
export function commandName(subcommand: string | undefined): string {
  return subcommand === undefined ? 'orchestrator-api' : `orchestrator-api.${subcommand}`;
}

/**
 * A success envelope.
 *
 * @example
 * ```ts
 * successEnvelope({ command: 'orchestrator-api.list-ready', version: '1.0.0', now: new Date(), token: 'ab'.repeat(16) }, { feature_slug: 'x' });
 * ```
 */
export function successEnvelope<Data>(context: EnvelopeContext, data: Data): Envelope<Data> {
  return {
    contract_version: context.version,
    command: context.command,
    timestamp: formatEventTimestamp(context.now),
    correlation_id: `corr-${context.token}`,
    success: true,
    error_code: null,
    data,
  };
}

/**
 * A failure envelope: `data` is `{ message, ...details }` (contract 1.3 answers put `message`
 * last, as its host does). The error's `cause` and `context` are never exposed.
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
  const details = error.details as Record<string, unknown>;
  return {
    contract_version: context.version,
    command: context.command,
    timestamp: formatEventTimestamp(context.now),
    correlation_id: `corr-${context.token}`,
    success: false,
    error_code: error.code,
    data:
      context.version === '1.0.0'
        ? { message: error.message, ...details }
        : { ...details, message: error.message },
  };
}
