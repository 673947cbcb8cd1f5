import { isAnnotation } from '@kittyhost/core';
import type { EventLogFollower, FollowedRow } from './event-log-follower.js';

/** Options of {@link eventStreamResponse}. */
export interface EventStreamOptions {
  readonly follower: EventLogFollower;
  /** Resume after this event (the `Last-Event-ID` header or `?last_event_id=`). */
  readonly lastEventId: string | undefined;
  /** Without `lastEventId`: send the whole log first. */
  readonly replay: boolean;
  readonly heartbeatMs: number;
  /** Register a closer with the server's lifecycle; returns the unregister function. */
  readonly register: (close: () => void) => () => void;
  /** Called once when the stream ends, whoever ends it. */
  readonly onEnd: () => void;
}

/** A client this far behind (queued chunks) is cut off; it resumes with `Last-Event-ID`. */
const MAX_QUEUED_CHUNKS = 10_000;

/**
 * One SSE message: `id` = event_id, `event: status` (a lane event) or `event: annotation` (a
 * history entry or subtask mark), `data` = the log line exactly as written (one JSON object).
 */
export function formatStatusEvent(row: FollowedRow): string {
  const kind = isAnnotation(row.entry) ? 'annotation' : 'status';
  return `id: ${row.entry.event_id}\nevent: ${kind}\ndata: ${row.line}\n\n`;
}

/**
 * A `text/event-stream` response that sends the backlog the client asked for, then every new
 * event as the follower sees it, and a comment line every `heartbeatMs`. The backlog and the live
 * subscription are taken in the same tick, so nothing falls between them and nothing is sent twice.
 *
 * @example
 * ```ts
 * return eventStreamResponse({ follower, lastEventId, replay: false, heartbeatMs: 15_000, register, onEnd });
 * ```
 */
export function eventStreamResponse(options: EventStreamOptions): Response {
  const { follower, lastEventId } = options;
  const encoder = new TextEncoder();
  let cleanup = (): void => undefined;
  let ended = false;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const end = (): void => {
        if (ended) return;
        ended = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed or cancelled
        }
      };
      const send = (text: string): void => {
        if (ended) return;
        controller.enqueue(encoder.encode(text));
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) end();
      };

      let first = 0;
      let note = '';
      if (lastEventId !== undefined) {
        const index = follower.indexOf(lastEventId);
        if (index >= 0) first = index + 1;
        else
          note = `: last event id ${JSON.stringify(lastEventId).slice(1, -1)} is not in the log; replaying the whole log\n\n`;
      } else if (!options.replay) {
        first = follower.events.length;
      }
      const backlog = follower.events.slice(first);
      const unsubscribe = follower.subscribe((events) =>
        send(events.map(formatStatusEvent).join('')),
      );
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), options.heartbeatMs);
      heartbeat.unref();
      const unregister = options.register(end);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        unregister();
        options.onEnd();
      };
      send(`retry: 2000\n: connected\n\n${note}${backlog.map(formatStatusEvent).join('')}`);
    },
    cancel() {
      if (ended) return;
      ended = true;
      cleanup();
    },
  });

  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
