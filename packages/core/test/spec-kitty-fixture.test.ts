// The golden text in spec-kitty-goldens.ts is the fixture's, byte for byte: unpack the tarball
// (../shared/fixtures/spec-kitty-3.2, see DESIGN.md "Shared fixtures") and compare.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_COORD_LOG_LINES,
  FIXTURE_COORD_STATUS_JSON,
  FIXTURE_HUSK_LOG_LINES,
  FIXTURE_HUSK_STATUS_JSON,
  FIXTURE_MISSION,
} from './spec-kitty-goldens.js';

const FIXTURES = fileURLToPath(
  new URL('../../../../shared/fixtures/spec-kitty-3.2/', import.meta.url),
);
const TARBALL = join(FIXTURES, 'coord-3wp.tar.gz');

describe.skipIf(!existsSync(TARBALL))('the spec-kitty 3.2 fixture coord-3wp', () => {
  let base: string;
  let repo: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'kittyhost-fixture-'));
    repo = execFileSync('sh', [join(FIXTURES, 'extract.sh'), TARBALL, base], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const slug = FIXTURE_MISSION.mission_slug;
  const coord = () => join(repo, '.worktrees', `${slug}-coord`, 'kitty-specs', slug);
  const primary = () => join(repo, 'kitty-specs', slug);
  const read = (path: string) => readFileSync(path, 'utf8');

  it("holds the coordination worktree's log and snapshot", () => {
    expect(read(join(coord(), 'status.events.jsonl'))).toBe(
      `${FIXTURE_COORD_LOG_LINES.join('\n')}\n`,
    );
    expect(read(join(coord(), 'status.json'))).toBe(FIXTURE_COORD_STATUS_JSON);
  });

  it("holds the primary dir's husk log and snapshot", () => {
    expect(read(join(primary(), 'status.events.jsonl'))).toBe(
      `${FIXTURE_HUSK_LOG_LINES.join('\n')}\n`,
    );
    expect(read(join(primary(), 'status.json'))).toBe(FIXTURE_HUSK_STATUS_JSON);
  });

  it("names the mission's id in meta.json", () => {
    const meta = JSON.parse(read(join(primary(), 'meta.json'))) as Record<string, unknown>;
    expect(meta).toMatchObject({
      mission_id: FIXTURE_MISSION.mission_id,
      mission_slug: slug,
      topology: 'coord',
    });
  });
});
