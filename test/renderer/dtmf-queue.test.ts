import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DtmfQueue, TONE_GAP_MS } from '../../src-renderer/src/lib/phone/dtmf-queue';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function queue() {
  const sent: string[] = [];
  return { q: new DtmfQueue((d) => sent.push(d)), sent };
}

describe('DtmfQueue', () => {
  it('sends quick presses one tone at a time, each a tone gap after the last', () => {
    const { q, sent } = queue();
    for (const d of '12#') q.press(d);
    expect(sent).toEqual(['1']);
    vi.advanceTimersByTime(TONE_GAP_MS - 1);
    expect(sent).toEqual(['1']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['1', '2']);
    vi.advanceTimersByTime(TONE_GAP_MS);
    expect(sent).toEqual(['1', '2', '#']);
    vi.advanceTimersByTime(TONE_GAP_MS);
    expect(q.pending).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a press after the queue ran dry sounds at once', () => {
    const { q, sent } = queue();
    q.press('5');
    vi.advanceTimersByTime(TONE_GAP_MS);
    q.press('6');
    expect(sent).toEqual(['5', '6']);
  });

  it('ignores anything that is not a key of the keypad', () => {
    const { q, sent } = queue();
    expect(q.press('a')).toBe(false);
    expect(q.press('12')).toBe(false);
    expect(q.press('*')).toBe(true);
    expect(sent).toEqual(['*']);
  });

  it('drops what is still queued when cleared (the call ended)', () => {
    const { q, sent } = queue();
    for (const d of '123') q.press(d);
    q.clear();
    expect(q.pending).toEqual([]);
    vi.advanceTimersByTime(TONE_GAP_MS * 3);
    q.press('9');
    expect(sent).toEqual(['1', '9']);
  });
});
