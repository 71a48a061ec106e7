import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { openSdkPage, type SdkPage } from '../helpers/sdk-page/sdk-page';
import { phoneDriver } from './helpers';
import { eventually, startVoiceRig, type VoiceRig } from './voice-rig';

let rig: VoiceRig;
let browser: Browser;
let sdk: SdkPage;
let page: Page;
const { call: phone, waitEvent } = phoneDriver(() => page);

beforeAll(async () => {
  rig = await startVoiceRig();
  // The certificate is self-signed per run; the app pins it, a test browser just ignores the error.
  browser = await launchChromium(['--ignore-certificate-errors']);
  sdk = await openSdkPage(browser, null);
  page = sdk.page;
});

afterAll(async () => {
  await sdk?.close();
  await browser?.close();
  await rig?.close();
});

it('serves the SDK over wss for its chunderw option: register and a call with audio, no WebSocket routing', async () => {
  const info = (await fetch(`${rig.sandbox.url}/_sandbox/voice`).then((r) => r.json())) as {
    signaling: { chunderw: string; wss: string; certificatePem: string };
  };
  expect(info.signaling.wss).toBe(`wss://${info.signaling.chunderw}/signal`);
  expect(info.signaling.certificatePem).toContain('BEGIN CERTIFICATE');

  await phone('register', rig.token('carol'), { chunderw: info.signaling.chunderw });
  await waitEvent('registered');
  rig.answer('/voice', '<Response><Dial><Number>+15550100123</Number></Dial></Response>');
  const id = await phone<number>('connect', { To: '+15550100123' });
  const parentSid = (await waitEvent('accept', id)).sid!;
  const child = await eventually(
    () => rig.sandbox.calls.list({ parentCallSid: parentSid, status: 'in-progress' })[0],
  );
  const customer = rig.voice.board().customer(child.sid)!;
  await eventually(() => customer.hearing.level() > 500, 5000, 'the customer to hear the agent');
  await eventually(async () => (await phone<number>('heard', id, 500)) > 0.05, 5000, 'the agent to hear');
  await phone('hangup', id);
  await eventually(() => rig.sandbox.calls.get(child.sid)!.status === 'completed', 3000, 'the child to end');
});
