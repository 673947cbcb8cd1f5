import { ERROR_CODES, LANES, SEED_LANE } from '@kittyhost/core';
import {
  GENERATION_1_0,
  HTTP_STATUSES,
  SUPPORTED_CONTRACT_VERSIONS,
  inputSchema,
  outputSchema,
  type Generation,
} from '@kittyhost/orchestrator-api';
import * as z from 'zod/mini';
import { EVENTS_PATTERNS, ROUTES, openApiPath, type OperationRoute } from './routes.js';

/** The envelope's fields shared by success and failure. */
const envelopeFields = {
  /** The generation of the call: `1.0.0` under `/v1/features/`, `1.3.0` under `/v1/missions/`. */
  contract_version: z.enum(SUPPORTED_CONTRACT_VERSIONS),
  /** `orchestrator-api.<subcommand>`, or `orchestrator-api` when no subcommand applies. */
  command: z.string(),
  /** ISO-8601 UTC, e.g. `2026-02-23T18:03:22.152000+00:00`. */
  timestamp: z.string(),
  correlation_id: z.string().check(z.regex(/^corr-[0-9a-f]{32}$/)),
};

/**
 * The zod schema of a success envelope whose `data` is `data`.
 *
 * @example
 * ```ts
 * successEnvelopeSchema(outputSchemas['list-ready']).parse(await response.json());
 * ```
 */
export function successEnvelopeSchema<Data extends z.ZodMiniType>(data: Data) {
  return z.strictObject({
    ...envelopeFields,
    success: z.literal(true),
    error_code: z.null(),
    data,
  });
}

/** The zod schema of every failure envelope: `data` is `{ message, ...structured fields }`. */
export const failureEnvelopeSchema = z.strictObject({
  ...envelopeFields,
  success: z.literal(false),
  error_code: z.enum(ERROR_CODES),
  data: z.looseObject({ message: z.string() }),
});

/** The zod schema of any envelope. */
export const envelopeSchema = z.union([
  successEnvelopeSchema(z.record(z.string(), z.unknown())),
  failureEnvelopeSchema,
]);

const lane = z.enum([...LANES, 'doing']);
const jsonObject = z.record(z.string(), z.unknown());
const actor = z.union([
  z.string(),
  z.strictObject({
    role: z.nullable(z.string()),
    profile: z.nullable(z.string()),
    tool: z.nullable(z.string()),
    model: z.nullable(z.string()),
  }),
]);

/**
 * `data:` of an SSE `status` message: one lane-event line of the log, exactly as written — a
 * contract 1.0 line (`feature_slug`) or a 1.3 line (`mission_slug`, `mission_id`,
 * `review_result`).
 */
export const statusEventDataSchema = z.looseObject({
  event_id: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
  feature_slug: z.optional(z.string()),
  mission_slug: z.optional(z.string()),
  mission_id: z.optional(z.string()),
  wp_id: z.string(),
  from_lane: z.enum([...LANES, 'doing', SEED_LANE]),
  to_lane: lane,
  at: z.string(),
  actor,
  force: z.boolean(),
  execution_mode: z.enum(['worktree', 'direct_repo']),
  reason: z.nullable(z.string()),
  review_ref: z.nullable(z.string()),
  evidence: z.nullable(jsonObject),
  policy_metadata: z.nullable(jsonObject),
  review_result: z.optional(jsonObject),
});

/** `data:` of an SSE `annotation` message: an annotation row exactly as written. */
export const annotationDataSchema = z.looseObject({
  event_id: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
  kind: z.literal('annotation'),
  wp_id: z.string(),
  at: z.string(),
  actor,
  delta: jsonObject,
});

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
};

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

/**
 * `start-implementation` → `StartImplementation` (1.0.0); a name both generations have is
 * `…Mission` at 1.3.0 (`StartImplementationMission`); 1.3's own names stay as they are.
 */
function pascal(route: { subcommand: string; generation: Generation }): string {
  const name = route.subcommand.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) =>
    letter.toUpperCase(),
  );
  const shared =
    route.subcommand in GENERATION_1_0.subcommands &&
    route.subcommand !== 'contract-version' &&
    route.subcommand !== 'list-features';
  return route.generation.version === '1.3.0' && shared ? `${name}Mission` : name;
}

