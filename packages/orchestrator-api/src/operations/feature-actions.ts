import {
  featureNotReady,
  formatEventTimestamp,
  MERGE_STRATEGIES,
  preflightFailed,
  topologicalOrder,
  unsupportedStrategy,
  usageError,
  type HostError,
  type MergeStrategy,
} from '@kittyhost/core';
import type { MergeItem } from '@kittyhost/core/ports';
import { err, ok, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext } from '../context.js';
import type { InputOf, OutputOf } from '../schemas.js';
import {
  defaultTargetBranch,
  featureStatus,
  findWorkPackage,
  lanesOf,
  withGraph,
} from './shared.js';

const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM:SSZ`, the activity-log stamp. */
export function activityTimestamp(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
}

/** Collapse line breaks so one entry stays one Markdown list line. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * `append-history --feature S --wp W --actor A --note N`: append `- [stamp] A: N` to the WP's
 * `## Activity Log` and commit that one file (`hist: append activity log entry for S/W`).
 */
export function appendHistory(
  context: OperationContext,
  input: InputOf<'append-history'>,
): ResultAsync<OutputOf<'append-history'>, HostError> {
  return safeTry(async function* () {
    if (input.actor.trim() === '')
      return err(usageError('--actor must not be empty', 'append-history'));
    if (input.note.trim() === '')
      return err(usageError('--note must not be empty', 'append-history'));
    const { store, vcs } = yield* context.project();
    const line = `- [${activityTimestamp(context.clock.now())}] ${oneLine(input.actor)}: ${oneLine(input.note)}`;
    return store.withFeatureLock(input.feature, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(feature, input.wp);
        const path = yield* locked.appendActivity(workPackage.id, line);
        const committed = await vcs.commitFile({
          path,
          message: `hist: append activity log entry for ${feature.slug}/${workPackage.id}`,
        });
        if (committed.isErr()) {
          // A failed call leaves the disk as it was: take the entry back out of the file.
          yield* locked.revertActivity(workPackage.id);
          return err(committed.error);
        }
        return ok({
          feature_slug: feature.slug,
          wp_id: workPackage.id,
          history_entry_id: `hist-${context.ids.token()}`,
        });
      }),
    );
  });
}

/**
 * `accept-feature --feature S --actor A`: when every WP is done, record `accepted_at` and
 * `accepted_by` in meta.json (other keys kept); else `FEATURE_NOT_READY` with `incomplete_wps`.
 */
export function acceptFeature(
  context: OperationContext,
  input: InputOf<'accept-feature'>,
): ResultAsync<OutputOf<'accept-feature'>, HostError> {
  return safeTry(async function* () {
    if (input.actor.trim() === '')
      return err(usageError('--actor must not be empty', 'accept-feature'));
    const { store } = yield* context.project();
    return store.withFeatureLock(input.feature, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const events = yield* locked.readEvents();
        const lanes = lanesOf(feature, featureStatus(feature, events));
        const incomplete = feature.workPackages
          .map((wp) => wp.id)
          .filter((id) => lanes[id] !== 'done');
        if (incomplete.length > 0) return err(featureNotReady(incomplete));
        const acceptedAt = formatEventTimestamp(context.clock.now());
        yield* locked.updateMeta({ accepted_at: acceptedAt, accepted_by: input.actor });
        return ok({
          feature_slug: feature.slug,
          accepted: true as const,
          mode: 'auto' as const,
          accepted_at: acceptedAt,
        });
      }),
    );
  });
}

function parseStrategy(input: string | undefined): MergeStrategy | null {
  const strategy = (input ?? 'merge').trim().toLowerCase();
  return (MERGE_STRATEGIES as readonly string[]).includes(strategy)
    ? (strategy as MergeStrategy)
    : null;
}

/**
 * `merge-feature --feature S [--target B] [--strategy merge|squash|rebase] [--push]`: preflight
 * (every problem listed at once), then merge every done WP's branch into the target in dependency
 * order, never leaving the target half-merged; optionally push; then remove the merged WPs'
 * workspaces.
 */
export function mergeFeature(
  context: OperationContext,
  input: InputOf<'merge-feature'>,
): ResultAsync<OutputOf<'merge-feature'>, HostError> {
  return safeTry(async function* () {
    const strategy = parseStrategy(input.strategy);
    if (strategy === null) return err(unsupportedStrategy(input.strategy ?? '', MERGE_STRATEGIES));
    const { store, vcs } = yield* context.project();
    return store.withFeatureLock(input.feature, (locked) =>
      safeTry(async function* () {
        const { feature, graph } = yield* withGraph(locked.feature);
        const events = yield* locked.readEvents();
        const lanes = lanesOf(feature, featureStatus(feature, events));
        const mainExists = yield* vcs.branchExists('main');
        const current = yield* vcs.currentBranch();
        const target = defaultTargetBranch(feature, input.target, mainExists, current);
        const errors: string[] = [];
        for (const wp of feature.workPackages) {
          const lane = lanes[wp.id] ?? 'planned';
          if (lane !== 'done' && lane !== 'canceled') {
            errors.push(
              `${wp.id} is ${lane}: every work package must be done or canceled before merging`,
            );
          }
        }
        const targetState = yield* vcs.inspectTarget(target);
        if (!targetState.exists) errors.push(`Target branch ${target} does not exist`);
        else if (targetState.behindUpstream)
          errors.push(`Target branch ${target} is behind its upstream: pull first`);
        const skipped: string[] = [];
        const mergeable = new Set<string>();
        for (const wp of feature.workPackages) {
          const lane = lanes[wp.id];
          const workspace = yield* vcs.inspectWorkspace(feature.slug, wp.id);
          // Every workspace must be clean, whatever its lane: merging must not strand work.
          if (workspace.directoryExists && workspace.dirtyPaths.length > 0) {
            errors.push(
              `${wp.id} workspace has uncommitted changes: ${workspace.dirtyPaths.join(', ')}`,
            );
          }
          if (lane !== 'done') continue; // canceled WPs are never merged; others were reported
          if (workspace.branchExists) mergeable.add(wp.id);
          else skipped.push(wp.id);
        }
        if (errors.length > 0) return err(preflightFailed(errors));
        const items: MergeItem[] = topologicalOrder(graph)
          .filter((id) => mergeable.has(id))
          .map((id) => ({
            wpId: id,
            branch: vcs.branchName(feature.slug, id),
            message: `${strategy === 'squash' ? 'squash merge' : 'merge'}: ${feature.slug}/${id} into ${target}`,
          }));
        const merged = yield* vcs.mergeBranches({ target, strategy, items });
        if (input.push === true) yield* vcs.push({ branch: target, mergedWps: merged });
        let removed = merged.length > 0;
        for (const id of merged) {
          const result = await vcs.removeWorkspace(feature.slug, id);
          if (result.isErr()) removed = false;
        }
        return ok({
          feature_slug: feature.slug,
          merged: true as const,
          target_branch: target,
          strategy,
          merged_wps: [...merged],
          skipped_wps: skipped,
          worktree_removed: removed,
          pushed: input.push === true,
        });
      }),
    );
  });
}
