import type { Subcommand } from '@kittyhost/orchestrator-api';

/** Where an operation's input comes from over HTTP besides the path. */
export type InputLocation = 'query' | 'body';

/** One HTTP route of an orchestrator-api subcommand. */
export interface OperationRoute {
  readonly subcommand: Subcommand;
  readonly method: 'GET' | 'POST';
  /** Hono pattern, e.g. `/v1/features/:feature/state`. */
  readonly pattern: string;
  /** Input keys taken from the path, in order. */
  readonly pathParameters: readonly ('feature' | 'wp')[];
  /** Reads take the rest of their input from the query string; mutations from a JSON body. */
  readonly input: InputLocation;
}

const FEATURE = '/v1/features/:feature';
const WORK_PACKAGE = `${FEATURE}/work-packages/:wp`;

/**
 * The HTTP routes, one per subcommand. The rule: reads are `GET` on a resource noun with the
 * other inputs as query parameters; mutations are `POST` on a path ending with the subcommand's
 * own name, the other inputs in a JSON body. `feature` and `wp` are always path segments. Input
 * names are the CLI's (`--review-ref` → `review_ref`).
 *
 * @example
 * ```ts
 * ROUTES.find((route) => route.subcommand === 'transition')?.pattern;
 * // '/v1/features/:feature/work-packages/:wp/transition'
 * ```
 */
export const ROUTES: readonly OperationRoute[] = [
  {
    subcommand: 'contract-version',
    method: 'GET',
    pattern: '/v1/contract-version',
    pathParameters: [],
    input: 'query',
  },
  {
    subcommand: 'feature-state',
    method: 'GET',
    pattern: `${FEATURE}/state`,
    pathParameters: ['feature'],
    input: 'query',
  },
  {
    subcommand: 'list-ready',
    method: 'GET',
    pattern: `${FEATURE}/ready`,
    pathParameters: ['feature'],
    input: 'query',
  },
  {
    subcommand: 'start-implementation',
    method: 'POST',
    pattern: `${WORK_PACKAGE}/start-implementation`,
    pathParameters: ['feature', 'wp'],
    input: 'body',
  },
  {
    subcommand: 'start-review',
    method: 'POST',
    pattern: `${WORK_PACKAGE}/start-review`,
    pathParameters: ['feature', 'wp'],
    input: 'body',
  },
  {
    subcommand: 'transition',
    method: 'POST',
    pattern: `${WORK_PACKAGE}/transition`,
    pathParameters: ['feature', 'wp'],
    input: 'body',
  },
  {
    subcommand: 'append-history',
    method: 'POST',
    pattern: `${WORK_PACKAGE}/append-history`,
    pathParameters: ['feature', 'wp'],
    input: 'body',
  },
  {
    subcommand: 'accept-feature',
    method: 'POST',
    pattern: `${FEATURE}/accept-feature`,
    pathParameters: ['feature'],
    input: 'body',
  },
  {
    subcommand: 'merge-feature',
    method: 'POST',
    pattern: `${FEATURE}/merge-feature`,
    pathParameters: ['feature'],
    input: 'body',
  },
];

/** The server-sent-events route of a feature's status events. */
export const EVENTS_PATTERN = `${FEATURE}/events`;

/** The OpenAPI document route. */
export const OPENAPI_PATH = '/openapi.json';

/** `/v1/features/:feature/state` → `/v1/features/{feature}/state` (OpenAPI path template). */
export function openApiPath(pattern: string): string {
  return pattern.replace(/:([a-z_]+)/g, '{$1}');
}
