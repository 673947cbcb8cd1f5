import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { isMissing } from './errors.js';
import { loadGit } from './load-git.js';
import { PackReader } from './pack-reader.js';

/** One entry of a tree object. `mode` as git writes it: `100644`, `100755`, `120000`, `40000`, `160000`. */
export interface TreeEntry {
  readonly mode: string;
  readonly name: string;
  readonly oid: string;
}

/** `Name <email> <seconds> <±hhmm>` of a commit, parsed. */
export interface Signature {
  readonly name: string;
  readonly email: string;
  readonly timestamp: number;
  /** As written, e.g. `+0100`. */
  readonly timezone: string;
}

/** A parsed commit object. */
export interface CommitInfo {
  readonly oid: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: Signature;
  readonly committer: Signature;
  readonly message: string;
}

/** The oid of the empty tree. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const TREE_MODE = '40000';

/** Is this tree entry a directory? */
export const isTreeEntry = (entry: { readonly mode: string }): boolean =>
  entry.mode === TREE_MODE || entry.mode === '040000';

/** Format a signature as it appears in a commit or reflog line. */
export function formatSignature(signature: Signature): string {
  return `${signature.name} <${signature.email}> ${signature.timestamp} ${signature.timezone}`;
}

/** `+hhmm` for a JavaScript `getTimezoneOffset()` value (minutes west of UTC). */
export function timezoneFromOffset(offsetMinutes: number): string {
  const east = -offsetMinutes;
  const sign = east >= 0 ? '+' : '-';
  const absolute = Math.abs(east);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}

function parseSignature(text: string): Signature {
  const match = /^(.*?) ?<([^>]*)> (\d+) ([+-]\d{4})$/.exec(text);
  if (!match) return { name: text, email: '', timestamp: 0, timezone: '+0000' };
  return {
    name: match[1] as string,
    email: match[2] as string,
    timestamp: Number(match[3]),
    timezone: match[4] as string,
  };
}

/** Parse the body of a commit object. */
export function parseCommit(oid: string, body: Uint8Array): CommitInfo {
  const text = Buffer.from(body).toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = split === -1 ? text : text.slice(0, split);
  const message = split === -1 ? '' : text.slice(split + 2);
  let tree = EMPTY_TREE;
  const parents: string[] = [];
  let author: Signature | undefined;
  let committer: Signature | undefined;
  for (const line of headers.split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
    else if (line.startsWith('author ')) author = parseSignature(line.slice(7));
    else if (line.startsWith('committer ')) committer = parseSignature(line.slice(10));
  }
  const fallback = { name: '', email: '', timestamp: 0, timezone: '+0000' };
  return {
    oid,
    tree,
    parents,
    author: author ?? fallback,
    committer: committer ?? author ?? fallback,
    message,
  };
}

/** Parse the body of a tree object. */
export function parseTree(body: Uint8Array): TreeEntry[] {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const entries: TreeEntry[] = [];
  let index = 0;
  while (index < buffer.length) {
    const space = buffer.indexOf(32, index);
    const nul = buffer.indexOf(0, space);
    entries.push({
      mode: buffer.toString('latin1', index, space),
      name: buffer.toString('utf8', space + 1, nul),
      oid: buffer.toString('hex', nul + 1, nul + 21),
    });
    index = nul + 21;
  }
  return entries;
}

/** Git's tree order: names compared bytewise, directories as if they ended with `/`. */
function treeSortKey(entry: TreeEntry): Buffer {
  return Buffer.from(isTreeEntry(entry) ? `${entry.name}/` : entry.name, 'utf8');
}

/** Serialise tree entries (any order) into a tree object body. */
export function serializeTree(entries: readonly TreeEntry[]): Buffer {
  const sorted = entries
    .map((entry) => ({ entry, key: treeSortKey(entry) }))
    .sort((left, right) => Buffer.compare(left.key, right.key));
  return Buffer.concat(
    sorted.flatMap(({ entry }) => [
      Buffer.from(`${isTreeEntry(entry) ? TREE_MODE : entry.mode} ${entry.name}\0`, 'utf8'),
      Buffer.from(entry.oid, 'hex'),
    ]),
  );
}

/** Serialise a commit object body. The message gets a trailing newline when it lacks one. */
export function serializeCommit(commit: Omit<CommitInfo, 'oid'>): Buffer {
  const lines = [`tree ${commit.tree}`, ...commit.parents.map((parent) => `parent ${parent}`)];
  lines.push(
    `author ${formatSignature(commit.author)}`,
    `committer ${formatSignature(commit.committer)}`,
  );
  const message = commit.message.endsWith('\n') ? commit.message : `${commit.message}\n`;
  return Buffer.from(`${lines.join('\n')}\n\n${message}`, 'utf8');
}

/** The object id git gives `body` of `type`. */
export function hashObject(type: string, body: Uint8Array): string {
  return createHash('sha1').update(`${type} ${body.byteLength}\0`).update(body).digest('hex');
}

