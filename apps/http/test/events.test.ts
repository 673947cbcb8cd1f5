// Server-sent status events: live events from concurrent CLI processes, resume without loss or
// duplicates, replay, heartbeats, and a follower that survives torn tails and rewrites.
import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeEvent, type StatusEvent } from '@kittyhost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogFollower, statusEventDataSchema, type RunningServer } from '../src/index.js';
import {
  FEATURE,
  POLICY,
  SseClient,
  cli,
  eventLines,
  http,
  independentWorkPackages,
  sampleProject,
  send,
  serve,
} from './harness.js';

const ids = (events: readonly Record<string, any>[]) =>
  events.map((event) => event.event_id as string);

describe('GET /v1/features/{feature}/events', () => {
  let server: RunningServer;
  let root: string;
  let featureDir: string;
  let eventsUrl: string;
  beforeAll(async () => {
    ({ root, featureDir } = sampleProject({ workPackages: independentWorkPackages(10) }));
    server = await serve(root, { heartbeatMs: 100 });
    eventsUrl = `${server.url}/v1/features/${FEATURE}/events`;
  });
  afterAll(async () => {
    await server.close();
  });

  it('streams, in log order, the events of concurrent CLI processes; then resumes after Last-Event-ID without loss or duplicates', async () => {
    const first = await SseClient.open(eventsUrl);
    expect(first.status).toBe(200);
    const starts = await Promise.all(
      ['WP01', 'WP02', 'WP03', 'WP04', 'WP05', 'WP06'].map((wp) =>
        cli(root, 'start-implementation', {
          feature: FEATURE,
          wp,
          actor: `agent-${wp}`,
          policy: POLICY,
        }),
      ),
    );
    expect(starts.every((result) => result.envelope.success)).toBe(true);
    await first.waitFor(() => first.events.length >= 12);
    const logAfterFirst = eventLines(featureDir);
    expect(logAfterFirst).toHaveLength(12);
    expect(ids(first.events)).toEqual(ids(logAfterFirst));
    for (const message of first.messages) {
      expect(message.event).toBe('status');
      expect(message.id).toBe(JSON.parse(message.data).event_id);
      statusEventDataSchema.parse(JSON.parse(message.data));
    }
    expect(first.events[0]).toMatchObject({
      feature_slug: FEATURE,
      from_lane: 'planned',
      to_lane: 'claimed',
      policy_metadata: POLICY,
    });
    const lastSeen = first.messages.at(-1)?.id as string;
    await first.close();

    // Missed while disconnected: CLI processes and this server's own mutations.
    const missed = await Promise.all([
      ...['WP01', 'WP02', 'WP03'].map((wp) =>
        cli(root, 'transition', {
          feature: FEATURE,
          wp,
          to: 'blocked',
          actor: 'lead',
          note: 'paused',
        }),
      ),
      http(server.url, 'transition', {
        feature: FEATURE,
        wp: 'WP04',
        to: 'blocked',
        actor: 'lead',
        note: 'paused',
      }),
    ]);
    expect(missed.every((result) => result.envelope.success)).toBe(true);

    const second = await SseClient.open(eventsUrl, { 'last-event-id': lastSeen });
    await second.waitFor(() => second.events.length >= 4);
    const log = eventLines(featureDir);
    expect(ids(second.events)).toEqual(ids(log.slice(12)));
    await cli(root, 'transition', {
      feature: FEATURE,
      wp: 'WP05',
      to: 'blocked',
      actor: 'lead',
      note: 'live again',
    });
    await second.waitFor(() => second.events.length >= 5);
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing else may arrive
    const all = [...ids(first.events), ...ids(second.events)];
    expect(all).toEqual(ids(eventLines(featureDir)));
    expect(new Set(all).size).toBe(all.length);
    await second.close();
  });

  it('resumes from ?last_event_id= too, the header winning over the query', async () => {
    const log = eventLines(featureDir);
    const fromQuery = await SseClient.open(`${eventsUrl}?last_event_id=${log[9]?.event_id}`);
    await fromQuery.waitFor(() => fromQuery.events.length >= log.length - 10);
    expect(ids(fromQuery.events)).toEqual(ids(log.slice(10)));
    await fromQuery.close();
    const both = await SseClient.open(`${eventsUrl}?last_event_id=${log[0]?.event_id}`, {
      'last-event-id': log.at(-2)?.event_id as string,
    });
    await both.waitFor(() => both.events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ids(both.events)).toEqual(ids(log.slice(-1)));
    await both.close();
  });

  it('replays the whole log with ?replay=true, and for an id that is not in the log', async () => {
    const log = eventLines(featureDir);
    const replay = await SseClient.open(`${eventsUrl}?replay=true`);
    await replay.waitFor(() => replay.events.length >= log.length);
    expect(ids(replay.events)).toEqual(ids(log));
    await replay.close();
    const unknown = await SseClient.open(eventsUrl, {
      'last-event-id': '01ZZZZZZZZZZZZZZZZZZZZZZZZ',
    });
    await unknown.waitFor(() => unknown.events.length >= log.length);
    expect(ids(unknown.events)).toEqual(ids(log));
    expect(unknown.comments.some((comment) => comment.includes('not in the log'))).toBe(true);
    await unknown.close();
  });

  it('sends heartbeat comments and nothing else while the log is quiet', async () => {
    const quiet = await SseClient.open(eventsUrl);
    await quiet.waitFor(
      () => quiet.comments.filter((comment) => comment === 'heartbeat').length >= 2,
      3_000,
    );
    expect(quiet.messages).toHaveLength(0);
    await quiet.close();
  });

  it('answers an unknown feature or a bad query with an envelope, not a stream', async () => {
    const missing = await send(`${server.url}/v1/features/nope/events`);
    expect(missing.status).toBe(404);
    expect(missing.envelope).toMatchObject({
      success: false,
      error_code: 'FEATURE_NOT_FOUND',
      data: { feature_slug: 'nope' },
    });
    const badReplay = await send(`${eventsUrl}?replay=maybe`);
    expect(badReplay.status).toBe(400);
    const unknownParameter = await send(`${eventsUrl}?since=1`);
    expect(unknownParameter.status).toBe(400);
    expect(unknownParameter.envelope.error_code).toBe('USAGE_ERROR');
  });
});

