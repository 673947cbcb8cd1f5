// The mission spec-kitty 3.2.6rc3 planned (the shared coord-3wp fixture), driven through the
// built CLI: its reads equal what the original host answered (modulo our documented
// improvements), selectors, the coordination worktree restored, and the 0.1.3 provider's whole
// run through execution lanes down to accept-mission and merge-mission.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COORD_3WP,
  extractSpecKittyFixture,
  hasSpecKittyFixture,
} from '@kittyhost/sample-project/lanes';
import { afterAll, describe, expect, it } from 'vitest';
import { git } from './harness.js';
import {
  ACTOR,
  agentWorks,
  approve,
  checkoutState,
  expectFsckClean,
  failed,
  host,
  ok,
  PROVIDER_POLICY,
  refs,
  startImplementation,
  transition,
  worktrees,
} from './lanes-harness.js';

const { slug, coordinationBranch, targetBranch } = COORD_3WP;
const base = mkdtempSync(join(tmpdir(), 'kittyhost-lanes-fixture-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The WPs as the fixture plans them: owned files and subtask rosters. */
const WORK = {
  WP01: {
    subtasks: ['T001', 'T002'],
    files: {
      'src/demo/greet.py': 'def greet(): return "hi"\n',
      'tests/test_greet.py': 'def test(): pass\n',
    },
  },
  WP02: {
    subtasks: ['T003', 'T004'],
    files: {
      'src/demo/farewell.py': 'def bye(): return "bye"\n',
      'tests/test_farewell.py': 'def test(): pass\n',
    },
  },
  WP03: {
    subtasks: ['T005', 'T006'],
    files: { 'docs/demo.md': '# Demo\n', 'docs/changelog.md': '# Changes\n' },
  },
} as const;

describe.skipIf(!hasSpecKittyFixture())(
  'the coord-3wp fixture (spec-kitty 3.2.6rc3) through the CLI',
  () => {
    it('reads what the original answered (modulo our improvements); every selector names the same mission; the coordination worktree comes back', () => {
      const repo = extractSpecKittyFixture(join(base, 'reads'));
      const manifest = JSON.parse(readFileSync(COORD_3WP.manifest, 'utf8'));
      const before = worktrees(repo).map((top) => [top, checkoutState(top)]);
      for (const answer of manifest.reference_answers as { argv: string[]; stdout: string }[]) {
        const args = answer.argv.slice(2);
        if (args[0] === 'contract-version') continue;
        const expected = JSON.parse(answer.stdout.replaceAll('<REPO>', repo)).data;
        // Ours: identity from the primary meta.json, and last_actor the actor of the last lane event.
        expected.mission_type = 'software-dev';
        for (const wp of expected.work_packages ?? []) wp.last_actor = 'finalize-tasks';
        expect(ok(host(repo, args))).toEqual(expected);
        for (const selector of [
          COORD_3WP.missionId,
          COORD_3WP.mid8,
          COORD_3WP.mid8.toLowerCase(),
        ]) {
          const renamed = args.map((arg) => (arg === slug ? selector : arg));
          expect(ok(host(repo, renamed))).toEqual(expected);
        }
      }
      // Reads change nothing anywhere.
      expect(worktrees(repo).map((top) => [top, checkoutState(top)])).toEqual(before);

      // A second mission sharing the mid8 makes the mid8 ambiguous; the full mission_id is not.
      const other = join(repo, 'kitty-specs', `other-${COORD_3WP.mid8}`);
      mkdirSync(other);
      writeFileSync(
        join(other, 'meta.json'),
        `${JSON.stringify({ mission_id: `${COORD_3WP.mid8}ZZZZZZZZZZZZZZZZZZ` })}\n`,
      );
      expect(
        failed(
          host(repo, ['mission-state', '--mission', COORD_3WP.mid8]),
          'MISSION_AMBIGUOUS_SELECTOR',
        ),
      ).toEqual({
        selector: COORD_3WP.mid8,
        candidates: [slug, `other-${COORD_3WP.mid8}`],
        message: `Mission selector '${COORD_3WP.mid8}' matches several missions: ${slug}, other-${COORD_3WP.mid8}`,
      });
      expect(
        ok(host(repo, ['mission-state', '--mission', COORD_3WP.missionId]))['mission_slug'],
      ).toBe(slug);
      rmSync(other, { recursive: true });

      // The coordination worktree deleted: the next call re-creates it from its branch (the
      // original would read the primary dir's husk and call every WP planned).
      const coordination = join(repo, '.worktrees', `${slug}-coord`);
      const state = ok(host(repo, ['mission-state', '--mission', slug]));
      rmSync(coordination, { recursive: true, force: true });
      expect(ok(host(repo, ['mission-state', '--mission', slug]))).toEqual(state);
      expect(worktrees(repo)).toContain(coordination);
      expect(git(coordination, 'status', '--porcelain')).toBe('');
      // Its branch gone too: the status cannot be read from anywhere → STATUS_READ_PATH_NOT_FOUND.
      rmSync(coordination, { recursive: true, force: true });
      git(repo, 'worktree', 'prune');
      git(repo, 'branch', '-D', coordinationBranch);
      const refsBefore = refs(repo);
      expect(
        failed(host(repo, ['mission-state', '--mission', slug]), 'STATUS_READ_PATH_NOT_FOUND'),
      ).toMatchObject({
        mission_slug: slug,
        mid8: COORD_3WP.mid8,
        coord_candidate: join(coordination, 'kitty-specs', slug),
        primary_candidate: join(repo, 'kitty-specs', slug),
        coordination_branch: coordinationBranch,
      });
      expect(refs(repo)).toBe(refsBefore);
      expect(existsSync(coordination)).toBe(false);
    });

    it(
      'takes a 0.1.3 provider run through the lanes: work lands on the target, accept and merge succeed, nothing is left behind',
      { timeout: 240_000 },
      () => {
        const repo = extractSpecKittyFixture(join(base, 'replay'));
        const coordination = join(repo, '.worktrees', `${slug}-coord`);
        const lanePath = (lane: string) => join(repo, '.worktrees', `${slug}-${lane}`);
        const laneBranch = (lane: string) => `kitty/mission-${slug}-${lane}`;
        const hidden = [
          `kitty-specs/${slug}/status.events.jsonl`,
          `kitty-specs/${slug}/status.json`,
        ];
        const main = checkoutState(repo);
        const contract = ok(host(repo, ['contract-version']));
        expect(contract['api_version']).toBe('1.3.0');

        // A WP whose dependency is not done yet: refused before anything is allocated.
        const untouched = refs(repo);
        expect(
          failed(startImplementation(repo, slug, 'WP02'), 'DEPENDENCIES_NOT_SATISFIED'),
        ).toMatchObject({
          wp_id: 'WP02',
          unsatisfied_dependencies: ['WP01'],
        });
        expect(refs(repo)).toBe(untouched);
        expect(existsSync(lanePath('lane-b'))).toBe(false);

        const ready = ok(host(repo, ['list-ready', '--mission', slug]))['ready_work_packages'];
        expect(ready.map((wp: { wp_id: string }) => wp.wp_id)).toEqual(['WP01', 'WP03']);
        for (const wp of ['WP01', 'WP03'] as const) {
          const started = ok(startImplementation(repo, slug, wp));
          const lane = wp === 'WP01' ? 'lane-a' : 'lane-c';
          expect(started).toMatchObject({
            wp_id: wp,
            from_lane: 'planned',
            to_lane: 'in_progress',
            workspace_path: lanePath(lane),
            lane_id: lane,
            lane_branch: laneBranch(lane),
            lane_base_ref: coordinationBranch,
            no_op: false,
            status_committed: true,
          });
          // The lane: a worktree git lists, on its branch, with the planning commit merged in and
          // the status files hidden by its sparse checkout.
          expect(worktrees(repo)).toContain(lanePath(lane));
          expect(git(lanePath(lane), 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(laneBranch(lane));
          expect(git(lanePath(lane), 'log', '-1', '--format=%s')).toBe(
            `Merge recorded planning-artifact commit into ${lane} (FR-009)`,
          );
          git(
            repo,
            'merge-base',
            '--is-ancestor',
            '970a241ed1e3a5ee19537e5fc965e24341423aa0',
            laneBranch(lane),
          );
          for (const path of hidden) expect(existsSync(join(lanePath(lane), path))).toBe(false);
          expect(git(lanePath(lane), 'status', '--porcelain')).toBe('');
          // The two events are committed on the coordination branch, and only there.
          expect(git(repo, 'log', '-1', '--format=%s', coordinationBranch)).toBe(
            `chore(spec-kitty): status transition batch ${wp}`,
          );
          expect(
            git(repo, 'show', '--name-only', '--format=', coordinationBranch).split('\n').sort(),
          ).toEqual(hidden);
          ok(
            host(repo, [
              'append-history',
              '--mission',
              slug,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--note',
              "Starting implementation with agent 'claude' (retry #0)",
            ]),
          );
        }

        // The commit gate counts beyond the lane HEAD recorded at allocation: the merged planning
        // commit is no implementation commit (the original lets this through).
        expect(
          failed(
            transition(repo, slug, 'WP01', 'for_review', '--note', 'too early'),
            'TRANSITION_REJECTED',
          ),
        ).toMatchObject({
          wp_id: 'WP01',
          lane_id: 'lane-a',
        });
        for (const wp of ['WP01', 'WP03'] as const) {
          const lane = wp === 'WP01' ? 'lane-a' : 'lane-c';
          agentWorks(
            repo,
            slug,
            lanePath(lane),
            WORK[wp].files,
            WORK[wp].subtasks,
            `feat(${wp}): implementation by claude`,
          );
          expect(git(lanePath(lane), 'status', '--porcelain')).toBe('');
          ok(
            transition(
              repo,
              slug,
              wp,
              'for_review',
              '--note',
              "Implementation by 'claude' complete",
            ),
          );
          approve(repo, slug, wp);
          ok(
            host(repo, [
              'append-history',
              '--mission',
              slug,
              '--wp',
              wp,
              '--actor',
              ACTOR,
              '--note',
              'Review approved in cycle 1',
            ]),
          );
        }
        // A done WP: refused before anything is allocated or merged.
        const settled = refs(repo);
        failed(startImplementation(repo, slug, 'WP01'), 'TRANSITION_REJECTED');
        expect(refs(repo)).toBe(settled);

        // WP02's lane starts with its dependency lane's tip merged in.
        const wp02 = ok(startImplementation(repo, slug, 'WP02'));
        expect(wp02).toMatchObject({ lane_id: 'lane-b', workspace_path: lanePath('lane-b') });
        expect(git(lanePath('lane-b'), 'log', '-2', '--format=%s').split('\n')).toEqual([
          'Merge dependency lane lane-a into lane-b',
          'Merge recorded planning-artifact commit into lane-b (FR-009)',
        ]);
        expect(readFileSync(join(lanePath('lane-b'), 'src/demo/greet.py'), 'utf8')).toBe(
          WORK.WP01.files['src/demo/greet.py'],
        );
        agentWorks(
          repo,
          slug,
          lanePath('lane-b'),
          WORK.WP02.files,
          WORK.WP02.subtasks,
          'feat(WP02): implementation by claude',
        );
        ok(
          transition(
            repo,
            slug,
            'WP02',
            'for_review',
            '--note',
            "Implementation by 'claude' complete",
          ),
        );
        // A rejection cycle, then the rework in the same lane.
        const feedback = 'feedback-WP02-cycle1-0a1b2c3d';
        ok(
          host(repo, [
            'start-review',
            '--mission',
            slug,
            '--wp',
            'WP02',
            '--actor',
            ACTOR,
            '--policy',
            PROVIDER_POLICY,
          ]),
        );
        ok(
          transition(
            repo,
            slug,
            'WP02',
            'in_progress',
            '--note',
            'Review rejected; rework required',
            '--review-ref',
            feedback,
            '--review-result-json',
            JSON.stringify({ reference: feedback, reviewer: ACTOR, verdict: 'changes_requested' }),
          ),
        );
        agentWorks(
          repo,
          slug,
          lanePath('lane-b'),
          { 'tests/test_farewell.py': 'def test(): assert True\n' },
          [],
          'feat(WP02): rework by claude',
        );
        ok(
          transition(
            repo,
            slug,
            'WP02',
            'for_review',
            '--note',
            'Re-implementation complete (cycle 1)',
          ),
        );
        approve(repo, slug, 'WP02');

        const final = ok(host(repo, ['mission-state', '--mission', slug]));
        expect(final['summary']).toMatchObject({ done: 3, planned: 0 });
        expect(final['work_packages'].map((wp: { last_actor: string }) => wp.last_actor)).toEqual([
          ACTOR,
          ACTOR,
          ACTOR,
        ]);
        // Every status change went to the coordination branch: the main checkout's tree and index
        // are as the planning tools left them.
        expect(checkoutState(repo)).toMatchObject({ head: main.head, index: main.index });
        expect(git(coordination, 'status', '--porcelain')).toMatch(/^( M kitty-specs\/\S+\n?)*$/);

        const accepted = ok(host(repo, ['accept-mission', '--mission', slug, '--actor', ACTOR]));
        expect(accepted).toMatchObject({
          accepted: true,
          mode: 'auto',
          done_wps: ['WP01', 'WP02', 'WP03'],
          meta_committed: true,
        });
        expect(git(repo, 'show', '--name-only', '--format=', 'HEAD')).toBe(
          `kitty-specs/${slug}/meta.json`,
        );

        const merged = ok(
          host(repo, [
            'merge-mission',
            '--mission',
            slug,
            '--target',
            targetBranch,
            '--strategy',
            'merge',
          ]),
        );
        expect(merged).toMatchObject({
          merged: true,
          target_branch: targetBranch,
          strategy: 'merge',
          merged_wps: ['WP01', 'WP03', 'WP02'],
          worktree_removed: true,
        });
        // Every WP's work is on the target, through the mission branch.
        for (const wp of ['WP01', 'WP02', 'WP03'] as const)
          for (const path of Object.keys(WORK[wp].files))
            expect(git(repo, 'cat-file', '-e', `${targetBranch}:${path}`)).toBe('');
        expect(git(repo, 'show', `${targetBranch}:tests/test_farewell.py`)).toBe(
          'def test(): assert True',
        );
        expect(git(repo, 'log', '-2', '--format=%s', targetBranch).split('\n')).toEqual([
          `chore(spec-kitty): fold the mission-level events of ${slug} into its status log`,
          `Merge ${coordinationBranch} into ${targetBranch}`,
        ]);
        // The status files travelled onto the target, the husk's mission-level rows folded in.
        const log = git(repo, 'show', `${targetBranch}:kitty-specs/${slug}/status.events.jsonl`);
        expect(log).toContain('"event_type": "MissionCreated"');
        expect(log.split('\n').filter((line) => line.includes('"to_lane": "done"'))).toHaveLength(
          3,
        );
        expect(git(repo, 'status', '--porcelain')).toBe('');
        // Lanes and their branches are gone; the coordination worktree (the status surface) stays.
        expect(worktrees(repo)).toEqual([repo, coordination]);
        expect(git(repo, 'branch', '--list', `${laneBranch('lane-*')}`)).toBe('');
        expectFsckClean(repo);
        expect(ok(host(repo, ['mission-state', '--mission', slug]))['summary']).toMatchObject({
          done: 3,
        });
      },
    );
  },
);