/**
 * Object access for one operation: loose objects are read and written directly (node:zlib),
 * packed ones are read through isomorphic-git (loaded lazily). Parsed commits and trees are
 * memoised for the lifetime of the store, and the isomorphic-git `cache` object is shared.
 */
export class ObjectStore {
  readonly cache: object = {};
  private readonly commits = new Map<string, CommitInfo>();
  private readonly trees = new Map<string, readonly TreeEntry[]>();
  private readonly written = new Set<string>();
  private readonly packs: PackReader;

  constructor(readonly commonDir: string) {
    this.packs = new PackReader(commonDir, (oid) => this.readLooseOnly(oid));
  }

  private readLooseOnly(oid: string): { type: string; body: Buffer } | undefined {
    try {
      return splitLoose(inflateSync(fs.readFileSync(this.loosePath(oid))));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  private loosePath(oid: string): string {
    return join(this.commonDir, 'objects', oid.slice(0, 2), oid.slice(2));
  }

  /**
   * Read an object: `{ type, body }`, from a loose file, else our pack reader, else (pack
   * formats it does not read) isomorphic-git. Throws when it does not exist.
   */
  async read(oid: string): Promise<{ type: string; body: Uint8Array }> {
    // Packs first: an in-memory index lookup is far cheaper than a failed open() of a loose file.
    const fromPack = this.packs.read(oid);
    if (fromPack) return fromPack;
    let compressed: Buffer | undefined;
    try {
      compressed = await readFile(this.loosePath(oid));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (compressed) return splitLoose(inflateSync(compressed));
    this.packs.refresh();
    const packed = this.packs.read(oid);
    if (packed) return packed;
    const git = await loadGit();
    const result = await git.readObject({
      fs,
      gitdir: this.commonDir,
      oid,
      format: 'content',
      cache: this.cache,
    });
    return { type: result.type, body: result.object as Uint8Array };
  }

  /** Synchronous read of a loose or packed object (fast path for bulk checkouts); `undefined` when neither. */
  readSync(oid: string): { type: string; body: Uint8Array } | undefined {
    return this.packs.read(oid) ?? this.readLooseOnly(oid);
  }

  async readCommit(oid: string): Promise<CommitInfo> {
    const known = this.commits.get(oid);
    if (known) return known;
    const { type, body } = await this.read(oid);
    if (type !== 'commit') throw new Error(`Object ${oid} is a ${type}, not a commit`);
    const commit = parseCommit(oid, body);
    this.commits.set(oid, commit);
    return commit;
  }

  /** Register an in-memory commit (a virtual merge base) under a made-up oid. */
  rememberCommit(commit: CommitInfo): void {
    this.commits.set(commit.oid, commit);
  }

  async readTree(oid: string): Promise<readonly TreeEntry[]> {
    if (oid === EMPTY_TREE) return [];
    const known = this.trees.get(oid);
    if (known) return known;
    const { type, body } = await this.read(oid);
    if (type !== 'tree') throw new Error(`Object ${oid} is a ${type}, not a tree`);
    const entries = parseTree(body);
    this.trees.set(oid, entries);
    return entries;
  }

  async readBlob(oid: string): Promise<Uint8Array> {
    const { type, body } = await this.read(oid);
    if (type !== 'blob') throw new Error(`Object ${oid} is a ${type}, not a blob`);
    return body;
  }

  /** Write a loose object (atomically: temp file + rename) unless it is already loose. */
  async write(type: string, body: Uint8Array): Promise<string> {
    const oid = hashObject(type, body);
    if (this.written.has(oid)) return oid;
    const path = this.loosePath(oid);
    if (!fs.existsSync(path)) {
      const header = Buffer.from(`${type} ${body.byteLength}\0`);
      const compressed = deflateSync(Buffer.concat([header, body]), { level: 1 });
      await mkdir(join(this.commonDir, 'objects', oid.slice(0, 2)), { recursive: true });
      const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
      await writeFile(temporary, compressed, { mode: 0o444 });
      await rename(temporary, path);
    }
    this.written.add(oid);
    return oid;
  }

  async writeTree(entries: readonly TreeEntry[]): Promise<string> {
    const oid = await this.write('tree', serializeTree(entries));
    this.trees.set(oid, entries);
    return oid;
  }

  async writeCommit(commit: Omit<CommitInfo, 'oid'>): Promise<string> {
    const oid = await this.write('commit', serializeCommit(commit));
    const message = commit.message.endsWith('\n') ? commit.message : `${commit.message}\n`;
    this.commits.set(oid, { ...commit, message, oid });
    return oid;
  }
}

function splitLoose(raw: Buffer): { type: string; body: Buffer } {
  const space = raw.indexOf(32);
  const nul = raw.indexOf(0, space);
  return { type: raw.toString('latin1', 0, space), body: raw.subarray(nul + 1) };
}
