/** Time as the sandbox sees it; tests scale it down so a 5 s digit timeout takes milliseconds. */
export interface Clock {
  now(): Date;
  /** Runs `fn` after `ms` sandbox milliseconds; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
  /** Resolves after `ms` sandbox milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock, optionally running timers `scale` times as long (0.01 = a hundred times faster). */
export function systemClock(scale = 1): Clock {
  const real = (ms: number) => Math.max(0, Math.round(ms * scale));
  return {
    now: () => new Date(),
    after(ms, fn) {
      const t = setTimeout(fn, real(ms));
      return () => clearTimeout(t);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, real(ms))),
  };
}
