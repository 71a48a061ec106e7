import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { openConsole } from '../helpers/chromium';
import { tempDir } from '../helpers/temp-dir';
import { PhonePage, text } from './phone-page';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let browser: Browser;
let phone: PhonePage;

beforeAll(async () => {
  dir = await tempDir('e2e-no-mic-');
  const dataDir = join(dir.path, 'data');
  core = await createCore({
    dataDir,
    version: '0.0.0-test',
    secrets: browserSecretStore(dataDir),
    // The SDK in the console page reaches the sandbox's signaling itself: let that page's origin in.
    sandbox: { allowedOrigins: () => server?.origins ?? [] },
  });
  server = await startWebServer({ host: core.api, rendererDir });
  // The user clicked "Block": Chromium refuses getUserMedia to the console (NotAllowedError).
  const opened = await openConsole(server.consoleUrl, ['--ignore-certificate-errors'], {
    microphone: 'blocked',
  });
  browser = opened.browser;
  phone = new PhonePage(opened.page, () => core.sandbox()!);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

const callError = () => text(phone.region.getByTestId('call-error'));
const inProgress = () =>
  core
    .sandbox()!
    .calls.list()
    .filter((c) => c.status === 'in-progress');

describe('the softphone when the microphone is blocked', () => {
  it('an outgoing call ends at once and says how to allow the microphone', async () => {
    await phone.registered();
    await phone.region.getByLabel('Number to call').fill('(555) 010-0123');
    await phone.button('Call').click();
    await expect.poll(callError, { timeout: 10_000 }).toMatch(/not allowed to use your microphone/);
    expect(await phone.phase()).toBeUndefined();
    expect(await callError()).toMatch(/Privacy & Security › Microphone/);
    expect(inProgress()).toEqual([]);
  });

  it('accepting an incoming call ends it and says the same, and the caller is not left hanging', async () => {
    const res = await fetch(`${core.sandbox()!.url}/_sandbox/voice/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+14155550100', to: '+14155550199' }),
    });
    const customer = (await res.json()) as { sid: string };
    const banner = phone.region.getByRole('alert', { name: 'Incoming call' });
    await expect.poll(() => text(banner), { timeout: 10_000 }).toContain('+14155550100');
    await banner.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(callError, { timeout: 10_000 }).toMatch(/not allowed to use your microphone/);
    expect(await phone.phase()).toBeUndefined();
    await expect
      .poll(() => core.sandbox()!.calls.get(customer.sid)?.status, { timeout: 10_000 })
      .not.toBe('in-progress');
  });
});
