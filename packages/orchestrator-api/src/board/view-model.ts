import type { Lane, ReviewResult } from '@kittyhost/core';

/**
 * The board's view model: one read of the ports, rendered by both the terminal board
 * (`spec-kitty board`) and the web board (`spec-kitty-http` at `/`). It shows the one model
 * underneath both contract generations: all nine lanes, features and missions alike.
 */

/** A failure to read one feature: the others are still listed. */
export interface BoardProblem {
  readonly code: string;
  readonly message: string;
}

/** One feature (mission) in the list of `list-features`. */
export interface FeatureSummary {
  readonly slug: string;
  /** The first `#` heading of spec.md, else meta.json `friendly_name`, else the slug. */
  readonly title: string;
  /** `mission` when meta.json has a `mission_id` (planned by spec-kitty 3), else `feature`. */
  readonly kind: 'feature' | 'mission';
  /** A count per lane, all nine lanes (zeros included). */
  readonly lane_counts: Readonly<Record<Lane, number>>;
  readonly wp_count: number;
  readonly accepted: boolean;
  readonly accepted_at: string | null;
  /** meta.json `target_branch`, or `null`. */
  readonly target_branch: string | null;
  /** `at` of the last lane event, or `null`. */
  readonly last_event_at: string | null;
  /** `null` when the feature reads fine; else why it does not (its files are broken). */
  readonly problem: BoardProblem | null;
}

/** The data of `list-features`. */
export interface FeatureListing {
  readonly features: readonly FeatureSummary[];
}

/** One event of a WP's history, newest first on the card. */
export interface BoardHistoryEntry {
  /** A lane event (a transition), or an annotation row (a history note, subtask marks, slots). */
  readonly kind: 'lane' | 'annotation';
  readonly event_id: string;
  readonly at: string;
  /** Display identity of the actor. */
  readonly actor: string;
  /** `null` for an annotation (a history note or subtask marks). */
  readonly from_lane: string | null;
  readonly to_lane: string | null;
  readonly reason: string | null;
  readonly review_ref: string | null;
  readonly force: boolean;
  /** The review outcome a lane event carries (contract 1.3), else `null`. */
  readonly review_result: ReviewResult | null;
  /** An annotation's note (contract 1.3 history entry), else `null`. */
  readonly note: string | null;
  /** An annotation's subtask marks (`{T001: 'done'}`), else `null`. */
  readonly subtasks: Readonly<Record<string, string>> | null;
}

/**
 * The subtask progress a card shows (`3/5`), computed once so both boards agree. A mission
 * (contract 1.3) counts its frontmatter roster, an id done when its latest mark says done
 * (without a roster: its tasks.md boxes, an id done when checked or marked done); a feature
 * (1.0) counts its tasks.md boxes (without a section: the roster and its marks) — what each
 * generation's `for_review` guard checks.
 */
export interface BoardProgress {
  readonly done: number;
  readonly total: number;
  readonly source: 'roster' | 'tasks-md';
}

/** The lease of a held WP (claims that expire), as the board shows it. */
export interface BoardLease {
  /** When it ends; `null` when there is no lease information (it never expires). */
  readonly expires_at: string | null;
  readonly expired: boolean;
  /** Its last renewal: a call of the holder, a heartbeat or a commit on the WP's branch. */
  readonly renewed_at: string | null;
  /** Seconds since that renewal at `generated_at` (the lease's age), or `null`. */
  readonly age_seconds: number | null;
}

/** One WP card. */
export interface BoardCard {
  readonly wp_id: string;
  readonly title: string;
  /** Its lane (one of the nine). */
  readonly lane: Lane;
  /** Who holds it: the actor of its last lane event while claimed, in progress or in review. */
  readonly holder: string | null;
  /** `last_transition_at`, or `null` for a WP without events. */
  readonly lane_since: string | null;
  /** Seconds in its lane at `generated_at`, or `null`. */
  readonly age_seconds: number | null;
  readonly dependencies: readonly string[];
  /** Dependencies neither approved nor done, in declared order. */
  readonly unmet_dependencies: readonly string[];
  /** Checked / total boxes of its tasks.md section, or `null` when it has none. */
  readonly subtasks: { readonly checked: number; readonly total: number } | null;
  /** Its frontmatter subtask roster and which ids are marked done, or `null` without roster. */
  readonly roster: {
    readonly done: number;
    readonly total: number;
    readonly ids: readonly { readonly id: string; readonly done: boolean }[];
  } | null;
  /** What the card's `3/5` says ({@link BoardProgress}), or `null` without subtasks. */
  readonly progress: BoardProgress | null;
  /** Review references of its events, newest first, each once. */
  readonly review_refs: readonly string[];
  /** The last review outcome (contract 1.3), or `null`. */
  readonly review_result: ReviewResult | null;
  readonly force_count: number;
  /** Its lease while held and leases are on (see the CLI README), else `null`. */
  readonly lease: BoardLease | null;
  /**
   * Its workspace: path and branch (pure naming), and whether the directory exists — `null`
   * when it was not inspected (the terminal board does not ask git, to start fast) or the
   * inspection failed.
   */
  readonly workspace: {
    readonly path: string;
    readonly branch: string;
    readonly exists: boolean | null;
  };
  /** Absolute path of the WP file. */
  readonly prompt_path: string;
  /** Its events (lane events and annotations), newest first (at most 50). */
  readonly history: readonly BoardHistoryEntry[];
  /** Its activity: the WP file's `## Activity Log` lines, then contract 1.3 history notes. */
  readonly activity: readonly string[];
}

/** The data of `feature-board`. */
export interface FeatureBoard {
  readonly slug: string;
  readonly title: string;
  readonly kind: 'feature' | 'mission';
  readonly target_branch: string | null;
  readonly accepted: boolean;
  readonly accepted_at: string | null;
  /** The instant ages are measured from. */
  readonly generated_at: string;
  /** All nine lanes, in order. */
  readonly lanes: readonly Lane[];
  readonly summary: Readonly<Record<Lane, number>>;
  /** The last row of the log (for a live view to resume its event stream from), or `null`. */
  readonly last_event_id: string | null;
  readonly work_packages: readonly BoardCard[];
}
