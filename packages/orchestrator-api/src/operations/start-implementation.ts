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
  type WorkPackageState,
} from '@kittyhost/core';
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
import { missionLayout, type LaneArm } from './layout.js';
import { allocateWorkspace, inspectPlacement } from './workspace.js';
import { activeLease, leaseStanding, readLeases, recordLease, type Leases } from './leases.js';

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

/** A claim whose lease ran out, found when another actor asks for the WP. */
interface ExpiredClaim {
  readonly holder: string;
  readonly from: 'claimed' | 'in_progress';
  readonly expiresAt: string;
  /** The workspace holds uncommitted changes of the old holder (they are kept). */
  readonly dirty: boolean;
}

/**
 * Has the claim of another holder expired? Only with leases on, a lease record of the current
 * holder (no record: no lease information, never expired), and no commit on the WP's branch
 * since the lease's last renewal that keeps it alive (work itself renews a lease).
 */
function expiredClaim(
  project: Project,
  loaded: LoadedFeature,
  leases: Leases,
  request: {
    readonly wpId: string;
    readonly actor: string;
    readonly state: WorkPackageState | undefined;
    readonly now: Date;
    readonly lane: LaneArm | null;
  },
): ResultAsync<ExpiredClaim | null, HostError> {
  return safeTry(async function* () {
    const { state } = request;
    const lease = activeLease(leases, request.wpId, state);
    if (
      lease === null ||
      state === undefined ||
      state.actor === request.actor ||
      (state.lane !== 'claimed' && state.lane !== 'in_progress') ||
      leases.ttlMs === null
    )
      return ok(null);
    // Renewed in time: no need to ask git (a refusal stays cheap).
    if (!leaseStanding(lease, leases.ttlMs, request.now).expired) return ok(null);
    const workspace = yield* inspectPlacement(project, loaded, request.wpId, request.lane);
    const committed =
      workspace.headCommittedAt === null ? null : new Date(workspace.headCommittedAt);
    const standing = leaseStanding(lease, leases.ttlMs, request.now, committed);
    if (!standing.expired) return ok(null);
    return ok({
      holder: lease.holder,
      from: state.lane,
      expiresAt: standing.expiresAt,
      dirty: workspace.dirtyPaths.length > 0,
    });
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
    const outcome = yield* underLock(generation, project, input.selector, (locked) =>
      safeTry(async function* () {
        const loaded = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(loaded.feature, input.wp);
        const entries = yield* locked.readEvents();
        const status = featureStatus(loaded.feature, entries);
        const state = status.work_packages[workPackage.id];
        const layout = yield* missionLayout(generation, project, loaded.feature);
        const lane = layout.laneOf(workPackage.id);
        const leases = yield* readLeases(context, project, locked);
        const now = context.clock.now();
        const takeover = yield* expiredClaim(project, loaded, leases, {
          wpId: workPackage.id,
          actor: input.actor,
          state,
          now,
          lane,
        });
        const decision: Decision =
          takeover === null
            ? yield* decide(generation, loaded, {
                wpId: workPackage.id,
                actor: input.actor,
                from: state?.lane ?? 'planned',
                holder: state?.actor ?? null,
                lanes: lanesOf(loaded.feature, status),
              })
            : { kind: 'claim', from: takeover.from };
        const { from } = decision;
        const drafts: EventDraft[] = [];
        if (takeover !== null) {
          // The release, as an ordinary event naming the holder whose lease ran out.
          const reason = `Lease of ${takeover.holder} expired at ${takeover.expiresAt}; taken over by ${input.actor}`;
          const release = {
            from: takeover.from,
            to: 'planned' as const,
            actor: input.actor,
            reason,
            force: takeover.from !== 'in_progress',
          };
          yield* validateTransition(release, generation.version);
          drafts.push({ wpId: workPackage.id, ...release, policy });
        }
        if (decision.kind === 'claim') {
          const claimFrom = takeover === null ? from : 'planned';
          const workspacePath =
            lane?.path ?? project.vcs.workspacePath(loaded.feature.slug, workPackage.id);
          if (claimFrom === 'planned')
            yield* validateTransition(
              { from: claimFrom, to: 'claimed', actor: input.actor },
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
          if (claimFrom === 'planned')
            drafts.push({
              wpId: workPackage.id,
              from: claimFrom,
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
        }
        // The workspace is the guard of claimed -> in_progress: made only once every check passed
        // (a WP that may not start creates, merges and records nothing). A WP starting in a lane
        // claims it; its holder resuming, or taking over, finds the lane as it is.
        const workspace = yield* allocateWorkspace(project, loaded, {
          wpId: workPackage.id,
          lane,
          mode: decision.kind === 'claim' && takeover === null ? 'claim' : 'resume',
        });
        const added = draftEvents(context, {
          generation,
          feature: loaded.feature,
          existing: entries,
          drafts,
        });
        yield* recordEvents(generation, locked, entries, added);
        yield* recordLease(leases, locked, {
          wpId: workPackage.id,
          lane: 'in_progress',
          actor: input.actor,
          now,
          ...(takeover === null ? {} : { fence: takeover.holder }),
        });
        const lanes = generation.answersLaneFields
          ? {
              lane_id: workspace.laneId,
              lane_branch: workspace.branch,
              lane_base_ref: workspace.baseRef,
            }
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
            ...(takeover === null
              ? {}
              : { taken_over_from: takeover.holder, workspace_dirty: takeover.dirty }),
          },
        });
      }),
    );
    // A no-op wrote nothing: nothing to commit, and no status_committed (as the original answers).
    if (!generation.commitsStatus || outcome.added === 0) return ok(outcome.data);
    const committed = yield* commitStatus(
      generation,
      project,
      outcome.feature,
      statusCommitMessage(input.wp, outcome.added),
    );
    return ok({ ...outcome.data, status_committed: committed });
  });
}
