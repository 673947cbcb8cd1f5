import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isMissing } from './errors.js';

/**
 * A read-only view of git config files: `section.subsection.key` → values in file order.
 * Section and key names are case-insensitive (stored lower-case); subsections keep their case,
 * as git does.
 */
export type GitConfig = ReadonlyMap<string, readonly string[]>;

/** Parse the text of one git config file. `[include]` directives are not followed. */
export function parseGitConfig(text: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  let section = '';
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
    if (header) {
      const name = (header[1] as string).toLowerCase();
      const subsection = header[2]?.replace(/\\(.)/g, '$1');
      section = subsection === undefined ? name : `${name}.${subsection}`;
      line = (header[3] as string).trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    }
    const match = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!match || section === '') continue;
    const key = `${section}.${(match[1] as string).toLowerCase()}`;
    const value = match[2] === undefined ? 'true' : unquote(match[2]);
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return values;
}

function unquote(raw: string): string {
  let out = '';
  let quoted = false;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index] as string;
    if (char === '"') quoted = !quoted;
    else if (char === '\\' && index + 1 < raw.length) {
      const next = raw[++index] as string;
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (!quoted && (char === '#' || char === ';')) break;
    else out += char;
  }
  return quoted ? out : out.trimEnd();
}

async function readConfigFile(path: string): Promise<Map<string, string[]>> {
  try {
    return parseGitConfig(await readFile(path, 'utf8'));
  } catch (error) {
    if (isMissing(error)) return new Map();
    throw error;
  }
}

/**
 * The effective config of a repository: global files (`GIT_CONFIG_GLOBAL`, else
 * `$XDG_CONFIG_HOME/git/config` and `~/.gitconfig`) overlaid by `<commonDir>/config`. Later
 * files win, as with git. The system file is not read.
 */
export async function readRepositoryConfig(
  commonDir: string,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<GitConfig> {
  const globalFiles =
    environment['GIT_CONFIG_GLOBAL'] !== undefined
      ? [environment['GIT_CONFIG_GLOBAL']]
      : [
          join(environment['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'git', 'config'),
          join(environment['HOME'] ?? homedir(), '.gitconfig'),
        ];
  const layers = await Promise.all([
    ...globalFiles.filter((file) => file !== '' && file !== '/dev/null').map(readConfigFile),
    readConfigFile(join(commonDir, 'config')),
  ]);
  const merged = new Map<string, string[]>();
  for (const layer of layers) {
    for (const [key, list] of layer) merged.set(key, [...(merged.get(key) ?? []), ...list]);
  }
  return merged;
}

/** The last value of `key` (`section.subsection.key`, section and key in any case). */
export function configValue(config: GitConfig, key: string): string | undefined {
  const list = config.get(normaliseKey(key));
  return list?.[list.length - 1];
}

function normaliseKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}${key.slice(last).toLowerCase()}`;
}
