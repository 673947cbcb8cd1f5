/**
 * `@kittyhost/orchestrator-api/board`: the board's view model alone (`listFeatures`, `featureBoard`,
 * their types and zod schemas), for hosts that render a board without the whole contract.
 *
 * @packageDocumentation
 */
import type { HostError } from '@kittyhost/core';
import type { ResultAsync } from 'neverthrow';
import type { OperationContext } from '../context.js';
import type { Call, SelectorInput } from '../operations/inputs.js';
import { featureBoard } from './feature-board.js';
import { listFeatures } from './list-features.js';

export { featureBoardSchema, featureListingSchema } from './board-schemas.js';
export {
  featureBoard,
  progressOf,
  HISTORY_LIMIT,
  type FeatureBoardInput,
} from './feature-board.js';
export { featureKind, featureTitle, firstHeading } from './feature-identity.js';
export { listFeatures } from './list-features.js';
export type {
  BoardCard,
  BoardHistoryEntry,
  BoardLease,
  BoardProblem,
  BoardProgress,
  FeatureBoard,
  FeatureListing,
  FeatureSummary,
} from './view-model.js';

/** `list-features` as an operation of the table (its data is a {@link FeatureListing}). */
export function listFeaturesOperation(
  context: OperationContext,
  _call: Call,
  _input: unknown,
): ResultAsync<Record<string, unknown>, HostError> {
  return listFeatures(context).map((listing) => ({ ...listing }));
}

/** `feature-board` as an operation of the table (its data is a {@link FeatureBoard}). */
export function featureBoardOperation(
  context: OperationContext,
  call: Call,
  input: SelectorInput,
): ResultAsync<Record<string, unknown>, HostError> {
  return featureBoard(context, {
    selector: input.selector,
    resolveSelectors: call.generation.resolvesSelectors,
    executionLanes: call.generation.executionLanes,
  }).map((board) => ({ ...board }));
}
