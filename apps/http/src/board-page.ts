import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { internalFailure, usageFailure, type TransportFailure } from './transport-failure.js';

/**
 * The Content-Security-Policy of the web board: everything from this server only, no inline
 * script or style, no plug-ins, no framing, no `<base>` tricks. The page's script is a file
 * (`/board/assets/board-<hash>.js`) and it builds the DOM from text, never from markup.
 */
export const BOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The page routes: the feature list, a feature's kanban (contract 1.0.0), a mission's (1.3.0). */
export const BOARD_PAGE_PATTERNS: readonly string[] = [
  '/',
  '/features/:feature',
  '/missions/:mission',
];

/** Where the hashed assets are served. */
export const BOARD_ASSETS_PREFIX = '/board/assets/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The board's files, read once. */
export interface BoardAssets {
  /** `index.html` with its `{{token_required}}` / `{{version}}` / `{{preload}}` placeholders. */
  readonly template: string;
  /** Asset file name → bytes and content type. */
  readonly files: ReadonlyMap<
    string,
    { readonly body: Uint8Array<ArrayBuffer>; readonly type: string }
  >;
}

/**
 * Where the built board is: `dist/board/` next to the bundle (or its chunk), or, when the server
 * runs from source (tests), `../dist/board/` of `src/`. `undefined` when it is not built.
 *
 * @example
 * ```ts
 * defaultBoardDirectory(); // '/…/node_modules/@kittyhost/http/dist/board'
 * ```
 */
export function defaultBoardDirectory(): string | undefined {
  for (const candidate of ['./board/', '../board/', '../dist/board/']) {
    const directory = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(join(directory, 'index.html'))) return directory;
  }
  return undefined;
}

/**
 * Read the board's page and assets from `directory` (what `scripts/build.mjs` writes).
 *
 * @example
 * ```ts
 * const assets = loadBoardAssets('/…/dist/board');
 * assets.files.size; // 3: script, stylesheet, icon
 * ```
 */
export function loadBoardAssets(directory: string): BoardAssets {
  const template = readFileSync(join(directory, 'index.html'), 'utf8');
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
  const assets = join(directory, 'assets');
  for (const name of readdirSync(assets)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type !== undefined)
      files.set(name, { body: new Uint8Array(readFileSync(join(assets, name))), type });
  }
  return { template, files };
}

/**
 * The JSON the page reads first on a route, named in the page so the browser fetches it while it
 * loads the script (`<link rel="preload" as="fetch">`): the listing, or the feature's board.
 */
function firstRead(parameters: Readonly<Record<string, string>>): string {
  const feature = parameters['feature'];
  const mission = parameters['mission'];
  if (feature !== undefined) return `/v1/features/${encodeURIComponent(feature)}/board`;
  if (mission !== undefined) return `/v1/missions/${encodeURIComponent(mission)}/board`;
  return '/v1/features';
}

const escapeAttribute = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Headers of every board response. */
function safetyHeaders(): Record<string, string> {
  return {
    'content-security-policy': BOARD_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** Options of {@link registerBoardRoutes}. */
export interface BoardRoutesOptions {
  /** The built board's directory; `null` serves no board (404); default {@link defaultBoardDirectory}. */
  readonly directory?: string | null | undefined;
  /** Tells the page to ask for the bearer token before its first action. */
  readonly tokenRequired: boolean;
  /** Recorded in the policy the page sends (`orchestrator_version`). */
  readonly version?: string | undefined;
  /** Answer a failure with the server's envelope. */
  readonly fail: (failure: TransportFailure) => Response;
}

/**
 * Serve the web board on `app`: `GET /` (the feature list), `GET /features/{S}` and
 * `GET /missions/{m}` (one kanban; the page reads the board JSON and follows the event stream)
 * and `GET /board/assets/<name>` (the hashed script, stylesheet and icon), every answer with
 * {@link BOARD_CONTENT_SECURITY_POLICY}. The page is the same for every route; it tells whether
 * the server needs a token in `<meta name="kittyhost-token-required">`.
 *
 * @example
 * ```ts
 * registerBoardRoutes(app, { tokenRequired: token !== undefined, version: '0.1.0', fail });
 * ```
 */
export function registerBoardRoutes(app: Hono, options: BoardRoutesOptions): void {
  if (options.directory === null) return;
  const directory = options.directory ?? defaultBoardDirectory();
  const assets =
    directory === undefined || !existsSync(join(directory, 'index.html'))
      ? undefined
      : loadBoardAssets(directory);
  const page =
    assets === undefined
      ? undefined
      : assets.template
          .replaceAll('{{token_required}}', options.tokenRequired ? 'true' : 'false')
          .replaceAll('{{version}}', escapeAttribute(options.version ?? '0.1.0'));
  const notBuilt = (): Response =>
    options.fail(
      internalFailure(
        503,
        'The web board is not built: run the build of @kittyhost/http (it writes dist/board/)',
      ),
    );
  const onlyGet = (pattern: string) => (c: { req: { method: string } }) =>
    options.fail(
      usageFailure(405, `Use GET ${pattern} (not ${c.req.method})`, undefined, { allow: 'GET' }),
    );

  for (const pattern of BOARD_PAGE_PATTERNS) {
    app.get(pattern, (c) =>
      page === undefined
        ? notBuilt()
        : new Response(page.replace('{{preload}}', escapeAttribute(firstRead(c.req.param()))), {
            status: 200,
            headers: {
              'content-type': 'text/html; charset=utf-8',
              'cache-control': 'no-cache',
              ...safetyHeaders(),
            },
          }),
    );
    app.all(pattern, onlyGet(pattern));
  }
  const assetPattern = `${BOARD_ASSETS_PREFIX}:name`;
  app.get(assetPattern, (c) => {
    const file = assets?.files.get(c.req.param('name'));
    if (file === undefined)
      return options.fail(usageFailure(404, `No board asset ${new URL(c.req.url).pathname}`));
    return new Response(file.body, {
      status: 200,
      headers: {
        'content-type': file.type,
        // Names carry a hash of their content: a new build has new names.
        'cache-control': 'public, max-age=31536000, immutable',
        ...safetyHeaders(),
      },
    });
  });
  app.all(assetPattern, onlyGet(assetPattern));
}
