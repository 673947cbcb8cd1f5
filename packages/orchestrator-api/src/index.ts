/**
 * `@kittyhost/orchestrator-api`: the spec-kitty orchestrator-api contract 1.0.0 — the zod schemas
 * of every input and output, the envelope, the error-code maps, and the nine operations written
 * once against core's ports. `apps/cli` and `apps/http` are thin shells around {@link execute}.
 *
 * @packageDocumentation
 */
export { fixedProject, type OperationContext, type Project } from './context.js';
export {
  CONTRACT_VERSION,
  MIN_SUPPORTED_PROVIDER_VERSION,
  SUBCOMMANDS,
  SUBCOMMAND_SUMMARIES,
  commandName,
  failureEnvelope,
  isSubcommand,
  successEnvelope,
  type Envelope,
  type EnvelopeContext,
  type Subcommand,
} from './envelope.js';
export { execute, operations, outcomeOf, type Outcome } from './execute.js';
export { inputSchemas, outputSchemas, type InputOf, type OutputOf } from './schemas.js';
export { EXIT_CODES, HTTP_STATUSES } from './status-codes.js';
export { activityTimestamp } from './operations/feature-actions.js';
export { POLICY_REQUIRED_LANES } from './operations/lane-changes.js';
