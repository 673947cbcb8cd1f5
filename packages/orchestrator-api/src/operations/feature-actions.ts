import {
  compareWpIds,
  featureNotReady,
  formatEventTimestamp,
  historyCommitFailed,
  MERGE_STRATEGIES,
  preflightFailed,
  topologicalOrder,
  unsupportedStrategy,
  usageError,
  type HostError,
  type Lane,
  type MergeStrategy,
} from '@kittyhost/core';
import type { MergeItem } from '@kittyhost/core/ports';
import { err, ok, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext } from '../context.js';
import type { Call, AcceptInput, AppendHistoryInput, MergeInput } from './inputs.js';
import {
  activityTimestamp,
  commitStatus,
  defaultTargetBranch,
  draftAnnotation,
  draftEvents,
  featureStatus,
  findWorkPackage,
  lanesOf,
  oneLine,
  recordEvents,
  statusCommitMessage,
  underLock,
  withGraph,
} from './shared.js';
import { fencingRefusal, readLeases, renewIfHolder } from './leases.js';

/**
 * `append-history --feature|--mission S --wp W --actor A --note N`. At 1.0: append
 * `- [stamp] A: N` to the WP's `## Activity Log` and commit that one file
 * (`hist: append activity log entry for S/W`); a failed commit takes the entry back out. At 1.3:
 * append an annotation row carrying that entry to the status log (the WP file untouched, nothing
 * committed); a log that cannot be written → `HISTORY_COMMIT_FAILED`.
 */
export function appendHistory(
  context: OperationContext,
  call: Call,
  input: AppendHistoryInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  return safeTry(async function* () {
    if (input.actor.trim() === '') return err(usageError('--actor must not be empty', call.name));
    if (input.note.trim() === '') return err(usageError('--note must not be empty', call.name));
    const project = yield* context.project();
    const { vcs } = project;
    const stamp = activityTimestamp(context.clock.now());
    return underLock(project, input.selector, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(feature, input.wp);
        // Fencing and renewal: a call by the holder renews its lease; a fenced actor writes nothing.
        const leases = yield* readLeases(context, project, locked);
        const wpState = featureStatus(feature, yield* locked.readEvents()).work_packages[
          workPackage.id
        ];
        const fenced = fencingRefusal(generation, leases, workPackage.id, input.actor, wpState);
        if (fenced !== null) return err(fenced);
        const renew = () =>
          renewIfHolder(leases, locked, workPackage.id, input.actor, wpState, context.clock.now());
        const answer = () => ({
          ...generation.identity(feature),
          wp_id: workPackage.id,
          history_entry_id: `hist-${context.ids.token()}`,
        });
        if (generation.history === 'annotation') {
          const entries = yield* locked.readEvents();
          const annotation = draftAnnotation(context, {
            feature,
            existing: entries,
            wpId: workPackage.id,
            actor: input.actor,
            delta: { note: `- [${stamp}] ${input.actor}: ${input.note}` },
          });
          yield* recordEvents(generation, locked, entries, [annotation]).mapErr((error) =>
            error.code === 'INTERNAL_ERROR'
              ? historyCommitFailed(error.message, error.cause)
              : error,
          );
          yield* renew();
          return ok(answer());
        }
        const line = `- [${stamp}] ${oneLine(input.actor)}: ${oneLine(input.note)}`;
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
        yield* renew();
        return ok(answer());
      }),
    );
  });
}

/** The WP ids an answer is about: the WP files, and at 1.3 also WPs the log names. */
function workPackageIds(
  call: Call,
  fileIds: readonly string[],
  logged: Readonly<Record<string, { readonly last_event_id: string | null }>>,
): string[] {
  if (!call.generation.listsLoggedWorkPackages) return [...fileIds];
  const ids = new Set(fileIds);
  for (const [id, state] of Object.entries(logged)) if (state.last_event_id !== null) ids.add(id);
  return [...ids].sort(compareWpIds);
}

/** The acceptance record 1.3 keeps: the last 20 entries of `acceptance_history`. */
const ACCEPTANCE_HISTORY = 20;

