/**
 * Notices when Twilio has gone quiet while a field is being listened for: longer than the digit
 * timeout plus a margin with no update means the callbacks are not arriving, whatever the tunnel says.
 */
export class SilenceWatch {
  #heardAt = $state(0);
  #now = $state(0);
  #listening = $state(false);
  #clock: ReturnType<typeof setInterval> | undefined;
  #limitMs = 15_000;

  readonly silent = $derived(this.#listening && this.#now - this.#heardAt > this.#limitMs);

  /** Sets the per-field digit timeout of the payment being watched. */
  expect(timeoutSeconds: number) {
    this.#limitMs = (timeoutSeconds + 10) * 1000;
  }

  /** Something came from Twilio; `listening` says whether a field is still being listened for. */
  heard(listening: boolean) {
    this.#heardAt = this.#now = Date.now();
    this.#listening = listening;
    // The clock only runs while it matters.
    if (listening) this.#clock ??= setInterval(() => (this.#now = Date.now()), 1000);
    else {
      clearInterval(this.#clock);
      this.#clock = undefined;
    }
  }
}
