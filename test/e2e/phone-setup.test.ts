import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { localtunnelProvider } from '../../src-main/core/tunnel';
import { sandboxHttpClient } from '../../src-main/core/twilio/sandbox-http-client';
import { startSandbox, type Sandbox } from '../../src-main/sandbox';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { openConsole } from '../helpers/chromium';
import { TEST_OUTPUT, tempDir } from '../helpers/temp-dir';
import { startTunnelServer, type TestTunnelServer } from '../helpers/tunnel-server';
import { waitFor } from '../helpers/wait-for';
import { text } from './phone-page';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let account: Sandbox;
let tunnels: TestTunnelServer;
let core: Core;
let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = await tempDir('e2e-setup-');
  const dataDir = join(dir.path, 'data');
  account = await startSandbox({ phoneNumbers: ['+14155550199', '+14155550142'] });
  tunnels = await startTunnelServer();
  core = await createCore({
    dataDir,
    version: '0.0.0-test',
    secrets: browserSecretStore(dataDir),
    liveRestBaseUrl: account.url,
    tunnel: { provider: localtunnelProvider({ host: tunnels.url, handshakeTimeoutMs: 1_000 }) },
  });
  server = await startWebServer({ host: core.api, rendererDir });
  ({ browser, page } = await openConsole(server.consoleUrl));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await tunnels?.close();
  await account?.close();
  await dir?.cleanup();
});

describe('Twilio setup in the console', () => {
  it('sets up from the Account SID and Auth Token, picks a caller ID, and checks readiness', async () => {
    const phone = page.getByRole('region', { name: 'Phone' });
    await phone.getByText('Twilio setup').click();
    const form = phone.getByRole('form', { name: 'Twilio setup' });
    await form.getByLabel('Account SID').fill(account.credentials.accountSid);
    await form.getByLabel('Auth Token').fill(account.credentials.authToken);
    await form.getByRole('button', { name: 'Set up Twilio' }).click();
    await expect.poll(() => text(phone.getByText(/Twilio is set up/))).toBeDefined();
    expect(await form.getByLabel('Auth Token').inputValue()).toBe('');
    // Browser mode keeps secrets in an encrypted file, and says so.
    expect(await text(phone.getByTestId('storage-warning'))).toBeTruthy();
    await expect.poll(() => page.getByTestId('mode').textContent(), { timeout: 10_000 }).toBe('Live');

    await phone.getByLabel('Caller ID').selectOption('+14155550142');
    await phone.getByRole('button', { name: 'Use this number' }).click();
    await expect.poll(() => text(phone.getByText(/Calls will show \+14155550142/))).toBeDefined();
    const rest = twilio(account.credentials.accountSid, account.credentials.authToken, {
      httpClient: sandboxHttpClient(account.url),
    });
    const publicUrl = await waitFor(() => core.status().urls.publicUrl, 10_000, 'tunnel up');
    await expect
      .poll(
        async () => (await rest.incomingPhoneNumbers.list({ phoneNumber: '+14155550142' }))[0]?.voiceUrl,
        {
          timeout: 10_000,
        },
      )
      .toBe(`${publicUrl}/twilio/voice/number`);

    await phone.getByText('Ready for calls?').click();
    await phone.getByRole('button', { name: 'Check readiness' }).click();
    const list = phone.getByRole('list', { name: 'Readiness' });
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 10_000 }).toBe(5);
    expect(await list.getByRole('listitem', { name: 'Twilio credentials' }).getAttribute('data-ready')).toBe(
      'true',
    );
    expect(await list.getByRole('listitem', { name: 'Microphone' }).getAttribute('data-ready')).toBe('true');
    // Live mode's Device would reach Twilio itself, which this machine cannot: not ready, with the reason.
    const registration = list.getByRole('listitem', { name: 'Phone registered with Twilio' });
    expect(await registration.getAttribute('data-ready')).toBe('false');
    // No Pay Connector named yet: not ready, and the item says where to fix it.
    const connector = list.getByRole('listitem', { name: 'Payment connector' });
    expect(await connector.getAttribute('data-ready')).toBe('false');
    expect(await connector.textContent()).toContain('Settings');
    await page.screenshot({ path: join(TEST_OUTPUT, 'screenshots', 'phone-06-setup-readiness.png') });
  });
});
