import { LANES, LANES_1_0, MERGE_STRATEGIES } from '@kittyhost/core';
import * as z from 'zod/mini';
import { featureBoardSchema, featureListingSchema } from './board/board-schemas.js';
import type { Generation, Verb } from './generations/generation.js';
import { optionKey, type OptionSpec } from './generations/options.js';

const requiredText = (flag: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `Missing required option '--${flag}'`
        : `--${flag} must be a string`,
  });
const optionalText = (flag: string) =>
  z.optional(z.string({ error: `--${flag} must be a string` }));
const flagValue = (name: string) =>
  z.optional(z.boolean({ error: `--${name} is a flag (true or false)` }));
/** `--policy` / `--evidence-json`: a JSON string (CLI) or an already parsed object (HTTP). */
const jsonInput = (name: string) =>
  z.optional(
    z.union([z.string(), z.record(z.string(), z.unknown())], {
      error: `--${name} must be a JSON object or a string holding one`,
    }),
  );

function optionSchema(option: OptionSpec) {
  switch (option.kind) {
    case 'required-text':
      return requiredText(option.name);
    case 'text':
      return optionalText(option.name);
    case 'json':
      return jsonInput(option.name);
    case 'flag':
    case 'negatable-flag':
      return flagValue(option.name);
  }
}

const inputCache = new Map<string, z.ZodMiniType>();

/**
 * The zod schema of a subcommand's input in a generation. Keys are the CLI option names in
 * snake_case (`--review-ref` → `review_ref`); the HTTP API takes the same names. Unknown keys
 * are usage errors. Built on first use: the CLI validates one subcommand's input per process.
 *
 * @example
 * ```ts
 * inputSchema(GENERATION_1_3, 'mission-state').safeParse({ mission: 'demo-01M8RB29' }).success; // true
 * ```
 */
export function inputSchema(generation: Generation, name: string): z.ZodMiniType {
  const key = `${generation.version}:${name}`;
  let schema = inputCache.get(key);
  if (schema === undefined) {
    const spec = generation.subcommands[name];
    if (spec === undefined)
      throw new Error(`No subcommand ${name} in contract ${generation.version}`);
    schema = z.strictObject(
      Object.fromEntries(spec.options.map((option) => [optionKey(option), optionSchema(option)])),
    );
    inputCache.set(key, schema);
  }
  return schema;
}

const identity1_3 = () => ({
  mission_slug: z.string(),
  mission_number: z.nullable(z.int()),
  mission_type: z.string(),
});
const laneFields = () => ({
  lane_id: z.optional(z.string()),
  lane_branch: z.optional(z.string()),
  lane_base_ref: z.optional(z.string()),
});

/** Output schema factories per verb: `lanes` and `base` come from the generation. */
function outputFactories(
  generation: Generation,
): Readonly<Record<Verb, (() => z.ZodMiniType) | undefined>> {
  const v13 = generation.version === '1.3.0';
  const lanes = v13 ? LANES : LANES_1_0;
  const lane = () => z.enum(lanes);
  const summary = () => z.object(Object.fromEntries(lanes.map((name) => [name, z.int()])));
  const base = () => (v13 ? identity1_3() : { feature_slug: z.string() });
  const wpBase = () => ({ ...base(), wp_id: z.string() });
  // Absent on a no-op (nothing was written), as the original answers it.
  const committed = () => (v13 ? { status_committed: z.optional(z.boolean()) } : {});
  return {
    'contract-version': () =>
      z.object({
        api_version: z.string(),
        min_supported_provider_version: z.string(),
        supported_contract_versions: z.array(z.string()),
        capabilities: z.array(z.string()),
      }),
    state: () =>
      z.object({
        ...base(),
        summary: summary(),
        work_packages: z.array(
          z.object({
            wp_id: z.string(),
            lane: lane(),
            dependencies: z.array(z.string()),
            last_actor: z.nullable(z.string()),
          }),
        ),
      }),
    ready: () =>
      z.object({
        ...base(),
        ready_work_packages: z.array(
          z.object({
            wp_id: z.string(),
            lane: z.literal('planned'),
            dependencies_satisfied: z.literal(true),
            ...(v13 ? {} : { recommended_base: z.nullable(z.string()) }),
          }),
        ),
      }),
    'resolve-workspace': v13
      ? () =>
          z.object({
            ...wpBase(),
            workspace_path: z.string(),
            prompt_path: z.string(),
            ...laneFields(),
          })
      : undefined,
    'start-implementation': () =>
      z.object({
        ...wpBase(),
        from_lane: lane(),
        to_lane: z.literal('in_progress'),
        workspace_path: z.string(),
        prompt_path: z.string(),
        policy_metadata_recorded: z.literal(true),
        no_op: z.boolean(),
        ...(v13 ? laneFields() : {}),
        ...committed(),
      }),
    'start-review': () =>
      z.object({
        ...wpBase(),
        from_lane: lane(),
        to_lane: v13 ? z.literal('in_review') : lane(),
        prompt_path: z.string(),
        policy_metadata_recorded: z.literal(true),
        ...(v13 ? { no_op: z.boolean() } : {}),
        ...committed(),
      }),
    transition: () =>
      z.object({
        ...wpBase(),
        from_lane: lane(),
        to_lane: lane(),
        policy_metadata_recorded: z.boolean(),
        ...committed(),
      }),
    'append-history': () => z.object({ ...wpBase(), history_entry_id: z.string() }),
    accept: () =>
      z.object({
        ...base(),
        accepted: z.literal(true),
        mode: z.literal('auto'),
        accepted_at: z.string(),
        ...(v13
          ? {
              accepted_wps: z.array(z.string()),
              approved_wps: z.array(z.string()),
              done_wps: z.array(z.string()),
              merge_pending_wps: z.array(z.string()),
              meta_committed: z.boolean(),
            }
          : {}),
      }),
    heartbeat: () =>
      z.object({
        ...wpBase(),
        holder: z.string(),
        lane: lane(),
        lease_expires_at: z.nullable(z.string()),
        ttl_seconds: z.nullable(z.number()),
      }),
    merge: () =>
      z.object({
        ...base(),
        merged: z.literal(true),
        target_branch: z.string(),
        strategy: z.enum(MERGE_STRATEGIES),
        merged_wps: z.array(z.string()),
        skipped_wps: z.array(z.string()),
        worktree_removed: z.boolean(),
        pushed: z.boolean(),
      }),
    features: featureListingSchema,
    board: featureBoardSchema,
  };
}

const outputCache = new Map<string, z.ZodMiniType>();

/**
 * The zod schema of a subcommand's success `data` in a generation (documentation, OpenAPI,
 * tests). Extra fields of ours (lease data, for one) are not listed: clients ignore them.
 *
 * @example
 * ```ts
 * outputSchema(GENERATION_1_0, 'feature-state');
 * ```
 */
export function outputSchema(generation: Generation, name: string): z.ZodMiniType {
  const key = `${generation.version}:${name}`;
  let schema = outputCache.get(key);
  if (schema === undefined) {
    const verb = generation.subcommands[name]?.verb;
    const factory = verb === undefined ? undefined : outputFactories(generation)[verb];
    if (factory === undefined)
      throw new Error(`No subcommand ${name} in contract ${generation.version}`);
    schema = factory();
    outputCache.set(key, schema);
  }
  return schema;
}
