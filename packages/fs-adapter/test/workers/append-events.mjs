// A provider process: `rounds` times, take the feature lock, read the log, append one event,
// rewrite status.json. Imports the BUILT package by its name, as an app would.
// Usage: node append-events.mjs <root> <slug> <worker> <rounds>
import { createFsSpecStore } from '@kittyhost/fs-adapter';
import { createIdSource, formatEventTimestamp, materializeSnapshot } from '@kittyhost/core';

const [root, slug, worker, roundsText] = process.argv.slice(2);
const store = createFsSpecStore({ root });
const ids = createIdSource();

for (let round = 0; round < Number(roundsText); round++) {
  const result = await store.withFeatureLock(slug, (locked) =>
    locked.readEvents().andThen((events) => {
      const event = {
        event_id: ids.eventId(),
        feature_slug: slug,
        wp_id: `WP0${worker}`,
        from_lane: round % 2 === 0 ? 'planned' : 'claimed',
        to_lane: round % 2 === 0 ? 'claimed' : 'planned',
        at: formatEventTimestamp(new Date()),
        actor: `worker-${worker}`,
        force: false,
        execution_mode: 'worktree',
        // What this holder saw: under the lock it must be exactly the line number it appends at.
        reason: `${worker}:${round}:${events.length}`,
        review_ref: null,
        evidence: null,
        policy_metadata: null,
      };
      const wpIds = locked.feature.workPackages.map((wp) => wp.id);
      return locked
        .appendEvents([event])
        .andThen(() => locked.writeSnapshot(materializeSnapshot(slug, [...events, event], wpIds)));
    }),
  );
  if (result.isErr()) {
    process.stderr.write(
      `${JSON.stringify({ code: result.error.code, message: result.error.message })}\n`,
    );
    process.exit(1);
  }
}
