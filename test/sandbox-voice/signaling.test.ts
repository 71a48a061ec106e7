import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AgentMedia } from '../../src-main/sandbox/voice/agent-media';
import { LevelMeter, tone } from '../../src-main/sandbox/voice/audio';
import { eventually, startVoiceRig, type VoiceRig } from './voice-rig';

type Frame = { type: string; version?: string; payload: Record<string, unknown> };

let rig: VoiceRig;
const open: Array<{ ws: WebSocket; media?: AgentMedia }> = [];

/** A raw signaling client, speaking the PStream frames the SDK would. */
async function client() {
  const ws = new WebSocket(`${rig.sandbox.url.replace('http', 'ws')}/signal`);
  const got: Frame[] = [];
  ws.on('message', (data) => {
    const text = String(data);
    if (text.trim() !== '') got.push(JSON.parse(text) as Frame);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const entry: { ws: WebSocket; media?: AgentMedia } = { ws };
  open.push(entry);
  return {
    entry,
    got,
    send: (type: string, payload: Record<string, unknown>) =>
      ws.send(JSON.stringify({ type, version: '1.6', payload })),
    raw: (text: string) => ws.send(text),
    next: (type: string) => eventually(() => got.find((f) => f.type === type), 5000, `a ${type} frame`),
  };
}

beforeAll(async () => {
  rig = await startVoiceRig();
});

afterAll(async () => {
  for (const { ws, media } of open) {
    media?.close();
    ws.terminate();
  }
  await rig?.close();
});

describe('the /signal protocol', () => {
  it('answers listen with connected carrying the identity and the seconds left on the token', async () => {
    const c = await client();
    c.send('listen', { token: rig.token('dana', { ttl: 120 }), browserinfo: {}, reconnectTimeout: 10000 });
    const connected = await c.next('connected');
    expect(connected.version).toBe('1.6');
    expect(connected.payload.token).toEqual({ identity: 'dana', ttl: expect.any(Number) });
    expect((connected.payload.token as { ttl: number }).ttl).toBeGreaterThan(110);
  });

  it('refuses anything before a good listen (31204), and frames that are not JSON or unknown (31100)', async () => {
    const c = await client();
    c.send('register', { media: { audio: true } });
    c.raw('{not json');
    c.send('teleport', {});
    await eventually(() => c.got.length === 3);
    expect(c.got.map((f) => (f.payload.error as { code: number }).code)).toEqual([31204, 31100, 31100]);
  });

  it('delivers keys sent by signaling (no in-band DTMF) to the customer, never to the keypad', async () => {
    rig.answer('/voice', '<Response><Dial><Number>+15550100321</Number></Dial></Response>');
    const c = await client();
    c.send('listen', { token: rig.token('erin') });
    await c.next('connected');
    const { media, sdp } = await AgentMedia.offer(); // stands in for the browser's peer connection
    c.entry.media = media;
    c.send('invite', { callsid: 'TJSlocal-1', sdp, twilio: { params: 'To=%2B15550100321' } });
    const answer = await c.next('answer');
    await media.accept(String(answer.payload.sdp));
    const parentSid = String(answer.payload.callsid);
    const child = await eventually(
      () => rig.sandbox.calls.list({ parentCallSid: parentSid, status: 'in-progress' })[0],
    );
    const keypad: string[] = [];
    rig.sandbox.calls.onDigit(child.sid, (d) => keypad.push(d));
    c.send('dtmf', { callsid: parentSid, dtmf: '12#' });
    await eventually(
      () => rig.voice.board().customer(child.sid)!.heardDigits() === '12#',
      3000,
      'the customer to hear 12#',
    );
    expect(keypad).toEqual([]);

    c.send('reinvite', { callsid: 'CA' + '0'.repeat(32), sdp });
    expect((await c.next('error')).payload.error).toMatchObject({ code: 31400 });
    // A re-offer on the live call is answered on the same media, as the SDK's ICE restart expects.
    c.send('reinvite', { callsid: parentSid, sdp });
    const reanswer = await eventually(
      () => c.got.filter((f) => f.type === 'answer')[1],
      5000,
      'a second answer',
    );
    expect(reanswer.payload).toMatchObject({ callsid: parentSid, sdp: expect.stringMatching(/m=audio/) });
    expect(rig.sandbox.calls.get(child.sid)!.status).toBe('in-progress');

    c.send('hangup', { callsid: parentSid });
    await eventually(
      () => rig.sandbox.calls.get(child.sid)!.status === 'completed',
      3000,
      'both legs to end',
    );
    expect(c.got.filter((f) => f.type === 'hangup')).toEqual([]); // the SDK's own hangup is not echoed
  });

  it('cancels a call the SDK hangs up before it is answered, using the temporary TJS id', async () => {
    let release: () => void = () => undefined;
    // The app is slow to answer, so the call is still ringing when the SDK gives up.
    rig.answer(
      '/voice',
      () => new Promise((resolve) => (release = () => resolve('<Response><Pause/></Response>'))),
    );
    const c = await client();
    c.send('listen', { token: rig.token('finn') });
    await c.next('connected');
    const { media, sdp } = await AgentMedia.offer();
    c.entry.media = media;
    c.send('invite', { callsid: 'TJSlocal-2', sdp, twilio: { params: 'To=%2B15550100322' } });
    const ringing = await c.next('ringing');
    c.send('hangup', { callsid: 'TJSlocal-2' });
    const sid = String(ringing.payload.callsid);
    await eventually(
      () =>
        rig.sandbox.calls.get(sid)!.status !== 'ringing' &&
        rig.sandbox.calls.get(sid)!.status !== 'in-progress',
    );
    expect(['canceled', 'completed']).toContain(rig.sandbox.calls.get(sid)!.status);
    release();
  });

  it('bridges two Devices with <Dial><Client>: each hears the other through the sandbox', async () => {
    const hal = await client();
    hal.send('listen', { token: rig.token('hal') });
    await hal.next('connected');
    hal.send('register', { media: { audio: true } });
    await hal.next('ready');
    rig.answer('/voice', '<Response><Dial><Client>hal</Client></Dial></Response>');

    const ida = await client();
    ida.send('listen', { token: rig.token('ida') });
    await ida.next('connected');
    const idaPhone = await AgentMedia.offer();
    ida.entry.media = idaPhone.media;
    const idaHears = new LevelMeter();
    let idaFrames = 0;
    idaPhone.media.onAudio((frame) => {
      idaHears.add(frame);
      idaFrames++;
    });
    ida.send('invite', { callsid: 'TJSlocal-3', sdp: idaPhone.sdp, twilio: { params: '' } });
    await idaPhone.media.accept(String((await ida.next('answer')).payload.sdp));

    const invite = await hal.next('invite');
    expect(invite.payload.parameters).toMatchObject({ From: 'client:ida', To: 'client:hal' });
    const halPhone = await AgentMedia.answer(String(invite.payload.sdp));
    hal.entry.media = halPhone.media;
    hal.send('answer', { callsid: invite.payload.callsid, sdp: halPhone.sdp });
    const halHears = new LevelMeter();
    let halFrames = 0;
    halPhone.media.onAudio((frame) => {
      halHears.add(frame);
      halFrames++;
    });
    // The bridge carries each side's silence (a few frames of 20 ms) before either plays a sound.
    await eventually(() => idaFrames >= 10 && halFrames >= 10, 5000, 'silence both ways across the bridge');
    expect([idaHears.level(), halHears.level()]).toEqual([0, 0]); // both silent so far
    halPhone.media.play(tone(440));
    idaPhone.media.play(tone(300));
    await eventually(() => idaHears.level() > 1000, 5000, 'ida to hear hal');
    await eventually(() => halHears.level() > 1000, 5000, 'hal to hear ida');
  });

  it('answers an SDP it cannot use with an error frame and ends that ring, without crashing', async () => {
    const c = await client();
    c.send('listen', { token: rig.token('jo') });
    await c.next('connected');
    c.send('register', { media: { audio: true } });
    await c.next('ready');
    const response = await fetch(`${rig.sandbox.url}/_sandbox/voice/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+15550100782', to: 'client:jo' }),
    });
    const parentSid = ((await response.json()) as { sid: string }).sid;
    const invite = await c.next('invite');
    c.send('answer', { callsid: invite.payload.callsid, sdp: 'this is not an SDP' });
    const error = await c.next('error');
    expect(error.payload).toMatchObject({ callsid: invite.payload.callsid, error: { code: 31000 } });
    await eventually(
      () => rig.sandbox.calls.get(String(invite.payload.callsid))!.status === 'busy',
      3000,
      'busy',
    );
    await eventually(
      () => rig.sandbox.calls.get(parentSid)!.status === 'completed',
      3000,
      'the caller to end',
    );
  });

  it.each([
    ['+15550100486', 'busy'],
    ['+15550100408', 'no-answer'],
    ['+15550100500', 'failed'],
  ])('reports the documented number %s to the Dial action as %s', async (number, status) => {
    rig.answer(
      '/voice',
      `<Response><Dial timeout="1" action="${rig.appUrl}/special"><Number>${number}</Number></Dial></Response>`,
    );
    rig.answer('/special', '<Response><Hangup/></Response>');
    const c = await client();
    c.send('listen', { token: rig.token('kim') });
    await c.next('connected');
    const { media, sdp } = await AgentMedia.offer();
    c.entry.media = media;
    c.send('invite', {
      callsid: 'TJSlocal-special',
      sdp,
      twilio: { params: `To=${encodeURIComponent(number)}` },
    });
    const parentSid = String((await c.next('ringing')).payload.callsid);
    const action = await eventually(() =>
      rig.hooks.find((h) => h.path === '/special' && h.params.CallSid === parentSid),
    );
    expect(action.params.DialCallStatus).toBe(status);
    expect(rig.sandbox.calls.get(action.params.DialCallSid!)).toMatchObject({ status, to: number });
    await c.next('hangup');
  });

  it('keeps the socket alive with a bare-newline heartbeat', async () => {
    const heard: string[] = [];
    const ws = new WebSocket(`${rig.sandbox.url.replace('http', 'ws')}/signal`);
    open.push({ ws });
    ws.on('message', (data) => heard.push(String(data)));
    await eventually(() => heard.filter((m) => m === '\n').length >= 2, 3000, 'two heartbeats');
  });

  it("runs the TwiML App's Voice URL for a number pointed at that App", async () => {
    await rig.rest.incomingPhoneNumbers.create({
      phoneNumber: '+15550100998',
      voiceApplicationSid: rig.applicationSid,
    });
    rig.answer('/voice', '<Response><Hangup/></Response>');
    const response = await fetch(`${rig.sandbox.url}/_sandbox/voice/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+15550100783', to: '+15550100998' }),
    });
    const sid = ((await response.json()) as { sid: string }).sid;
    const hook = await eventually(() =>
      rig.hooks.find((h) => h.path === '/voice' && h.params.CallSid === sid),
    );
    expect(hook.params).toMatchObject({ From: '+15550100783', To: '+15550100998', Direction: 'inbound' });
    await eventually(() => rig.sandbox.calls.get(sid)!.status === 'completed', 3000, 'the <Hangup>');
  });

  it('rings every noun of one <Dial> at once: the first to answer is bridged, the rest canceled', async () => {
    const lee = await client();
    lee.send('listen', { token: rig.token('lee') });
    await lee.next('connected');
    lee.send('register', { media: { audio: true } });
    await lee.next('ready');
    rig.answer(
      '/voice',
      '<Response><Dial><Number>+15550100486</Number><Client>lee</Client><Number>+15550100777</Number></Dial></Response>',
    );
    const c = await client();
    c.send('listen', { token: rig.token('max') });
    await c.next('connected');
    const { media, sdp } = await AgentMedia.offer();
    c.entry.media = media;
    c.send('invite', { callsid: 'TJSlocal-4', sdp, twilio: { params: '' } });
    const parentSid = String((await c.next('answer')).payload.callsid);
    const invite = await lee.next('invite'); // lee's Device rings, but the number answers first
    await lee.next('cancel');
    const legs = await eventually(() => {
      const found = rig.sandbox.calls.list({ parentCallSid: parentSid });
      return found.some((l) => l.status === 'in-progress') && found;
    });
    expect(Object.fromEntries(legs.map((l) => [l.to, l.status]))).toEqual({
      '+15550100486': 'busy',
      'client:lee': 'canceled',
      '+15550100777': 'in-progress',
    });
    expect(invite.payload.callsid).toBe(legs.find((l) => l.to === 'client:lee')!.sid);
    c.send('hangup', { callsid: parentSid });
    await eventually(
      () => rig.sandbox.calls.list({ parentCallSid: parentSid, status: 'in-progress' }).length === 0,
    );
  });

  it('closing the socket unregisters the Device', async () => {
    const c = await client();
    c.send('listen', { token: rig.token('gus') });
    await c.next('connected');
    c.send('register', { media: { audio: true } });
    await c.next('ready');
    expect(rig.voice.board().registeredIdentities()).toContain('gus');
    c.entry.ws.close();
    await eventually(() => !rig.voice.board().registeredIdentities().includes('gus'), 3000, 'gus to go');
  });
});