const reference = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const FAILURE_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'USAGE_ERROR (bad query, body, type or unknown field), POLICY_METADATA_REQUIRED, UNSUPPORTED_STRATEGY',
  401: 'USAGE_ERROR: a token is configured and the request has no valid `Authorization: Bearer <token>`',
  403: 'USAGE_ERROR: a cross-origin browser request, or a Host header this server does not answer to',
  404: 'FEATURE_NOT_FOUND (1.0.0), MISSION_NOT_FOUND (1.3.0), WP_NOT_FOUND',
  409: 'TRANSITION_REJECTED, WP_ALREADY_CLAIMED, FEATURE_NOT_READY / MISSION_NOT_READY, DEPENDENCIES_NOT_SATISFIED, LANE_ALLOCATION_FAILED, WORKFLOW_EVIDENCE_REQUIRED, MISSION_AMBIGUOUS_SELECTOR, STATUS_READ_PATH_NOT_FOUND, PREFLIGHT_FAILED, MERGE_FAILED, CONTRACT_VERSION_MISMATCH',
  413: 'USAGE_ERROR: the body is larger than the limit',
  415: 'USAGE_ERROR: the body is not sent as application/json',
  422: 'POLICY_VALIDATION_FAILED, SPEC_INVALID',
  500: 'EVENT_LOG_CORRUPT, HISTORY_COMMIT_FAILED, INTERNAL_ERROR',
  502: 'PUSH_FAILED',
  503: 'INTERNAL_ERROR: the server is shutting down',
};

function failureResponses(route: OperationRoute | undefined): Record<string, unknown> {
  const statuses = new Set<number>(Object.values(HTTP_STATUSES));
  statuses.add(403);
  if (route === undefined || route.method === 'POST')
    [401, 413, 415, 503].forEach((status) => statuses.add(status));
  if (route?.subcommand !== 'merge-feature') statuses.delete(502);
  const responses: Record<string, unknown> = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    responses[String(status)] = {
      description: FAILURE_DESCRIPTIONS[status] ?? 'A failure envelope',
      content: { 'application/json': { schema: reference('FailureEnvelope') } },
    };
  }
  return responses;
}

const PATH_PARAMETERS: Readonly<Record<string, string>> = {
  feature: 'Feature slug (a directory under kitty-specs/): contract 1.0.0',
  mission: 'Mission (its directory under kitty-specs/): contract 1.3.0',
  wp: 'Work package id, e.g. WP01',
};

const pathParameter = (name: string) => ({
  name,
  in: 'path',
  required: true,
  description: PATH_PARAMETERS[name] ?? name,
  schema: { type: 'string' },
});

function operationObject(route: OperationRoute, secured: boolean): Record<string, unknown> {
  const name = pascal(route);
  const input = jsonSchema(inputSchema(route.generation, route.subcommand), 'input');
  const properties = { ...input.properties };
  for (const key of route.pathParameters) delete properties[key];
  const required = (input.required ?? []).filter(
    (key) => !(route.pathParameters as readonly string[]).includes(key),
  );
  const operation: Record<string, unknown> = {
    operationId: name.charAt(0).toLowerCase() + name.slice(1),
    summary: route.generation.subcommands[route.subcommand]?.summary ?? route.subcommand,
    description: `Contract ${route.generation.version}: \`orchestrator-api ${route.subcommand}\`; answers with its envelope (\`command: orchestrator-api.${route.subcommand}\`, \`contract_version: ${route.generation.version}\`).`,
    tags: [route.method === 'GET' ? 'queries' : 'mutations'],
    parameters: [
      ...route.pathParameters.map(pathParameter),
      ...(route.input === 'query'
        ? Object.entries(properties).map(([key, schema]) => ({
            name: key,
            in: 'query',
            required: required.includes(key),
            schema,
          }))
        : []),
    ],
    responses: {
      '200': {
        description: `Success: \`data\` is the ${route.subcommand} result`,
        content: { 'application/json': { schema: reference(`${name}Success`) } },
      },
      ...failureResponses(route),
    },
  };
  if (route.input === 'body') {
    operation['requestBody'] = {
      required: false,
      description:
        'The remaining inputs, named as the CLI options (snake_case). An empty body is {}.',
      content: {
        'application/json': {
          schema: {
            ...input,
            properties,
            ...(required.length > 0 ? { required } : { required: undefined }),
          },
        },
      },
    };
    if (secured) operation['security'] = [{ bearerAuth: [] }];
  }
  return JSON.parse(JSON.stringify(operation)) as Record<string, unknown>;
}

