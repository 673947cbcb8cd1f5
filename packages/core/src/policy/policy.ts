import { err, ok, type Result } from 'neverthrow';
import {
  policyMetadataRequired,
  policyValidationFailed,
  type HostErrorOf,
} from '../errors/host-error.js';

/** The seven fields every policy must carry. */
export const REQUIRED_POLICY_FIELDS = [
  'orchestrator_id',
  'orchestrator_version',
  'agent_family',
  'approval_mode',
  'sandbox_mode',
  'network_mode',
  'dangerous_flags',
] as const;

/** Words that make a string value look like a secret (matched case-insensitively). */
export const SECRET_PATTERN = /token|secret|key|password|credential/i;

/** A validated policy. Stored verbatim in the event's `policy_metadata`. */
export interface Policy {
  readonly orchestrator_id: string;
  readonly orchestrator_version: string;
  readonly agent_family: string;
  readonly approval_mode: string;
  readonly sandbox_mode: string;
  readonly network_mode: string;
  readonly dangerous_flags: readonly unknown[];
  readonly tool_restrictions?: unknown;
  readonly [extra: string]: unknown;
}

/** Errors of {@link parsePolicy}. */
export type PolicyError =
  HostErrorOf<'POLICY_METADATA_REQUIRED'> | HostErrorOf<'POLICY_VALIDATION_FAILED'>;

/**
 * Is a policy present? `undefined`, `null` and an empty or blank string count as absent
 * (`POLICY_METADATA_REQUIRED`); anything else is validated.
 */
export function isPolicyPresent(input: unknown): boolean {
  if (input === undefined || input === null) return false;
  if (typeof input === 'string') return input.trim() !== '';
  return true;
}

/**
 * Parse and validate a policy given as the `--policy` JSON string (or an already parsed value,
 * as HTTP bodies carry it). Reports every problem at once.
 *
 * @example
 * ```ts
 * parsePolicy('{"orchestrator_id":"o","orchestrator_version":"1","agent_family":"claude",' +
 *   '"approval_mode":"auto","sandbox_mode":"workspace","network_mode":"none","dangerous_flags":[]}');
 * // ok({ orchestrator_id: 'o', … })
 * parsePolicy('{"api_key":"x"}');
 * // err({ code: 'POLICY_VALIDATION_FAILED', details: { errors: [ …7 missing fields… ] } })
 * ```
 */
export function parsePolicy(input: unknown): Result<Policy, PolicyError> {
  if (!isPolicyPresent(input)) return err(policyMetadataRequired());
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return err(policyValidationFailed(['Policy is not valid JSON']));
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err(policyValidationFailed(['Policy must be a JSON object']));
  }
  const record = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const field of REQUIRED_POLICY_FIELDS) {
    if (!(field in record)) errors.push(`Missing required field: ${field}`);
  }
  if ('dangerous_flags' in record && !Array.isArray(record['dangerous_flags'])) {
    errors.push('dangerous_flags must be an array');
  }
  if (jsonDepth(record) > MAX_JSON_DEPTH) {
    errors.push(`Policy is nested more than ${MAX_JSON_DEPTH} levels deep`);
  } else {
    for (const path of secretLikeValues(record, '')) {
      errors.push(`Secret-like value rejected at ${path}`);
    }
  }
  return errors.length > 0 ? err(policyValidationFailed(errors)) : ok(record as Policy);
}

/** How deeply a policy or evidence object may nest (recorded events must stay serialisable). */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a JSON value (a scalar is 0, `[]` and `{}` are 1), computed without
 * recursion so that a hostile input cannot overflow the stack. Stops counting past 10,000.
 *
 * @example
 * ```ts
 * jsonDepth({ a: [1, { b: 2 }] }); // 3
 * ```
 */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > 10_000) return deepest;
    for (const item of Array.isArray(current) ? current : Object.values(current)) {
      stack.push({ value: item, depth: level });
    }
  }
  return deepest;
}

function secretLikeValues(value: unknown, path: string): string[] {
  if (typeof value === 'string') return SECRET_PATTERN.test(value) ? [path || '(root)'] : [];
  if (Array.isArray(value))
    return value.flatMap((item, index) => secretLikeValues(item, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      secretLikeValues(item, path === '' ? key : `${path}.${key}`),
    );
  }
  return [];
}
