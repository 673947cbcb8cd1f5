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
  hasWorkflowRunEvidence,
  workflowEvidenceRequired,
  WORKFLOW_DIRECTORY,
  WORKFLOW_EVIDENCE_FILE,
  type HostError,
  type Lane,
  type MergeStrategy,
} from '@kittyhost/core';
import type { FeatureSpec, MergeItem } from '@kittyhost/core/ports';
import { err, ok, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import type { Generation } from '../generations/generation.js';
import type { Call, AcceptInput, AppendHistoryInput, MergeInput } from './inputs.js';
import {
  activityTimestamp,
  defaultTargetBranch,
  draftAnnotation,
  featureStatus,
  findWorkPackage,
  lanesOf,
  oneLine,
  recordEvents,
  underLock,
  withGraph,
} from './shared.js';
import { fencingRefusal, readLeases, renewIfHolder } from './leases.js';
import { missionLayout } from './layout.js';
import { markMergedDone, mergeLanes } from './merge-lanes.js';

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
    return underLock(generation, project, input.selector, (locked) =>
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
    const outcome = yield* underLock(generation, project, input.selector, (locked) =>
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
        if (rules.workflowEvidence) yield* workflowEvidence(generation, project, feature);
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

/**
 * Refuse to accept a mission whose branches (its lanes, its WPs' own branches, the mission
 * branch) add or change files under `.github/workflows` while its `workflow-evidence.md` holds
 * no proof of a real CI run (CONTRACT-1.3.md §8): `WORKFLOW_EVIDENCE_REQUIRED`.
 */
function workflowEvidence(
  generation: Generation,
  project: Project,
  feature: FeatureSpec,
): ResultAsync<void, HostError> {
  const { vcs, store } = project;
  return safeTry(async function* () {
    const layout = yield* missionLayout(generation, project, feature);
    const mainExists = yield* vcs.branchExists('main');
    const current = yield* vcs.currentBranch();
    const target =
      layout.target ??
      defaultTargetBranch(feature, undefined, mainExists, current, generation.targetKeys);
    const branches = new Set<string>();
    for (const wp of feature.workPackages)
      branches.add(layout.laneOf(wp.id)?.branch ?? vcs.branchName(feature.slug, wp.id));
    const missionBranch = layout.lanes?.missionBranch ?? layout.coordinationBranch;
    if (missionBranch !== null && missionBranch !== target) branches.add(missionBranch);
    const changed = yield* vcs.branchChanges({
      base: target,
      branches: [...branches],
      under: WORKFLOW_DIRECTORY,
    });
    if (changed.length === 0) return ok(undefined);
    const evidence = yield* store.readStatusFile(feature.slug, WORKFLOW_EVIDENCE_FILE);
    if (evidence !== null && hasWorkflowRunEvidence(evidence)) return ok(undefined);
    return err(
      workflowEvidenceRequired(`${feature.statusDirectory}/${WORKFLOW_EVIDENCE_FILE}`, changed),
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
    return underLock(generation, project, input.selector, (locked) =>
      safeTry(async function* () {
        const { feature, graph } = yield* withGraph(locked.feature);
        const entries = yield* locked.readEvents();
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
        const layoutRead = await missionLayout(generation, project, feature);
        if (layoutRead.isErr()) {
          const problem = layoutRead.error;
          if (problem.code !== 'SPEC_INVALID') return err(problem);
          // A lanes.json that does not read as lanes is a preflight problem, listed with the rest.
          const refused = preflightFailed([...errors, ...problem.details.errors]);
          return err({ ...refused, details: { ...refused.details, target_branch: target } });
        }
        const layout = layoutRead.value;
        if (layout.lanes !== null)
          return mergeLanes(context, {
            generation,
            project,
            locked,
            feature,
            graph,
            layout,
            entries,
            status,
            lanes,
            target,
            strategy,
            push: input.push === true,
            problems: errors,
          });
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
        yield* markMergedDone(context, {
          generation,
          project,
          locked,
          entries,
          status,
          lanes,
          merged,
          target,
        });
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
