import {
  dependenciesNotSatisfied,
  isPolicyPresent,
  parsePolicy,
  policyMetadataRequired,
  transitionRejected,
  unsatisfiedDependencies,
  validateTransition,
  wpAlreadyClaimed,
  type HostError,
  type Lane,
} from '@kittyhost/core';
import type { Workspace } from '@kittyhost/core/ports';
import { err, ok, safeTry, type Result, type ResultAsync } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import type { Generation } from '../generations/generation.js';
import type { Call, StartImplementationInput } from './inputs.js';
import {
  commitStatus,
  draftEvents,
  featureStatus,
  findWorkPackage,
  lanesOf,
  recordEvents,
  statusCommitMessage,
  underLock,
  withGraph,
  type EventDraft,
  type LoadedFeature,
} from './shared.js';
import { ensureWorkspace, workspaceBase } from './workspace.js';

/** What the checks decided: claim the WP from `from`, or answer a no-op for its holder. */
type Decision = { readonly kind: 'claim' | 'no-op'; readonly from: Lane };

/** The checks of start-implementation, in the generation's order (`startChecks`). */
function decide(
  generation: Generation,
  loaded: LoadedFeature,
  request: {
    readonly wpId: string;
    readonly actor: string;
    readonly from: Lane;
    readonly holder: string | null;
    readonly lanes: Readonly<Record<string, Lane>>;
  },
): Result<Decision, HostError> {
  const { wpId, actor, from, holder } = request;
  const held = from === 'claimed' || from === 'in_progress';
  const heldByOther =
    held &&
    holder !== null &&
    holder !== actor &&
    !generation.abandonedHolders.includes(holder.trim());
  for (const check of generation.startChecks) {
    switch (check) {
      case 'dependencies': {
        if (from !== 'planned' && from !== 'claimed') break;
        const unsatisfied = unsatisfiedDependencies(loaded.graph, wpId, request.lanes);
        if (unsatisfied.length > 0) {
          const refused = dependenciesNotSatisfied(wpId, unsatisfied);
          return err({ ...refused, details: { ...refused.details, from_lane: from } });
        }
        break;
      }
      case 'claim':
        if (heldByOther) {
          return err(
            wpAlreadyClaimed(
              holder,
              actor,
              wpId,
              generation.messages.alreadyClaimed(wpId, holder, 'implementation'),
            ),
          );
        }
        break;
      case 'lane':
        if (from !== 'planned' && from !== 'claimed' && from !== 'in_progress') {
          return err(
            transitionRejected(
              generation.messages.notStartable(wpId, generation.lanes.project(from)),
              {
                from_lane: generation.lanes.project(from),
                to_lane: 'in_progress',
              },
            ),
          );
        }
        break;
    }
  }
  return ok({ kind: from === 'in_progress' ? 'no-op' : 'claim', from });
}

/** The lane fields of a workspace answer (1.3): a lane of one WP in Kitty Host's own layout. */
function laneFields(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
  workspace: Workspace,
): ResultAsync<Record<string, unknown>, HostError> {
  return safeTry(async function* () {
    const base = workspace.baseRef ?? (yield* workspaceBase(project, loaded, wpId));
    return ok({ lane_id: wpId, lane_branch: workspace.branch, lane_base_ref: base });
  });
}

/**
 * `start-implementation --feature|--mission S --wp W --actor A --policy P`: claim and start a WP
 * in one call (planned → claimed → in_progress), creating its workspace. Idempotent for the actor
 * that already holds it (`no_op: true`); another holder → `WP_ALREADY_CLAIMED`; a dependency
 * neither approved nor done → `DEPENDENCIES_NOT_SATISFIED` (1.0: `TRANSITION_REJECTED`). The
 * state is checked before the workspace is made, and the whole check-and-append runs under the
 * feature lock, so two providers racing for one WP get exactly one winner. At 1.3 the two events
 * are committed with the status files.
 */
export function startImplementation(
  context: OperationContext,
  call: Call,
  input: StartImplementationInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  return safeTry(async function* () {
    if (!isPolicyPresent(input.policy))
      return err(policyMetadataRequired(generation.messages.policyRequired(call.name)));
    const policy = yield* parsePolicy(input.policy);
    const project = yield* context.project();
    // The feature is read once, under its lock: what we check is what we change.
    const outcome = yield* underLock(project, input.selector, (locked) =>
      safeTry(async function* () {
        const loaded = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(loaded.feature, input.wp);
        const entries = yield* locked.readEvents();
        const status = featureStatus(loaded.feature, entries);
        const state = status.work_packages[workPackage.id];
        const decision = yield* decide(generation, loaded, {
          wpId: workPackage.id,
          actor: input.actor,
          from: state?.lane ?? 'planned',
          holder: state?.actor ?? null,
          lanes: lanesOf(loaded.feature, status),
        });
        const { from } = decision;
        const drafts: EventDraft[] = [];
        if (decision.kind === 'claim') {
          const workspacePath = project.vcs.workspacePath(loaded.feature.slug, workPackage.id);
          if (from === 'planned')
            yield* validateTransition(
              { from, to: 'claimed', actor: input.actor },
              generation.version,
            );
          yield* validateTransition(
            {
              from: 'claimed',
              to: 'in_progress',
              actor: input.actor,
              workspaceContext: workspacePath,
            },
            generation.version,
          );
          if (from === 'planned')
            drafts.push({ wpId: workPackage.id, from, to: 'claimed', actor: input.actor, policy });
          drafts.push({
            wpId: workPackage.id,
            from: 'claimed',
            to: 'in_progress',
            actor: input.actor,
            policy,
          });
        }
        // The workspace is the guard of claimed -> in_progress: made only once every check passed.
        const workspace = yield* ensureWorkspace(project, loaded, workPackage.id);
        const added = draftEvents(context, {
          generation,
          feature: loaded.feature,
          existing: entries,
          drafts,
        });
        yield* recordEvents(generation, locked, entries, added);
        const lanes = generation.answersLaneFields
          ? yield* laneFields(project, loaded, workPackage.id, workspace)
          : {};
        return ok({
          feature: loaded.feature,
          added: added.length,
          data: {
            ...generation.identity(loaded.feature),
            wp_id: workPackage.id,
            from_lane: generation.lanes.project(from),
            to_lane: 'in_progress' as const,
            workspace_path: workspace.path,
            prompt_path: workPackage.promptPath,
            policy_metadata_recorded: true as const,
            no_op: decision.kind === 'no-op',
            ...lanes,
          },
        });
      }),
    );
    if (!generation.commitsStatus) return ok(outcome.data);
    const committed =
      outcome.added === 0
        ? true
        : yield* commitStatus(
            generation,
            project,
            outcome.feature,
            statusCommitMessage(input.wp, outcome.added),
          );
    return ok({ ...outcome.data, status_committed: committed });
  });
}
