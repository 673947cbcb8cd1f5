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

/** The fields of a policy that must be strings. */
const STRING_POLICY_FIELDS = [
  'orchestrator_id',
  'orchestrator_version',
  'agent_family',
  'approval_mode',
  'sandbox_mode',
  'network_mode',
] as const;

/**
 * Flags no orchestrator policy may carry in `dangerous_flags` (the original hosts refuse them).
 *
 * @example
 * ```ts
 * BANNED_DANGEROUS_FLAGS.includes('--yolo'); // true
 * ```
 */
export const BANNED_DANGEROUS_FLAGS: readonly string[] = [
  '--full-auto',
  '--yolo',
  '--dangerously-bypass-approvals-and-sandbox',
  '--dangerously-skip-permissions',
];

/**
 * A validated policy, as it is stored in an event's `policy_metadata`: exactly the seven
 * required fields and `tool_restrictions` (`null` when absent), as both original hosts store it.
 * Other keys of the given policy are dropped.
 */
export interface Policy {
  readonly orchestrator_id: string;
  readonly orchestrator_version: string;
  readonly agent_family: string;
  readonly approval_mode: string;
  readonly sandbox_mode: string;
  readonly network_mode: string;
  readonly dangerous_flags: readonly string[];
  readonly tool_restrictions: string | null;
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
 * as HTTP bodies carry it). Reports every problem at once: a missing field, a field of the wrong
 * type (`dangerous_flags` an array of strings, `tool_restrictions` a string or null), a banned
 * dangerous flag, or a secret-looking string at any depth (named by its path, never its value).
 * Returns the policy as it is stored ({@link Policy}).
 *
 * @example
 * ```ts
 * parsePolicy('{"orchestrator_id":"o","orchestrator_version":"1","agent_family":"claude",' +
 *   '"approval_mode":"auto","sandbox_mode":"workspace","network_mode":"none","dangerous_flags":[]}');
 * // ok({ orchestrator_id: 'o', …, dangerous_flags: [], tool_restrictions: null })
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
  for (const field of STRING_POLICY_FIELDS) {
    if (field in record && typeof record[field] !== 'string')
      errors.push(`${field} must be a string`);
  }
  const flags = record['dangerous_flags'];
  if ('dangerous_flags' in record && !Array.isArray(flags)) {
    errors.push('dangerous_flags must be an array');
  } else if (Array.isArray(flags)) {
    flags.forEach((flag: unknown, index) => {
      if (typeof flag !== 'string') errors.push(`dangerous_flags[${index}] must be a string`);
      else if (BANNED_DANGEROUS_FLAGS.includes(flag))
        errors.push(`dangerous_flags contains a banned flag: ${flag}`);
    });
  }
  const restrictions = record['tool_restrictions'];
  if (restrictions !== undefined && restrictions !== null && typeof restrictions !== 'string') {
    errors.push('tool_restrictions must be a string or null');
  }
  if (jsonDepth(record) > MAX_JSON_DEPTH) {
    errors.push(`Policy is nested more than ${MAX_JSON_DEPTH} levels deep`);
  } else {
    for (const path of secretLikeValues(record, '')) {
      errors.push(`Secret-like value rejected at ${path}`);
    }
  }
  if (errors.length > 0) return err(policyValidationFailed(errors));
  return ok({
    orchestrator_id: record['orchestrator_id'] as string,
    orchestrator_version: record['orchestrator_version'] as string,
    agent_family: record['agent_family'] as string,
    approval_mode: record['approval_mode'] as string,
    sandbox_mode: record['sandbox_mode'] as string,
    network_mode: record['network_mode'] as string,
    dangerous_flags: [...(flags as string[])],
    tool_restrictions: typeof restrictions === 'string' ? restrictions : null,
  });
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
