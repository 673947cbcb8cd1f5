// Test harness: sample projects, the built CLI as a subprocess, the server over real HTTP, and a
// small server-sent-events client.
import { execFileSync, spawn } from 'node:child_process';
import { resolveCall } from '@kittyhost/orchestrator-api';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROUTES, startServer, type RunningServer, type StartServerOptions } from '../src/index.js';
import { SAMPLE_FEATURE, SAMPLE_POLICY, createSampleProject } from '@kittyhost/sample-project';
import { CLI } from './paths.js';

export const FEATURE: string = SAMPLE_FEATURE;
export const POLICY: Record<string, unknown> = SAMPLE_POLICY;

export interface Envelope {
  contract_version: string;
  command: string;
  timestamp: string;
  correlation_id: string;
  success: boolean;
  error_code: string | null;
  data: Record<string, any>;
}

export interface WorkPackageDraft {
  id: string;
  slug?: string;
  title: string;
  dependencies: string[];
}

/** A fresh sample project (a git repository with one feature) in a temp directory. */
export function sampleProject(
  options: { workPackages?: WorkPackageDraft[]; checkedSubtasks?: boolean } = {},
): {
  root: string;
  featureDir: string;
} {
  const root = mkdtempSync(join(tmpdir(), 'kittyhost-http-'));
  return createSampleProject(root, options);
}

/** `count` independent WPs `WP01`…: many providers can work at once. */
export function independentWorkPackages(count: number): WorkPackageDraft[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `WP${String(index + 1).padStart(2, '0')}`,
    slug: 'task',
    title: `Task ${index + 1}`,
    dependencies: [],
  }));
}

/** Input as the HTTP API takes it (snake_case keys, booleans, objects) → CLI argv. */
export function cliArgs(subcommand: string, input: Record<string, unknown>): string[] {
  const args = ['orchestrator-api', subcommand];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === false) continue;
    const flag = `--${key.replaceAll('_', '-')}`;
    if (value === true) args.push(flag);
    else args.push(flag, typeof value === 'string' ? value : JSON.stringify(value));
  }
  args.push('--json');
  return args;
}

export interface CliResult {
  status: number | null;
  envelope: Envelope;
}

/** Run the built CLI in `root`; resolves with its exit code and its one envelope. */
export function cli(
  root: string,
  subcommand: string,
  input: Record<string, unknown> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...cliArgs(subcommand, input)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve({ status, envelope: JSON.parse(stdout) as Envelope });
      } catch {
        reject(new Error(`CLI printed no envelope (exit ${status}): ${stdout}${stderr}`));
      }
    });
  });
}

export interface HttpResult {
  status: number;
  headers: Headers;
  envelope: Envelope;
}

function encode(value: unknown): string {
  return encodeURIComponent(String(value));
}

/** The URL and request of a subcommand's route for `input` (path parameters out of the input). */
export function requestFor(
  baseUrl: string,
  subcommand: string,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
): { url: string; init: RequestInit } {
  const resolved = resolveCall(subcommand, input);
  const generation = resolved.isOk() ? resolved.value.generation : undefined;
  const route =
    ROUTES.find(
      (candidate) => candidate.subcommand === subcommand && candidate.generation === generation,
    ) ?? ROUTES.find((candidate) => candidate.subcommand === subcommand);
  if (route === undefined) throw new Error(`no route for ${subcommand}`);
  const rest: Record<string, unknown> = { ...input };
  let path = route.pattern;
  for (const key of route.pathParameters) {
    path = path.replace(`:${key}`, encode(rest[key]));
    delete rest[key];
  }
  if (route.method === 'GET') {
    const query = new URLSearchParams(
      Object.entries(rest).map(([key, value]): [string, string] => [key, String(value)]),
    ).toString();
    return {
      url: `${baseUrl}${path}${query === '' ? '' : `?${query}`}`,
      init: { method: 'GET', headers },
    };
  }
  return {
    url: `${baseUrl}${path}`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(rest),
    },
  };
}

/** Call a subcommand over HTTP. */
export async function http(
  baseUrl: string,
  subcommand: string,
  input: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const { url, init } = requestFor(baseUrl, subcommand, input, headers);
  return send(url, init);
}

