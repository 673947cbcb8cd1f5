/**
 * `@kittyhost/orchestrator-api`: the spec-kitty orchestrator-api contract in both of its
 * generations (1.0.0 and 1.3.0) — the subcommands and options of each, the zod schemas of every
 * input and output, the envelope, the error-code maps, and one operation per verb written once
 * against core's ports. `apps/cli` and `apps/http` are thin shells around {@link execute}.
 *
 * @packageDocumentation
 */
export { fixedProject, type OperationContext, type Project } from './context.js';
export {
  CONTRACT_VERSION,
  MIN_SUPPORTED_PROVIDER_VERSION,
  SUPPORTED_CONTRACT_VERSIONS,
  commandName,
  failureEnvelope,
  successEnvelope,
  type Envelope,
  type EnvelopeContext,
} from './envelope.js';
export { execute, operations, outcomeOf, type Operation, type Outcome } from './execute.js';
export {
  GENERATIONS,
  GENERATION_1_0,
  GENERATION_1_3,
  NEWEST_GENERATION,
  OPTION,
  SUBCOMMAND_NAMES,
  VERBS,
  isSubcommandName,
  missionIdentity,
  optionKey,
  resolveCall,
  selectorOption,
  type ClaimKind,
  type Generation,
  type GenerationMessages,
  type OptionKind,
  type OptionSpec,
  type ResolvedCall,
  type SubcommandSpec,
  type Verb,
} from './generations/index.js';
export { inputSchema, outputSchema } from './schemas.js';
export { EXIT_CODES, HTTP_STATUSES } from './status-codes.js';
export { activityTimestamp } from './operations/shared.js';
export {
  bareSubtaskId,
  markSubtasks,
  type MarkSubtaskResult,
  type MarkSubtasksAnswer,
  type MarkSubtasksInput,
} from './subtasks/mark-subtasks.js';
export {
  HISTORY_LIMIT,
  featureBoard,
  featureBoardSchema,
  featureKind,
  featureListingSchema,
  featureTitle,
  firstHeading,
  listFeatures,
  progressOf,
  type BoardCard,
  type BoardHistoryEntry,
  type BoardLease,
  type BoardProblem,
  type BoardProgress,
  type FeatureBoard,
  type FeatureBoardInput,
  type FeatureListing,
  type FeatureSummary,
} from './board/index.js';
