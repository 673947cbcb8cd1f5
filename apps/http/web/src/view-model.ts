// The board's view model as the server's JSON reads return it (types only: erased in the bundle).
export type {
  BoardCard,
  BoardHistoryEntry,
  BoardProblem,
  FeatureBoard,
  FeatureListing,
  FeatureSummary,
} from '../../../../packages/orchestrator-api/src/board/view-model.js';