/**
 * `accept-feature --feature S --actor A` / `accept-mission --mission S --actor A`: when every WP
 * is approved or done (1.0 sees approved as done), record the acceptance in the primary
 * meta.json (other keys kept); else `FEATURE_NOT_READY` / `MISSION_NOT_READY` with
 * `incomplete_wps`. At 1.3 the record also has `acceptance_mode` and `acceptance_history`, stale
 * `accepted_from_commit` / `accept_commit` are removed, meta.json keeps spec-kitty's sorted
 * format and is committed (ours: the original leaves it uncommitted, and crashes under
 * coordination topology).
 */
export function accept(
  context: OperationContext,
  call: Call,
  input: AcceptInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  const rules = generation.acceptRules;
  return safeTry(async function* () {
    if (input.actor.trim() === '') return err(usageError('--actor must not be empty', call.name));
    const project = yield* context.project();
    const outcome = yield* underLock(project, input.selector, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const entries = yield* locked.readEvents();
        const status = featureStatus(feature, entries);
        const ids = workPackageIds(
          call,
          feature.workPackages.map((wp) => wp.id),
          status.work_packages,
        );
        const laneOf = (id: string): Lane => status.work_packages[id]?.lane ?? 'planned';
        const incomplete = ids.filter((id) => laneOf(id) !== 'done' && laneOf(id) !== 'approved');
        if (incomplete.length > 0) return err(featureNotReady(incomplete));
        // The original rewrites status.json even when it then refuses; a refused call of ours
        // changes nothing, so only an acceptance rewrites it.
        if (rules.rematerialize) await locked.writeSnapshot(generation.snapshot(feature, status));
        const acceptedAt = formatEventTimestamp(context.clock.now());
        const patch: Record<string, unknown> = {
          accepted_at: acceptedAt,
          accepted_by: input.actor,
        };
        if (rules.mode !== null) {
          const entry = {
            accepted_at: acceptedAt,
            accepted_by: input.actor,
            acceptance_mode: rules.mode,
          };
          const previous = feature.meta['acceptance_history'];
          patch['acceptance_mode'] = rules.mode;
          patch['acceptance_history'] = [...(Array.isArray(previous) ? previous : []), entry].slice(
            -ACCEPTANCE_HISTORY,
          );
          patch['accepted_from_commit'] = undefined;
          patch['accept_commit'] = undefined;
        }
        yield* locked.updateMeta(patch, { sortKeys: rules.sortKeys });
        const approved = ids.filter((id) => laneOf(id) === 'approved');
        const done = ids.filter((id) => laneOf(id) === 'done');
        return ok({
          feature,
          data: {
            ...generation.identity(feature),
            accepted: true as const,
            mode: 'auto' as const,
            accepted_at: acceptedAt,
            ...(rules.listsWorkPackages
              ? {
                  accepted_wps: [...approved, ...done],
                  approved_wps: approved,
                  done_wps: done,
                  merge_pending_wps: approved,
                }
              : {}),
          },
        });
      }),
    );
    if (!rules.commitMeta) return ok(outcome.data);
    const committed = await project.vcs.commitFiles({
      paths: [`${outcome.feature.directory}/meta.json`],
      message: `chore(spec-kitty): accept mission ${outcome.feature.slug}`,
    });
    return ok({ ...outcome.data, meta_committed: committed.isOk() });
  });
}

/** The runtime `agent` slot as the merge evidence names it, else `unknown`. */
const agentOf = (agent: unknown): string =>
  typeof agent === 'string' && agent.trim() !== '' ? agent : 'unknown';

function parseStrategy(input: string | undefined): MergeStrategy | null {
  const strategy = (input ?? 'merge').trim().toLowerCase();
  return (MERGE_STRATEGIES as readonly string[]).includes(strategy)
    ? (strategy as MergeStrategy)
    : null;
}

