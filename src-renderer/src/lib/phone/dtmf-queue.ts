/** A tone (100 ms) plus the SDK's inter-tone gap (70 ms), with room to spare. */
export const TONE_GAP_MS = 250;

/**
 * Keypad presses sent one tone at a time: a new insertDTMF replaces the tones still queued, so
 * quick presses sent at once would be lost. Plain code: the tone goes to `send`, the gap is a timer.
 */
export class DtmfQueue {
  #keys: string[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (digit: string) => void,
    private readonly gapMs = TONE_GAP_MS,
  ) {}

  /** Queues one key (0–9, *, #); anything else is ignored. Returns whether it was queued. */
  press(digit: string): boolean {
    if (!/^[0-9*#]$/.test(digit)) return false;
    this.#keys.push(digit);
    if (this.#keys.length === 1) this.#sendNext();
    return true;
  }

  /** Keys still to be sent, the one sounding now first. */
  get pending(): readonly string[] {
    return this.#keys;
  }

  /** Drops what is still queued (the call ended). */
  clear() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#keys = [];
  }

  #sendNext() {
    const digit = this.#keys[0];
    if (digit === undefined) return;
    this.send(digit);
    this.#timer = setTimeout(() => {
      this.#keys.shift();
      this.#sendNext();
    }, this.gapMs);
  }
}
