import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { openSdkPage, type SdkPage } from '../helpers/sdk-page/sdk-page';
import { eventually, startVoiceRig, type VoiceRig } from './voice-rig';

type PhoneWindow = { phone: Record<string, (...args: unknown[]) => unknown> };
type PhoneEvent = { type: string; id?: number; sid?: string; code?: number; params?: Record<string, string> };

let rig: VoiceRig;
let browser: Browser;
let sdk: SdkPage;
let page: Page;

const events = () =>
  page.evaluate(() => (globalThis as unknown as PhoneWindow).phone.events!() as PhoneEvent[]);
const phone = <T>(fn: string, ...args: unknown[]) =>
  page.evaluate(([f, a]) => (globalThis as unknown as PhoneWindow).phone[f as string]!(...(a as unknown[])), [
    fn,
    args,
  ] as const) as Promise<T>;
const waitEvent = (type: string, id?: number, ms = 5000) =>
  eventually(
    async () => (await events()).find((e) => e.type === type && (id === undefined || e.id === id)),
    ms,
    type,
  );

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
    rig.answer(
      '/voice',
      (p) =>
        `<Response><Dial callerId="+15550100001"><Number statusCallback="${rig.appUrl}/status" ` +
        `statusCallbackEvent="initiated ringing answered completed">${p.To}</Number></Dial></Response>`,
    );
    const id = await phone<number>('connect', { To: '+15550100222', ticket: 'T-9' });
    const accepted = await waitEvent('accept', id);
    const parentSid = accepted.sid!;
    expect(parentSid).toMatch(/^CA[0-9a-f]{32}$/);

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
});
