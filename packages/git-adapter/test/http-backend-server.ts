import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running smart-HTTP git server. */
export interface HttpGitServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Requests served so far (method and path), for assertions. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * Serve the bare repositories under `projectRoot` over git's smart HTTP protocol on
 * 127.0.0.1 (an ephemeral port), by running `git http-backend` as a CGI program per request
 * with `GIT_PROJECT_ROOT` and `GIT_HTTP_EXPORT_ALL`. Pushes need `http.receivepack true` in the
 * bare repository. When `token` is given, requests without basic auth carrying it as password
 * get 401.
 *
 * @example
 * ```ts
 * const server = await startHttpGitServer({ projectRoot: '/tmp/remotes' });
 * // git push http://127.0.0.1:<port>/origin.git main
 * await server.close();
 * ```
 */
export async function startHttpGitServer(options: {
  readonly projectRoot: string;
  readonly token?: string;
}): Promise<HttpGitServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (options.token !== undefined) {
      const header = request.headers.authorization ?? '';
      const decoded = header.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString('utf8')
        : '';
      if (decoded.slice(decoded.indexOf(':') + 1) !== options.token) {
        response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
        response.end('unauthorized');
        return;
      }
    }
    const backend = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: options.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        REMOTE_USER: 'kittyhost-test',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        ...(request.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: request.headers['content-encoding'] }
          : {}),
        ...(request.headers['git-protocol']
          ? { GIT_PROTOCOL: String(request.headers['git-protocol']) }
          : {}),
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    request.pipe(backend.stdin);
    let buffer = Buffer.alloc(0);
    let headersDone = false;
    backend.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      buffer = Buffer.concat([buffer, chunk]);
      const separator = buffer.indexOf('\r\n\r\n');
      if (separator === -1) return;
      headersDone = true;
      let status = 200;
      for (const line of buffer.subarray(0, separator).toString('utf8').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon === -1) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else response.setHeader(name, value);
      }
      response.writeHead(status);
      response.write(buffer.subarray(separator + 4));
    });
    backend.on('close', () => response.end());
    backend.on('error', () => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
