/**
 * The options of every verb, once: the CLI registers them, the input schemas are built from
 * them, and the HTTP API takes the same names. A generation adds its selector (`--feature` or
 * `--mission`) and its own extra options.
 */

/** How an option's value is read. */
export type OptionKind =
  /** A string that must be given. */
  | 'required-text'
  /** A string that may be given. */
  | 'text'
  /** A JSON object, given as a string (CLI) or an object (HTTP body). */
  | 'json'
  /** A flag without value (`--force`). */
  | 'flag'
  /** A flag that can also be turned off (`--subtasks-complete` / `--no-subtasks-complete`). */
  | 'negatable-flag';

/** One option of a subcommand. */
export interface OptionSpec {
  /** The CLI spelling without dashes (`review-ref`); the input key is its snake_case. */
  readonly name: string;
  readonly kind: OptionKind;
  /** The value's placeholder in help (`<slug>`); none for flags. */
  readonly placeholder?: string;
  readonly description: string;
}

/** The input key of an option: `review-ref` → `review_ref`. */
export const optionKey = (option: Pick<OptionSpec, 'name'>): string =>
  option.name.replaceAll('-', '_');

/** Options shared by both generations. */
export const OPTION = {
  wp: {
    name: 'wp',
    kind: 'required-text',
    placeholder: '<id>',
    description: 'work package id, e.g. WP01',
  },
  actor: {
    name: 'actor',
    kind: 'required-text',
    placeholder: '<id>',
    description: 'who acts (agent or person id)',
  },
  policy: {
    name: 'policy',
    kind: 'json',
    placeholder: '<json>',
    description: 'policy metadata as a JSON object',
  },
  reviewRef: {
    name: 'review-ref',
    kind: 'text',
    placeholder: '<ref>',
    description: 'review reference',
  },
  note: { name: 'note', kind: 'text', placeholder: '<text>', description: 'a note or reason' },
  requiredNote: {
    name: 'note',
    kind: 'required-text',
    placeholder: '<text>',
    description: 'the history entry',
  },
  force: {
    name: 'force',
    kind: 'flag',
    description: 'allow any transition (needs --actor and --note)',
  },
  evidence: {
    name: 'evidence-json',
    kind: 'json',
    placeholder: '<json>',
    description: 'review evidence as a JSON object ({"review": {reviewer, verdict, reference}})',
  },
  providerVersion: {
    name: 'provider-version',
    kind: 'text',
    placeholder: '<version>',
    description: 'the provider version to check',
  },
  target: {
    name: 'target',
    kind: 'text',
    placeholder: '<branch>',
    description: 'target branch (default: meta.json target_branch, else main)',
  },
  strategy: {
    name: 'strategy',
    kind: 'text',
    placeholder: '<strategy>',
    description: 'merge, squash or rebase (default: merge)',
  },
  push: { name: 'push', kind: 'flag', description: 'push the target branch afterwards' },
  reviewResult: {
    name: 'review-result-json',
    kind: 'json',
    placeholder: '<json>',
    description:
      'structured review outcome: {"reviewer", "verdict": "approved"|"changes_requested", "reference"[, "feedback_path"]}',
  },
  subtasksComplete: {
    name: 'subtasks-complete',
    kind: 'negatable-flag',
    description:
      'accepted for compatibility; the host derives subtask completion itself for in_progress -> for_review',
  },
  implementationEvidence: {
    name: 'implementation-evidence-present',
    kind: 'negatable-flag',
    description:
      'whether implementation evidence exists for in_progress -> for_review (default: derived from the log)',
  },
} as const satisfies Record<string, OptionSpec>;

/** The selector option of a generation. */
export function selectorOption(name: 'feature' | 'mission'): OptionSpec {
  return {
    name,
    kind: 'required-text',
    placeholder: '<slug>',
    description:
      name === 'feature'
        ? 'feature slug (a directory under kitty-specs/)'
        : 'mission (its directory under kitty-specs/)',
  };
}
