import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { launchChromium } from '../helpers/chromium';
import { HTTPS_CONSOLE_ORIGIN, serveConsoleOverHttps } from '../helpers/https-console';
import { TEST_OUTPUT, tempDir } from '../helpers/temp-dir';
import { openSocket, wsInvoker } from '../helpers/ws-client';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = await tempDir('e2e-console-');
  core = await createCore({
    dataDir: join(dir.path, 'data'),
    version: '0.0.0-test',
    // The sandbox answers pages of the console's own origins only (here also the routed https one).
    sandbox: { allowedOrigins: () => [...(server?.origins ?? []), HTTPS_CONSOLE_ORIGIN] },
  });
  server = await startWebServer({ host: core.api, rendererDir });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

describe('the console in a real browser', () => {
  it('loads from the printed URL and shows Sandbox mode with both regions', async () => {
    await page.goto(server.consoleUrl);
    await expect.poll(() => page.getByTestId('mode').textContent()).toBe('Sandbox');
    expect(await page.getByRole('region', { name: 'Phone' }).isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'Payment' }).isVisible()).toBe(true);
    expect(await page.getByTestId('core-connection').textContent()).toContain('Connected');
    await page.screenshot({ path: join(TEST_OUTPUT, 'screenshots', 'console-sandbox.png') });
  });

  it('round-trips AppApi commands and events over the WebSocket', async () => {
    await expect.poll(() => page.getByTestId('agent-identity').textContent()).toBe('agent');
    // Another client changes a setting; the page hears the event and shows the new value.
    const { socket } = await openSocket(
      `ws://127.0.0.1:${server.port}/api?token=${server.token}`,
      `http://127.0.0.1:${server.port}`,
    );
    await wsInvoker(socket!).invoke('settings.set', { agentIdentity: 'maria' });
    await expect.poll(() => page.getByTestId('agent-identity').textContent()).toBe('maria');
    socket!.close();
  });

  // Browser mode (http, loopback) reaches the plain ws signaling; only a console served over https from
  // elsewhere (as a Callpay Server would be) has to use the wss port and its per-run certificate.
  it('on a console served over https, explains the sandbox certificate a browser does not know yet, links to where to accept it, then registers', async () => {
    // The routed https origin stands for one on this machine: Chromium would otherwise refuse it loopback.
    const httpsBrowser = await launchChromium(['--disable-features=LocalNetworkAccessChecks']);
    const httpsContext = await httpsBrowser.newContext();
    const consoleUrl = await serveConsoleOverHttps(httpsContext, server, rendererDir);
    const httpsPage = await httpsContext.newPage();
    await httpsPage.goto(consoleUrl);
    const phone = httpsPage.getByRole('region', { name: 'Phone' });
    await expect
      .poll(() => phone.getByTestId('registration-reason').textContent(), { timeout: 15_000 })
      .toMatch(/certificate made on this computer for this run/);
    const link = phone.getByRole('link', { name: 'Open the sandbox’s certificate page' });
    const url = (await link.getAttribute('href'))!;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const opened = await httpsBrowser.newContext({ ignoreHTTPSErrors: true });
    await serveConsoleOverHttps(opened, server, rendererDir);
    try {
      // What the user sees once they accept the certificate there.
      const certificatePage = await opened.newPage();
      await certificatePage.goto(url);
      expect(await certificatePage.getByRole('heading').textContent()).toMatch(/now trusts/);
      // A browser that trusts the certificate: the phone registers.
      const trusted = await opened.newPage();
      await trusted.goto(consoleUrl);
      await expect
        .poll(
          () => trusted.getByRole('region', { name: 'Phone' }).getByTestId('registration').textContent(),
          {
            timeout: 15_000,
          },
        )
        .toMatch(/^Registered/);
    } finally {
      await httpsBrowser.close();
    }
  });

  it('shows nothing from the core when opened without the token', async () => {
    const other = await browser.newPage();
    await other.goto(`http://127.0.0.1:${server.port}/`);
    await expect.poll(() => other.getByTestId('core-connection').textContent()).not.toContain('Connected');
    expect(await other.getByTestId('mode').textContent()).toBe('Starting…');
    await other.close();
  });
});