/** fetch and parse the envelope. */
export async function send(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let envelope: Envelope;
  try {
    envelope = JSON.parse(text) as Envelope;
  } catch {
    throw new Error(`HTTP ${response.status} answered no envelope: ${text.slice(0, 300)}`);
  }
  return { status: response.status, headers: response.headers, envelope };
}

/** The envelope without its per-call fields, with `root` replaced by `<root>` everywhere. */
export function normalize(envelope: Envelope, root: string): unknown {
  const { timestamp: _timestamp, correlation_id: _correlation, ...rest } = envelope;
  const replace = (value: unknown, key?: string): unknown => {
    if ((key === 'accepted_at' || key === 'lease_expires_at') && typeof value === 'string')
      return '<time>';
    if (key === 'history_entry_id' && typeof value === 'string') return '<hist>';
    if (typeof value === 'string') return value.split(root).join('<root>');
    if (Array.isArray(value)) return value.map((item) => replace(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, replace(item, name)]),
      );
    }
    return value;
  };
  return replace(rest);
}

/** Start the server from source on an ephemeral loopback port. */
export function serve(
  root: string,
  options: Omit<StartServerOptions, 'repo'> = {},
): Promise<RunningServer> {
  return startServer({ repo: root, port: 0, onProblem: () => undefined, ...options });
}

/** Every line of the feature's event log, parsed. */
export function eventLines(featureDir: string): Record<string, any>[] {
  try {
    return readFileSync(join(featureDir, 'status.events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, any>);
  } catch {
    return [];
  }
}

/** Every file (and symlink) under `root`, `.git` included, with a hash of its bytes: to prove a request changed nothing. */
export function treeFingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      const key = relative(root, path);
      if (entry.isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(path);
      } else if (entry.isSymbolicLink()) out[key] = `link:${readlinkSync(path)}`;
      else
        out[key] =
          createHash('sha1').update(readFileSync(path)).digest('hex') + `:${lstatSync(path).mode}`;
    }
  };
  walk(root);
  return out;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Commit one file in a workspace, as an agent would. */
export function commitWork(workspace: string, name: string): void {
  execFileSync(
    'sh',
    [
      '-c',
      `echo "work" > ${name} && git add -A && git -c user.name=Agent -c user.email=agent@example.com -c commit.gpgsign=false commit -qm "feat: ${name}"`,
    ],
    {
      cwd: workspace,
    },
  );
}

/** One message of an event stream. */
export interface SseMessage {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

/** A minimal SSE client over fetch that records messages and comments. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  status = 0;
  #buffer = '';
  #controller = new AbortController();
  #waiters: (() => void)[] = [];
  #done: Promise<void> = Promise.resolve();
  ended = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: client.#controller.signal,
    });
    client.status = response.status;
    if (response.body === null) throw new Error('no body');
    client.#done = client.#pump(response.body);
    await client.waitFor(() => client.comments.includes('connected'), 5_000);
    return client;
  }

  /** Status events' parsed data, in arrival order. */
  get events(): Record<string, any>[] {
    return this.messages
      .filter((message) => message.event === 'status')
      .map((message) => JSON.parse(message.data) as Record<string, any>);
  }

  async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        this.#buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
          this.#parseBlock(this.#buffer.slice(0, end));
          this.#buffer = this.#buffer.slice(end + 2);
        }
        this.#wake();
      }
    } catch {
      // aborted
    }
    this.ended = true;
    this.#wake();
  }

  #parseBlock(block: string): void {
    const message: SseMessage = { id: undefined, event: undefined, data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) message.id = line.slice(4);
      else if (line.startsWith('event: ')) message.event = line.slice(7);
      else if (line.startsWith('data: ')) {
        message.data += (hasData ? '\n' : '') + line.slice(6);
        hasData = true;
      }
    }
    if (hasData) this.messages.push(message);
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Wait until `condition()` holds (checked after every chunk). */
  async waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.ended)
        throw new Error(
          `stream ended before the condition held (${this.messages.length} messages)`,
        );
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `timed out waiting (${this.messages.length} messages, comments ${this.comments.join(',')})`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 200));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }
}
