import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMissing } from './errors.js';
import { parseGitConfig } from './git-config.js';
import { replaceUnderLock } from './refs.js';

/**
 * The sparse checkout spec-kitty registers in a lane worktree of a coordination mission
 * (`git sparse-checkout init --no-cone` plus its own patterns), written as git writes it:
 * `extensions.worktreeConfig = true` in the common config, `core.sparseCheckout = true` and
 * `core.sparseCheckoutCone = false` in the worktree's `config.worktree`, and the patterns —
 * `/*` then one `!<path>` per hidden path — in its `info/sparse-checkout`.
 */
export async function registerSparseCheckout(
  commonDir: string,
  adminDir: string,
  hiddenPaths: readonly string[],
): Promise<void> {
  await enableWorktreeConfig(commonDir);
  await writeFile(
    join(adminDir, 'config.worktree'),
    '[core]\n\tsparseCheckout = true\n\tsparseCheckoutCone = false\n',
  );
  await mkdir(join(adminDir, 'info'), { recursive: true });
  await writeFile(
    join(adminDir, 'info', 'sparse-checkout'),
    ['/*', ...hiddenPaths.map((path) => `!${path}`)].map((line) => `${line}\n`).join(''),
  );
}

/**
 * The paths a worktree's sparse checkout hides, as {@link registerSparseCheckout} writes them
 * (`!<path>` lines, when `core.sparseCheckout` is on in its `config.worktree`); none otherwise.
 */
export async function hiddenPathsOf(adminDir: string): Promise<Set<string>> {
  const read = async (name: string) =>
    readFile(join(adminDir, name), 'utf8').catch((error: unknown) => {
      if (isMissing(error)) return '';
      throw error;
    });
  const config = parseGitConfig(await read('config.worktree'));
  if (config.get('core.sparsecheckout')?.at(-1)?.toLowerCase() !== 'true') return new Set();
  const hidden = new Set<string>();
  for (const line of (await read(join('info', 'sparse-checkout'))).split(/\r?\n/)) {
    if (line.startsWith('!') && !line.includes('*')) hidden.add(line.slice(1).replace(/^\//, ''));
  }
  return hidden;
}

/** Set `extensions.worktreeConfig = true` in `<commonDir>/config` (under git's `config.lock`). */
async function enableWorktreeConfig(commonDir: string): Promise<void> {
  const file = join(commonDir, 'config');
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if (isMissing(error)) return '';
    throw error;
  });
  if (parseGitConfig(text).get('extensions.worktreeconfig')?.at(-1)?.toLowerCase() === 'true')
    return;
  const lines = text.split('\n');
  const header = lines.findIndex((line) => /^\s*\[\s*extensions\s*\]\s*$/i.test(line));
  const updated =
    header >= 0
      ? [...lines.slice(0, header + 1), '\tworktreeConfig = true', ...lines.slice(header + 1)].join(
          '\n',
        )
      : `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}[extensions]\n\tworktreeConfig = true\n`;
  await replaceUnderLock(file, updated);
}
