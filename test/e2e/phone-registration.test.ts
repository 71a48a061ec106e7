import { join, resolve } from 'node:path';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { launchChromium } from '../helpers/chromium';
import { TEST_OUTPUT, tempDir } from '../helpers/temp-dir';
import { text } from './phone-page';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  dir = await tempDir('e2e-registration-');
  core = await createCore({
    dataDir: join(dir.path, 'data'),
    version: '0.0.0-test',
    // The sandbox answers pages of the console's own origin only.
    sandbox: { allowedOrigins: () => server?.origins ?? [] },
  });
  server = await startWebServer({ host: core.api, rendererDir });
  // A browser as a user has it: no certificate errors ignored, nothing accepted beforehand.
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

const registration = (page: Page) =>
  text(page.getByRole('region', { name: 'Phone' }).getByTestId('registration'));

describe('the phone in browser mode, sandbox', () => {
  it('registers at once, with no certificate to accept', async () => {
    for (const [width, height] of [
      [1024, 640],
      [1920, 1080],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      const seen: string[] = [];
      page.on('websocket', (socket) => seen.push(socket.url()));
      await page.goto(server.consoleUrl);
      await expect.poll(() => registration(page), { timeout: 20_000 }).toMatch(/^Registered/);
      const phone = page.getByRole('region', { name: 'Phone' });
      expect(await phone.getByRole('link', { name: /certificate/ }).count()).toBe(0);
      // The sandbox's plain loopback signaling, not its wss port with the per-run certificate.
      expect(seen.filter((url) => url.endsWith('/signal'))).toEqual([
        `${core.sandbox()!.url.replace('http:', 'ws:')}/signal`,
      ]);
      await page.screenshot({
        path: join(TEST_OUTPUT, 'screenshots', `phone-registered-${width}x${height}.png`),
      });
      await page.close();
    }
  });

  it('stays registered once the signaling comes back, and never shows the SDK’s raw text', async () => {
    const page = await browser.newPage();
    // The watchdog's backoff runs on the page's clock, so the test can move past it.
    await page.clock.install();
    // Every reason the panel shows, however briefly.
    await page.addInitScript(`
      window.shown = [];
      new MutationObserver(() => {
        const reason = document.querySelector('[data-testid="registration-reason"]')?.textContent;
        if (reason && window.shown.at(-1) !== reason) window.shown.push(reason);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    `);
    let refuse = true;
    const routes: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/signal$/, (route) => {
      if (refuse) return void route.close({ code: 1006 });
      routes.push(route);
      route.connectToServer();
    });
    await page.goto(server.consoleUrl);
    await expect.poll(() => registration(page), { timeout: 20_000 }).toMatch(/^Not registered/);
    // Still unreachable when the watchdog's first retries come round.
    await page.clock.fastForward(2_500);
    await page.clock.fastForward(5_000);
    refuse = false;
    await page.clock.fastForward(10_000);
    await expect.poll(() => registration(page), { timeout: 20_000 }).toMatch(/^Registered/);
    // Past every retry the watchdog could still have pending (30 s at most), keeping the signaling
    // alive meanwhile: the SDK treats 15 s without a message as a dead connection.
    for (let step = 0; step < 12; step++) {
      for (const route of routes) route.send('\n');
      await page.clock.fastForward(3_000);
    }
    await expect.poll(() => registration(page), { timeout: 20_000 }).toMatch(/^Registered/);
    const shown = (await page.evaluate('window.shown')) as string[];
    expect(shown.filter((reason) => /Attempt to register|state "/.test(reason))).toEqual([]);
    await page.close();
  });
});
