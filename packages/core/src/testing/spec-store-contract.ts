import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wpNotFound, type HostError } from '../errors/host-error.js';
import { materializeSnapshot, serializeSnapshot } from '../events/snapshot.js';
import { pythonJsonDumpsIndented } from '../events/python-json.js';
import {
  serializeEvent,
  serializeLogEntry,
  type AnnotationEvent,
  type StatusEvent,
} from '../events/status-event.js';
import type { LockedFeature, SpecStore } from '../ports/spec-store.js';
import type { ProjectSeed } from './memory-spec-store.js';
import { describeMissionContract } from './spec-store-missions-contract.js';

/**
 * What an adapter provides to run {@link describeSpecStoreContract}: a way to create projects
 * from a plain description and to look at the files of a feature afterwards.
 *
 * @example
 * ```ts
 * const fixture: SpecStoreFixture = {
 *   seed: (project) => createMemorySpecStore(project),
 *   files: (store, slug) => (store as MemorySpecStore).files(slug) ?? {},
 * };
 * ```
 */
export interface SpecStoreFixture {
  /**
   * A store over a fresh, empty project holding exactly these features. WP files are written
   * with `renderWorkPackageFile`, other files verbatim (see `featureFiles`).
   */
  seed(project: ProjectSeed): Promise<SpecStore> | SpecStore;
  /**
   * Every regular file under `kitty-specs/<slug>/`, relative `/`-separated path → UTF-8 text.
   * Used to prove that queries and failed calls change nothing.
   */
  files(store: SpecStore, slug: string): Promise<Record<string, string>> | Record<string, string>;
  /** Called once after the suite (remove temp directories). */
  cleanup?(): Promise<void> | void;
}

const SLUG = '001-demo';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id ordered by `n`. */
function eventId(n: number): string {
  let value = n;
  let out = '';
  for (let index = 0; index < 26; index++) {
    out = (CROCKFORD[value % 32] as string) + out;
    value = Math.floor(value / 32);
  }
  return out;
}

function makeEvent(n: number, overrides: Partial<StatusEvent> = {}): StatusEvent {
  return {
    event_id: eventId(n),
    feature_slug: SLUG,
    wp_id: 'WP01',
    from_lane: 'planned',
    to_lane: 'claimed',
    at: `2026-02-23T18:03:${String(n % 60).padStart(2, '0')}.152177+00:00`,
    actor: 'claude',
    force: false,
    execution_mode: 'worktree',
    reason: null,
    review_ref: null,
    evidence: null,
    policy_metadata: null,
    ...overrides,
  };
}

/** Two lines exactly as the original host writes them (the second uses its `doing` lane). */
const ORIGINAL_LINES = [
  '{"actor": "claude", "at": "2026-02-23T18:03:22.152177+00:00", "event_id": "01JMPZ0000000000000000000A", "evidence": null, "execution_mode": "worktree", "feature_slug": "001-demo", "force": false, "from_lane": "planned", "policy_metadata": null, "reason": null, "review_ref": null, "to_lane": "claimed", "wp_id": "WP01"}',
  '{"actor": "claude", "at": "2026-02-23T18:05:01.000001+00:00", "event_id": "01JMPZ0000000000000000000B", "evidence": null, "execution_mode": "worktree", "feature_slug": "001-demo", "force": false, "from_lane": "claimed", "policy_metadata": {"agent_family": "claude", "dangerous_flags": []}, "reason": null, "review_ref": null, "to_lane": "doing", "wp_id": "WP01"}',
];

/** A mission-level row of the original (another subsystem's row in the same file). */
const FOREIGN_LINE =
  '{"aggregate_id": "001-demo", "aggregate_type": "Mission", "event_id": "01JMPZ0000000000000000000F", "event_type": "PlanStarted", "payload": {"actor": "spec-kitty agent mission setup-plan", "at": "2026-02-23T18:00:00Z", "mission_number": null, "mission_slug": "001-demo"}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-02-23T18:00:00.000001+00:00"}';

/** An annotation row as the 1.3 host writes it. */
const ANNOTATION_LINE =
  '{"actor": "claude", "at": "2026-02-23T18:06:00.000000+00:00", "delta": {"subtasks": {"T001": "done"}}, "event_id": "01JMPZ0000000000000000000N", "kind": "annotation", "wp_id": "WP01"}';

function makeAnnotation(n: number, delta: AnnotationEvent['delta']): AnnotationEvent {
  return {
    kind: 'annotation',
    event_id: eventId(n),
    wp_id: 'WP01',
    at: `2026-02-23T18:04:${String(n % 60).padStart(2, '0')}.000000+00:00`,
    actor: 'claude',
    delta,
  };
}

const TASKS_MD = [
  '# Tasks',
  '',
  '## Work Package WP01: Setup',
  '- [x] T001 create repo',
  '- [X] T002 add CI',
  '- [ ] T003 write docs',
  '  - [ ] T003a nested boxes count',
  '* [ ] T004 star bullet',
  '```markdown',
  '## WP99 inside a code fence is no heading',
  '- [ ] inside a code fence is no box',
  '```',
  '',
  '### Notes for WP01',
  '- [x] T005 a level-3 subsection of WP01 still belongs to it',
  '',
  '## WP02 - Adapter (after WP01)',
  '- [ ] T010',
  '',
  '### WP03 Small one',
  '- [x] T020',
  '',
  '## WP10 Ten',
  '- [x] T030',
  '',
].join('\n');

