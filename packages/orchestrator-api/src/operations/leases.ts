import {
  leaseStanding,
  parseDuration,
  wpAlreadyClaimed,
  type HostError,
  type Lane,
  type LeaseBook,
  type LeaseClaim,
  type LeaseRecord,
  type WorkPackageState,
} from '@kittyhost/core';
import type { LockedFeature } from '@kittyhost/core/ports';
import { ok, okAsync, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import type { Generation } from '../generations/generation.js';

/** Lanes in which a WP is held by someone: the implementation claim, or the review claim. */
export const HELD_LANES: readonly Lane[] = ['claimed', 'in_progress', 'in_review'];

/** The claim a held lane stands for. */
export const claimOf = (lane: Lane): LeaseClaim =>
  lane === 'in_review' ? 'review' : 'implementation';

/** The project section that names the claim time-to-live. */
const SECTION = 'orchestrator_api';

/**
 * The claim time-to-live of the project, in ms, or `null` (leases off, today's contract):
 * `.kittify/config.yaml` `orchestrator_api.claim_ttl` wins over the host's default
 * (`KITTYHOST_CLAIM_TTL`, `spec-kitty-http --claim-ttl`). A duration that does not parse is a
 * `USAGE_ERROR` naming where it was written.
 */
export function claimTtl(
  context: OperationContext,
  project: Project,
): ResultAsync<number | null, HostError> {
  return safeTry(async function* () {
    const config = yield* project.store.readProjectConfig(SECTION);
    const section = config[SECTION];
    const fromProject =
      typeof section === 'object' && section !== null && !Array.isArray(section)
        ? (section as Record<string, unknown>)['claim_ttl']
        : undefined;
    if (fromProject !== undefined && fromProject !== null)
      return parseDuration(fromProject, `.kittify/config.yaml orchestrator_api.claim_ttl`);
    const fallback = context.defaultClaimTtl;
    if (fallback === undefined) return ok(null);
    return parseDuration(fallback.value, fallback.source);
  });
}

/** What a call knows about the leases of one feature. */
export interface Leases {
  /** `null`: leases are off for this project. */
  readonly ttlMs: number | null;
  readonly book: LeaseBook;
}

/** The leases of a locked feature (nothing read when leases are off). */
export function readLeases(
  context: OperationContext,
  project: Project,
  locked: LockedFeature,
): ResultAsync<Leases, HostError> {
  return claimTtl(context, project).andThen((ttlMs) =>
    ttlMs === null
      ? okAsync({ ttlMs, book: { state: 'missing' as const, leases: {} } })
      : locked.readLeases().map((book) => ({ ttlMs, book })),
  );
}

/** The lease of a held WP, when its record is for the WP's current holder. */
export function activeLease(
  leases: Leases,
  wpId: string,
  state: WorkPackageState | undefined,
): LeaseRecord | null {
  if (leases.ttlMs === null || leases.book.state !== 'ok' || state === undefined) return null;
  if (!HELD_LANES.includes(state.lane)) return null;
  const record = leases.book.leases[wpId];
  return record !== undefined && record.holder === state.actor ? record : null;
}

/**
 * Fencing: an actor whose lease of this WP was taken over may change nothing on it until it
 * claims it again. Its calls fail with `WP_ALREADY_CLAIMED` naming the current holder.
 */
export function fencingRefusal(
  generation: Generation,
  leases: Leases,
  wpId: string,
  actor: string,
  state: WorkPackageState | undefined,
): HostError | null {
  if (leases.ttlMs === null || leases.book.state !== 'ok') return null;
  const record = leases.book.leases[wpId];
  if (record === undefined || !record.fenced.includes(actor) || record.holder === actor)
    return null;
  const holder = state?.actor ?? record.holder;
  return wpAlreadyClaimed(
    holder,
    actor,
    wpId,
    generation.messages.alreadyClaimed(wpId, holder, record.claim),
  );
}

/**
 * The lease records after a change: a WP that ends up held gets (or renews) the lease of its
 * holder; one that is no longer held keeps its record only to remember fenced actors. `fence`
 * adds a holder whose lease was taken over; `unfence` lifts the fence of an actor that claims
 * the WP anew.
 */
export function nextLeases(
  book: LeaseBook,
  change: {
    readonly wpId: string;
    readonly lane: Lane;
    readonly actor: string;
    readonly now: Date;
    readonly fence?: string;
  },
): Record<string, LeaseRecord> {
  const leases: Record<string, LeaseRecord> = { ...(book.state === 'ok' ? book.leases : {}) };
  const previous = leases[change.wpId];
  const fenced = new Set(previous?.fenced ?? []);
  if (change.fence !== undefined) fenced.add(change.fence);
  if (HELD_LANES.includes(change.lane)) {
    fenced.delete(change.actor);
    leases[change.wpId] = {
      holder: change.actor,
      claim: claimOf(change.lane),
      renewed_at: change.now.toISOString(),
      fenced: [...fenced].sort(),
    };
  } else if (fenced.size > 0 && previous !== undefined) {
    leases[change.wpId] = { ...previous, fenced: [...fenced].sort() };
  } else {
    delete leases[change.wpId];
  }
  return leases;
}

/** Write the records after a change (nothing when leases are off). */
export function recordLease(
  leases: Leases,
  locked: LockedFeature,
  change: Parameters<typeof nextLeases>[1],
): ResultAsync<void, HostError> {
  if (leases.ttlMs === null) return okAsync(undefined);
  return locked.writeLeases(nextLeases(leases.book, change));
}

/** A call by the holder of a held WP renews its lease (nothing else changes). */
export function renewIfHolder(
  leases: Leases,
  locked: LockedFeature,
  wpId: string,
  actor: string,
  state: WorkPackageState | undefined,
  now: Date,
): ResultAsync<void, HostError> {
  if (leases.ttlMs === null || state === undefined || state.actor !== actor)
    return okAsync(undefined);
  if (!HELD_LANES.includes(state.lane)) return okAsync(undefined);
  return recordLease(leases, locked, { wpId, lane: state.lane, actor, now });
}

/** How the lease of a held WP stands, as reads show it. */
export interface LeaseView {
  /** When it ends; `null` when there is no lease information (it never expires). */
  readonly expiresAt: string | null;
  readonly expired: boolean;
  /** When it was last renewed (by a call of the holder or a commit on the WP's branch). */
  readonly renewedAt: string | null;
}

/**
 * How the leases of held WPs stand at `now`, by WP id (WPs nobody holds, and every WP while
 * leases are off, are absent). A lease whose renewal has run out is checked against the tip of
 * the WP's branch (`branchOf`: its lane's, or its own) — work itself renews an implementation
 * claim — so a read never calls expired
 * what a takeover would refuse to take.
 */
export function leaseViews(
  project: Project,
  branchOf: (wpId: string) => ResultAsync<string, HostError>,
  leases: Leases,
  held: Iterable<readonly [string, WorkPackageState | undefined]>,
  now: Date,
): ResultAsync<ReadonlyMap<string, LeaseView>, HostError> {
  return safeTry(async function* () {
    const views = new Map<string, LeaseView>();
    if (leases.ttlMs === null) return ok(views);
    for (const [wpId, state] of held) {
      if (state === undefined || !HELD_LANES.includes(state.lane)) continue;
      const record = activeLease(leases, wpId, state);
      if (record === null) {
        views.set(wpId, { expiresAt: null, expired: false, renewedAt: null });
        continue;
      }
      let standing = leaseStanding(record, leases.ttlMs, now);
      let renewedAt = record.renewed_at;
      // Work renews an implementation claim only: a review claim ages out on its own renewals.
      if (standing.expired && state.lane !== 'in_review') {
        const branch = yield* branchOf(wpId);
        const committed = yield* project.vcs.branchCommittedAt(branch);
        if (committed !== null) {
          standing = leaseStanding(record, leases.ttlMs, now, new Date(committed));
          if (Date.parse(committed) > Date.parse(renewedAt)) renewedAt = committed;
        }
      }
      views.set(wpId, { expiresAt: standing.expiresAt, expired: standing.expired, renewedAt });
    }
    return ok(views);
  });
}

/** The lease fields of a read (`lease_expires_at`, `lease_expired`), absent when not held. */
export function leaseFields(view: LeaseView | undefined): Record<string, unknown> {
  return view === undefined
    ? {}
    : { lease_expires_at: view.expiresAt, lease_expired: view.expired };
}

export { leaseStanding };
