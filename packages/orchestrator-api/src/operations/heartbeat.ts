import { transitionRejected, usageError, wpAlreadyClaimed, type HostError } from '@kittyhost/core';
import { err, ok, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext } from '../context.js';
import type { Call, WorkPackageInput } from './inputs.js';
import { HELD_LANES, claimOf, fencingRefusal, readLeases, recordLease } from './leases.js';
import { featureStatus, findWorkPackage, underLock, withGraph } from './shared.js';

/** `heartbeat`: the holder of a WP says it is still at work. */
export interface HeartbeatInput extends WorkPackageInput {
  readonly actor: string;
}

/**
 * `heartbeat --feature|--mission S --wp W --actor A` (ours): renew the holder's lease of a
 * claimed (or, at 1.3, in-review) WP. Cheap: no log event, no commit — the lease file alone is
 * rewritten, under the feature lock. Another holder, or an actor fenced by a takeover →
 * `WP_ALREADY_CLAIMED`; a WP nobody holds → `TRANSITION_REJECTED`. With leases off it changes
 * nothing and answers `lease_expires_at: null`.
 */
export function heartbeat(
  context: OperationContext,
  call: Call,
  input: HeartbeatInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  return safeTry(async function* () {
    if (input.actor.trim() === '') return err(usageError('--actor must not be empty', call.name));
    const project = yield* context.project();
    return underLock(generation, project, input.selector, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(feature, input.wp);
        const entries = yield* locked.readEvents();
        const state = featureStatus(feature, entries).work_packages[workPackage.id];
        const leases = yield* readLeases(context, project, locked);
        const fenced = fencingRefusal(generation, leases, workPackage.id, input.actor, state);
        if (fenced !== null) return err(fenced);
        const lane = state?.lane ?? 'planned';
        if (state === undefined || !HELD_LANES.includes(lane)) {
          return err(
            transitionRejected(
              `WP ${workPackage.id} is in '${generation.lanes.project(lane)}': there is no claim to renew`,
              { from_lane: generation.lanes.project(lane) },
            ),
          );
        }
        const holder = state.actor ?? '';
        if (holder !== input.actor) {
          return err(
            wpAlreadyClaimed(
              holder,
              input.actor,
              workPackage.id,
              generation.messages.alreadyClaimed(workPackage.id, holder, claimOf(lane)),
            ),
          );
        }
        const now = context.clock.now();
        yield* recordLease(leases, locked, { wpId: workPackage.id, lane, actor: input.actor, now });
        return ok({
          ...generation.identity(feature),
          wp_id: workPackage.id,
          holder,
          lane: generation.lanes.project(lane),
          lease_expires_at:
            leases.ttlMs === null ? null : new Date(now.getTime() + leases.ttlMs).toISOString(),
          ttl_seconds: leases.ttlMs === null ? null : leases.ttlMs / 1000,
        });
      }),
    );
  });
}
