import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@shared/api/errors';
import { SandboxState } from '../../src-renderer/src/lib/sandbox-state.svelte';
import { CALL, fakeApi, OTHER_CALL } from './fake-api';

const ended = () => {
  throw new AppError('call_ended', 'That call has ended. Call in again.');
};

describe('SandboxState when the agent ends the call first', () => {
  it('a key pressed on the ended call puts the panel back to calling in, and says why', async () => {
    let refreshed = 0;
    const { api } = fakeApi({
      'sandbox.callIn': () => ({ sid: CALL, from: '+14155550123', to: '+14155550199' }),
      'sandbox.press': ended,
    });
    const sandbox = new SandboxState(api, () => refreshed++);
    await sandbox.callIn({ softphone: true });
    expect(sandbox.callSid).toBe(CALL);
    await sandbox.press('4');
    expect(sandbox.callSid).toBeUndefined();
    expect(sandbox.error).toBe('The call has ended. Call in again when you are ready.');
    expect(refreshed).toBe(2);
  });

  it('hanging up a call that already ended just puts the phone down', async () => {
    const { api, calls } = fakeApi({
      'sandbox.callIn': () => ({ sid: CALL, from: '+14155550123', to: '+14155550100' }),
      'sandbox.hangup': ended,
    });
    const sandbox = new SandboxState(api);
    await sandbox.callIn();
    await sandbox.hangUp();
    expect([sandbox.callSid, sandbox.error]).toEqual([undefined, undefined]);
    expect(calls.map((c) => c.name)).toEqual(['sandbox.callIn', 'sandbox.hangup']);
  });

  it('follows the call while it lasts, and goes back to calling in when the agent hangs up', async () => {
    let refreshed = 0;
    const { api, calls, emit } = fakeApi({
      'sandbox.callIn': () => ({ sid: CALL, from: '+14155550123', to: '+14155550199' }),
    });
    const sandbox = new SandboxState(api, () => refreshed++);
    await sandbox.callIn({ softphone: true });
    emit('sandbox.call', { callSid: OTHER_CALL, status: 'completed', ended: true });
    emit('sandbox.call', { callSid: CALL, status: 'in-progress', ended: false });
    expect(sandbox.callSid).toBe(CALL);
    emit('sandbox.call', { callSid: CALL, status: 'completed', ended: true });
    await vi.waitFor(() => expect(sandbox.callSid).toBeUndefined());
    // Followed by the core's events: the panel never asked for the call's status.
    expect(calls.map((c) => c.name)).toEqual(['sandbox.callIn']);
    expect(sandbox.error).toBe('The call has ended. Call in again when you are ready.');
    expect(refreshed).toBe(2);
  });

  it('other failures keep the call and show the reason', async () => {
    const { api } = fakeApi({
      'sandbox.callIn': () => ({ sid: CALL, from: '+14155550123', to: '+14155550100' }),
      'sandbox.press': () => {
        throw new AppError('invalid_argument', 'The keypad has only 0-9, # and *.');
      },
    });
    const sandbox = new SandboxState(api);
    await sandbox.callIn();
    await sandbox.press('x');
    expect([sandbox.callSid, sandbox.error]).toEqual([CALL, 'The keypad has only 0-9, # and *.']);
  });
});
