import {
  isPolicyPresent,
  MAX_JSON_DEPTH,
  jsonDepth,
  parseLane,
  parsePolicy,
  policyMetadataRequired,
  transitionRejected,
  usageError,
  validateTransition,
  wpAlreadyClaimed,
  type HostError,
  type Lane,
  type ReviewResult,
} from '@kittyhost/core';
import type { FeatureSpec, WorkPackageSpec } from '@kittyhost/core/ports';
import { err, ok, okAsync, safeTry, type Result, type ResultAsync } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import type { Generation } from '../generations/generation.js';
import type { Call, StartReviewInput, TransitionInput } from './inputs.js';
import {
  commitStatus,
  draftEvents,
  featureStatus,
  findWorkPackage,
  laneEvents,
  policyIfGiven,
  recordEvents,
  statusCommitMessage,
  underLock,
  withGraph,
  type LoadedFeature,
} from './shared.js';
import { missionLayout, type LaneArm } from './layout.js';
import { inspectPlacement } from './workspace.js';
import {
  activeLease,
  fencingRefusal,
  leaseStanding,
  readLeases,
  recordLease,
  renewIfHolder,
} from './leases.js';

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** Commit the status files after a lane change, when the generation commits them. */
function withStatusCommit(
  generation: Generation,
  project: Project,
  outcome: { feature: FeatureSpec; wpId: string; added: number; data: Record<string, unknown> },
): ResultAsync<Record<string, unknown>, HostError> {
  // A no-op wrote nothing: nothing to commit, and no status_committed (as the original answers).
  if (!generation.commitsStatus || outcome.added === 0) return okAsync(outcome.data);
  return commitStatus(
    generation,
    project,
    outcome.feature,
    statusCommitMessage(outcome.wpId, outcome.added),
  ).map((status_committed) => ({ ...outcome.data, status_committed }));
}

/**
 * `start-review --feature|--mission S --wp W --actor A --policy P [--review-ref R]`: a reviewer
 * takes a WP out of `for_review`. At 1.3 it claims the review (`for_review → in_review`, the
 * review reference optional; a WP already in review answers `no_op: true`); at 1.0 it sends the
 * WP back to implementation (`for_review → in_progress`, the reference required).
 */
