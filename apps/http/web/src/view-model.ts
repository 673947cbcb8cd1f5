// The board's view model as the server's JSON reads return it (types only: erased in the bundle).
export type {
  BoardCard,
  BoardHistoryEntry,
  BoardProblem,
  BoardProgress,
  FeatureBoard,
  FeatureListing,
  FeatureSummary,
} from '@kittyhost/orchestrator-api';
