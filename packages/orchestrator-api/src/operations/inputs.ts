import type { Generation } from '../generations/generation.js';

/** Which generation a call belongs to, and the subcommand name it used. */
export interface Call {
  readonly generation: Generation;
  /** The subcommand as named (`merge-mission`, `consolidate-mission`, …). */
  readonly name: string;
}

/** Every call about one feature (mission): the selector's value, whatever its flag. */
export interface SelectorInput {
  readonly selector: string;
}

/** A call about one work package. */
export interface WorkPackageInput extends SelectorInput {
  readonly wp: string;
}

/** `contract-version`. */
export interface ContractVersionInput {
  readonly provider_version?: string;
}

/** `start-implementation`. */
export interface StartImplementationInput extends WorkPackageInput {
  readonly actor: string;
  readonly policy?: unknown;
}

/** `start-review`. */
export interface StartReviewInput extends StartImplementationInput {
  readonly review_ref?: string;
}

/** `transition` (the last four options are contract 1.3's). */
export interface TransitionInput extends WorkPackageInput {
  readonly to: string;
  readonly actor: string;
  readonly note?: string;
  readonly policy?: unknown;
  readonly review_ref?: string;
  readonly force?: boolean;
  readonly evidence_json?: unknown;
  readonly review_result_json?: unknown;
  readonly subtasks_complete?: boolean;
  readonly implementation_evidence_present?: boolean;
}

/** `append-history`. */
export interface AppendHistoryInput extends WorkPackageInput {
  readonly actor: string;
  readonly note: string;
}

/** `accept-feature` / `accept-mission`. */
export interface AcceptInput extends SelectorInput {
  readonly actor: string;
}

/** `merge-feature` / `merge-mission`. */
export interface MergeInput extends SelectorInput {
  readonly target?: string;
  readonly strategy?: string;
  readonly push?: boolean;
}