export function startReview(
  context: OperationContext,
  call: Call,
  input: StartReviewInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  const rules = generation.startReview;
  return safeTry(async function* () {
    if (!isPolicyPresent(input.policy))
      return err(policyMetadataRequired(generation.messages.policyRequired(call.name)));
    if (rules.reviewRefRequired && blank(input.review_ref)) {
      return err(
        transitionRejected('start-review requires a review reference (--review-ref)', {
          to_lane: rules.to,
        }),
      );
    }
    const policy = yield* parsePolicy(input.policy);
    const project = yield* context.project();
    const reviewRef = blank(input.review_ref) ? null : (input.review_ref as string);
    const outcome = yield* underLock(generation, project, input.selector, (locked) =>
      safeTry(async function* () {
        const { feature } = yield* withGraph(locked.feature);
        const workPackage = yield* findWorkPackage(feature, input.wp);
        const entries = yield* locked.readEvents();
        const state = featureStatus(feature, entries).work_packages[workPackage.id];
        const from = state?.lane ?? 'planned';
        const leases = yield* readLeases(context, project, locked);
        const fenced = fencingRefusal(generation, leases, workPackage.id, input.actor, state);
        if (fenced !== null) return err(fenced);
        const now = context.clock.now();
        const answer = (added: number, noOp: boolean, takenOverFrom?: string) => ({
          feature,
          wpId: workPackage.id,
          added,
          data: {
            ...generation.identity(feature),
            wp_id: workPackage.id,
            from_lane: generation.lanes.project(from),
            to_lane: rules.to,
            prompt_path: workPackage.promptPath,
            policy_metadata_recorded: true as const,
            ...(rules.noOpInTarget ? { no_op: noOp } : {}),
            ...(takenOverFrom === undefined ? {} : { taken_over_from: takenOverFrom }),
          },
        });
        // A review claim (1.3's in_review) is held like an implementation claim: with leases on,
        // another reviewer gets WP_ALREADY_CLAIMED until the lease runs out, then takes it over.
        const review = from === rules.to ? activeLease(leases, workPackage.id, state) : null;
        let takenOver: { holder: string; expiresAt: string } | undefined;
        if (review !== null && leases.ttlMs !== null && review.holder !== input.actor) {
          const standing = leaseStanding(review, leases.ttlMs, now);
          if (!standing.expired)
            return err(
              wpAlreadyClaimed(
                review.holder,
                input.actor,
                workPackage.id,
                generation.messages.alreadyClaimed(workPackage.id, review.holder, 'review'),
              ),
            );
          takenOver = { holder: review.holder, expiresAt: standing.expiresAt };
        }
        if (rules.noOpInTarget && from === rules.to && takenOver === undefined) {
          yield* renewIfHolder(leases, locked, workPackage.id, input.actor, state, now);
          return ok(answer(0, true));
        }
        if (takenOver !== undefined) {
          const reason = `Lease of ${takenOver.holder} expired at ${takenOver.expiresAt}; taken over by ${input.actor}`;
          const drafts = [
            {
              wpId: workPackage.id,
              from,
              to: 'for_review' as const,
              actor: input.actor,
              force: true,
              reason,
              policy,
            },
            {
              wpId: workPackage.id,
              from: 'for_review' as const,
              to: rules.to,
              actor: input.actor,
              reason: rules.reason,
              reviewRef,
              policy,
            },
          ];
          for (const draft of drafts) yield* validateTransition(draft, generation.version);
          const added = draftEvents(context, { generation, feature, existing: entries, drafts });
          yield* recordEvents(generation, locked, entries, added);
          yield* recordLease(leases, locked, {
            wpId: workPackage.id,
            lane: rules.to,
            actor: input.actor,
            now,
            fence: takenOver.holder,
          });
          return ok(answer(added.length, false, takenOver.holder));
        }
        if (from !== 'for_review') {
          return err(
            transitionRejected(
              generation.messages.notReviewable(workPackage.id, generation.lanes.project(from)),
              { from_lane: generation.lanes.project(from), to_lane: rules.to },
            ),
          );
        }
        yield* validateTransition(
          { from, to: rules.to, actor: input.actor, reviewRef },
          generation.version,
        );
        const added = draftEvents(context, {
          generation,
          feature,
          existing: entries,
          drafts: [
            {
              wpId: workPackage.id,
              from,
              to: rules.to,
              actor: input.actor,
              reason: rules.reason,
              reviewRef,
              policy,
            },
          ],
        });
        yield* recordEvents(generation, locked, entries, added);
        yield* recordLease(leases, locked, {
          wpId: workPackage.id,
          lane: rules.to,
          actor: input.actor,
          now,
        });
        return ok(answer(added.length, false));
      }),
    );
    return withStatusCommit(generation, project, outcome);
  });
}

/** Parse a JSON object option given as a string (CLI) or an object (HTTP). */
function jsonObjectOption(
  generation: Generation,
  option: string,
  input: unknown,
): Result<Readonly<Record<string, unknown>> | null, HostError> {
  if (input === undefined) return ok(null);
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return err(usageError(generation.messages.invalidJson(option, detail), 'transition'));
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err(usageError(generation.messages.notAnObject(option), 'transition'));
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    return err(
      usageError(`--${option} is nested more than ${MAX_JSON_DEPTH} levels deep`, 'transition'),
    );
  }
  return ok(value as Record<string, unknown>);
}

const nonEmptyText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** `--review-result-json` (1.3): non-blank reviewer, verdict and reference; a known verdict. */
function parseReviewResult(
  generation: Generation,
  input: unknown,
): Result<ReviewResult | null, HostError> {
  const parsed = jsonObjectOption(generation, 'review-result-json', input);
  if (parsed.isErr() || parsed.value === null) return parsed.map(() => null);
  const { reviewer, verdict, reference, feedback_path: feedbackPath } = parsed.value;
  if (!nonEmptyText(reviewer) || !nonEmptyText(verdict) || !nonEmptyText(reference)) {
    return err(
      usageError(
        '--review-result-json requires non-empty reviewer, verdict, and reference strings',
        'transition',
      ),
    );
  }
  if (verdict !== 'approved' && verdict !== 'changes_requested') {
    return err(
      usageError(
        "--review-result-json verdict must be 'approved' or 'changes_requested'",
        'transition',
      ),
    );
  }
  if (feedbackPath !== undefined && feedbackPath !== null && typeof feedbackPath !== 'string') {
    return err(usageError('--review-result-json feedback_path must be a string', 'transition'));
  }
  return ok({
    reviewer,
    verdict,
    reference,
    ...(typeof feedbackPath === 'string' ? { feedback_path: feedbackPath } : {}),
  });
}

