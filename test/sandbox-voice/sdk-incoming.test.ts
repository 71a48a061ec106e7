import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { openSdkPage, type SdkPage } from '../helpers/sdk-page/sdk-page';
import { dialAgentTwiml } from '../../src-main/core/webhooks/twiml';
import { phoneDriver } from './helpers';
import { eventually, startVoiceRig, type VoiceRig } from './voice-rig';

let rig: VoiceRig;
let browser: Browser;
let sdk: SdkPage;
let page: Page;
const { call: phone, waitEvent, events } = phoneDriver(() => page);
// A second page whose SDK reaches the sandbox itself, over wss (chunderw), with no WebSocket routing.
let directPage: SdkPage | undefined;
const { call: direct, waitEvent: directEvent } = phoneDriver(() => directPage!.page);

const customerCalls = async (body: Record<string, unknown>) => {
  const response = await fetch(`${rig.sandbox.url}/_sandbox/voice/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

beforeAll(async () => {
  rig = await startVoiceRig();
  // The wss certificate is self-signed per run; the app pins it, a test browser just ignores the error.
  browser = await launchChromium(['--ignore-certificate-errors']);
  sdk = await openSdkPage(browser, `${rig.sandbox.url.replace('http', 'ws')}/signal`);
  page = sdk.page;
});

afterAll(async () => {
  await directPage?.close();
  await sdk?.close();
  await browser?.close();
  await rig?.close();
});

describe('incoming calls and tokens with the real Voice SDK', () => {
  it('refuses a token signed with another secret (31204) and an expired one (31205)', async () => {
    // The SDK maps the signaling codes to its public ones: AccessTokenInvalid 20101, AccessTokenExpired 20104.
    expect(await phone('tryRegister', rig.token('mallory', { secret: 'x'.repeat(32) }))).toBe(20101);
    expect(await phone('tryRegister', rig.token('mallory', { ttl: -60 }))).toBe(20104);
    expect(rig.voice.board().registeredIdentities()).toEqual([]);
  });

  it('refreshes the token before it expires: tokenWillExpire, updateToken, a second listen', async () => {
    // ttl 12 s with the SDK's default 10 s margin: tokenWillExpire after about 2 s.
    const listensBefore = sdk.sent.filter((f) => f.type === 'listen').length;
    await phone('setNextToken', rig.token('bob'));
    await phone('register', rig.token('bob', { ttl: 12 }));
    await waitEvent('registered');
    await waitEvent('tokenWillExpire', undefined, 6000);
    await eventually(
      () => sdk.sent.filter((f) => f.type === 'listen').length === listensBefore + 2,
      3000,
      'a second listen',
    );
    expect(await phone('identity')).toBe('bob');
    expect(await phone('state')).toBe('registered');
    // The rig's heartbeat is 1 s: the SDK echoes it, as its transport does to stay connected.
    await eventually(() => sdk.echoes() > 0, 5000, 'the SDK to echo a heartbeat');
  });

  it('rings the Device with the custom parameters; once accepted both sides hear each other', async () => {
    const started = await customerCalls({
      from: '+15550100777',
      to: 'client:bob',
      params: { order: 'A-17' },
    });
    expect(started.status).toBe(201);
    const parentSid = started.body.sid!;
    const incoming = await waitEvent('incoming');
    expect(incoming).toMatchObject({ from: '+15550100777', to: 'client:bob', params: { order: 'A-17' } });
    expect(rig.sandbox.calls.get(incoming.sid!)).toMatchObject({
      parentCallSid: parentSid,
      direction: 'outbound-dial',
      status: 'ringing',
    });

    await phone('accept', incoming.id);
    await waitEvent('accept', incoming.id);
    const customer = rig.voice.board().customer(parentSid)!;
    await eventually(
      async () => (await phone<number>('heard', incoming.id, 500)) > 0.05,
      5000,
      'the agent to hear',
    );
    await eventually(() => customer.hearing.level() > 500, 5000, 'the customer to hear the agent');
    const heard = await fetch(`${rig.sandbox.url}/_sandbox/voice/calls/${parentSid}`).then(
      (r) => r.json() as Promise<{ hearingLevel: number }>,
    );
    expect(heard).toMatchObject({ sid: parentSid, status: 'in-progress' });
    expect(heard.hearingLevel).toBeGreaterThan(500);

    // The customer hangs up: the SDK sees a remote hangup and both legs are completed.
    await fetch(`${rig.sandbox.url}/_sandbox/calls/${parentSid}/hangup`, { method: 'POST' });
    await waitEvent('disconnect', incoming.id);
    expect(rig.sandbox.calls.get(incoming.sid!)!.status).toBe('completed');
  });

  it('tells the caller busy when the Device rejects, and cancels the ring when the caller gives up', async () => {
    const rejected = await customerCalls({ from: '+15550100778', to: 'client:bob' });
    const ring = await eventually(async () =>
      (await events()).find((e) => e.type === 'incoming' && e.from === '+15550100778'),
    );
    await phone('reject', ring.id);
    const child = rig.sandbox.calls.get(ring.sid!)!;
    await eventually(() => child.status === 'busy', 3000, 'busy');
    await eventually(
      () => rig.sandbox.calls.get(rejected.body.sid!)!.status === 'completed',
      3000,
      'caller ended',
    );

    const abandoned = await customerCalls({ from: '+15550100779', to: 'client:bob' });
    const second = await eventually(async () =>
      (await events()).find((e) => e.type === 'incoming' && e.from === '+15550100779'),
    );
    rig.sandbox.calls.setStatus(abandoned.body.sid!, 'completed');
    await waitEvent('cancel', second.id);
    expect(rig.sandbox.calls.get(second.sid!)!.status).toBe('canceled');
  });

  it("runs a sandbox number's Voice URL for a customer's call: <Dial><Client> with <Parameter>", async () => {
    // Callpay's own TwiML for a customer calling the number.
    rig.answer('/inbound', (p) =>
      dialAgentTwiml({
        agentIdentity: 'bob',
        customerCallSid: p.CallSid!,
        legStatusUrl: `${rig.appUrl}/client-status`,
      }),
    );
    const started = await customerCalls({ from: '+15550100780', to: '+15550100999' });
    const ring = await eventually(async () =>
      (await events()).find((e) => e.type === 'incoming' && e.from === '+15550100780'),
    );
    expect(ring.params).toEqual({ customerCallSid: started.body.sid });
    // answerOnBridge: the customer's leg rings until the agent answers.
    expect(rig.sandbox.calls.get(started.body.sid!)!.status).toBe('ringing');
    const hook = rig.hooks.find((h) => h.path === '/inbound')!;
    expect(hook.signed).toBe(true);
    expect(hook.params).toMatchObject({
      CallSid: started.body.sid,
      From: '+15550100780',
      Direction: 'inbound',
    });
    await phone('accept', ring.id);
    await waitEvent('accept', ring.id);
    // The SDK accepts locally before the sandbox has applied its answer; the customer's leg follows.
    await eventually(
      () => rig.sandbox.calls.get(started.body.sid!)!.status === 'in-progress',
      3000,
      "the customer's leg to be answered",
    );
    await phone('hangup', ring.id);
    await eventually(
      () => rig.sandbox.calls.get(started.body.sid!)!.status === 'completed',
      3000,
      'parent ended',
    );
    const callbacks = await eventually(() => {
      const found = rig.hooks.filter((h) => h.path === '/client-status');
      return found.length === 4 && found;
    });
    expect(callbacks.map((h) => [h.signed, h.params.CallStatus, h.params.CallSid])).toEqual(
      ['initiated', 'ringing', 'in-progress', 'completed'].map((status) => [true, status, ring.sid]),
    );
  });

  it('refuses a customer call to an identity with no registered Device', async () => {
    const result = await customerCalls({ from: '+15550100781', to: 'client:nobody' });
    expect(result.status).toBe(404);
    expect(result.body.message).toMatch(/No Device is registered as "nobody"/);
  });

  it('sees exactly the answer and reject frames the pinned SDK sends for incoming calls', () => {
    const answer = sdk.sent.find((f) => f.type === 'answer')!;
    expect(Object.keys(answer.payload).sort()).toEqual(['callsid', 'sdp']);
    expect(answer.payload.callsid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(String(answer.payload.sdp)).toMatch(/^v=0/);
    const reject = sdk.sent.find((f) => f.type === 'reject')!;
    expect(Object.keys(reject.payload)).toEqual(['callsid']);
  });

  it('unregisters: register {audio:false} is answered with offline', async () => {
    await phone('unregister');
    await waitEvent('unregistered');
    expect(sdk.sent.at(-1)).toMatchObject({ type: 'register', payload: { media: { audio: false } } });
    expect(rig.voice.board().registeredIdentities()).toEqual([]);
  });

  it('serves the SDK over wss for its chunderw option: register and a call with audio, no WebSocket routing', async () => {
    const info = (await fetch(`${rig.sandbox.url}/_sandbox/voice`).then((r) => r.json())) as {
      signaling: { chunderw: string; wss: string; certificatePem: string };
    };
    expect(info.signaling.wss).toBe(`wss://${info.signaling.chunderw}/signal`);
    expect(info.signaling.certificatePem).toContain('BEGIN CERTIFICATE');

    directPage = await openSdkPage(browser, null);
    rig.allowOrigin(new URL(directPage.page.url()).origin);
    await direct('register', rig.token('carol'), { chunderw: info.signaling.chunderw });
    await directEvent('registered');
    rig.answer('/voice', '<Response><Dial><Number>+15550100123</Number></Dial></Response>');
    const id = await direct<number>('connect', { To: '+15550100123' });
    const parentSid = (await directEvent('accept', id)).sid!;
    const child = await eventually(
      () => rig.sandbox.calls.list({ parentCallSid: parentSid, status: 'in-progress' })[0],
    );
    const customer = rig.voice.board().customer(child.sid)!;
    await eventually(() => customer.hearing.level() > 500, 5000, 'the customer to hear the agent');
    await eventually(async () => (await direct<number>('heard', id, 500)) > 0.05, 5000, 'the agent to hear');
    await direct('hangup', id);
    await eventually(
      () => rig.sandbox.calls.get(child.sid)!.status === 'completed',
      3000,
      'the child to end',
    );
  });
});
