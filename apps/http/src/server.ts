import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostError } from '@kittyhost/core';
import type { Project } from '@kittyhost/orchestrator-api';
import { createAdaptorServer } from '@hono/node-server';
import { LOOPBACK_HOSTS, createHttpHost, type HttpAppOptions } from './app.js';
import { answerClientError, type ClientError } from './client-error.js';
import { openProject, type ProjectLocation } from './project.js';

/** The port `spec-kitty-http` listens on unless told otherwise. */
export const DEFAULT_PORT = 7300;
/** The address it binds unless told otherwise: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

/**
 * Options of {@link startServer}: the app's options, where to listen, and where the project is.
 *
 * @example
 * ```ts
 * const server = await startServer({ repo: '/path/to/repo', port: 0, token: 's3cret' });
 * ```
 */
export interface StartServerOptions
  extends Omit<HttpAppOptions, 'project' | 'allowedHosts'>, ProjectLocation {
  /** Already opened adapters; default: found from `repo` / `SPECIFY_REPO_ROOT` / `cwd` at start-up. */
  readonly project?: Project;
  /** Address to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port; 0 picks a free one. Default {@link DEFAULT_PORT}. */
  readonly port?: number;
  /** Host names to answer to. Default: the loopback names when bound to loopback, else any. */
  readonly allowedHosts?: readonly string[] | 'any';
  /** How long `close()` waits for running requests before it cuts connections. Default 30 000 ms. */
  readonly shutdownTimeoutMs?: number;
}

/** A running server. */
export interface RunningServer {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The project root it serves. */
  readonly root: string;
  /** Requests being answered right now (graceful shutdown waits for them). */
  readonly activeRequests: number;
  /**
   * Graceful shutdown: stop accepting connections, end event streams, refuse new mutations (503),
   * let every running request finish, then close. Idempotent.
   */
  close(): Promise<void>;
}

/** Thrown by {@link startServer} when the project cannot be opened. */
export class ProjectNotFoundError extends Error {
  readonly error: HostError;
  constructor(error: HostError) {
    super(error.message);
    this.name = 'ProjectNotFoundError';
    this.error = error;
  }
}

/** Is this bind address reachable only from this machine? */
export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/**
 * Open the project and serve the HTTP API on Node. Resolves once listening.
 *
 * @example
 * ```ts
 * const server = await startServer({ repo: '/path/to/repo', port: 0 });
 * const ready = await fetch(`${server.url}/v1/features/001-demo/ready`).then((response) => response.json());
 * await server.close();
 * ```
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  let project = options.project;
  if (project === undefined) {
    const opened = await openProject(options);
    if (!opened.ok) throw new ProjectNotFoundError(opened.error);
    project = opened.value;
  }
  const host = options.host ?? DEFAULT_HOST;
  const allowedHosts =
    options.allowedHosts ??
    (isLoopback(host) ? [...LOOPBACK_HOSTS, ...(host.startsWith('127.') ? [host] : [])] : 'any');
  const { app, lifecycle, dispose, renderFailure } = createHttpHost({
    ...options,
    project,
    allowedHosts,
  });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  // What Node's parser refuses (headers over 16 KiB, garbage) gets an envelope, not a bare 431/400.
  server.on('clientError', (error: ClientError, socket: Duplex) =>
    answerClientError(error, socket, renderFailure),
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 30_000;
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      let isClosed = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
        isClosed = true;
      });
      server.closeIdleConnections();
      await Promise.race([lifecycle.drain(), sleep(shutdownTimeoutMs)]);
      dispose();
      // Every running request has answered: close keep-alive connections as they go idle (the
      // last bytes of a response may still be on their way), then cut whatever is left.
      const deadline = Date.now() + 1_000;
      while (!isClosed && Date.now() < deadline) {
        server.closeIdleConnections();
        await Promise.race([closed, sleep(20)]);
      }
      server.closeAllConnections();
      await closed;
    })();
    return closing;
  };

  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    root: project.store.root,
    get activeRequests() {
      return lifecycle.inFlight;
    },
    close,
  };
}