/** Evidence as the 1.3 host stores it: `{review, repos?, verification?}`, known keys only. */
function normalizedEvidence(evidence: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const review = evidence['review'] as Record<string, unknown>;
  const pick = (item: unknown, keys: readonly string[], optional: readonly string[] = []) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
    const record = item as Record<string, unknown>;
    const picked: Record<string, unknown> = {};
    for (const key of keys) picked[key] = record[key] ?? null;
    for (const key of optional) {
      const value = record[key];
      if (Array.isArray(value) && value.length > 0) picked[key] = value;
    }
    return picked;
  };
  const list = (value: unknown, keys: readonly string[], optional?: readonly string[]) =>
    Array.isArray(value)
      ? value.map((item) => pick(item, keys, optional)).filter((item) => item !== null)
      : [];
  const repos = list(evidence['repos'], ['repo', 'branch', 'commit'], ['files_touched']);
  const verification = list(evidence['verification'], ['command', 'result', 'summary']);
  return {
    review: {
      reviewer: review['reviewer'],
      verdict: review['verdict'],
      reference: review['reference'],
    },
    ...(repos.length > 0 ? { repos } : {}),
    ...(verification.length > 0 ? { verification } : {}),
  };
}

/**
 * Are the WP's subtasks complete? At 1.0: every box of its tasks.md section is checked (no
 * tasks.md or no section: yes). At 1.3: every id of its frontmatter roster is marked done
 * (`spec-kitty agent tasks mark-status`); an empty roster passes; without a roster (ours) each
 * box of its tasks.md section counts when checked or marked done.
 */
function subtasksComplete(
  generation: Generation,
  project: Project,
  feature: FeatureSpec,
  workPackage: WorkPackageSpec,
  marks: Readonly<Record<string, string>>,
): ResultAsync<boolean, HostError> {
  const roster = workPackage.subtasks;
  if (generation.transitionRules.subtasks === 'roster' && roster !== undefined)
    return okAsync(roster.every((id) => marks[id] === 'done'));
  return project.store.subtaskStatus(feature.slug, workPackage.id).map((status) => {
    if (status === null) return true;
    if (generation.transitionRules.subtasks === 'tasks-md') return status.unchecked === 0;
    const items = status.items ?? [];
    return items.every((item) => item.checked || (item.id !== null && marks[item.id] === 'done'));
  });
}

/**
 * The for_review commit gate (1.3): the WP's workspace exists and has a commit beyond where the
 * WP started there (for a lane, the lane HEAD recorded when the WP was allocated, so a merged
 * planning commit or dependency lane does not count). Refused → `TRANSITION_REJECTED` naming the
 * WP and its lane.
 */
function commitGate(
  project: Project,
  loaded: LoadedFeature,
  wpId: string,
  lane: LaneArm | null,
): ResultAsync<void, HostError> {
  return inspectPlacement(project, loaded, wpId, lane).andThen((workspace) => {
    if (workspace.directoryExists && (workspace.commitsAhead ?? 0) > 0) return okAsync(undefined);
    const laneId = lane?.laneId ?? wpId;
    return err(
      transitionRejected(
        `${wpId} cannot move to for_review: no implementation commit on lane ${laneId} (${workspace.branch}) beyond ${workspace.baseRef ?? 'its base'}. Commit the work in the lane worktree first, or pass --force if there is genuinely nothing to commit.`,
        { wp_id: wpId, lane_id: laneId },
      ),
    );
  });
}

/**
 * `transition --feature|--mission S --wp W --to L --actor A [--note N] [--policy P]
 * [--review-ref R] [--force] [--evidence-json E]` and, at 1.3, `[--review-result-json J]
 * [--[no-]subtasks-complete] [--[no-]implementation-evidence-present]`: one lane change,
 * validated against the generation's table and guards (or forced, with an actor and a reason),
 * in the generation's order of checks. At 1.3 the change is committed with the status files.
 */
