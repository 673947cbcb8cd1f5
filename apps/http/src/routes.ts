import {
  GENERATION_1_0,
  GENERATION_1_3,
  type Generation,
  type Verb,
} from '@kittyhost/orchestrator-api';

/** Where an operation's input comes from over HTTP besides the path. */
export type InputLocation = 'query' | 'body';

/** A path parameter: the selector of a generation, or the WP. */
export type PathParameter = 'feature' | 'mission' | 'wp';

/** One HTTP route of an orchestrator-api subcommand. */
export interface OperationRoute {
  /** The subcommand as the CLI names it (`feature-state`, `mission-state`, `transition`, …). */
  readonly subcommand: string;
  /** The generation the route serves (its selector is a path segment). */
  readonly generation: Generation;
  readonly method: 'GET' | 'POST';
  /** Hono pattern, e.g. `/v1/features/:feature/state`. */
  readonly pattern: string;
  /** Input keys taken from the path, in order. */
  readonly pathParameters: readonly PathParameter[];
  /** Reads take the rest of their input from the query string; mutations from a JSON body. */
  readonly input: InputLocation;
}

/** The path segment after `/v1/features/:feature` or `/v1/missions/:mission` for a read verb. */
const READ_PATHS: Partial<Record<Verb, string>> = {
  state: 'state',
  ready: 'ready',
  'resolve-workspace': 'workspace',
  board: 'board',
};

/** The routes of one generation: `/v1/features/…` (1.0.0) or `/v1/missions/…` (1.3.0). */
function routesOf(generation: Generation): OperationRoute[] {
  const selector = generation.selector;
  const base = `/v1/${selector}s/:${selector}`;
  const routes: OperationRoute[] = [];
  for (const [name, spec] of Object.entries(generation.subcommands)) {
    // A subcommand without the selector (contract-version, list-features) is listed explicitly.
    if (!spec.options.some((option) => option.name === selector)) continue;
    const perWorkPackage = spec.options.some((option) => option.name === 'wp');
    const prefix = perWorkPackage ? `${base}/work-packages/:wp` : base;
    const read = READ_PATHS[spec.verb];
    routes.push({
      subcommand: name,
      generation,
      method: read === undefined ? 'POST' : 'GET',
      pattern: `${prefix}/${read ?? name}`,
      pathParameters: perWorkPackage ? [selector, 'wp'] : [selector],
      input: read === undefined ? 'body' : 'query',
    });
  }
  return routes;
}

/**
 * The HTTP routes, one per subcommand of each generation. The rule: reads are `GET` on a
 * resource noun with the other inputs as query parameters; mutations are `POST` on a path ending
 * with the subcommand's own name, the other inputs in a JSON body. The selector (`feature` for
 * contract 1.0.0 under `/v1/features/`, `mission` for 1.3.0 under `/v1/missions/`) and `wp` are
 * always path segments. Input names are the CLI's (`--review-ref` → `review_ref`).
 *
 * @example
 * ```ts
 * ROUTES.find((route) => route.subcommand === 'resolve-workspace')?.pattern;
 * // '/v1/missions/:mission/work-packages/:wp/workspace'
 * ```
 */
export const ROUTES: readonly OperationRoute[] = [
  {
    subcommand: 'contract-version',
    generation: GENERATION_1_3,
    method: 'GET',
    pattern: '/v1/contract-version',
    pathParameters: [],
    input: 'query',
  },
  {
    subcommand: 'list-features',
    generation: GENERATION_1_3,
    method: 'GET',
    pattern: '/v1/features',
    pathParameters: [],
    input: 'query',
  },
  ...routesOf(GENERATION_1_0),
  ...routesOf(GENERATION_1_3),
];

/** The server-sent-events routes of a feature's (mission's) status events. */
export const EVENTS_PATTERNS: readonly {
  readonly pattern: string;
  readonly generation: Generation;
}[] = [
  { pattern: '/v1/features/:feature/events', generation: GENERATION_1_0 },
  { pattern: '/v1/missions/:mission/events', generation: GENERATION_1_3 },
];

/** The 1.0 events route (kept for readers of the first release). */
export const EVENTS_PATTERN = '/v1/features/:feature/events';

/** The OpenAPI document route. */
export const OPENAPI_PATH = '/openapi.json';

/** `/v1/features/:feature/state` → `/v1/features/{feature}/state` (OpenAPI path template). */
export function openApiPath(pattern: string): string {
  return pattern.replace(/:([a-z_]+)/g, '{$1}');
}
