import { errorMessage } from '@shared/api';

export interface RunOptions<What> {
  /** What is in flight, for a store that says which command it is ('start', a field…). */
  what?: What;
  /** The last error stays on screen while this runs, and goes only when it succeeds. */
  keepError?: boolean;
  /**
   * The words a failure shows as `error` (its message by default); undefined leaves `error` as it
   * is, for a failure the store shows some other way (beside a field, say).
   */
  onError?: (error: unknown) => string | undefined;
}

/**
 * A store's command in flight and the last one's failure. `run` sets busy, clears the last error,
 * awaits the task, puts a failure's message in `error` and clears busy. A second run while one is in
 * flight is not refused (the buttons are disabled instead): it runs too, and whichever ends first
 * clears busy.
 */
export class Busy<What extends string | true = true> {
  #what = $state<What | undefined>();
  /** The last failure's words; the store may set it too (a check of its own, an event). */
  error = $state<string | undefined>();

  get busy() {
    return this.#what !== undefined;
  }
  /** Which command is in flight, when the store named it (else true); undefined when none is. */
  get what() {
    return this.#what;
  }

  async run(task: () => Promise<unknown>, options: RunOptions<What> = {}): Promise<void> {
    const { keepError = false, onError = errorMessage } = options;
    this.#what = options.what ?? (true as What);
    if (!keepError) this.error = undefined;
    try {
      await task();
      if (keepError) this.error = undefined;
    } catch (error) {
      const words = onError(error);
      if (words !== undefined) this.error = words;
    } finally {
      this.#what = undefined;
    }
  }
}