/**
 * `merge-feature --feature S` / `merge-mission --mission S` (alias `consolidate-mission`)
 * `[--target B] [--strategy merge|squash|rebase] [--push]`: preflight (every problem listed at
 * once: every WP approved, done or canceled, clean workspaces, the target exists and is not
 * behind its upstream), then merge every approved or done WP's branch into the target in
 * dependency order, never leaving the target half-merged; approved WPs then become done
 * (actor `merge`); optionally push; then remove the merged WPs' workspaces.
 */
export function merge(
  context: OperationContext,
  call: Call,
  input: MergeInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  return safeTry(async function* () {
    const strategy = parseStrategy(input.strategy);
    if (strategy === null) return err(unsupportedStrategy(input.strategy ?? '', MERGE_STRATEGIES));
    const project = yield* context.project();
    const { vcs } = project;
    return underLock(project, input.selector, (locked) =>
      safeTry(async function* () {
        const { feature, graph } = yield* withGraph(locked.feature);
        let entries = yield* locked.readEvents();
        const status = featureStatus(feature, entries);
        const lanes = lanesOf(feature, status);
        const mainExists = yield* vcs.branchExists('main');
        const current = yield* vcs.currentBranch();
        const target = defaultTargetBranch(
          feature,
          input.target,
          mainExists,
          current,
          generation.targetKeys,
        );
        const errors: string[] = [];
        for (const wp of feature.workPackages) {
          const lane = lanes[wp.id] ?? 'planned';
          if (lane !== 'done' && lane !== 'approved' && lane !== 'canceled') {
            errors.push(
              `${wp.id} is ${generation.lanes.project(lane)}: every work package must be ${generation.version === '1.0.0' ? 'done' : 'approved, done'} or canceled before merging`,
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
          if (lane !== 'done' && lane !== 'approved') continue; // canceled WPs are never merged
          if (workspace.branchExists) mergeable.add(wp.id);
          else skipped.push(wp.id);
        }
        if (errors.length > 0) {
          const refused = preflightFailed(errors);
          return err({ ...refused, details: { ...refused.details, target_branch: target } });
        }
        const items: MergeItem[] = topologicalOrder(graph)
          .filter((id) => mergeable.has(id))
          .map((id) => ({
            wpId: id,
            branch: vcs.branchName(feature.slug, id),
            message: `${strategy === 'squash' ? 'squash merge' : 'merge'}: ${feature.slug}/${id} into ${target}`,
          }));
        const withTarget = <E extends HostError>(error: E): HostError =>
          error.code === 'MERGE_FAILED' ||
          error.code === 'PUSH_FAILED' ||
          error.code === 'PREFLIGHT_FAILED'
            ? ({ ...error, details: { ...error.details, target_branch: target } } as HostError)
            : error;
        const merged = yield* vcs.mergeBranches({ target, strategy, items }).mapErr(withTarget);
        // Merged work is done: approved WPs move there, by actor `merge`, one event (and at 1.3
        // one status commit) each.
        for (const id of merged) {
          if (lanes[id] !== 'approved') continue;
          const added = draftEvents(context, {
            generation,
            feature,
            existing: entries,
            drafts: [
              {
                wpId: id,
                from: 'approved',
                to: 'done',
                actor: 'merge',
                reason: `Merged ${id} into ${target}`,
                evidence: {
                  review: {
                    reviewer: agentOf(status.work_packages[id]?.runtime?.['agent']),
                    verdict: 'approved',
                    reference: `lane-approved:${id}`,
                  },
                },
                policy: { merge_phase: 'lane_integrated', target_branch: target },
              },
            ],
          });
          yield* recordEvents(generation, locked, entries, added);
          entries = [...entries, ...added];
          yield* commitStatus(generation, project, feature, statusCommitMessage(id, 1));
        }
        if (input.push === true)
          yield* vcs.push({ branch: target, mergedWps: merged }).mapErr(withTarget);
        let removed = merged.length > 0;
        for (const id of merged) {
          const result = await vcs.removeWorkspace(feature.slug, id);
          if (result.isErr()) removed = false;
        }
        return ok({
          ...generation.identity(feature),
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
