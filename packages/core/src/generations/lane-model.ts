import { LANES, LANES_1_0, type Lane } from '../lane/lane.js';
import type { TransitionRequest } from '../lane/transition-request.js';
import { forceFailure1_0, guardFailure1_0, TRANSITIONS_1_0 } from './v1_0/transitions.js';
import {
  evidenceFailure1_3,
  forceFailure1_3,
  guardFailure1_3,
  TRANSITIONS_1_3,
} from './v1_3/transitions.js';

/**
 * The two generations of the orchestrator-api contract one host serves (CONTRACT-1.3.md §0):
 * every call belongs to one, decided by the names and selector it uses.
 *
 * @example
 * ```ts
 * CONTRACT_GENERATIONS; // ['1.0.0', '1.3.0']
 * ```
 */
export const CONTRACT_GENERATIONS = ['1.0.0', '1.3.0'] as const;

/** One of {@link CONTRACT_GENERATIONS}. */
export type ContractGeneration = (typeof CONTRACT_GENERATIONS)[number];

/**
 * What a contract generation makes of the one lane model: which lanes it knows and shows, how a
 * lane it does not know reads in its answers, its transition table and guards, which lanes
 * satisfy a dependency, and where a transition needs `--policy`. Data, not code paths: the
 * operations receive one of {@link LANE_MODELS}.
 */
export interface LaneModel {
  readonly generation: ContractGeneration;
  /** The lanes this generation names, in its summary order. */
  readonly lanes: readonly Lane[];
  /** The allowed `from → to` pairs between its lanes. */
  readonly transitions: readonly (readonly [Lane, Lane])[];
  /** How a model lane reads in this generation's answers (1.0: `in_review` → `for_review`). */
  project(lane: Lane): Lane;
  /** Does a dependency in this (model) lane let its dependents start? */
  satisfiesDependency(lane: Lane): boolean;
  /** Target lanes whose `transition` requires `--policy`. */
  readonly policyRequiredLanes: readonly Lane[];
  /** Checked first, even when forced: a refusal of the given evidence, or `null`. */
  evidenceFailure(request: TransitionRequest): string | null;
  /** A forced transition's refusal (it needs an actor and a reason), or `null`. */
  forceFailure(request: TransitionRequest): string | null;
  /** The guard of an allowed pair: a refusal, or `null`. */
  guardFailure(request: TransitionRequest): string | null;
}

const PROJECTION_1_0: Readonly<Partial<Record<Lane, Lane>>> = {
  in_review: 'for_review',
  approved: 'done',
};

/**
 * The lane model of each contract generation.
 *
 * @example
 * ```ts
 * LANE_MODELS['1.0.0'].project('approved'); // 'done'
 * LANE_MODELS['1.3.0'].satisfiesDependency('approved'); // true
 * ```
 */
export const LANE_MODELS: Readonly<Record<ContractGeneration, LaneModel>> = {
  '1.0.0': {
    generation: '1.0.0',
    lanes: LANES_1_0,
    transitions: TRANSITIONS_1_0,
    project: (lane) => PROJECTION_1_0[lane] ?? lane,
    satisfiesDependency: (lane) => lane === 'done' || lane === 'approved',
    policyRequiredLanes: ['claimed', 'in_progress', 'for_review'],
    evidenceFailure: () => null,
    forceFailure: forceFailure1_0,
    guardFailure: guardFailure1_0,
  },
  '1.3.0': {
    generation: '1.3.0',
    lanes: LANES,
    transitions: TRANSITIONS_1_3,
    project: (lane) => lane,
    satisfiesDependency: (lane) => lane === 'done' || lane === 'approved',
    policyRequiredLanes: ['claimed', 'in_progress', 'for_review', 'in_review', 'approved'],
    evidenceFailure: evidenceFailure1_3,
    forceFailure: forceFailure1_3,
    guardFailure: guardFailure1_3,
  },
};
