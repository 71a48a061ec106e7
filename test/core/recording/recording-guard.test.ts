import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordingStatus } from '@shared/api/recording';
import type { PaymentField, PaymentSession } from '@shared/payments';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';
import { waitFor } from '../../helpers/wait-for';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

let h: CoreHarness;
let states: RecordingStatus[];

beforeEach(async () => {
  h = await startCoreHarness();
  states = [];
  h.core.api.subscribe((name, payload) => {
    if (name === 'recording.state') states.push(payload as RecordingStatus);
  });
});
afterEach(() => h.close());

const field = (s: PaymentSession, name: PaymentField) => s.fields.find((f) => f.field === name)!;

/** A customer calls in through the console's sandbox customer, as the agent's console does. */
async function customerCalls(): Promise<string> {
  const call = await h.invoke('sandbox.callIn', {});
  return call.sid;
}

async function start(callSid: string) {
  return await h.invoke('payments.start', { callSid, amount: '20.00' });
}

async function capture(callSid: string, id: string, name: PaymentField, keys: string) {
  const since = h.events.length;
  await h.invoke('payments.request', { sessionId: id, field: name });
  await h.sandbox.control.pressDigits(callSid, keys);
  return h.until((s) => s.id === id && field(s, name).status === 'captured', `${name} captured`, since);
}

async function captureCard(callSid: string, id: string) {
  await capture(callSid, id, 'payment-card-number', '4111111111111111#');
  await capture(callSid, id, 'expiration-date', '1230#');
  await capture(callSid, id, 'security-code', '123#');
  return capture(callSid, id, 'postal-code', '94109#');
}

const recordingOf = (callSid: string) => h.sandbox.recordings.list(callSid);
const keysRecorded = (callSid: string) =>
  recordingOf(callSid)
    .flatMap((r) => r.intervals)
    .filter((i) => i.kind === 'recorded')
    .reduce((n, i) => n + i.keys, 0);

async function auditActions(): Promise<string[]> {
  await h.core.audit.flush();
  const text = await readFile(h.core.audit.file, 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).action as string)
    .filter((a) => a.startsWith('recording.'));
}

const stateOf = (callSid: string) =>
  (
    h.core.api.dispatch('recording.get', { callSid }) as Promise<{
      ok: boolean;
      value: RecordingStatus;
    }>
  ).then((e) => e.value.state);

/** With "Record calls" on and every pause failing, a payment's first field is refused, with why. */
async function refusedForFailedPause() {
  await h.invoke('settings.set', { recordCalls: true });
  h.sandbox.recordings.faults.pause = true;
  const callSid = await customerCalls();
  const session = await start(callSid);
  await expect(
    h.invoke('payments.request', { sessionId: session.id, field: 'payment-card-number' }),
  ).rejects.toMatchObject({
    code: 'recording_not_paused',
    message: expect.stringContaining('could not be paused, so no card details will be asked for'),
  });
  return { callSid, session };
}