/** The boxes of WP01's section of {@link TASKS_MD}, in order. */
const WP01_ITEMS = [
  { id: 'T001', checked: true },
  { id: 'T002', checked: true },
  { id: 'T003', checked: false },
  { id: null, checked: false }, // `T003a` is no subtask id
  { id: 'T004', checked: false },
  { id: 'T005', checked: true },
];

const TRAVERSAL_SLUGS = [
  '',
  '.',
  '..',
  '../..',
  '../../etc',
  `../${SLUG}`,
  `${SLUG}/`,
  `${SLUG}/tasks`,
  'a/b',
  'a\\b',
  `..\\${SLUG}`,
  '/etc',
  '/',
  'C:\\Windows',
  '.hidden',
  `${SLUG}\0`,
];

const slash = (path: string) => path.replaceAll('\\', '/');

/** A timer without depending on any runtime's typings. */
const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    (globalThis as unknown as { setTimeout(run: () => void, ms: number): unknown }).setTimeout(
      resolve,
      ms,
    );
  });

/**
 * The behaviour every {@link SpecStore} must have, as a vitest suite. Run it from an adapter's
 * tests with a fixture that creates projects on that adapter's storage:
 *
 * @example
 * ```ts
 * import { createMemorySpecStore, describeSpecStoreContract } from '@kittyhost/core/testing';
 *
 * describeSpecStoreContract('memory', () => ({
 *   seed: (project) => createMemorySpecStore(project),
 *   files: (store, slug) => (store as MemorySpecStore).files(slug) ?? {},
 * }));
 * ```
 */
