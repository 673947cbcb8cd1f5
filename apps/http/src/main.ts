// spec-kitty-http: parse flags, start the server, shut down gracefully on SIGTERM / SIGINT.
import { parseArgs } from 'node:util';
import { parseDuration } from '@kittyhost/core';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  ProjectNotFoundError,
  isLoopback,
  startServer,
} from './server.js';

const VERSION = process.env['KITTYHOST_HTTP_VERSION'] ?? '0.1.0';

const HELP = `Usage: spec-kitty-http [options]

Serve the orchestrator-api contract over HTTP (same envelopes as \`spec-kitty orchestrator-api\`).

Options:
  --repo <dir>          project root (default: $SPECIFY_REPO_ROOT, else found from the current directory)
  --host <address>      address to bind (default: ${DEFAULT_HOST}, loopback only)
  --port <n>            port (default: ${DEFAULT_PORT}; 0 picks a free one)
  --token <token>       require "Authorization: Bearer <token>" on mutations (default: $KITTYHOST_HTTP_TOKEN)
  --heartbeat-ms <n>    SSE heartbeat interval (default: 15000)
  --body-limit <bytes>  largest request body (default: 1048576)
  --no-query-cache      compute every feature-state / list-ready answer from the files
  --claim-ttl <duration> leases: claims not renewed for this long may be taken over (30m, 2h, 90s;
                        default: $KITTYHOST_CLAIM_TTL; a project's .kittify/config.yaml
                        orchestrator_api.claim_ttl wins; none: claims never expire)
  -h, --help            show this help
  -V, --version         show the version

Routes: GET /openapi.json lists them all. The web board is at / (a feature's kanban at
/features/<slug>, a mission's at /missions/<slug>).`;

function fail(message: string): never {
  process.stderr.write(`spec-kitty-http: ${message}\n`);
  process.exit(2);
}

function positiveInteger(name: string, text: string | undefined, minimum = 0): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum)
    fail(`--${name} must be an integer >= ${minimum}, got ${JSON.stringify(text)}`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        repo: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        'body-limit': { type: 'string' },
        'no-query-cache': { type: 'boolean' },
        'claim-ttl': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
  }
  if (values.help === true) return void process.stdout.write(`${HELP}\n`);
  if (values.version === true) return void process.stdout.write(`${VERSION}\n`);

  const tokenText = values.token ?? process.env['KITTYHOST_HTTP_TOKEN'];
  const token = tokenText === undefined || tokenText === '' ? undefined : tokenText;
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token))
    fail('the token must be printable ASCII without spaces');
  const host = values.host ?? DEFAULT_HOST;
  const heartbeatMs = positiveInteger('heartbeat-ms', values['heartbeat-ms'], 1);
  const bodyLimitBytes = positiveInteger('body-limit', values['body-limit'], 1);
  const ttlText = values['claim-ttl'] ?? process.env['KITTYHOST_CLAIM_TTL'];
  const ttlSource = values['claim-ttl'] === undefined ? 'KITTYHOST_CLAIM_TTL' : '--claim-ttl';
  if (ttlText !== undefined && ttlText.trim() !== '') {
    const parsed = parseDuration(ttlText, ttlSource);
    if (parsed.isErr()) fail(parsed.error.message);
  }

  let server;
  try {
    server = await startServer({
      repo: values.repo,
      host,
      port: positiveInteger('port', values.port) ?? DEFAULT_PORT,
      token,
      version: VERSION,
      cacheQueries: values['no-query-cache'] !== true,
      ...(ttlText === undefined || ttlText.trim() === ''
        ? {}
        : { defaultClaimTtl: { value: ttlText, source: ttlSource } }),
      ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
      ...(bodyLimitBytes === undefined ? {} : { bodyLimitBytes }),
    });
  } catch (error) {
    if (error instanceof ProjectNotFoundError) fail(error.message);
    fail(`cannot listen on ${host}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isLoopback(host) && token === undefined) {
    process.stderr.write(
      'spec-kitty-http: WARNING: listening beyond loopback without a token: anyone who can reach it can mutate the project\n',
    );
  }
  process.stdout.write(
    `spec-kitty-http ${VERSION} listening on ${server.url} for ${server.root}${token === undefined ? '' : ' (mutations need a bearer token)'}\n`,
  );
  process.stdout.write(`spec-kitty-http: the board is at ${server.url}/\n`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stdout.write(
      `spec-kitty-http: ${signal}: finishing ${server.activeRequests} running request(s), then exiting\n`,
    );
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
