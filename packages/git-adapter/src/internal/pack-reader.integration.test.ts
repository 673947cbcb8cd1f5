import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitFiles, git, initRepository, temporaryDirectory } from '../../test/git-cli.js';
import { ObjectStore, hashObject } from './object-store.js';
import { PackReader } from './pack-reader.js';

describe('PackReader', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = temporaryDirectory();
    initRepository(dir.path);
  });
  afterEach(() => dir.cleanup());

  it('reads every object of a packed repository, deltas (OFS_DELTA chains) included', async () => {
    const lines = Array.from(
      { length: 300 },
      (_, index) => `line ${index}: some text that deltifies well`,
    );
    for (let round = 0; round < 6; round++) {
      lines[round * 40] = `edited in round ${round}`;
      commitFiles(
        dir.path,
        { 'big.txt': `${lines.join('\n')}\n`, [`dir${round}/file.txt`]: `${round}\n` },
        `round ${round}`,
      );
    }
    git(dir.path, 'gc', '-q', '--aggressive');
    const packDir = join(dir.path, '.git/objects/pack');
    const idx = readdirSync(packDir).find((name) => name.endsWith('.idx')) as string;
    const listing = git(dir.path, 'verify-pack', '-v', join(packDir, idx)).split('\n');
    const objects = listing
      .filter((line) => /^[0-9a-f]{40} /.test(line))
      .map((line) => line.split(/\s+/));
    expect(objects.some((fields) => fields.length > 5)).toBe(true); // some are deltas
    const reader = new PackReader(join(dir.path, '.git'), () => undefined);
    for (const [oid, type] of objects) {
      const object = reader.read(oid as string);
      expect(object?.type).toBe(type);
      expect(hashObject(object?.type ?? '', object?.body ?? Buffer.alloc(0))).toBe(oid);
    }
    expect(reader.read('0'.repeat(40))).toBeUndefined();

    const store = new ObjectStore(join(dir.path, '.git'));
    const head = await store.readCommit(git(dir.path, 'rev-parse', 'HEAD'));
    expect(head.message).toBe('round 5\n');
    expect(head.author).toEqual({
      name: 'Test Author',
      email: 'author@example.com',
      timestamp: expect.any(Number),
      timezone: expect.stringMatching(/^[+-]\d{4}$/),
    });
  });
});
