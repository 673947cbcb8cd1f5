// patchIndex against indexes the git CLI wrote (versions 2, 3 and 4): git reads what we write,
// and every entry we keep has exactly the stat data git recorded.
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, initRepository, temporaryDirectory, writeFiles } from '../../test/git-cli.js';
import { patchIndex } from './index-patch.js';

/** Paths with long shared prefixes (v4 strips of more than 127 bytes) and non-ASCII names. */
const LONG = `${'deep/'.repeat(30)}dir`;
const FILES: Record<string, string> = {
  'README.md': '# r\n',
  [`${LONG}/a.txt`]: 'a\n',
  [`${LONG}/b.txt`]: 'b\n',
  [`${LONG}x/${'y'.repeat(150)}.txt`]: 'y\n',
  'z/ünïcode é.txt': 'u\n',
  'z/short': 's\n',
};

describe('patchIndex over indexes git wrote', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  let index: string;
  beforeEach(() => {
    dir = temporaryDirectory();
    root = dir.path;
    initRepository(root, FILES);
    index = join(root, '.git', 'index');
  });
  afterEach(() => dir.cleanup());

  /** Every entry as git sees it, stat data included. */
  const entries = () => git(root, 'ls-files', '--stage', '--debug');

  it.each([2, 3, 4])(
    'keeps every entry of a version %i index exactly, and git reads it',
    (version) => {
      git(root, 'update-index', '--index-version', String(version));
      if (version === 3) git(root, 'update-index', '--skip-worktree', 'z/short'); // extended flags
      const before = entries();
      const patched = patchIndex(readFileSync(index), new Map());
      expect(typeof patched).not.toBe('string');
      writeFileSync(index, patched as Buffer);
      expect(readFileSync(index).readUInt32BE(4)).toBe(version);
      expect(entries()).toBe(before);
      expect(git(root, 'status', '--porcelain')).toBe('');
    },
  );

  it.each([2, 4])(
    'replaces, adds and removes entries of a version %i index in git order',
    (version) => {
      git(root, 'update-index', '--index-version', String(version));
      const before = entries();
      writeFiles(root, { [`${LONG}/a.txt`]: 'A!\n', [`${LONG}/aa.txt`]: 'new\n' });
      const oid = (path: string) => git(root, 'hash-object', '-w', path);
      const stats = (path: string) => lstatSync(join(root, path), { bigint: true });
      const updates = new Map([
        [
          `${LONG}/a.txt`,
          { oid: oid(`${LONG}/a.txt`), mode: 0o100644, stats: stats(`${LONG}/a.txt`) },
        ],
        [
          `${LONG}/aa.txt`,
          { oid: oid(`${LONG}/aa.txt`), mode: 0o100644, stats: stats(`${LONG}/aa.txt`) },
        ],
        ['z/short', null],
      ]);
      writeFileSync(index, patchIndex(readFileSync(index), updates) as Buffer);
      expect(git(root, 'ls-files')).toBe(
        [
          'README.md',
          `${LONG}/a.txt`,
          `${LONG}/aa.txt`,
          `${LONG}/b.txt`,
          `${LONG}x/${'y'.repeat(150)}.txt`,
          '"z/\\303\\274n\\303\\257code \\303\\251.txt"',
        ].join('\n'),
      );
      // Untouched entries: the same lines of `ls-files --debug` as before.
      const keep = (text: string) =>
        text
          .split(/\n(?=\d{6} )/)
          .filter(
            (block) =>
              block.includes('b.txt') || block.includes('README.md') || block.includes('yyy'),
          );
      expect(keep(entries())).toEqual(keep(before));
      expect(git(root, 'status', '--porcelain')).toBe(
        `M  ${LONG}/a.txt\nA  ${LONG}/aa.txt\nD  z/short\n?? z/short`,
      );
      expect(git(root, 'diff', '--cached', '--name-only')).toContain(`${LONG}/aa.txt`);
    },
  );

  it('smudges entries as new as the old index (racily clean), and only those', () => {
    const patched = patchIndex(readFileSync(index), new Map(), 0) as Buffer;
    writeFileSync(index, patched);
    expect(entries().match(/size: 0\b/g)).toHaveLength(Object.keys(FILES).length);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('refuses what it does not rewrite: split and sparse indexes, other versions, garbage', () => {
    git(root, 'update-index', '--split-index');
    expect(patchIndex(readFileSync(index), new Map())).toBe('split index');
    git(root, 'update-index', '--no-split-index');
    expect(typeof patchIndex(readFileSync(index), new Map())).not.toBe('string');
    const other = Buffer.from(readFileSync(index));
    other.writeUInt32BE(5, 4);
    expect(patchIndex(other, new Map())).toBe('version 5');
    expect(patchIndex(Buffer.from('not an index at all, really not'), new Map())).toBe(
      'not an index',
    );
  });
});