describe('event streams and shutdown', () => {
  it('ends every stream when the server closes', async () => {
    const { root } = sampleProject();
    const server = await serve(root);
    const client = await SseClient.open(`${server.url}/v1/features/${FEATURE}/events`);
    const started = Date.now();
    await server.close();
    await client.waitFor(() => client.ended, 5_000);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

function event(index: number, wp = 'WP01'): StatusEvent {
  return {
    event_id: `01J${String(index).padStart(23, '0')}`,
    feature_slug: 'f',
    wp_id: wp,
    from_lane: 'planned',
    to_lane: 'claimed',
    at: `2026-01-01T00:00:${String(index).padStart(2, '0')}.000000+00:00`,
    actor: 'a',
    force: false,
    execution_mode: 'worktree',
    reason: null,
    review_ref: null,
    evidence: null,
    policy_metadata: null,
  };
}
const line = (index: number) => `${serializeEvent(event(index))}\n`;

describe('EventLogFollower', () => {
  it('delivers only whole lines: a torn tail waits, a truncated one is never delivered, duplicates are dropped', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kittyhost-follow-'));
    const path = join(directory, 'status.events.jsonl');
    const follower = new EventLogFollower(path, { pollIntervalMs: 20 });
    await follower.ready; // no file yet
    const seen: string[] = [];
    follower.subscribe((events) => seen.push(...events.map((item) => item.entry.event_id)));
    writeFileSync(path, line(1) + line(2));
    await follower.refresh();
    const half = line(3).slice(0, 40);
    appendFileSync(path, half);
    await follower.refresh();
    expect(seen).toEqual([event(1).event_id, event(2).event_id]);
    // The writer died; the next writer truncates the torn tail and appends its own line.
    truncateSync(path, Buffer.byteLength(line(1) + line(2)));
    appendFileSync(path, line(4) + line(2)); // line 2 again: a duplicate id
    await follower.refresh();
    expect(seen).toEqual([1, 2, 4].map((index) => event(index).event_id));
    appendFileSync(path, '{"not": "an event"}\n' + line(5));
    await follower.refresh();
    expect(seen).toEqual([1, 2, 4, 5].map((index) => event(index).event_id));
    follower.stop();
  });

  it('notices a rewritten log (a merge of logs replaced it) and delivers only the events it had not seen', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kittyhost-follow-'));
    const path = join(directory, 'status.events.jsonl');
    writeFileSync(path, line(1) + line(3));
    const follower = new EventLogFollower(path, { pollIntervalMs: 20 });
    follower.start();
    await follower.ready;
    const seen: string[] = [];
    follower.subscribe((events) => seen.push(...events.map((item) => item.entry.event_id)));
    // Replaced atomically with the union, sorted: a new event lands in the middle.
    writeFileSync(`${path}.tmp`, line(1) + line(2) + line(3) + line(4));
    renameSync(`${path}.tmp`, path);
    await expect.poll(() => seen.length, { timeout: 2_000 }).toBe(2);
    expect(seen).toEqual([event(2).event_id, event(4).event_id]);
    // Rewritten in place, same inode, longer: the anchor no longer matches.
    writeFileSync(path, line(1) + line(5) + line(2) + line(3) + line(4));
    await follower.refresh();
    expect(seen).toEqual([2, 4, 5].map((index) => event(index).event_id));
    expect(follower.events.map((item) => item.entry.event_id)).toEqual(
      [1, 3, 2, 4, 5].map((index) => event(index).event_id),
    );
    follower.stop();
  });
});
