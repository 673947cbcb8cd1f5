import { LANES } from '@kittyhost/core';
import * as z from 'zod/mini';
import type { FeatureBoard, FeatureListing } from './view-model.js';

const laneCounts = () => z.object(Object.fromEntries(LANES.map((lane) => [lane, z.int()])));
const kind = () => z.enum(['feature', 'mission']);
const reviewResult = () =>
  z.object({
    reviewer: z.string(),
    verdict: z.enum(['approved', 'changes_requested']),
    reference: z.string(),
    feedback_path: z.optional(z.string()),
  });

/**
 * The zod schema of `list-features`' data ({@link FeatureListing}).
 *
 * @example
 * ```ts
 * featureListingSchema().parse(envelope.data).features.length;
 * ```
 */
export function featureListingSchema() {
  return z.object({
    features: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        kind: kind(),
        lane_counts: laneCounts(),
        wp_count: z.int(),
        accepted: z.boolean(),
        accepted_at: z.nullable(z.string()),
        target_branch: z.nullable(z.string()),
        last_event_at: z.nullable(z.string()),
        problem: z.nullable(z.object({ code: z.string(), message: z.string() })),
      }),
    ),
  });
}

/**
 * The zod schema of `feature-board`'s data ({@link FeatureBoard}).
 *
 * @example
 * ```ts
 * featureBoardSchema().parse(envelope.data).work_packages[0]?.lane; // 'planned'
 * ```
 */
export function featureBoardSchema() {
  const history = z.object({
    kind: z.enum(['lane', 'annotation']),
    event_id: z.string(),
    at: z.string(),
    actor: z.string(),
    from_lane: z.nullable(z.string()),
    to_lane: z.nullable(z.string()),
    reason: z.nullable(z.string()),
    review_ref: z.nullable(z.string()),
    force: z.boolean(),
    review_result: z.nullable(reviewResult()),
    note: z.nullable(z.string()),
    subtasks: z.nullable(z.record(z.string(), z.string())),
  });
  const card = z.object({
    wp_id: z.string(),
    title: z.string(),
    lane: z.enum(LANES),
    holder: z.nullable(z.string()),
    lane_since: z.nullable(z.string()),
    age_seconds: z.nullable(z.int()),
    dependencies: z.array(z.string()),
    unmet_dependencies: z.array(z.string()),
    subtasks: z.nullable(z.object({ checked: z.int(), total: z.int() })),
    roster: z.nullable(
      z.object({
        done: z.int(),
        total: z.int(),
        ids: z.array(z.object({ id: z.string(), done: z.boolean() })),
      }),
    ),
    progress: z.nullable(
      z.object({ done: z.int(), total: z.int(), source: z.enum(['roster', 'tasks-md']) }),
    ),
    review_refs: z.array(z.string()),
    review_result: z.nullable(reviewResult()),
    force_count: z.int(),
    lease: z.nullable(
      z.object({
        expires_at: z.nullable(z.string()),
        expired: z.boolean(),
        renewed_at: z.nullable(z.string()),
        age_seconds: z.nullable(z.int()),
      }),
    ),
    workspace: z.object({ path: z.string(), branch: z.string(), exists: z.nullable(z.boolean()) }),
    prompt_path: z.string(),
    history: z.array(history),
    activity: z.array(z.string()),
  });
  return z.object({
    slug: z.string(),
    title: z.string(),
    kind: kind(),
    target_branch: z.nullable(z.string()),
    accepted: z.boolean(),
    accepted_at: z.nullable(z.string()),
    generated_at: z.string(),
    lanes: z.array(z.enum(LANES)),
    summary: laneCounts(),
    last_event_id: z.nullable(z.string()),
    work_packages: z.array(card),
  });
}

// Every view model the operations build satisfies its schema: a drift fails to compile.
type Mutable<T> = T extends readonly (infer Item)[]
  ? Mutable<Item>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
type Satisfies<Value, Schema> = [Value] extends [Schema] ? true : false;
const _listing: Satisfies<
  Mutable<FeatureListing>,
  z.infer<ReturnType<typeof featureListingSchema>>
> = true;
const _board: Satisfies<
  Mutable<FeatureBoard>,
  z.infer<ReturnType<typeof featureBoardSchema>>
> = true;
void _listing;
void _board;