function eventsOperation(generation: Generation): Record<string, unknown> {
  return {
    operationId: generation.selector === 'feature' ? 'featureEvents' : 'missionEvents',
    summary: `Server-sent events: each row appended to the ${generation.selector}'s status log, by this server or any CLI process`,
    description: [
      'Each message: `id:` = event_id, `event: status` (a lane event, schema StatusEvent) or `event: annotation` (a history entry or subtask mark, schema Annotation), `data:` = the log line exactly as written.',
      'Without a resume point only events appended after connecting are sent; `replay=true` sends the whole log first.',
      '`Last-Event-ID` (header, or `last_event_id` query parameter; the header wins) resumes after that event, in log order,',
      'without loss or duplicates; an id not in the log replays the whole log. A `: heartbeat` comment keeps the connection alive.',
    ].join(' '),
    tags: ['events'],
    parameters: [
      pathParameter(generation.selector),
      { name: 'last_event_id', in: 'query', required: false, schema: { type: 'string' } },
      {
        name: 'replay',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['true', 'false', '1', '0'] },
      },
      { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'An event stream',
        content: {
          'text/event-stream': {
            schema: { type: 'string' },
            example: 'id: 01J…\nevent: status\ndata: {"event_id":"01J…",…}\n\n',
          },
        },
      },
      ...failureResponses(undefined),
    },
  };
}

/** The generated document (plain JSON). */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: Readonly<Record<string, unknown>>;
  /** Path → method → operation object. */
  readonly paths: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly components: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiOptions {
  /** Whether mutations need a bearer token (declared as their `security`). */
  readonly tokenRequired?: boolean;
  /** Version of this package, for `info.version`. */
  readonly version?: string;
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the contract's zod schemas
 * (`inputSchemas`, `outputSchemas`) and the envelope schemas above.
 *
 * @example
 * ```ts
 * const document = buildOpenApiDocument({ tokenRequired: true });
 * document.paths['/v1/features/{feature}/ready']?.['get']?.['operationId']; // 'listReady'
 * ```
 */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const schemas: Record<string, unknown> = {
    FailureEnvelope: jsonSchema(failureEnvelopeSchema, 'output'),
    StatusEvent: jsonSchema(statusEventDataSchema, 'output'),
    Annotation: jsonSchema(annotationDataSchema, 'output'),
  };
  const paths: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const route of ROUTES) {
    const name = pascal(route);
    const output = outputSchema(route.generation, route.subcommand);
    schemas[`${name}Input`] = jsonSchema(inputSchema(route.generation, route.subcommand), 'input');
    schemas[`${name}Data`] = jsonSchema(output, 'output');
    schemas[`${name}Success`] = jsonSchema(successEnvelopeSchema(output), 'output');
    const path = openApiPath(route.pattern);
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: operationObject(route, options.tokenRequired === true),
    };
  }
  for (const { pattern, generation } of EVENTS_PATTERNS)
    paths[openApiPath(pattern)] = { get: eventsOperation(generation) };
  paths['/openapi.json'] = {
    get: {
      operationId: 'openApiDocument',
      summary: 'This document',
      tags: ['meta'],
      responses: {
        '200': {
          description: 'The OpenAPI 3.1 document',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Kitty Host — orchestrator-api over HTTP',
      version: options.version ?? '0.1.0',
      description: `The spec-kitty orchestrator-api contract over HTTP, both generations: 1.0.0 under /v1/features/{feature}/… and 1.3.0 under /v1/missions/{mission}/…. Every answer is the contract's envelope, identical to the CLI's; HTTP statuses follow the error code. Error codes: ${ERROR_CODES.join(', ')}.`,
    },
    tags: [
      { name: 'queries', description: 'Read-only operations (GET, query parameters)' },
      { name: 'mutations', description: 'Operations that change the project (POST, JSON body)' },
      { name: 'events', description: 'Live status events' },
      { name: 'meta', description: 'About this API' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'KITTYHOST_HTTP_TOKEN / --token',
        },
      },
    },
  };
}