export function describeSpecStoreContract(
  name: string,
  makeFixture: () => SpecStoreFixture | Promise<SpecStoreFixture>,
): void {
  describe(`SpecStore contract: ${name}`, () => {
    let fixture: SpecStoreFixture;
    beforeAll(async () => {
      fixture = await makeFixture();
    });
    afterAll(async () => {
      await fixture.cleanup?.();
    });
    const seed = (project: ProjectSeed) => Promise.resolve(fixture.seed(project));
    const files = (store: SpecStore, slug = SLUG) => Promise.resolve(fixture.files(store, slug));
    describeMissionContract(seed, files);

    describe('listFeatures', () => {
      it('lists every feature directory, sorted, leaving out names that are no safe slug', async () => {
        const store = await seed({
          'demo-01M8RB29': {},
          '002-b': { workPackages: [{ id: 'WP01' }] },
          [SLUG]: {},
          '.hidden': {},
        });
        expect((await store.listFeatures())._unsafeUnwrap()).toEqual([
          SLUG,
          '002-b',
          'demo-01M8RB29',
        ]);
      });

      it('lists none for a project without features, and writes nothing', async () => {
        const store = await seed({});
        expect((await store.listFeatures())._unsafeUnwrap()).toEqual([]);
      });
    });

    describe('loadFeature', () => {
      it('keeps the status log and snapshot in the feature directory (our own layout)', async () => {
        const store = await seed({ [SLUG]: { workPackages: [{ id: 'WP01' }] } });
        const feature = (await store.loadFeature(SLUG))._unsafeUnwrap();
        expect(slash(feature.statusDirectory)).toBe(slash(feature.directory));
      });

      it('reads the subtask roster of the frontmatter, absent without a subtasks list', async () => {
        const store = await seed({
          [SLUG]: {
            workPackages: [
              { id: 'WP01', subtasks: ['T001', 'T002'] },
              { id: 'WP02', subtasks: [] },
              { id: 'WP03' },
              { id: 'WP04', subtasks: [{ id: 'T005', title: 'x' }, 'T006', ' T007 ', '', null] },
              { id: 'WP05', subtasks: 'T001' },
            ],
          },
        });
        const feature = (await store.loadFeature(SLUG))._unsafeUnwrap();
        const rosters = Object.fromEntries(
          feature.workPackages.map((wp) => [wp.id, 'subtasks' in wp ? wp.subtasks : 'absent']),
        );
        expect(rosters).toEqual({
          WP01: ['T001', 'T002'],
          WP02: [],
          WP03: 'absent',
          WP04: ['T005', 'T006', 'T007'],
          WP05: 'absent',
        });
      });

      it('reads a roster written as a YAML block list, as spec-kitty writes it', async () => {
        const text =
          "---\nwork_package_id: WP01\ntitle: Greeting module\ndependencies: []\nsubtasks:\n- T001\n- T002\nagent_profile: ''\n---\n# WP01\n";
        const store = await seed({ [SLUG]: { files: { 'tasks/WP01-greeting-module.md': text } } });
        const [wp] = (await store.loadFeature(SLUG))._unsafeUnwrap().workPackages;
        expect(wp).toMatchObject({
          id: 'WP01',
          title: 'Greeting module',
          subtasks: ['T001', 'T002'],
        });
      });

      it('reads WP files in numeric order, ids from file names, and ignores other files', async () => {
        const store = await seed({
          [SLUG]: {
            workPackages: [
              { id: 'WP10', title: 'Ten', dependencies: ['WP2', 'WP07'] },
              { id: 'WP2', fileName: 'WP2-second.md', title: 'Two' },
              { id: 'WP07', fileName: 'WP07-adapter.md', title: 'Seven', dependencies: ['WP2'] },
            ],
            files: {
              'tasks/README.md': '# Not a work package\n',
              'tasks/.gitkeep': '',
              'tasks/notes.txt': 'WP99\n',
              'tasks/wp04.md': '# lower-case prefix\n',
              'tasks/WP05_draft.md': '# no dash after the digits\n',
              'tasks/XWP06.md': '# does not start with WP\n',
              'spec.md': '# Spec\n',
            },
          },
        });
        const feature = (await store.loadFeature(SLUG))._unsafeUnwrap();
        expect(feature.slug).toBe(SLUG);
        expect(slash(feature.directory)).toBe(`${slash(store.root)}/kitty-specs/${SLUG}`);
        expect(feature.workPackages.map((wp) => [wp.id, wp.title, wp.dependencies])).toEqual([
          ['WP2', 'Two', []],
          ['WP07', 'Seven', ['WP2']],
          ['WP10', 'Ten', ['WP2', 'WP07']],
        ]);
        expect(feature.workPackages.map((wp) => slash(wp.promptPath))).toEqual([
          `${slash(store.root)}/kitty-specs/${SLUG}/tasks/WP2-second.md`,
          `${slash(store.root)}/kitty-specs/${SLUG}/tasks/WP07-adapter.md`,
          `${slash(store.root)}/kitty-specs/${SLUG}/tasks/WP10.md`,
        ]);
        expect(feature.meta).toEqual({});
      });

      it('parses meta.json', async () => {
        const meta = { target_branch: 'develop', nested: { list: [1, 'two'] }, note: 'café' };
        const store = await seed({ [SLUG]: { meta } });
        expect((await store.loadFeature(SLUG))._unsafeUnwrap().meta).toEqual(meta);
      });

      it('reads missing or odd frontmatter fields leniently', async () => {
        const store = await seed({
          [SLUG]: {
            workPackages: [
              { id: 'WP01', workPackageId: null },
              { id: 'WP02', title: 'Single', dependencies: 'WP01' },
              { id: 'WP03', dependencies: ['WP01', 3, null, { id: 'WP02' }, 'WP02'] },
            ],
            files: { 'tasks/WP04.md': '# Plain Markdown, no frontmatter\n' },
          },
        });
        const feature = (await store.loadFeature(SLUG))._unsafeUnwrap();
        expect(feature.workPackages.map((wp) => [wp.id, wp.title, wp.dependencies])).toEqual([
          ['WP01', '', []],
          ['WP02', 'Single', []],
          ['WP03', '', ['WP01', 'WP02']],
          ['WP04', '', []],
        ]);
      });

      it('answers FEATURE_NOT_FOUND for an unknown slug', async () => {
        const store = await seed({ [SLUG]: {} });
        const result = await store.loadFeature('999-missing');
        expect(result._unsafeUnwrapErr()).toMatchObject({
          code: 'FEATURE_NOT_FOUND',
          details: { feature_slug: '999-missing' },
        });
      });

      it('never opens a slug that is a path: FEATURE_NOT_FOUND from every method', async () => {
        const store = await seed({ [SLUG]: { workPackages: [{ id: 'WP01' }] } });
        const before = await files(store);
        for (const slug of [...TRAVERSAL_SLUGS, `${store.root}/kitty-specs/${SLUG}`]) {
          let ran = false;
          const results = [
            await store.loadFeature(slug),
            await store.readEvents(slug),
            await store.subtaskStatus(slug, 'WP01'),
            await store.withFeatureLock(slug, () => {
              ran = true;
              return okAsync(undefined);
            }),
          ];
          for (const result of results) {
            expect(result._unsafeUnwrapErr().code, `slug ${JSON.stringify(slug)}`).toBe(
              'FEATURE_NOT_FOUND',
            );
          }
          expect(ran).toBe(false);
        }
        expect(await files(store)).toEqual(before);
      });

      it('answers SPEC_INVALID naming the file when work_package_id differs from the file name', async () => {
        const store = await seed({
          [SLUG]: { workPackages: [{ id: 'WP01', workPackageId: 'WP02' }] },
        });
        const error = (await store.loadFeature(SLUG))._unsafeUnwrapErr();
        expect(error.code).toBe('SPEC_INVALID');
        expect(error.message).toContain('tasks/WP01.md');
        expect(error.message).toContain('WP02');
      });

      it('answers SPEC_INVALID when two files declare one id', async () => {
        const store = await seed({
          [SLUG]: { workPackages: [{ id: 'WP01' }, { id: 'WP01', fileName: 'WP01-again.md' }] },
        });
        const error = (await store.loadFeature(SLUG))._unsafeUnwrapErr();
        expect(error.code).toBe('SPEC_INVALID');
        expect(error.message).toContain('tasks/WP01.md');
        expect(error.message).toContain('tasks/WP01-again.md');
      });

      it('answers SPEC_INVALID naming the file for broken frontmatter, never "no dependencies"', async () => {
        for (const text of [
          '---\ndependencies: [WP01\n---\n# x\n',
          '---\ntitle: "never closed"\n# x\n',
        ]) {
          const store = await seed({ [SLUG]: { files: { 'tasks/WP03-broken.md': text } } });
          const error = (await store.loadFeature(SLUG))._unsafeUnwrapErr();
          expect(error.code).toBe('SPEC_INVALID');
          expect(error.message).toContain('tasks/WP03-broken.md');
        }
      });

      it('answers SPEC_INVALID naming meta.json when it is not a JSON object', async () => {
        for (const text of ['{"target_branch": ', '["a"]', 'null']) {
          const store = await seed({ [SLUG]: { files: { 'meta.json': text } } });
          const error = (await store.loadFeature(SLUG))._unsafeUnwrapErr();
          expect(error.code).toBe('SPEC_INVALID');
          expect(error.message).toContain('meta.json');
        }
      });

      it('reports every spec problem at once', async () => {
        const store = await seed({
          [SLUG]: {
            workPackages: [
              { id: 'WP01', workPackageId: 'WP09' },
              { id: 'WP02', workPackageId: 'WP08' },
            ],
            files: { 'meta.json': '[]' },
          },
        });
        const error = (await store.loadFeature(SLUG))._unsafeUnwrapErr();
        expect(error.code === 'SPEC_INVALID' && error.details.errors.length).toBe(3);
      });
    });

    describe('readEvents', () => {
      it('returns no events when the log does not exist', async () => {
        const store = await seed({ [SLUG]: {} });
        expect((await store.readEvents(SLUG))._unsafeUnwrap()).toEqual([]);
      });

      it("reads the original host's lines, with doing read as in_progress", async () => {
        const store = await seed({ [SLUG]: { eventsText: `${ORIGINAL_LINES.join('\n')}\n` } });
        const events = (await store.readEvents(SLUG))._unsafeUnwrap() as readonly StatusEvent[];
        expect(events.map((event) => [event.event_id, event.from_lane, event.to_lane])).toEqual([
          ['01JMPZ0000000000000000000A', 'planned', 'claimed'],
          ['01JMPZ0000000000000000000B', 'claimed', 'in_progress'],
        ]);
        expect(events[1]?.policy_metadata).toEqual({ agent_family: 'claude', dangerous_flags: [] });
      });

      it('answers EVENT_LOG_CORRUPT with the line number of a bad line, and rewrites nothing', async () => {
        const cases = [
          { text: `${ORIGINAL_LINES[0]}\n{"actor": "claude", \n${ORIGINAL_LINES[1]}\n`, line: 2 },
          { text: `${ORIGINAL_LINES[0]}\n\n{"actor": "claude"}\n${ORIGINAL_LINES[1]}\n`, line: 3 },
        ];
        for (const { text, line } of cases) {
          const store = await seed({
            [SLUG]: { eventsText: text, workPackages: [{ id: 'WP01' }] },
          });
          const before = await files(store);
          const error = (await store.readEvents(SLUG))._unsafeUnwrapErr();
          expect(error).toMatchObject({ code: 'EVENT_LOG_CORRUPT', details: { line } });
          expect(error.message).toContain(`line ${line}`);
          const locked = await store.withFeatureLock(SLUG, (feature) =>
            feature
              .readEvents()
              .andThen((events) => feature.appendEvents([makeEvent(events.length + 1)])),
          );
          expect(locked._unsafeUnwrapErr()).toMatchObject({
            code: 'EVENT_LOG_CORRUPT',
            details: { line },
          });
          expect(await files(store)).toEqual(before);
        }
      });

      it('reads annotations among lane events and skips rows of other subsystems', async () => {
        const store = await seed({
          [SLUG]: {
            eventsText: `${FOREIGN_LINE}\n${ORIGINAL_LINES[0]}\n${ANNOTATION_LINE}\n${FOREIGN_LINE}\n`,
          },
        });
        const entries = (await store.readEvents(SLUG))._unsafeUnwrap();
        expect(entries.map((entry) => entry.event_id)).toEqual([
          '01JMPZ0000000000000000000A',
          '01JMPZ0000000000000000000N',
        ]);
        expect(entries[1]).toEqual({
          kind: 'annotation',
          event_id: '01JMPZ0000000000000000000N',
          wp_id: 'WP01',
          at: '2026-02-23T18:06:00.000000+00:00',
          actor: 'claude',
          delta: { subtasks: { T001: 'done' } },
        });
      });

      it('answers EVENT_LOG_CORRUPT for a row of an unknown kind, with its line number', async () => {
        const store = await seed({
          [SLUG]: { eventsText: `${ORIGINAL_LINES[0]}\n{"kind": "checkpoint"}\n` },
        });
        expect((await store.readEvents(SLUG))._unsafeUnwrapErr()).toMatchObject({
          code: 'EVENT_LOG_CORRUPT',
          details: { line: 2 },
        });
      });

      it('skips an unterminated last line that does not parse (an interrupted append)', async () => {
        const store = await seed({
          [SLUG]: { eventsText: `${ORIGINAL_LINES[0]}\n${ORIGINAL_LINES[1]?.slice(0, 40)}` },
        });
        const events = (await store.readEvents(SLUG))._unsafeUnwrap();
        expect(events.map((event) => event.event_id)).toEqual(['01JMPZ0000000000000000000A']);
      });

      it('keeps an unterminated last line that is a complete event', async () => {
        const store = await seed({ [SLUG]: { eventsText: ORIGINAL_LINES.join('\n') } });
        expect((await store.readEvents(SLUG))._unsafeUnwrap()).toHaveLength(2);
      });
    });

    describe('subtaskStatus', () => {
      it("counts the boxes of the WP's section of tasks.md", async () => {
        const store = await seed({ [SLUG]: { tasksMd: TASKS_MD } });
        const status = async (wpId: string) =>
          (await store.subtaskStatus(SLUG, wpId))._unsafeUnwrap();
        expect(await status('WP01')).toEqual({ checked: 3, unchecked: 3, items: WP01_ITEMS });
        expect(await status('WP02')).toEqual({
          checked: 0,
          unchecked: 1,
          items: [{ id: 'T010', checked: false }],
        });
        expect(await status('WP03')).toEqual({
          checked: 1,
          unchecked: 0,
          items: [{ id: 'T020', checked: true }],
        });
        expect(await status('WP10')).toEqual({
          checked: 1,
          unchecked: 0,
          items: [{ id: 'T030', checked: true }],
        });
      });

      it('answers null without a section or without tasks.md', async () => {
        const store = await seed({ [SLUG]: { tasksMd: TASKS_MD }, '002-bare': {} });
        expect((await store.subtaskStatus(SLUG, 'WP1'))._unsafeUnwrap()).toBeNull();
        expect((await store.subtaskStatus(SLUG, 'WP04'))._unsafeUnwrap()).toBeNull();
        expect((await store.subtaskStatus(SLUG, 'WP99'))._unsafeUnwrap()).toBeNull();
        expect((await store.subtaskStatus('002-bare', 'WP01'))._unsafeUnwrap()).toBeNull();
      });

      it('accepts CRLF line endings', async () => {
        const store = await seed({ [SLUG]: { tasksMd: TASKS_MD.replaceAll('\n', '\r\n') } });
        expect((await store.subtaskStatus(SLUG, 'WP01'))._unsafeUnwrap()).toEqual({
          checked: 3,
          unchecked: 3,
          items: WP01_ITEMS,
        });
      });
    });

    describe('readFeatureFile', () => {
      it('answers the text of spec.md, plan.md and tasks.md, or null when the file is absent', async () => {
        const store = await seed({
          [SLUG]: { files: { 'spec.md': '# Café spec 🐱\r\n\nBody\n' }, tasksMd: TASKS_MD },
        });
        expect((await store.readFeatureFile(SLUG, 'tasks.md'))._unsafeUnwrap()).toBe(TASKS_MD);
        expect((await store.readFeatureFile(SLUG, 'spec.md'))._unsafeUnwrap()).toBe(
          '# Café spec 🐱\r\n\nBody\n',
        );
        expect((await store.readFeatureFile(SLUG, 'plan.md'))._unsafeUnwrap()).toBeNull();
      });

      it('reads no other name and never opens a slug that is a path', async () => {
        const store = await seed({
          [SLUG]: { meta: { a: 1 }, files: { 'spec.md': '# Spec\n' } },
        });
        for (const name of ['meta.json', '../spec.md', 'tasks/WP01.md', '']) {
          const result = await store.readFeatureFile(SLUG, name as 'spec.md');
          expect(result._unsafeUnwrapErr().code, name).toBe('INTERNAL_ERROR');
        }
        for (const slug of TRAVERSAL_SLUGS) {
          const result = await store.readFeatureFile(slug, 'spec.md');
          expect(result._unsafeUnwrapErr().code, JSON.stringify(slug)).toBe('FEATURE_NOT_FOUND');
        }
      });
    });

    describe('activityLogs', () => {
      const frontmatter = '---\nwork_package_id: "WP01"\ntitle: "One"\n---\n';

      it("answers each WP file's Activity Log lines by id, in order, [] without a section", async () => {
        const store = await seed({
          [SLUG]: {
            files: {
              'tasks/WP01-setup.md': `${frontmatter}# WP01\r\n\r\n## Activity Log\r\n\r\n- [2026-01-01T00:00:00Z] planner: created\r\n- naïve 🐱\r\n### Details\r\n- kept\r\n\r\n## Notes\r\n- not activity\r\n`,
              'tasks/WP02.md': `${frontmatter.replace('WP01', 'WP02')}# WP02\n\nNo log.\n`,
              'tasks/WP10-ten.md': '# WP10\n\n## activity log\n- ten\n',
              'tasks/README.md': '## Activity Log\n- not a WP\n',
            },
          },
        });
        expect((await store.activityLogs(SLUG))._unsafeUnwrap()).toEqual({
          WP01: [
            '- [2026-01-01T00:00:00Z] planner: created',
            '- naïve 🐱',
            '### Details',
            '- kept',
          ],
          WP02: [],
          WP10: ['- ten'],
        });
      });

      it('fails as loadFeature does, and never writes', async () => {
        const store = await seed({
          [SLUG]: {
            workPackages: [{ id: 'WP01', body: '# WP01\n\n## Activity Log\n\n- a\n' }],
            files: { 'spec.md': '# Spec\n' },
          },
          '002-broken': { workPackages: [{ id: 'WP01', workPackageId: 'WP02' }] },
        });
        const before = await files(store);
        expect((await store.activityLogs('002-broken'))._unsafeUnwrapErr().code).toBe(
          'SPEC_INVALID',
        );
        for (const slug of TRAVERSAL_SLUGS) {
          const result = await store.activityLogs(slug);
          expect(result._unsafeUnwrapErr().code, JSON.stringify(slug)).toBe('FEATURE_NOT_FOUND');
        }
        await store.activityLogs(SLUG);
        await store.readFeatureFile(SLUG, 'spec.md');
        expect(await files(store)).toEqual(before);
      });
    });

    it('queries never write anything, even over a torn log tail', async () => {
      const store = await seed({
        [SLUG]: {
          workPackages: [{ id: 'WP01' }],
          tasksMd: TASKS_MD,
          meta: { target_branch: 'main' },
          eventsText: `${ORIGINAL_LINES[0]}\n{"actor": "cla`,
        },
      });
      const before = await files(store);
      await store.loadFeature(SLUG);
      await store.readEvents(SLUG);
      await store.subtaskStatus(SLUG, 'WP01');
      await store.loadFeature('999-missing');
      expect(await files(store)).toEqual(before);
    });

    describe('withFeatureLock', () => {
      const lock = (
        store: SpecStore,
        work: (feature: LockedFeature) => ResultAsync<unknown, HostError>,
      ) => store.withFeatureLock(SLUG, work);

      it('hands the feature as loaded under the lock', async () => {
        const store = await seed({
          [SLUG]: { workPackages: [{ id: 'WP01', title: 'One' }], meta: { a: 1 } },
        });
        const seen = await store.withFeatureLock(SLUG, (locked) => okAsync(locked.feature));
        expect(seen._unsafeUnwrap()).toEqual((await store.loadFeature(SLUG))._unsafeUnwrap());
      });

      it('appends whole lines in the original format, readable inside and outside the lock', async () => {
        const store = await seed({ [SLUG]: { eventsText: `${ORIGINAL_LINES[0]}\n` } });
        const added = [
          makeEvent(2, { reason: 'naïve 🐱' }),
          makeEvent(3, { from_lane: 'claimed', to_lane: 'in_progress' }),
        ];
        const inside = await store.withFeatureLock(SLUG, (locked) =>
          locked.appendEvents(added).andThen(() => locked.readEvents()),
        );
        expect(inside._unsafeUnwrap().slice(1)).toEqual(added);
        expect((await files(store))['status.events.jsonl']).toBe(
          `${ORIGINAL_LINES[0]}\n${added.map((event) => `${serializeEvent(event)}\n`).join('')}`,
        );
        expect((await store.readEvents(SLUG))._unsafeUnwrap().slice(1)).toEqual(added);
      });

      it('appends annotations and 1.3 lines in the original format, read back in file order', async () => {
        const store = await seed({ [SLUG]: { eventsText: `${ORIGINAL_LINES[0]}\n` } });
        const { feature_slug: _, ...laneFields } = makeEvent(3, {
          from_lane: 'claimed',
          to_lane: 'in_progress',
        });
        const missionEvent: StatusEvent = {
          ...laneFields,
          mission_slug: SLUG,
          mission_id: '01JMPZ00000000000000000MID',
        };
        const added: (StatusEvent | AnnotationEvent)[] = [
          makeAnnotation(2, { note: '- [2026-02-23T18:04:02Z] claude: naïve 🐱' }),
          missionEvent,
          makeAnnotation(4, { subtasks: { T001: 'done' }, hostname: 'dropped' }),
        ];
        await lock(store, (locked) => locked.appendEvents(added));
        expect((await files(store))['status.events.jsonl']).toBe(
          `${ORIGINAL_LINES[0]}\n${added.map((entry) => `${serializeLogEntry(entry)}\n`).join('')}`,
        );
        const read = (await store.readEvents(SLUG))._unsafeUnwrap();
        expect(read.map((entry) => entry.event_id)).toEqual([
          '01JMPZ0000000000000000000A',
          eventId(2),
          eventId(3),
          eventId(4),
        ]);
        expect(read[2]).toEqual(added[1]);
        expect(read[3]).toEqual(makeAnnotation(4, { subtasks: { T001: 'done' } }));
      });

      it('keeps rows of other subsystems byte-for-byte when appending', async () => {
        const original = `${FOREIGN_LINE}\n${ORIGINAL_LINES[0]}\n${FOREIGN_LINE.replace('PlanStarted', 'PlanCompleted')}`;
        const store = await seed({ [SLUG]: { eventsText: original } });
        await lock(store, (locked) => locked.appendEvents([makeEvent(2)]));
        expect((await files(store))['status.events.jsonl']).toBe(
          `${original}\n${serializeEvent(makeEvent(2))}\n`,
        );
        await lock(store, (locked) => locked.appendEvents([makeAnnotation(3, { note: 'n' })]));
        const text = (await files(store))['status.events.jsonl'] as string;
        expect(text.startsWith(`${original}\n`)).toBe(true);
        expect((await store.readEvents(SLUG))._unsafeUnwrap()).toHaveLength(3);
      });

      it('drops a torn tail before appending, so no line is glued onto another', async () => {
        const store = await seed({
          [SLUG]: { eventsText: `${ORIGINAL_LINES[0]}\n{"actor": "cla` },
        });
        await lock(store, (locked) => locked.appendEvents([makeEvent(2)]));
        expect((await files(store))['status.events.jsonl']).toBe(
          `${ORIGINAL_LINES[0]}\n${serializeEvent(makeEvent(2))}\n`,
        );
      });

      it('keeps a complete last event that lacks its newline', async () => {
        const store = await seed({ [SLUG]: { eventsText: ORIGINAL_LINES.join('\n') } });
        await lock(store, (locked) => locked.appendEvents([makeEvent(3)]));
        const text = (await files(store))['status.events.jsonl'];
        expect(text).toBe(`${ORIGINAL_LINES.join('\n')}\n${serializeEvent(makeEvent(3))}\n`);
        expect((await store.readEvents(SLUG))._unsafeUnwrap()).toHaveLength(3);
      });

      it('writes nothing for an empty batch', async () => {
        const store = await seed({ [SLUG]: {} });
        await lock(store, (locked) => locked.appendEvents([]));
        expect(await files(store)).toEqual({});
      });

      it('writes status.json as the deterministic serialisation of the snapshot', async () => {
        const store = await seed({ [SLUG]: { workPackages: [{ id: 'WP01' }, { id: 'WP02' }] } });
        const snapshot = materializeSnapshot(SLUG, [makeEvent(1)], ['WP01', 'WP02']);
        await lock(store, (locked) => locked.writeSnapshot(snapshot));
        const first = (await files(store))['status.json'];
        expect(first).toBe(serializeSnapshot(snapshot));
        await lock(store, (locked) =>
          locked.writeSnapshot(materializeSnapshot(SLUG, [makeEvent(1)], ['WP02', 'WP01'])),
        );
        expect((await files(store))['status.json']).toBe(first);
      });

      it('updates meta.json keeping every other key, as two-space JSON with a newline', async () => {
        const store = await seed({
          [SLUG]: { meta: { target_branch: 'develop', extra: { keep: [1, 2] } } },
        });
        const merged = await store.withFeatureLock(SLUG, (locked) =>
          locked.updateMeta({ accepted_at: '2026-02-23T18:03:22Z', accepted_by: 'claude' }),
        );
        const expected = {
          target_branch: 'develop',
          extra: { keep: [1, 2] },
          accepted_at: '2026-02-23T18:03:22Z',
          accepted_by: 'claude',
        };
        expect(merged._unsafeUnwrap()).toEqual(expected);
        expect((await files(store))['meta.json']).toBe(`${JSON.stringify(expected, null, 2)}\n`);
        expect((await store.loadFeature(SLUG))._unsafeUnwrap().meta).toEqual(expected);
      });

      it('writes meta.json as spec-kitty 3 does with sortKeys: sorted keys, non-ASCII kept', async () => {
        const meta = { zeta: 'ünï', target_branch: 'develop', alpha: { b: [1], a: null } };
        const store = await seed({ [SLUG]: { meta } });
        const merged = await store.withFeatureLock(SLUG, (locked) =>
          locked.updateMeta({ accepted_by: 'Zoë' }, { sortKeys: true }),
        );
        const expected = { ...meta, accepted_by: 'Zoë' };
        expect(merged._unsafeUnwrap()).toEqual(expected);
        const text = (await files(store))['meta.json'];
        expect(text).toBe(`${pythonJsonDumpsIndented(expected)}\n`);
        expect(text).toBe(
          '{\n  "accepted_by": "Zoë",\n  "alpha": {\n    "a": null,\n    "b": [\n      1\n    ]\n  },\n  "target_branch": "develop",\n  "zeta": "ünï"\n}\n',
        );
      });

      it('removes the keys whose patch value is undefined, and only those', async () => {
        const store = await seed({
          [SLUG]: { meta: { accept_commit: 'abc', accepted_from_commit: 'def', keep: 1 } },
        });
        const merged = await store.withFeatureLock(SLUG, (locked) =>
          locked.updateMeta({
            accept_commit: undefined,
            accepted_from_commit: undefined,
            missing: undefined,
            accepted_by: 'claude',
          }),
        );
        expect(merged._unsafeUnwrap()).toEqual({ keep: 1, accepted_by: 'claude' });
        expect((await files(store))['meta.json']).toBe(
          '{\n  "keep": 1,\n  "accepted_by": "claude"\n}\n',
        );
        expect((await store.loadFeature(SLUG))._unsafeUnwrap().meta).toEqual({
          keep: 1,
          accepted_by: 'claude',
        });
      });

      it('creates meta.json when it is missing', async () => {
        const store = await seed({ [SLUG]: {} });
        await store.withFeatureLock(SLUG, (locked) => locked.updateMeta({ accepted_by: 'claude' }));
        expect((await files(store))['meta.json']).toBe('{\n  "accepted_by": "claude"\n}\n');
      });

      describe('appendActivity', () => {
        const entry = '- [2026-02-23T18:03:22Z] claude: started naïve 🐱';
        const frontmatter = (id: string) =>
          `---\nwork_package_id: "${id}"\ntitle: "Café – ünïcode"\n---\n`;
        const cases: Array<{ name: string; before: string; after: string }> = [
          {
            name: 'at the end of an existing section followed by another section',
            before: `${frontmatter('WP01')}# WP01\n\nDo it.\n\n## Activity Log\n\n- 2026-01-01T00:00:00Z – system – created\n\n## Notes\n\nKeep me.\n`,
            after: `${frontmatter('WP01')}# WP01\n\nDo it.\n\n## Activity Log\n\n- 2026-01-01T00:00:00Z – system – created\n${entry}\n\n## Notes\n\nKeep me.\n`,
          },
          {
            name: 'in a new section at the end of the body when there is none',
            before: `${frontmatter('WP01')}# WP01\n\nBody text.\n`,
            after: `${frontmatter('WP01')}# WP01\n\nBody text.\n\n## Activity Log\n\n${entry}\n`,
          },
          {
            name: 'with CRLF line endings in a CRLF file',
            before: `${frontmatter('WP01')}# WP01\n\n## Activity Log\n\n- old\n`.replaceAll(
              '\n',
              '\r\n',
            ),
            after:
              `${frontmatter('WP01')}# WP01\n\n## Activity Log\n\n- old\n${entry}\n`.replaceAll(
                '\n',
                '\r\n',
              ),
          },
          {
            name: 'keeping a file without a trailing newline without one',
            before: `${frontmatter('WP01')}# WP01\n\n## Activity Log\n\n- old`,
            after: `${frontmatter('WP01')}# WP01\n\n## Activity Log\n\n- old\n${entry}`,
          },
          {
            name: 'under a bare heading, after a blank line',
            before: `${frontmatter('WP01')}# WP01\n\n## Activity Log\n`,
            after: `${frontmatter('WP01')}# WP01\n\n## Activity Log\n\n${entry}\n`,
          },
          {
            name: 'in a new section when the file has no trailing newline',
            before: `${frontmatter('WP01')}# WP01\n\nBody text.`,
            after: `${frontmatter('WP01')}# WP01\n\nBody text.\n\n## Activity Log\n\n${entry}`,
          },
        ];
        it("reverts this session's appends byte for byte", async () => {
          const before = `${frontmatter('WP01')}# WP01\r\n\r\n## Activity Log\r\n\r\n- old`;
          const store = await seed({ [SLUG]: { files: { 'tasks/WP01-setup.md': before } } });
          const untouched = await files(store);
          const result = await store.withFeatureLock(SLUG, (locked) =>
            locked
              .appendActivity('WP01', entry)
              .andThen(() => locked.appendActivity('WP01', `${entry} again`))
              .andThen(() => locked.revertActivity('WP01'))
              .andThen(() => locked.revertActivity('WP01')),
          );
          expect(result.isOk()).toBe(true);
          expect(await files(store)).toEqual(untouched);
        });

        for (const { name, before, after } of cases) {
          it(`appends ${name}, leaving every other byte as it was`, async () => {
            const store = await seed({
              [SLUG]: { files: { 'tasks/WP01-setup.md': before }, tasksMd: '## WP01\n' },
            });
            const others = await files(store);
            const path = await store.withFeatureLock(SLUG, (locked) =>
              locked.appendActivity('WP01', entry),
            );
            expect(slash(path._unsafeUnwrap())).toBe(
              `${slash(store.root)}/kitty-specs/${SLUG}/tasks/WP01-setup.md`,
            );
            const now = await files(store);
            expect(now['tasks/WP01-setup.md']).toBe(after);
            expect({ ...now, 'tasks/WP01-setup.md': '' }).toEqual({
              ...others,
              'tasks/WP01-setup.md': '',
            });
          });
        }

        it('answers WP_NOT_FOUND for anything but a canonical id of the feature', async () => {
          const store = await seed({
            [SLUG]: { workPackages: [{ id: 'WP01', fileName: 'WP01-setup.md' }] },
          });
          const before = await files(store);
          for (const wpId of ['WP02', 'WP1', 'wp01', 'WP01-setup', '../WP01']) {
            const result = await store.withFeatureLock(SLUG, (locked) =>
              locked.appendActivity(wpId, entry),
            );
            expect(result._unsafeUnwrapErr()).toMatchObject({
              code: 'WP_NOT_FOUND',
              details: { wp_id: wpId },
            });
          }
          expect(await files(store)).toEqual(before);
        });
      });

      it("passes the work's error through and releases the lock", async () => {
        const store = await seed({ [SLUG]: {} });
        const failed = await store.withFeatureLock(SLUG, () => errAsync(wpNotFound(SLUG, 'WP09')));
        expect(failed._unsafeUnwrapErr()).toEqual(wpNotFound(SLUG, 'WP09'));
        expect((await store.withFeatureLock(SLUG, () => okAsync('again')))._unsafeUnwrap()).toBe(
          'again',
        );
      });

      it('turns a throwing work into INTERNAL_ERROR and releases the lock', async () => {
        const store = await seed({ [SLUG]: {} });
        const thrown = await store.withFeatureLock(SLUG, () => {
          throw new Error('boom');
        });
        expect(thrown._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
        expect((await store.withFeatureLock(SLUG, () => okAsync(1)))._unsafeUnwrap()).toBe(1);
      });

      it('does not run the work when the feature does not load', async () => {
        const store = await seed({
          [SLUG]: { workPackages: [{ id: 'WP01', workPackageId: 'WP02' }] },
        });
        let ran = false;
        const result = await store.withFeatureLock(SLUG, () => {
          ran = true;
          return okAsync(undefined);
        });
        expect(result._unsafeUnwrapErr().code).toBe('SPEC_INVALID');
        expect(ran).toBe(false);
      });

      it('makes read → decide → append atomic: concurrent holders never overlap', async () => {
        const store = await seed({ [SLUG]: { workPackages: [{ id: 'WP01' }] } });
        let active = 0;
        let overlap = false;
        const rounds = 12;
        const results = await Promise.all(
          Array.from({ length: rounds }, () =>
            store.withFeatureLock(SLUG, (locked) => {
              active += 1;
              overlap ||= active > 1;
              return locked
                .readEvents()
                .andThen((events) => ResultAsync.fromSafePromise(delay(3)).map(() => events.length))
                .andThen((count) => locked.appendEvents([makeEvent(count + 1)]))
                .map(() => {
                  active -= 1;
                });
            }),
          ),
        );
        expect(results.every((result) => result.isOk())).toBe(true);
        expect(overlap).toBe(false);
        const ids = (await store.readEvents(SLUG))._unsafeUnwrap().map((event) => event.event_id);
        expect(ids).toEqual(Array.from({ length: rounds }, (_, index) => eventId(index + 1)));
      });

      it('refuses writes through a LockedFeature once the lock is released', async () => {
        const store = await seed({ [SLUG]: { workPackages: [{ id: 'WP01' }] } });
        let leaked: LockedFeature | undefined;
        await store.withFeatureLock(SLUG, (locked) => {
          leaked = locked;
          return okAsync(undefined);
        });
        const before = await files(store);
        const late = leaked as LockedFeature;
        expect((await late.appendEvents([makeEvent(1)]))._unsafeUnwrapErr().code).toBe(
          'INTERNAL_ERROR',
        );
        expect(
          (await late.writeSnapshot(materializeSnapshot(SLUG, [], ['WP01'])))._unsafeUnwrapErr()
            .code,
        ).toBe('INTERNAL_ERROR');
        expect((await late.updateMeta({ a: 1 }))._unsafeUnwrapErr().code).toBe('INTERNAL_ERROR');
        expect((await late.appendActivity('WP01', '- x'))._unsafeUnwrapErr().code).toBe(
          'INTERNAL_ERROR',
        );
        expect(await files(store)).toEqual(before);
      });
    });
  });
}
