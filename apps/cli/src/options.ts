import type { Subcommand } from '@kittyhost/orchestrator-api';

/** One CLI option of a subcommand: its flag spelling and its input key. */
export interface OptionSpec {
  readonly flags: string;
  readonly key: string;
  readonly description: string;
  readonly boolean?: boolean;
}

const feature: OptionSpec = {
  flags: '--feature <slug>',
  key: 'feature',
  description: 'feature slug (a directory under kitty-specs/)',
};
const wp: OptionSpec = { flags: '--wp <id>', key: 'wp', description: 'work package id, e.g. WP01' };
const actor: OptionSpec = {
  flags: '--actor <id>',
  key: 'actor',
  description: 'who acts (agent or person id)',
};
const policy: OptionSpec = {
  flags: '--policy <json>',
  key: 'policy',
  description: 'policy metadata as a JSON object',
};
const reviewRef: OptionSpec = {
  flags: '--review-ref <ref>',
  key: 'review_ref',
  description: 'review reference',
};
const note: OptionSpec = { flags: '--note <text>', key: 'note', description: 'a note or reason' };

/** Each subcommand's options, in the order `--help` lists them (summaries: SUBCOMMAND_SUMMARIES). */
export const SUBCOMMAND_SPECS: Readonly<Record<Subcommand, { options: readonly OptionSpec[] }>> = {
  'contract-version': {
    options: [
      {
        flags: '--provider-version <semver>',
        key: 'provider_version',
        description: 'the provider version to check',
      },
    ],
  },
  'feature-state': {
    options: [feature],
  },
  'list-ready': {
    options: [feature],
  },
  'start-implementation': {
    options: [feature, wp, actor, policy],
  },
  'start-review': {
    options: [feature, wp, actor, policy, reviewRef],
  },
  transition: {
    options: [
      feature,
      wp,
      {
        flags: '--to <lane>',
        key: 'to',
        description:
          'target lane: planned, claimed, in_progress (doing), for_review, done, blocked, canceled',
      },
      actor,
      note,
      policy,
      reviewRef,
      {
        flags: '--force',
        key: 'force',
        description: 'allow any transition (needs --actor and --note)',
        boolean: true,
      },
      {
        flags: '--evidence-json <json>',
        key: 'evidence_json',
        description: 'full review evidence as a JSON object',
      },
    ],
  },
  'append-history': {
    options: [feature, wp, actor, note],
  },
  'accept-feature': {
    options: [feature, actor],
  },
  'merge-feature': {
    options: [
      feature,
      {
        flags: '--target <branch>',
        key: 'target',
        description: 'target branch (default: meta.json target_branch, else main)',
      },
      {
        flags: '--strategy <strategy>',
        key: 'strategy',
        description: 'merge, squash or rebase (default: merge)',
      },
      {
        flags: '--push',
        key: 'push',
        description: 'push the target branch afterwards',
        boolean: true,
      },
    ],
  },
};
