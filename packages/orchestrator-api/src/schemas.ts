import { LANES, MERGE_STRATEGIES } from '@kittyhost/core';
import * as z from 'zod/mini';

const requiredText = (flag: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `Missing required option '--${flag}'`
        : `--${flag} must be a string`,
  });
const optionalText = (flag: string) =>
  z.optional(z.string({ error: `--${flag} must be a string` }));
const flag = (name: string) =>
  z.optional(z.boolean({ error: `--${name} is a flag (true or false)` }));
/** `--policy` / `--evidence-json`: a JSON string (CLI) or an already parsed object (HTTP). */
const jsonInput = (name: string) =>
  z.optional(
    z.union([z.string(), z.record(z.string(), z.unknown())], {
      error: `--${name} must be a JSON object or a string holding one`,
    }),
  );

/**
 * An object whose properties are built on first access (then kept): the CLI validates one
 * subcommand's input per process, so it should not pay for building the other 17 schemas.
 */
function lazyRecord<Factories extends Record<string, () => unknown>>(
  factories: Factories,
): { readonly [K in keyof Factories]: ReturnType<Factories[K]> } {
  const record = {} as { [K in keyof Factories]: ReturnType<Factories[K]> };
  for (const key of Object.keys(factories) as (keyof Factories)[]) {
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = (factories[key] as () => unknown)();
        Object.defineProperty(record, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return record;
}

/**
 * The zod schema of each subcommand's input. Keys are the CLI option names in snake_case
 * (`--review-ref` → `review_ref`); the HTTP API takes the same names. Unknown keys are usage errors.
 */
export const inputSchemas = lazyRecord({
  'contract-version': () => z.strictObject({ provider_version: optionalText('provider-version') }),
  'feature-state': () => z.strictObject({ feature: requiredText('feature') }),
  'list-ready': () => z.strictObject({ feature: requiredText('feature') }),
  'start-implementation': () =>
    z.strictObject({
      feature: requiredText('feature'),
      wp: requiredText('wp'),
      actor: requiredText('actor'),
      policy: jsonInput('policy'),
    }),
  'start-review': () =>
    z.strictObject({
      feature: requiredText('feature'),
      wp: requiredText('wp'),
      actor: requiredText('actor'),
      policy: jsonInput('policy'),
      review_ref: optionalText('review-ref'),
    }),
  transition: () =>
    z.strictObject({
      feature: requiredText('feature'),
      wp: requiredText('wp'),
      to: requiredText('to'),
      actor: requiredText('actor'),
      note: optionalText('note'),
      policy: jsonInput('policy'),
      review_ref: optionalText('review-ref'),
      force: flag('force'),
      evidence_json: jsonInput('evidence-json'),
    }),
  'append-history': () =>
    z.strictObject({
      feature: requiredText('feature'),
      wp: requiredText('wp'),
      actor: requiredText('actor'),
      note: requiredText('note'),
    }),
  'accept-feature': () =>
    z.strictObject({
      feature: requiredText('feature'),
      actor: requiredText('actor'),
    }),
  'merge-feature': () =>
    z.strictObject({
      feature: requiredText('feature'),
      target: optionalText('target'),
      strategy: optionalText('strategy'),
      push: flag('push'),
    }),
});

/** Parsed input of a subcommand. */
export type InputOf<S extends keyof typeof inputSchemas> = z.output<(typeof inputSchemas)[S]>;

const laneSchema = () => z.enum(LANES);
const summarySchema = () => z.object(Object.fromEntries(LANES.map((lane) => [lane, z.int()])));
const base = { feature_slug: z.string() };
const wpBase = { ...base, wp_id: z.string() };

/** The zod schema of each subcommand's success `data` (documentation, OpenAPI, tests). */
export const outputSchemas = lazyRecord({
  'contract-version': () =>
    z.object({
      api_version: z.string(),
      min_supported_provider_version: z.string(),
    }),
  'feature-state': () =>
    z.object({
      ...base,
      summary: summarySchema(),
      work_packages: z.array(
        z.object({
          wp_id: z.string(),
          lane: laneSchema(),
          dependencies: z.array(z.string()),
          last_actor: z.nullable(z.string()),
        }),
      ),
    }),
  'list-ready': () =>
    z.object({
      ...base,
      ready_work_packages: z.array(
        z.object({
          wp_id: z.string(),
          lane: z.literal('planned'),
          dependencies_satisfied: z.literal(true),
          recommended_base: z.nullable(z.string()),
        }),
      ),
    }),
  'start-implementation': () =>
    z.object({
      ...wpBase,
      from_lane: laneSchema(),
      to_lane: z.literal('in_progress'),
      workspace_path: z.string(),
      prompt_path: z.string(),
      policy_metadata_recorded: z.literal(true),
      no_op: z.boolean(),
    }),
  'start-review': () =>
    z.object({
      ...wpBase,
      from_lane: laneSchema(),
      to_lane: laneSchema(),
      prompt_path: z.string(),
      policy_metadata_recorded: z.literal(true),
    }),
  transition: () =>
    z.object({
      ...wpBase,
      from_lane: laneSchema(),
      to_lane: laneSchema(),
      policy_metadata_recorded: z.boolean(),
    }),
  'append-history': () => z.object({ ...wpBase, history_entry_id: z.string() }),
  'accept-feature': () =>
    z.object({
      ...base,
      accepted: z.literal(true),
      mode: z.literal('auto'),
      accepted_at: z.string(),
    }),
  'merge-feature': () =>
    z.object({
      ...base,
      merged: z.literal(true),
      target_branch: z.string(),
      strategy: z.enum(MERGE_STRATEGIES),
      merged_wps: z.array(z.string()),
      skipped_wps: z.array(z.string()),
      worktree_removed: z.boolean(),
      pushed: z.boolean(),
    }),
});

/** Success data of a subcommand. */
export type OutputOf<S extends keyof typeof outputSchemas> = z.output<(typeof outputSchemas)[S]>;
