/**
 * `@kittyhost/http`: the orchestrator-api contract over HTTP. Every operation answers with the
 * same envelope as the `spec-kitty` CLI (both call `execute` of `@kittyhost/orchestrator-api`),
 * an OpenAPI 3.1 document is generated from the contract's zod schemas, and
 * `GET /v1/features/{feature}/events` streams status events as server-sent events.
 *
 * @packageDocumentation
 */
export { LOOPBACK_HOSTS, createApp, type HttpAppOptions } from './app.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  ProjectNotFoundError,
  isLoopback,
  startServer,
  type RunningServer,
  type StartServerOptions,
} from './server.js';
export { openProject, type OpenedProject, type ProjectLocation } from './project.js';
export {
  buildOpenApiDocument,
  envelopeSchema,
  failureEnvelopeSchema,
  statusEventDataSchema,
  successEnvelopeSchema,
  type OpenApiDocument,
  type OpenApiOptions,
} from './openapi.js';
export {
  EVENTS_PATTERN,
  OPENAPI_PATH,
  ROUTES,
  openApiPath,
  type OperationRoute,
} from './routes.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './request-input.js';
export { formatStatusEvent } from './event-stream.js';
export {
  EventLogFollower,
  type EventListener,
  type FollowerOptions,
} from './event-log-follower.js';
