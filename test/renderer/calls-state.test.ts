import { describe, expect, it, vi } from 'vitest';
import { CallsState } from '../../src-renderer/src/lib/calls-state.svelte';
import { CALL, OTHER_CALL, fakeApi } from './fake-api';

const inProgress = (sid: string) => ({
  sid,
  from: '+14155550123',
  to: '+14155550100',
  status: 'in-progress',
});

describe('CallsState while the start form is open', () => {
  it('lists once on opening, then follows the core’s events without asking again', async () => {
    vi.useFakeTimers();
    try {
      const { api, calls, emit } = fakeApi({ 'calls.list': () => ({ calls: [] }) });
      const state = new CallsState(api);
      state.startRefreshing();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(calls.map((c) => c.name)).toEqual(['calls.list']);

      emit('calls.changed', { calls: [inProgress(CALL)] });
      expect(state.calls.map((c) => c.sid)).toEqual([CALL]);
      expect(state.callSid).toBe(CALL);
      emit('calls.changed', { calls: [] });
      expect([state.calls.length, state.callSid]).toEqual([0, undefined]);
      expect(calls).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks once when the core only knows that a leg changed (live mode), and not after closing', async () => {
    let listed = [inProgress(OTHER_CALL)];
    const { api, calls, emit } = fakeApi({ 'calls.list': () => ({ calls: listed }) });
    const state = new CallsState(api);
    state.startRefreshing();
    await vi.waitFor(() => expect(state.calls).toHaveLength(1));
    listed = [];
    emit('calls.changed', {});
    await vi.waitFor(() => expect(state.calls).toHaveLength(0));
    state.stopRefreshing();
    emit('calls.changed', {});
    expect(calls.map((c) => c.name)).toEqual(['calls.list', 'calls.list']);
  });
});
