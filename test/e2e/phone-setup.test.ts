import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import twilio from 'twilio';
import type { Settings } from '../../src-shared/api/settings';
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
import { shotBoth } from './screens';

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

const settingsForm = () => page.getByRole('form', { name: 'Twilio account' });
const mode = () => page.getByTestId('mode').textContent();
const twilioHealth = () => page.getByTestId('health-twilio');

async function fillAccount(accountSid: string, authToken: string) {
  await settingsForm().getByLabel('Account SID').fill(accountSid);
  await settingsForm().getByLabel('Auth Token').fill(authToken);
  await settingsForm().getByRole('button', { name: 'Save settings' }).click();
}

describe('the Twilio account in Settings', () => {
  it('points from the Phone panel to the one account form in Settings', async () => {
    const phone = page.getByRole('region', { name: 'Phone' });
    expect(await phone.getByText('Twilio setup').count()).toBe(0);
    await shotBoth(page, 'phone-account-hint');
    await phone.getByRole('button', { name: 'Twilio account', exact: true }).click();
    await settingsForm().waitFor();
  });

  it('refuses a wrong Account SID and token with Twilio’s answer, and stays in Sandbox mode', async () => {
    await fillAccount('AC' + '0'.repeat(32), 'q7Wm2Zr9Kx4Pn8Tb3Lc6Vd1Hs5Jf0GaE');
    await expect
      .poll(() => text(settingsForm().getByRole('alert')))
      .toMatch(/^Twilio refused this Account SID/);
    expect(await settingsForm().getByText('Saved.').count()).toBe(0);
    expect(await mode()).toBe('Sandbox');
    expect(await twilioHealth().textContent()).toBe('Twilio: up');
    const saved = (await core.api.dispatch('settings.get', {})) as { value: Settings };
    expect(saved.value.twilio.accountSid).toBeUndefined();
    // Nothing typed is lost: the agent corrects the token rather than typing everything again.
    expect(await settingsForm().getByLabel('Account SID').inputValue()).toBe('AC' + '0'.repeat(32));
    await shotBoth(page, 'settings-01-refused');
  });

  it('checks the account with Twilio, sets up, picks a caller ID, and checks readiness', async () => {
    await fillAccount(account.credentials.accountSid, account.credentials.authToken);
    await expect
      .poll(() => text(settingsForm().getByText(/Twilio accepted the account/)), { timeout: 10_000 })
      .toBeDefined();
    expect(await settingsForm().getByLabel('Auth Token').inputValue()).toBe('');
    // Browser mode keeps secrets in an encrypted file, and says so.
    expect(await text(page.getByTestId('secrets-warning'))).toBeTruthy();
    await expect.poll(mode, { timeout: 10_000 }).toBe('Live');
    await expect.poll(() => twilioHealth().textContent(), { timeout: 10_000 }).toBe('Twilio: up');
    expect(await twilioHealth().getAttribute('title')).toContain('Twilio accepted the account');

    await page.getByLabel('Number to call from').selectOption('+14155550142');
    await page.getByRole('button', { name: 'Use this number' }).click();
    await expect.poll(() => text(page.getByText(/Calls will show \+14155550142/))).toBeDefined();
    const rest = twilio(account.credentials.accountSid, account.credentials.authToken, {
      httpClient: sandboxHttpClient(account.url),
    });
    const publicUrl = await waitFor(() => core.status().urls.publicUrl, 10_000, 'tunnel up');
    await expect
      .poll(
        async () => (await rest.incomingPhoneNumbers.list({ phoneNumber: '+14155550142' }))[0]?.voiceUrl,
        { timeout: 10_000 },
      )
      .toBe(`${publicUrl}/twilio/voice/number`);
    await shotBoth(page, 'settings-02-live');

    await page.getByRole('button', { name: 'Console', exact: true }).click();
    const phone = page.getByRole('region', { name: 'Phone' });
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

  it('goes back to the sandbox keeping the account, and returns to it once Twilio accepts it again', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Use the sandbox' }).click();
    await expect.poll(mode, { timeout: 10_000 }).toBe('Sandbox');
    expect(await page.getByTestId('account-mode').textContent()).toContain('is saved for later');
    expect(await settingsForm().getByLabel('Account SID').inputValue()).toBe(account.credentials.accountSid);
    await shotBoth(page, 'settings-03-sandbox-kept');
    await page.getByRole('button', { name: 'Use live mode' }).click();
    await expect.poll(mode, { timeout: 10_000 }).toBe('Live');
  });

  it('clears the Account SID when the field is emptied and saved', async () => {
    await settingsForm().getByLabel('Account SID').fill('');
    await settingsForm().getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(mode, { timeout: 10_000 }).toBe('Sandbox');
    await page.reload();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    expect(await settingsForm().getByLabel('Account SID').inputValue()).toBe('');
    expect(await page.getByTestId('account-mode').count()).toBe(0);
  });
});
