import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../harness';
import { paymentFlow } from '../flow';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

const timeline = async (sid: string) => {
  const response = await fetch(`${rig.sandbox.url}/_sandbox/recordings/${sid}`);
  return (await response.json()) as {
    status: string;
    intervals: { kind: string; start: string; end: string | null; keys: number }[];
    keysRecorded: number;
  };
};

describe('Call Recordings through the official client', () => {
  it('starts a recording on a call in progress, lists it and fetches it', async () => {
    const callSid = rig.customer();
    const created = await rig.client.calls(callSid).recordings.create({ recordingChannels: 'dual' });
    expect(created.sid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(created).toMatchObject({ callSid, status: 'in-progress', channels: 2, track: 'both' });
    expect(created.source).toBe('StartCallRecordingAPI');
    const listed = await rig.client.calls(callSid).recordings.list();
    expect(listed.map((r) => r.sid)).toEqual([created.sid]);
    const fetched = await rig.client.calls(callSid).recordings(created.sid).fetch();
    expect(fetched.startTime).toBeInstanceOf(Date);
  });

  it('pauses with PauseBehavior=silence, resumes and stops; Twilio.CURRENT names the running one', async () => {
    const callSid = rig.customer();
    const { sid } = await rig.client.calls(callSid).recordings.create();
    const paused = await rig.client
      .calls(callSid)
      .recordings('Twilio.CURRENT')
      .update({ status: 'paused', pauseBehavior: 'silence' });
    expect(paused).toMatchObject({ sid, status: 'paused' });
    await rig.client.calls(callSid).recordings(sid).update({ status: 'in-progress' });
    await rig.client.calls(callSid).recordings(sid).update({ status: 'paused', pauseBehavior: 'skip' });
    const stopped = await rig.client.calls(callSid).recordings(sid).update({ status: 'stopped' });
    expect(stopped.status).toBe('stopped');
    expect(stopped.duration).toMatch(/^\d+$/);
    expect((await timeline(sid)).intervals.map((i) => i.kind)).toEqual([
      'recorded',
      'silence',
      'recorded',
      'skipped',
    ]);
    await expect(
      rig.client.calls(callSid).recordings(sid).update({ status: 'in-progress' }),
    ).rejects.toMatchObject({ status: 400, code: 21220 });
  });

  it('refuses a bad Status or PauseBehavior, an unknown recording, and a call that is not in progress', async () => {
    const callSid = rig.customer();
    const { sid } = await rig.client.calls(callSid).recordings.create();
    await expect(
      rig.client.calls(callSid).recordings(sid).update({ status: 'paused', pauseBehavior: 'mute' }),
    ).rejects.toMatchObject({ status: 400, code: 64020, message: 'PauseBehavior must be skip or silence.' });
    await expect(
      rig.client
        .calls(callSid)
        .recordings(`RE${'0'.repeat(32)}`)
        .update({ status: 'paused' }),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
    const other = rig.customer();
    await expect(
      rig.client.calls(other).recordings('Twilio.CURRENT').update({ status: 'paused' }),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
    rig.sandbox.control.hangup(callSid);
    expect((await rig.client.calls(callSid).recordings(sid).fetch()).status).toBe('completed');
    await expect(rig.client.calls(callSid).recordings.create()).rejects.toMatchObject({ code: 21220 });
  });

  it('keeps every keyed digit of a capture out of the recorded stretches, and hears keys while recording', async () => {
    const flow = paymentFlow(rig);
    const recording = await rig.client.calls(flow.callSid).recordings.create();
    await flow.press('12'); // the customer keys a menu choice while the call is recorded
    await rig.client
      .calls(flow.callSid)
      .recordings(recording.sid)
      .update({ status: 'paused', pauseBehavior: 'silence' });
    await flow.start({ chargeAmount: 10 });
    await flow.enter('payment-card-number', '4111111111111111#');
    await flow.enter('expiration-date', '1230');
    await rig.client.calls(flow.callSid).recordings(recording.sid).update({ status: 'in-progress' });
    const seen = await timeline(recording.sid);
    expect(seen.intervals.map((i) => [i.kind, i.keys])).toEqual([
      ['recorded', 2],
      ['silence', 21],
      ['recorded', 0],
    ]);
    expect(seen.keysRecorded).toBe(2);
  });

  it('fails pauses, then resumes, while the fault switch says so', async () => {
    const callSid = rig.customer();
    const { sid } = await rig.client.calls(callSid).recordings.create();
    const put = (body: object) =>
      fetch(`${rig.sandbox.url}/_sandbox/recordings/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ pause: true })).status).toBe(200);
    await expect(
      rig.client.calls(callSid).recordings(sid).update({ status: 'paused', pauseBehavior: 'silence' }),
    ).rejects.toMatchObject({ status: 500 });
    expect((await rig.client.calls(callSid).recordings(sid).fetch()).status).toBe('in-progress');
    await put({ pause: false, resume: true });
    await rig.client.calls(callSid).recordings(sid).update({ status: 'paused' });
    await expect(
      rig.client.calls(callSid).recordings(sid).update({ status: 'in-progress' }),
    ).rejects.toMatchObject({ status: 500 });
    await put({ resume: false });
    expect((await put({ pause: 'yes' })).status).toBe(400);
  });
});
