/**
 * What graceful shutdown needs to know about the app: the requests still running and the open
 * event streams. Once `closing`, mutations are refused (503) and event streams end; `drain()`
 * resolves when every request that was already running has answered.
 */
export class Lifecycle {
  #closing = false;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #streams = new Set<() => void>();

  /** True once shutdown has begun. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Number of requests running right now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Run `work` as an in-flight request: {@link drain} waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.finally(() => this.#inFlight.delete(settled));
    this.#inFlight.add(settled);
    return settled;
  }

  /** Register an open stream's closer; returns the function that unregisters it. */
  addStream(close: () => void): () => void {
    if (this.#closing) {
      close();
      return () => undefined;
    }
    this.#streams.add(close);
    return () => {
      this.#streams.delete(close);
    };
  }

  /** Begin shutdown: end every stream, refuse new mutations, wait for the running ones. */
  async drain(): Promise<void> {
    this.#closing = true;
    for (const close of [...this.#streams]) close();
    this.#streams.clear();
    while (this.#inFlight.size > 0) {
      await Promise.allSettled([...this.#inFlight]);
    }
  }
}
