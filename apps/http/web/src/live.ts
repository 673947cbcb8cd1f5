// Keeps a board live over the feature's event stream, without polling: the board JSON is read
// once, then again only when the stream says something happened (debounced) or after the stream
// reconnected (so a reconnect never leaves a stale board on screen).

/** The state of the link to the server, as the page shows it. */
export type LinkState = 'connecting' | 'live' | 'reconnecting';

/** Options of {@link LiveBoard}. */
export interface LiveBoardOptions<Board> {
  /** Read the board (GET its JSON). */
  readonly load: () => Promise<Board>;
  /** The stream's URL, resuming after `lastEventId` (or replaying a log that was empty). */
  readonly streamUrl: (lastEventId: string | null) => string;
  /** The board's `last_event_id`: where the stream resumes after the first read. */
  readonly lastEventIdOf: (board: Board) => string | null;
  /** A board was read: render it. */
  readonly onBoard: (board: Board) => void;
  /** The link changed state. */
  readonly onLink: (state: LinkState) => void;
  /** A read failed (the board stays as it was; the next event or reconnect reads again). */
  readonly onError: (error: unknown) => void;
  /**
   * Apply a stream message to the board on screen at once (the card moves before the re-read
   * lands); `null` leaves it to the re-read.
   */
  readonly apply?: (
    board: Board,
    type: (typeof MESSAGE_TYPES)[number],
    data: string,
  ) => Board | null;
  /**
   * When the board on screen stops being true by itself (ms since 1970: a lease runs out, and
   * heartbeats write no event), or `null`: the board is read once at that instant.
   */
  readonly staleAt?: (board: Board) => number | null;
  /** Wait this long after an event for more before reading. Default 25 ms. */
  readonly debounceMs?: number;
  /** The EventSource constructor (the browser's). */
  readonly EventSource?: typeof EventSource;
}

/** The stream's message types (lane events and annotations): both change the board. */
const MESSAGE_TYPES = ['status', 'annotation'] as const;

/**
 * A live board: call {@link LiveBoard.start} once.
 *
 * - After the first read it sends no request but the event stream and the board reads that
 *   stream messages (or a reconnect) trigger — no timer polls anything. The one exception is
 *   `staleAt`: with leases on, one read when the earliest lease on screen is due to run out.
 * - With `apply`, a lane event moves its card at once; the re-read follows.
 * - Messages arriving while a read is under way cause one more read after it (the read under way
 *   is not drawn), so the board drawn was always read after the last message.
 * - On a stream error the state is `reconnecting` until the stream is open again AND a fresh
 *   board has been read and rendered; only then `live`.
 * - The browser's EventSource reconnects by itself (with `Last-Event-ID`); when it gives up (an
 *   answer that is not a stream, e.g. a 503 while the server restarts) a new one is opened after
 *   a growing delay (1 s … 10 s), resuming with `?last_event_id=`.
 *
 * @example
 * ```ts
 * new LiveBoard({ load, streamUrl, lastEventIdOf: (board) => board.last_event_id, onBoard, onLink, onError }).start();
 * ```
 */
export class LiveBoard<Board> {
  readonly #options: LiveBoardOptions<Board>;
  #source: EventSource | null = null;
  #board: Board | null = null;
  #lastEventId: string | null = null;
  #state: LinkState = 'connecting';
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #reopen: ReturnType<typeof setTimeout> | null = null;
  #stale: ReturnType<typeof setTimeout> | null = null;
  #reading: Promise<boolean> | null = null;
  #readAgain = false;
  #failures = 0;
  #stopped = false;

  constructor(options: LiveBoardOptions<Board>) {
    this.#options = options;
  }

  /** The link's state now. */
  get state(): LinkState {
    return this.#state;
  }

  /** Read the board, render it, then follow the stream. */
  async start(): Promise<void> {
    this.#setState('connecting');
    const board = await this.#options.load();
    this.#lastEventId = this.#options.lastEventIdOf(board);
    this.#show(board);
    this.#open();
  }

  /** Close the stream and forget every pending read. */
  stop(): void {
    this.#stopped = true;
    this.#source?.close();
    if (this.#debounce !== null) clearTimeout(this.#debounce);
    if (this.#reopen !== null) clearTimeout(this.#reopen);
    if (this.#stale !== null) clearTimeout(this.#stale);
  }

  #show(board: Board): void {
    this.#board = board;
    this.#options.onBoard(board);
    if (this.#stale !== null) clearTimeout(this.#stale);
    this.#stale = null;
    const at = this.#options.staleAt?.(board) ?? null;
    if (at !== null && !this.#stopped)
      // A little after the instant, so the server agrees it has passed; timers cap at ~24.8 days.
      this.#stale = setTimeout(
        () => {
          this.#stale = null;
          void this.#read();
        },
        Math.min(2 ** 31 - 1, Math.max(0, at - Date.now()) + 500),
      );
  }

  #setState(state: LinkState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onLink(state);
  }

  #open(): void {
    if (this.#stopped) return;
    const Source = this.#options.EventSource ?? EventSource;
    const source = new Source(this.#options.streamUrl(this.#lastEventId));
    this.#source = source;
    for (const type of MESSAGE_TYPES)
      source.addEventListener(type, (message: MessageEvent<string>) => {
        if (message.lastEventId !== '') this.#lastEventId = message.lastEventId;
        const applied =
          this.#board === null
            ? null
            : (this.#options.apply?.(this.#board, type, message.data) ?? null);
        if (applied !== null) this.#show(applied);
        this.#schedule();
      });
    source.addEventListener('open', () => {
      this.#failures = 0;
      if (this.#state === 'connecting') this.#setState('live');
      else if (this.#state === 'reconnecting') void this.#readAfterReconnect(source);
    });
    source.addEventListener('error', () => {
      if (this.#source !== source) return;
      this.#setState('reconnecting');
      if (source.readyState === source.CLOSED) {
        source.close();
        this.#failures += 1;
        const delay = Math.min(10_000, 1_000 * 2 ** (this.#failures - 1));
        this.#reopen = setTimeout(() => {
          this.#reopen = null;
          this.#open();
        }, delay);
      }
    });
  }

  /** Back after a drop: show `live` only once a board read after the reopen is on screen. */
  async #readAfterReconnect(source: EventSource): Promise<void> {
    const fresh = await this.#read();
    if (this.#source !== source || source.readyState !== source.OPEN) return;
    if (fresh) this.#setState('live');
    // The stream is back but the board could not be read: try again shortly (still reconnecting).
    else this.#reopen = setTimeout(() => void this.#readAfterReconnect(source), 1_000);
  }

  #schedule(): void {
    if (this.#debounce !== null) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      void this.#read();
    }, this.#options.debounceMs ?? 25);
  }

  /** One board read at a time; a request for another while one runs makes one more after it. */
  #read(): Promise<boolean> {
    if (this.#reading !== null) {
      this.#readAgain = true;
      return this.#reading;
    }
    this.#reading = this.#readUntilCurrent();
    return this.#reading;
  }

  /** Resolves with whether the last read succeeded (it started after every request for one). */
  async #readUntilCurrent(): Promise<boolean> {
    let fresh = false;
    do {
      this.#readAgain = false;
      try {
        const board = await this.#options.load();
        // A message that arrived during the read may be newer than what it read (and may already
        // be applied on screen): read again instead of drawing an older board.
        if (!this.#stopped && !this.#readAgain) this.#show(board);
        fresh = true;
      } catch (error) {
        this.#options.onError(error);
        fresh = false;
      }
    } while (this.#readAgain && !this.#stopped);
    this.#reading = null;
    return fresh;
  }
}
