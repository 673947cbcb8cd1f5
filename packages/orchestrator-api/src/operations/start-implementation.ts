import {
  parsePolicy,
  transitionRejected,
  unsatisfiedDependencies,
  validateTransition,
  wpAlreadyClaimed,
  type HostError,
} from '@kittyhost/core';
import { err, ok, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import type { InputOf, OutputOf } from '../schemas.js';
import {
  defaultTargetBranch,
  draftEvents,
  featureStatus,
  findWorkPackage,
  lanesOf,
  recordEvents,
  withGraph,
  type EventDraft,
  type LoadedFeature,
} from './shared.js';

/**
 * `start-implementation --feature S --wp W --actor A --policy P`: claim and start a WP in one
 * call (planned → claimed → in_progress), creating its workspace. Idempotent for the actor that
 * already holds it (`no_op: true`); another holder → `WP_ALREADY_CLAIMED`; a dependency not done →
 * `TRANSITION_REJECTED` with `unsatisfied_dependencies`. The whole check-and-append runs under the
 * feature lock, so two providers racing for one WP get exactly one winner.
 */
export function startImplementation(
  context: OperationContext,
  input: InputOf<'start-implementation'>,
): ResultAsync<OutputOf<'start-implementation'>, HostError> {
  return safeTry(async function* () {
    const policy = yield* parsePolicy(input.policy);
    const project = yield* context.project();
    // The feature is read once, under its lock: what we check is what we change.
    return project.store.withFeatureLock(input.feature, (locked) =>
      safeTry(async function* () {
        const loaded = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(loaded.feature, input.wp);
        const events = yield* locked.readEvents();
        const status = featureStatus(loaded.feature, events);
        const state = status.work_packages[workPackage.id];
        const from = state?.lane ?? 'planned';
        const holder = state?.actor ?? null;
        const prompt_path = workPackage.promptPath;
        const base = { feature_slug: loaded.feature.slug, wp_id: workPackage.id, prompt_path };

        if (
          (from === 'in_progress' || from === 'claimed') &&
          holder !== null &&
          holder !== input.actor
        ) {
          return err(wpAlreadyClaimed(holder, input.actor, workPackage.id));
        }
        if (from === 'in_progress') {
          const workspace = yield* ensureWorkspace(project, loaded, workPackage.id);
          return ok({
            ...base,
            from_lane: from,
            to_lane: 'in_progress' as const,
            workspace_path: workspace,
            policy_metadata_recorded: true as const,
            no_op: true,
          });
        }
        if (from !== 'planned' && from !== 'claimed') {
          return err(
            transitionRejected(
              `start-implementation needs a planned or claimed work package: ${workPackage.id} is ${from}`,
              { from_lane: from, to_lane: 'in_progress' },
            ),
          );
        }
        const unsatisfied = unsatisfiedDependencies(
          loaded.graph,
          workPackage.id,
          lanesOf(loaded.feature, status),
        );
        if (unsatisfied.length > 0) {
          return err(
            transitionRejected(
              `Dependencies of ${workPackage.id} are not done: ${unsatisfied.join(', ')}`,
              { from_lane: from, to_lane: 'in_progress', unsatisfied_dependencies: unsatisfied },
            ),
          );
        }
        const workspacePath = project.vcs.workspacePath(loaded.feature.slug, workPackage.id);
        if (from === 'planned')
          yield* validateTransition({ from, to: 'claimed', actor: input.actor });
        yield* validateTransition({
          from: 'claimed',
          to: 'in_progress',
          actor: input.actor,
          workspaceContext: workspacePath,
        });
        const workspace = yield* ensureWorkspace(project, loaded, workPackage.id);
        const drafts: EventDraft[] = [];
        if (from === 'planned')
          drafts.push({
            wpId: workPackage.id,
            from: 'planned',
            to: 'claimed',
            actor: input.actor,
            policy,
          });
        drafts.push({
          wpId: workPackage.id,
          from: 'claimed',
          to: 'in_progress',
          actor: input.actor,
          policy,
        });
        const added = draftEvents(context, { feature: loaded.feature, existing: events, drafts });
        yield* recordEvents(locked, events, added);
        return ok({
          ...base,
          from_lane: from,
          to_lane: 'in_progress' as const,
          workspace_path: workspace,
          policy_metadata_recorded: true as const,
          no_op: false,
        });
      }),
    );
  });
}

/**
 * Ensure the WP's workspace exists and return its path. A new branch starts from the recommended
 * base's branch (the last listed dependency) when that branch exists, else from the target branch.
 */
function ensureWorkspace(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
): ResultAsync<string, HostError> {
  const { vcs } = project;
  const slug = loaded.feature.slug;
  return safeTry(async function* () {
    const branch = vcs.branchName(slug, wpId);
    let baseBranch = branch;
    if (!(yield* vcs.branchExists(branch))) {
      const recommended = loaded.graph.dependencies.get(wpId)?.at(-1);
      const recommendedBranch =
        recommended === undefined ? null : vcs.branchName(slug, recommended);
      if (recommendedBranch !== null && (yield* vcs.branchExists(recommendedBranch))) {
        baseBranch = recommendedBranch;
      } else {
        const mainExists = yield* vcs.branchExists('main');
        const current = yield* vcs.currentBranch();
        baseBranch = defaultTargetBranch(loaded.feature, undefined, mainExists, current);
      }
    }
    // The workspace is the guard of claimed -> in_progress: when git cannot provide it (the
    // branch is checked out elsewhere, the base branch is missing), the transition is rejected.
    const workspace = yield* vcs
      .ensureWorkspace({ featureSlug: slug, wpId, baseBranch })
      .mapErr((error): HostError =>
        error.code === 'PREFLIGHT_FAILED'
          ? transitionRejected(
              `Cannot provide the workspace of ${wpId}: ${error.details.errors.join('; ')}`,
              {
                to_lane: 'in_progress',
              },
            )
          : error,
      );
    return ok(workspace.path);
  });
}
