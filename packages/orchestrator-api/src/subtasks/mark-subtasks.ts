import { usageError, type HostError } from '@kittyhost/core';
import type { FeatureSpec, SubtaskStatus } from '@kittyhost/core/ports';
import { err, ok, safeTry, type ResultAsync } from 'neverthrow';
import type { OperationContext, Project } from '../context.js';
import { GENERATION_1_3 } from '../generations/index.js';
import { draftAnnotation, featureStatus, recordEvents, underLock } from '../operations/shared.js';

/** What `spec-kitty agent tasks mark-status` is asked. */
export interface MarkSubtasksInput {
  /** Subtask ids (`T001`, or mission-qualified `<slug>/T001`, `<slug>:T001`). */
  readonly ids: readonly string[];
  readonly status: 'done' | 'pending';
  /** The mission; default: the one whose workspace holds `cwd`, else the only mission. */
  readonly mission?: string;
  /** The directory the command runs in (absolute). */
  readonly cwd: string;
  /** Who marks (the original host records `user`). */
  readonly actor?: string;
}

/** One id's outcome, as the original's `--json` output lists it. */
export interface MarkSubtaskResult {
  readonly id: string;
  readonly outcome: 'updated' | 'already_satisfied' | 'not_found';
  /** Where the id was found: the WP's frontmatter roster, or a tasks.md checkbox. */
  readonly format: 'authored_roster' | 'checkbox' | null;
  readonly message: string;
  /** The WP the id belongs to (ours). */
  readonly wp_id: string | null;
}

/** The answer of mark-status. */
export interface MarkSubtasksAnswer {
  readonly mission_slug: string;
  readonly results: readonly MarkSubtaskResult[];
  readonly summary: {
    readonly updated: number;
    readonly already_satisfied: number;
    readonly not_found: number;
  };
}

const QUALIFIED = /^[A-Za-z0-9][A-Za-z0-9._-]*[/:]([A-Za-z]+\d+)$/;

/** `<slug>/T001` and `<slug>:T001` → `T001`; anything else unchanged (trimmed). */
export function bareSubtaskId(raw: string): string {
  const candidate = raw.trim();
  const match = QUALIFIED.exec(candidate);
  return match === null ? candidate : (match[1] as string).toUpperCase();
}

/** The mission a command run in `cwd` is about: its workspace's mission, else the only one. */
function missionOf(project: Project, input: MarkSubtasksInput): ResultAsync<string, HostError> {
  return safeTry(async function* () {
    if (input.mission !== undefined) return ok(input.mission);
    const slugs = yield* project.store.listFeatures();
    const root = project.store.root.replace(/\/+$/, '');
    const inside = input.cwd.startsWith(`${root}/.worktrees/`)
      ? (input.cwd.slice(root.length + '/.worktrees/'.length).split('/')[0] ?? '')
      : '';
    const owners = slugs
      .filter((slug) => inside === slug || inside.startsWith(`${slug}-`))
      .sort((left, right) => right.length - left.length);
    if (owners[0] !== undefined) return ok(owners[0]);
    if (slugs.length === 1) return ok(slugs[0] as string);
    return err(
      usageError(
        slugs.length === 0
          ? 'No mission found under kitty-specs/'
          : `Name the mission with --mission (this project has several: ${slugs.join(', ')})`,
      ),
    );
  });
}

interface Owner {
  readonly wpId: string;
  readonly format: 'authored_roster' | 'checkbox';
  /** The tasks.md box is checked (checkbox ids only). */
  readonly checked: boolean;
}

