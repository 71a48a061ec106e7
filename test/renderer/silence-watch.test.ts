import { afterEach, describe, expect, it, vi } from 'vitest';
import { SilenceWatch } from '../../src-renderer/src/lib/silence-watch.svelte';

afterEach(() => vi.useRealTimers());

describe('SilenceWatch', () => {
  it('turns silent when nothing arrives for the digit timeout plus 10 s while listening', () => {
    vi.useFakeTimers();
    const watch = new SilenceWatch();
    watch.expect(5);
    watch.heard(true);
    vi.advanceTimersByTime(14_000);
    expect(watch.silent).toBe(false);
    vi.advanceTimersByTime(2_000);
    expect(watch.silent).toBe(true);
    watch.heard(true);
    expect(watch.silent).toBe(false);
  });

  it('stays quiet when no field is being listened for', () => {
    vi.useFakeTimers();
    const watch = new SilenceWatch();
    watch.heard(false);
    vi.advanceTimersByTime(60_000);
    expect(watch.silent).toBe(false);
  });
});
