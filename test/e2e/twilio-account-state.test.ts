import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { localtunnelProvider } from '../../src-main/core/tunnel';
import { UNREACHABLE_ON_SWITCH } from '../../src-main/core/twilio/account-check';
import { startSandbox, type Sandbox } from '../../src-main/sandbox';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { launchChromium } from '../helpers/chromium';
import { memorySecrets, writeLiveSettings } from '../helpers/live-mode';
import { tempDir } from '../helpers/temp-dir';
import { startTunnelServer, type TestTunnelServer } from '../helpers/tunnel-server';
import { shotBoth } from './screens';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let account: Sandbox;
let tunnels: TestTunnelServer;
let browser: Browser;
let closedPort: string;
const running: { core: Core; server: WebServer }[] = [];

/** A loopback URL nothing listens on: Twilio, unreachable. */
async function closedLoopbackUrl() {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  dir = await tempDir('e2e-account-');
  account = await startSandbox({});
  tunnels = await startTunnelServer();
  closedPort = await closedLoopbackUrl();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const { core, server } of running) {
    await server.close();
    await core.stop();
  }
  await tunnels?.close();
  await account?.close();
  await dir?.cleanup();
});

/** A console on its own core; live settings and secrets when given. */
async function consoleOn(
  name: string,
  restBaseUrl: string,
  live?: { accountSid: string; authToken: string },
) {
  const dataDir = join(dir.path, name);
  if (live) await writeLiveSettings(dataDir, live.accountSid, 'agent');
  const core = await createCore({
    dataDir,
    version: '0.0.0-test',
    secrets: memorySecrets(live ? { authToken: live.authToken } : {}),
    liveRestBaseUrl: restBaseUrl,
    tunnel: { provider: localtunnelProvider({ host: tunnels.url, handshakeTimeoutMs: 1_000 }) },
  });
  const server = await startWebServer({ host: core.api, rendererDir });
  running.push({ core, server });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.consoleUrl);
  return { core, page };
}

describe('what the status bar and Settings say about the Twilio account', () => {
  it('says in a sentence that Twilio could not be reached, and stays in Sandbox mode', async () => {
    const { core, page } = await consoleOn('unreachable-save', closedPort);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'Twilio account' });
    await form.getByLabel('Account SID').fill(account.credentials.accountSid);
    await form.getByLabel('Auth Token').fill(account.credentials.authToken);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent(), { timeout: 20_000 })
      .toBe(UNREACHABLE_ON_SWITCH);
    expect(await page.getByTestId('mode').textContent()).toBe('Sandbox');
    expect(core.status().mode).toBe('sandbox');
    await shotBoth(page, 'settings-04-unreachable');
  });

  it('shows refused saved credentials as refused, never up, and offers the sandbox', async () => {
    const { page } = await consoleOn('refused-start', account.url, {
      accountSid: 'AC' + '0'.repeat(32),
      authToken: 'q7Wm2Zr9Kx4Pn8Tb3Lc6Vd1Hs5Jf0GaE',
    });
    const health = page.getByTestId('health-twilio');
    await expect.poll(() => health.textContent(), { timeout: 20_000 }).toBe('Twilio: refused');
    expect(await health.getAttribute('title')).toMatch(/^Twilio refused this Account SID/);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await shotBoth(page, 'settings-05-refused-live');
    await page.getByRole('button', { name: 'Use the sandbox' }).click();
    await expect.poll(() => page.getByTestId('mode').textContent(), { timeout: 10_000 }).toBe('Sandbox');
    expect(await page.getByTestId('account-mode').textContent()).toContain('AC' + '0'.repeat(32));
  });

  it('shows an account Twilio cannot be asked about as unreachable, never up', async () => {
    const { page } = await consoleOn('unreachable-start', closedPort, {
      accountSid: account.credentials.accountSid,
      authToken: account.credentials.authToken,
    });
    const health = page.getByTestId('health-twilio');
    await expect.poll(() => health.textContent(), { timeout: 20_000 }).toBe('Twilio: unreachable');
    expect(await health.getAttribute('title')).toMatch(/^Callpay cannot reach Twilio/);
  });
});
