import { errAsync, okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { internalError } from '../errors/host-error.js';
import {
  isAnnotation,
  parseEventLog,
  serializeEvent,
  type StatusEvent,
} from '../events/status-event.js';
import type { LockedFeature, SpecStore } from '../ports/spec-store.js';
import { createMemorySpecStore, type MemorySpecStore } from '../testing/memory-spec-store.js';
import { describeSpecStoreContract } from '../testing/spec-store-contract.js';
import { makeEvent, eventId } from '../../test/fixtures.js';
import { withGroupCommit } from './group-commit.js';

const SLUG = '001-demo';
const seedProject = () =>
  createMemorySpecStore({ [SLUG]: { workPackages: [{ id: 'WP01' }, { id: 'WP02' }] } });
/** The lane events of the log (these tests append no annotation). */
const logOf = (store: MemorySpecStore): StatusEvent[] =>
  parseEventLog(store.files(SLUG)?.['status.events.jsonl'] ?? '')
    ._unsafeUnwrap()
    .filter((entry): entry is StatusEvent => !isAnnotation(entry));

describeSpecStoreContract('memory behind withGroupCommit', () => {
  const inner = new WeakMap<SpecStore, MemorySpecStore>();
  return {
    seed: (project) => {
      const memory = createMemorySpecStore(project);
      const grouped = withGroupCommit(memory);
      inner.set(grouped, memory);
      return grouped;
    },
    files: (store, slug) => inner.get(store)?.files(slug) ?? {},
  };
});

/** A caller that reads the log and appends one event named after it, as an operation does. */
const appendOne = (store: SpecStore, index: number, fail = false) =>
  store.withFeatureLock(SLUG, (locked) =>
    locked.readEvents().andThen((events) => {
      const event = makeEvent({
        event_id: eventId(index),
        wp_id: 'WP01',
        actor: `caller-${index}`,
      });
      return locked
        .appendEvents([event])
        .andThen(() =>
          fail ? errAsync(internalError('this caller fails')) : okAsync(events.length),
        );
    }),
  );

describe('withGroupCommit', () => {
  it('serves concurrent callers in order under one lock hold, each seeing the ones before', async () => {
    const memory = seedProject();
    const store = withGroupCommit(memory);
    const seen = await Promise.all(
      Array.from({ length: 12 }, (_, index) => appendOne(store, index + 1)),
    );
    expect(seen.map((result) => result._unsafeUnwrap())).toEqual(
      Array.from({ length: 12 }, (_, index) => index),
    );
    expect(logOf(memory).map((event) => event.actor)).toEqual(
      Array.from({ length: 12 }, (_, index) => `caller-${index + 1}`),
    );
  });

  it('keeps no event of a caller whose work failed, and later callers do not see it', async () => {
    const memory = seedProject();
    const store = withGroupCommit(memory);
    const results = await Promise.all([
      appendOne(store, 1),
      appendOne(store, 2, true),
      appendOne(store, 3),
    ]);
    expect(results.map((result) => result.isOk())).toEqual([true, false, true]);
    expect(results[2]?._unsafeUnwrap()).toBe(1);
    expect(logOf(memory).map((event) => event.actor)).toEqual(['caller-1', 'caller-3']);
  });

  it('answers nothing as done when the batch append fails', async () => {
    const memory = seedProject();
    const failingAppend: SpecStore = {
      ...memory,
      withFeatureLock: (slug, work) =>
        memory.withFeatureLock(slug, (locked) =>
          work({
            ...locked,
            readEvents: () => locked.readEvents(),
            appendEvents: () => errAsync(internalError('disk full')),
          } as LockedFeature),
        ),
    };
    const store = withGroupCommit(failingAppend);
    const readOnly = store.withFeatureLock(SLUG, (locked) =>
      locked.readEvents().map((events) => events.length),
    );
    const results = await Promise.all([appendOne(store, 1), readOnly, appendOne(store, 2)]);
    expect(results[0]?._unsafeUnwrapErr().message).toBe('disk full');
    expect(results[1]?._unsafeUnwrap()).toBe(0);
    expect(results[2]?._unsafeUnwrapErr().message).toBe('disk full');
    expect(memory.files(SLUG)?.['status.events.jsonl']).toBeUndefined();
  });

  it('writes one log line per event, whole, in one append', async () => {
    const memory = seedProject();
    const store = withGroupCommit(memory);
    await Promise.all(Array.from({ length: 5 }, (_, index) => appendOne(store, index + 1)));
    const text = memory.files(SLUG)?.['status.events.jsonl'] ?? '';
    expect(text.split('\n').filter(Boolean)).toEqual(
      logOf(memory).map((event) => serializeEvent(event)),
    );
  });
});
