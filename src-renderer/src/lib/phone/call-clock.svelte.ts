/** How long a call has been connected, as m:ss, ticking once a second while it runs. */
export class CallClock {
  #connectedAt = $state<number | undefined>();
  #now = $state(Date.now());
  #ticker: ReturnType<typeof setInterval> | undefined;

  readonly elapsed = $derived(
    this.#connectedAt === undefined ? '0:00' : clock(Math.max(0, this.#now - this.#connectedAt)),
  );

  /** The call connected: count from now. */
  start() {
    clearInterval(this.#ticker);
    this.#connectedAt = this.#now = Date.now();
    this.#ticker = setInterval(() => (this.#now = Date.now()), 1000);
  }

  /** The call ended: stop ticking (the last reading stays until the next call resets it). */
  stop() {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  /** A new call begins: back to 0:00. */
  reset() {
    this.stop();
    this.#connectedAt = undefined;
  }
}

/** Milliseconds as m:ss. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