describe('the recording guard against the sandbox', () => {
  it('records nothing while "Record calls" is off (the default)', async () => {
    const callSid = await customerCalls();
    const session = await start(callSid);
    await capture(callSid, session.id, 'payment-card-number', '4111111111111111#');
    expect(recordingOf(callSid)).toEqual([]);
    expect(await stateOf(callSid)).toBe('none');
  });

  it('records the call, pauses with silence before the first field, and resumes after the payment', async () => {
    await h.invoke('settings.set', { recordCalls: true });
    const callSid = await customerCalls();
    expect(recordingOf(callSid).map((r) => r.status)).toEqual(['in-progress']);
    await h.sandbox.control.pressDigits(callSid, '1'); // a menu key while recorded: the recording hears it
    const session = await start(callSid);
    await captureCard(callSid, session.id);
    expect(states.some((s) => s.state === 'paused' && s.message === 'Recording paused for payment.')).toBe(
      true,
    );
    expect(recordingOf(callSid)[0]!.status).toBe('paused');
    await h.invoke('payments.complete', { sessionId: session.id });
    await h.until((s) => s.phase === 'succeeded', 'success');
    const resumed = await waitFor(() => states.find((s) => s.message.includes('resumed')), 5000, 'resumed');
    expect(resumed.state).toBe('recording');
    expect(recordingOf(callSid)[0]!.status).toBe('in-progress');

    const [recording] = recordingOf(callSid);
    expect(recording!.intervals.map((i) => i.kind)).toEqual(['recorded', 'silence', 'recorded']);
    expect(recording!.intervals[1]!.keys).toBeGreaterThan(16);
    expect(keysRecorded(callSid)).toBe(1);
    expect(await stateOf(callSid)).toBe('recording');
    expect(await auditActions()).toEqual(['recording.started', 'recording.paused', 'recording.resumed']);
  });

  it('resumes after a cancel too', async () => {
    await h.invoke('settings.set', { recordCalls: true });
    const callSid = await customerCalls();
    const session = await start(callSid);
    await capture(callSid, session.id, 'payment-card-number', '4111111111111111#');
    await h.invoke('payments.cancel', { sessionId: session.id });
    await h.until((s) => s.phase === 'cancelled', 'cancelled');
    await waitFor(() => recordingOf(callSid)[0]!.status === 'in-progress' || undefined, 5000, 'resumed');
    expect(keysRecorded(callSid)).toBe(0);
  });

  it('asks for no field while the pause fails, until the agent stops the recording', async () => {
    const { callSid, session } = await refusedForFailedPause();
    const after = await h.invoke('payments.get', { sessionId: session.id });
    expect(after.sessions[0]!.fields.every((f) => f.status === 'pending')).toBe(true);
    expect(await stateOf(callSid)).toBe('pause-failed');

    // Trying the pause again fails the same way while the fault holds; stopping is the way out.
    await h.invoke('recording.pause', { callSid });
    expect(await stateOf(callSid)).toBe('pause-failed');
    await h.invoke('recording.stop', { callSid });
    expect(await stateOf(callSid)).toBe('stopped');
    await capture(callSid, session.id, 'payment-card-number', '4111111111111111#');
    expect(recordingOf(callSid)[0]!.status).toBe('stopped');
    expect(keysRecorded(callSid)).toBe(0);
    expect(await auditActions()).toEqual([
      'recording.started',
      'recording.pause_failed',
      'recording.pause_failed',
      'recording.stopped',
    ]);
  });

  it('lets the agent cancel after a failed pause, and leaves the recording running', async () => {
    const { callSid, session } = await refusedForFailedPause();
    await h.invoke('payments.cancel', { sessionId: session.id });
    await h.until((s) => s.phase === 'cancelled', 'cancelled');
    await waitFor(async () => ((await stateOf(callSid)) === 'recording' ? true : undefined), 5000, 'running');
    expect(recordingOf(callSid)[0]!.status).toBe('in-progress');
  });

  it('says so when the recording cannot be resumed after the payment', async () => {
    await h.invoke('settings.set', { recordCalls: true });
    const callSid = await customerCalls();
    const session = await start(callSid);
    await capture(callSid, session.id, 'payment-card-number', '4111111111111111#');
    h.sandbox.recordings.faults.resume = true;
    await h.invoke('payments.cancel', { sessionId: session.id });
    const failed = await waitFor(
      () => states.find((s) => s.state === 'resume-failed'),
      5000,
      'resume-failed',
    );
    expect(failed.message).toContain('could not be resumed');
    expect(recordingOf(callSid)[0]!.status).toBe('paused');
    expect(await auditActions()).toContain('recording.resume_failed');
  });

  it('ends with the call when the customer hangs up during the capture', async () => {
    await h.invoke('settings.set', { recordCalls: true });
    const callSid = await customerCalls();
    const session = await start(callSid);
    await capture(callSid, session.id, 'payment-card-number', '4111111111111111#');
    await h.invoke('payments.request', { sessionId: session.id, field: 'expiration-date' });
    await h.sandbox.control.pressDigits(callSid, '12');
    h.sandbox.control.hangup(callSid);
    await h.until((s) => s.id === session.id && s.phase === 'ended', 'ended with the call');
    await waitFor(() => states.find((s) => s.state === 'ended'), 5000, 'recording over');
    expect(recordingOf(callSid)[0]!.status).toBe('completed');
    expect(keysRecorded(callSid)).toBe(0);
    expect(await auditActions()).not.toContain('recording.resumed');
  });

  it('gives a sentence for pausing or stopping a recording the call does not have', async () => {
    const callSid = await customerCalls();
    await expect(h.invoke('recording.pause', { callSid })).rejects.toMatchObject({
      code: 'no_recording',
      message: 'This call has no recording, so there is nothing to pause.',
    });
    await expect(h.invoke('recording.stop', { callSid })).rejects.toMatchObject({
      code: 'no_recording',
      message: 'This call has no recording, so there is nothing to stop.',
    });
    await expect(h.invoke('recording.stop', { callSid: 'CA123' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });

  it('goes ahead with a sentence when "Record calls" is on but the call has no recording', async () => {
    const callSid = await customerCalls();
    await h.invoke('settings.set', { recordCalls: true });
    const session = await start(callSid);
    await capture(callSid, session.id, 'payment-card-number', '4111111111111111#');
    const none = states.find((s) => s.state === 'none');
    expect(none?.message).toBe('This call has no recording, so there is nothing to pause.');
  });
});