/** Which WP each subtask id belongs to: its frontmatter roster first, else a tasks.md box. */
function owners(
  project: Project,
  feature: FeatureSpec,
): ResultAsync<ReadonlyMap<string, Owner>, HostError> {
  return safeTry(async function* () {
    const found = new Map<string, Owner>();
    for (const wp of feature.workPackages) {
      for (const id of wp.subtasks ?? []) {
        if (!found.has(id))
          found.set(id, { wpId: wp.id, format: 'authored_roster', checked: false });
      }
    }
    for (const wp of feature.workPackages) {
      const status: SubtaskStatus | null = yield* project.store.subtaskStatus(feature.slug, wp.id);
      for (const item of status?.items ?? []) {
        if (item.id === null) continue;
        const known = found.get(item.id);
        if (known === undefined)
          found.set(item.id, { wpId: wp.id, format: 'checkbox', checked: item.checked });
        else if (known.format === 'checkbox' && known.wpId === wp.id && item.checked)
          found.set(item.id, { ...known, checked: true });
      }
    }
    return ok(found);
  });
}

/**
 * `spec-kitty agent tasks mark-status <T…> --status done|pending [--mission S]`: record subtask
 * marks as the contract 1.3 host does — one annotation row per WP (`delta.subtasks`,
 * `{T001: "done" | "planned"}`) in the mission's status log, under the mission lock; tasks.md
 * is left untouched and nothing is committed. An id already in the requested state is
 * `already_satisfied` (nothing written for it); an unknown id is `not_found`.
 *
 * @example
 * ```ts
 * await markSubtasks(context, { ids: ['T001'], status: 'done', cwd: process.cwd() });
 * // ok({ mission_slug: '…', results: [{ id: 'T001', outcome: 'updated', … }], summary: { updated: 1, … } })
 * ```
 */
export function markSubtasks(
  context: OperationContext,
  input: MarkSubtasksInput,
): ResultAsync<MarkSubtasksAnswer, HostError> {
  return safeTry(async function* () {
    if (input.ids.length === 0) return err(usageError('At least one task ID is required'));
    const project = yield* context.project();
    const selector = yield* missionOf(project, input);
    const wanted = input.status === 'done' ? 'done' : 'planned';
    return underLock(GENERATION_1_3, project, selector, (locked) =>
      safeTry(async function* () {
        const feature = locked.feature;
        const found = yield* owners(project, feature);
        const entries = yield* locked.readEvents();
        const status = featureStatus(feature, entries);
        const results: MarkSubtaskResult[] = [];
        const changes = new Map<string, Record<string, string>>();
        for (const raw of input.ids) {
          const id = bareSubtaskId(raw);
          const owner = found.get(id);
          if (owner === undefined) {
            results.push({
              id,
              outcome: 'not_found',
              format: null,
              message: `${id} was not found in any supported task format.`,
              wp_id: null,
            });
            continue;
          }
          const mark = status.work_packages[owner.wpId]?.runtime?.subtasks?.[id];
          // A roster id is done only when marked (the 1.3 guard reads marks, not boxes).
          const current =
            mark ?? (owner.format === 'checkbox' && owner.checked ? 'done' : 'planned');
          const pending = changes.get(owner.wpId)?.[id];
          if ((pending ?? current) === wanted) {
            results.push({
              id,
              outcome: 'already_satisfied',
              format: owner.format,
              message: `${id} is already ${input.status} (${owner.wpId}).`,
              wp_id: owner.wpId,
            });
            continue;
          }
          changes.set(owner.wpId, { ...changes.get(owner.wpId), [id]: wanted });
          results.push({
            id,
            outcome: 'updated',
            format: owner.format,
            message: `${id} marked ${input.status} (${owner.wpId}).`,
            wp_id: owner.wpId,
          });
        }
        let existing = entries;
        for (const [wpId, subtasks] of changes) {
          const annotation = draftAnnotation(context, {
            feature,
            existing,
            wpId,
            actor: input.actor ?? 'user',
            delta: { subtasks },
          });
          yield* recordEvents(GENERATION_1_3, locked, existing, [annotation]);
          existing = [...existing, annotation];
        }
        const count = (outcome: MarkSubtaskResult['outcome']) =>
          results.filter((result) => result.outcome === outcome).length;
        return ok({
          mission_slug: GENERATION_1_3.identity(feature)['mission_slug'] as string,
          results,
          summary: {
            updated: count('updated'),
            already_satisfied: count('already_satisfied'),
            not_found: count('not_found'),
          },
        });
      }),
    );
  });
}
