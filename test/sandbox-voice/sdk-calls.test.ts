import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { openSdkPage, type SdkPage } from '../helpers/sdk-page/sdk-page';
import { dialNumberTwiml } from '../../src-main/core/webhooks/twiml';
import { phoneDriver } from './helpers';
import { eventually, startVoiceRig, type VoiceRig } from './voice-rig';

let rig: VoiceRig;
let browser: Browser;
let sdk: SdkPage;
let page: Page;
const { call: phone, waitEvent, events } = phoneDriver(() => page);

beforeAll(async () => {
  rig = await startVoiceRig();
  browser = await launchChromium();
  sdk = await openSdkPage(browser, `${rig.sandbox.url.replace('http', 'ws')}/signal`);
  page = sdk.page;
});

afterAll(async () => {
  await sdk?.close();
  await browser?.close();
  await rig?.close();
});

describe('the real Voice SDK against the sandbox', () => {
  it('registers with a valid token and learns its identity from the server', async () => {
    await phone('register', rig.token('alice'));
    await waitEvent('registered');
    expect(await phone('identity')).toBe('alice');
    expect(rig.voice.board().registeredIdentities()).toEqual(['alice']);
  });

  it('places a call that runs the TwiML App, dials the customer and exchanges real audio', async () => {
    // Callpay's own TwiML for outgoing calls (answerOnBridge, status callbacks on the customer's leg).
    rig.answer('/voice', (p) =>
      dialNumberTwiml({ to: p.To, callerId: '+15550100001', legStatusUrl: `${rig.appUrl}/status` }),
    );
    const id = await phone<number>('connect', { To: '+15550100222', ticket: 'T-9' });
    const ringing = await waitEvent('ringing', id);
    const accepted = await waitEvent('accept', id);
    const parentSid = accepted.sid!;
    expect(parentSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(ringing.sid).toBe(parentSid);
    // answerOnBridge: the agent's leg was answered only once the customer answered.
    const answeredChild = rig.sandbox.calls.list({ parentCallSid: parentSid })[0]!;
    expect(answeredChild.startTime!.getTime()).toBeLessThanOrEqual(
      rig.sandbox.calls.get(parentSid)!.startTime!.getTime(),
    );

    const hook = rig.hooks.find((h) => h.path === '/voice')!;
    expect(hook.signed).toBe(true);
    expect(hook.params).toMatchObject({
      AccountSid: rig.sandbox.credentials.accountSid,
      ApplicationSid: rig.applicationSid,
      CallSid: parentSid,
      From: 'client:alice',
      To: '+15550100222',
      Direction: 'inbound',
      CallStatus: 'ringing',
      ApiVersion: '2010-04-01',
      ticket: 'T-9',
    });

    const child = await eventually(
      () => rig.sandbox.calls.list({ parentCallSid: parentSid, status: 'in-progress' })[0],
    );
    expect(child).toMatchObject({ to: '+15550100222', from: '+15550100001', direction: 'outbound-dial' });
    const customer = rig.voice.board().customer(child.sid)!;

    // The agent hears the customer's tone, and the customer hears Chromium's fake microphone.
    await eventually(
      async () => (await phone<number>('heard', id, 500)) > 0.05,
      5000,
      'the agent to hear audio',
    );
    await eventually(() => customer.hearing.level() > 500, 5000, 'the customer to hear the agent');

    await phone('mute', id, true);
    await eventually(() => customer.hearing.level() < 50, 5000, 'silence while muted');
    await phone('mute', id, false);
    await eventually(() => customer.hearing.level() > 500, 5000, 'audio again once unmuted');

    // Keys the agent presses reach the customer's ear, not the customer's keypad (payment capture).
    const keypad: string[] = [];
    rig.sandbox.calls.onDigit(child.sid, (d) => keypad.push(d));
    rig.sandbox.calls.onDigit(parentSid, (d) => keypad.push(d));
    await phone('digits', id, '159#');
    await eventually(() => customer.heardDigits() === '159#', 5000, 'the customer to hear 159#');
    expect(keypad).toEqual([]);

    // The customer hangs up: the Dial ends, the TwiML ends, and the SDK is told.
    rig.sandbox.calls.setStatus(child.sid, 'completed');
    await waitEvent('disconnect', id);
    expect(rig.sandbox.calls.get(parentSid)!.status).toBe('completed');
    const statuses = rig.hooks.filter((h) => h.path === '/status');
    expect(statuses.every((h) => h.signed)).toBe(true);
    await eventually(
      () => statuses.length === 4 || rig.hooks.filter((h) => h.path === '/status').length === 4,
    );
    expect(rig.hooks.filter((h) => h.path === '/status').map((h) => h.params.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
  });

  it('ends both legs when the agent hangs up, and reports completed to the status callback', async () => {
    rig.hooks.length = 0;
    rig.answer(
      '/voice',
      `<Response><Dial callerId="+15550100001"><Number statusCallback="${rig.appUrl}/status">+15550100333</Number></Dial></Response>`,
    );
    const id = await phone<number>('connect', { To: '+15550100333' });
    const parentSid = (await waitEvent('accept', id)).sid!;
    const child = await eventually(
      () => rig.sandbox.calls.list({ parentCallSid: parentSid, status: 'in-progress' })[0],
    );
    await phone('hangup', id);
    await eventually(
      () => rig.sandbox.calls.get(child.sid)!.status === 'completed',
      5000,
      'the child to end',
    );
    expect(rig.sandbox.calls.get(parentSid)!.status).toBe('completed');
    // Only the default event (completed) was asked for.
    const callbacks = await eventually(() => {
      const found = rig.hooks.filter((h) => h.path === '/status');
      return found.length > 0 && found;
    });
    expect(callbacks.map((h) => [h.params.CallStatus, h.params.CallSid, h.params.ParentCallSid])).toEqual([
      ['completed', child.sid, parentSid],
    ]);
    // Both legs are Calls resources, and the App's StatusCallback hears the parent end.
    const legs = await rig.rest.calls.list({ parentCallSid: parentSid });
    expect(legs.map((c) => [c.sid, c.status, c.parentCallSid])).toEqual([
      [child.sid, 'completed', parentSid],
    ]);
    const appStatus = await eventually(() =>
      rig.hooks.find((h) => h.path === '/app-status' && h.params.CallSid === parentSid),
    );
    expect(appStatus).toMatchObject({
      signed: true,
      params: {
        CallStatus: 'completed',
        ApplicationSid: rig.applicationSid,
        CallbackSource: 'call-progress-events',
        SequenceNumber: '0',
        Timestamp: expect.stringMatching(/GMT$/),
      },
    });
  });

  it('plays <Say> to the agent, then <Hangup> ends the call', async () => {
    rig.answer(
      '/voice',
      '<Response><Say>Thank you for calling.</Say><Pause length="0"/><Hangup/></Response>',
    );
    const id = await phone<number>('connect', { To: '+15550100444' });
    await waitEvent('accept', id);
    await eventually(async () => (await phone<number>('heard', id, 300)) > 0.05, 3000, 'the prompt');
    const ended = await waitEvent('disconnect', id, 5000);
    expect(rig.sandbox.calls.get(ended.sid!)!.status).toBe('completed');
  });

  it('reports a busy number to the Dial action, whose TwiML then runs', async () => {
    rig.hooks.length = 0;
    rig.answer(
      '/voice',
      `<Response><Dial answerOnBridge="true" action="${rig.appUrl}/after-dial">` +
        `<Number>+15550100486</Number></Dial></Response>`,
    );
    rig.answer('/after-dial', '<Response><Hangup/></Response>');
    const id = await phone<number>('connect', { To: '+15550100486' });
    const ended = await waitEvent('disconnect', id, 5000);
    expect((await events()).filter((e) => e.id === id).map((e) => e.type)).toEqual(['ringing', 'disconnect']);
    const action = rig.hooks.find((h) => h.path === '/after-dial')!;
    expect(action.signed).toBe(true);
    expect(action.params).toMatchObject({ CallSid: ended.sid, DialCallStatus: 'busy' });
    expect(rig.sandbox.calls.get(action.params.DialCallSid!)).toMatchObject({
      status: 'busy',
      parentCallSid: ended.sid,
    });
  });

  it('fails the call with an error the SDK reports when the TwiML App answers with an error', async () => {
    rig.answer('/voice', '<Response><Dail>typo</Dail></Response>');
    const id = await phone<number>('connect', { To: '+15550100555' });
    const error = await waitEvent('call-error', id);
    expect(error.code).toBe(31000);
    await waitEvent('disconnect', id);
  });

  it('sees exactly the frames the pinned SDK sends, so an SDK upgrade that changes them fails here', () => {
    const shape = (value: unknown): unknown =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
        : typeof value;
    const firstOf = (type: string) => sdk.sent.find((f) => f.type === type);
    expect(new Set(sdk.sent.map((f) => f.version))).toEqual(new Set(['1.6']));
    // DTMF went in-band (RFC 4733), so no dtmf frame; the other hangups came from the sandbox.
    expect(new Set(sdk.sent.map((f) => f.type))).toEqual(new Set(['listen', 'register', 'invite', 'hangup']));
    expect(shape(firstOf('listen')!.payload)).toEqual({
      token: 'string',
      browserinfo: {
        p: 'string',
        v: 'string',
        plugin: 'string',
        browser: { userAgent: 'string', platform: 'string' },
      },
      reconnectTimeout: 'number',
    });
    expect((firstOf('listen')!.payload.browserinfo as { v: string }).v).toBe('2.18.5');
    expect(firstOf('register')!.payload).toEqual({ media: { audio: true } });
    const invite = firstOf('invite')!.payload as { callsid: string; twilio: { params: string } };
    expect(shape(invite)).toEqual({ callsid: 'string', sdp: 'string', twilio: { params: 'string' } });
    expect(invite.callsid).toMatch(/^TJS[0-9a-f-]{36}$/);
    expect(invite.twilio.params).toBe('To=%2B15550100222&ticket=T-9');
    expect(shape(firstOf('hangup')!.payload)).toEqual({ callsid: 'string' });
    expect((firstOf('hangup')!.payload as { callsid: string }).callsid).toMatch(/^CA[0-9a-f]{32}$/);
  });
});
