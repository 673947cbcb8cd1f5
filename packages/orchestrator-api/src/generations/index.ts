import { usageError, type ContractGeneration, type HostError } from '@kittyhost/core';
import { err, ok, type Result } from 'neverthrow';
import type { Generation, SubcommandSpec } from './generation.js';
import { GENERATION_1_0 } from './v1_0/generation.js';
import { GENERATION_1_3 } from './v1_3/generation.js';

export type {
  ClaimKind,
  Generation,
  GenerationMessages,
  MissionLineIdentity,
  SubcommandSpec,
  Verb,
} from './generation.js';
export { VERBS } from './generation.js';
export { OPTION, optionKey, selectorOption, type OptionKind, type OptionSpec } from './options.js';
export { missionIdentity } from './identity.js';
export { GENERATION_1_0, GENERATION_1_3 };

/**
 * Both generations of the contract one host serves, by version.
 *
 * @example
 * ```ts
 * GENERATIONS['1.3.0'].selector; // 'mission'
 * ```
 */
export const GENERATIONS: Readonly<Record<ContractGeneration, Generation>> = {
  '1.0.0': GENERATION_1_0,
  '1.3.0': GENERATION_1_3,
};

/** The newest generation: it answers `contract-version` and calls that name no generation. */
export const NEWEST_GENERATION: Generation = GENERATION_1_3;

/**
 * Every subcommand name of either generation, in help order (1.0 names first, then the names
 * only 1.3 has).
 */
export const SUBCOMMAND_NAMES: readonly string[] = [
  ...new Set([
    ...Object.keys(GENERATION_1_0.subcommands),
    ...Object.keys(GENERATION_1_3.subcommands),
  ]),
];

/** Is this the name of a subcommand of either generation? */
export function isSubcommandName(name: string): boolean {
  return SUBCOMMAND_NAMES.includes(name);
}

/** A call's generation and what it runs. */
export interface ResolvedCall {
  readonly generation: Generation;
  readonly name: string;
  readonly spec: SubcommandSpec;
}

/**
 * Which generation a call belongs to (CONTRACT-1.3.md §0): names only one generation has decide
 * it; the shared ones (`list-ready`, `start-implementation`, `start-review`, `transition`,
 * `append-history`) take the generation of their selector, `--feature` (1.0.0) or `--mission`
 * (1.3.0). Both selectors, or none on a shared name, are a `USAGE_ERROR`. A selector of the
 * other generation on a generation's own name is left to the input schema (an unknown option).
 *
 * @example
 * ```ts
 * resolveCall('transition', { mission: 'demo-01M8RB29' })._unsafeUnwrap().generation.version; // '1.3.0'
 * ```
 */
export function resolveCall(
  name: string,
  input: Readonly<Record<string, unknown>>,
): Result<ResolvedCall, { readonly error: HostError; readonly generation: Generation }> {
  const in1_0 = GENERATION_1_0.subcommands[name];
  const in1_3 = GENERATION_1_3.subcommands[name];
  if (in1_0 === undefined && in1_3 === undefined) {
    return err({
      error: usageError(
        `Unknown subcommand: ${name}. Choose one of: ${SUBCOMMAND_NAMES.join(', ')}`,
      ),
      generation: NEWEST_GENERATION,
    });
  }
  if (name === 'contract-version' || name === 'list-features' || in1_0 === undefined) {
    return ok({ generation: GENERATION_1_3, name, spec: in1_3 as SubcommandSpec });
  }
  if (in1_3 === undefined) return ok({ generation: GENERATION_1_0, name, spec: in1_0 });
  const hasFeature = Object.hasOwn(input, 'feature');
  const hasMission = Object.hasOwn(input, 'mission');
  if (hasFeature && hasMission) {
    return err({
      error: usageError(
        'Use either --feature (contract 1.0.0) or --mission (contract 1.3.0), not both',
        name,
      ),
      generation: NEWEST_GENERATION,
    });
  }
  if (hasFeature) return ok({ generation: GENERATION_1_0, name, spec: in1_0 });
  if (hasMission) return ok({ generation: GENERATION_1_3, name, spec: in1_3 });
  return err({
    error: usageError(
      "Missing required option '--mission <slug>' (or '--feature <slug>' for contract 1.0.0)",
      name,
    ),
    generation: NEWEST_GENERATION,
  });
}