export function transition(
  context: OperationContext,
  call: Call,
  input: TransitionInput,
): ResultAsync<Record<string, unknown>, HostError> {
  const { generation } = call;
  const rules = generation.transitionRules;
  return safeTry(async function* () {
    const target = parseLane(input.to, generation.lanes.lanes);
    let givenEvidence: Readonly<Record<string, unknown>> | null = null;
    if (rules.laneCheckedFirst) yield* target;
    else givenEvidence = yield* jsonObjectOption(generation, 'evidence-json', input.evidence_json);
    const policyRequired =
      target.isOk() && generation.lanes.policyRequiredLanes.includes(target.value);
    if (policyRequired && !isPolicyPresent(input.policy))
      return err(
        policyMetadataRequired(
          generation.messages.policyRequired(call.name, target.isOk() ? target.value : undefined),
        ),
      );
    const policy = yield* policyIfGiven(isPolicyPresent(input.policy) ? input.policy : undefined);
    if (rules.laneCheckedFirst)
      givenEvidence = yield* jsonObjectOption(generation, 'evidence-json', input.evidence_json);
    const reviewResult = yield* parseReviewResult(generation, input.review_result_json);
    const project = yield* context.project();
    const forced = input.force === true;
    const outcome = yield* underLock(generation, project, input.selector, (locked) =>
      safeTry(async function* () {
        const loaded = yield* withGraph(locked.feature);
        const { feature } = loaded;
        const workPackage = yield* findWorkPackage(feature, input.wp);
        const to = yield* target;
        const entries = yield* locked.readEvents();
        const wpState = featureStatus(feature, entries).work_packages[workPackage.id];
        const model: Lane = wpState?.lane ?? 'planned';
        const leases = yield* readLeases(context, project, locked);
        const fenced = fencingRefusal(generation, leases, workPackage.id, input.actor, wpState);
        if (fenced !== null) return err(fenced);
        const now = context.clock.now();
        const from = generation.lanes.project(model);
        const answer = (added: number, toLane: Lane) => ({
          feature,
          wpId: workPackage.id,
          added,
          data: {
            ...generation.identity(feature),
            wp_id: workPackage.id,
            from_lane: from,
            to_lane: generation.lanes.project(toLane),
            policy_metadata_recorded: policy !== null,
          },
        });
        // The WP's lane matters to the commit gate and to claimed -> in_progress only.
        const gated = rules.commitGate && to === 'for_review' && !forced;
        const lane =
          gated || (model === 'claimed' && to === 'in_progress')
            ? (yield* missionLayout(generation, project, feature)).laneOf(workPackage.id)
            : null;
        if (gated) yield* commitGate(project, loaded, workPackage.id, lane);
        if (rules.collapseAlias && input.to.trim().toLowerCase() === 'doing' && model === to) {
          yield* renewIfHolder(leases, locked, workPackage.id, input.actor, wpState, now);
          return ok(answer(0, to));
        }
        const marks = wpState?.runtime?.subtasks ?? {};
        const complete =
          from === 'in_progress' && to === 'for_review' && !forced
            ? yield* subtasksComplete(generation, project, feature, workPackage, marks)
            : input.subtasks_complete;
        const reviewRef = blank(input.review_ref) ? null : (input.review_ref as string);
        const evidence =
          givenEvidence ??
          (rules.reviewRefIsEvidence && to === 'done' && reviewRef !== null
            ? { review: { reviewer: input.actor, verdict: 'approved', reference: reviewRef } }
            : null);
        const earlier = laneEvents(entries).some((event) => event.wp_id === workPackage.id);
        yield* validateTransition(
          {
            from,
            to,
            actor: input.actor,
            reason: input.note ?? null,
            reviewRef: rules.laneCheckedFirst ? (input.review_ref ?? null) : reviewRef,
            evidence,
            reviewResult,
            workspaceContext: lane?.path ?? project.vcs.workspacePath(feature.slug, workPackage.id),
            ...(complete === undefined ? {} : { subtasksComplete: complete }),
            implementationEvidencePresent: input.implementation_evidence_present ?? earlier,
            force: forced,
          },
          generation.version,
        );
        const added = draftEvents(context, {
          generation,
          feature,
          existing: entries,
          drafts: [
            {
              wpId: workPackage.id,
              from: model,
              to,
              actor: input.actor,
              force: forced,
              reason: blank(input.note) ? null : (input.note as string),
              reviewRef,
              evidence:
                evidence !== null && rules.normalizeEvidence
                  ? normalizedEvidence(evidence)
                  : evidence,
              policy,
              reviewResult,
            },
          ],
        });
        yield* recordEvents(generation, locked, entries, added);
        yield* recordLease(leases, locked, {
          wpId: workPackage.id,
          lane: to,
          actor: input.actor,
          now,
        });
        return ok(answer(added.length, to));
      }),
    );
    return withStatusCommit(generation, project, outcome);
  });
}
