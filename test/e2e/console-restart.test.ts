import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { launchChromium } from '../helpers/chromium';
import { TEST_OUTPUT, tempDir } from '../helpers/temp-dir';
import { text as raw } from './phone-page';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer | undefined;
let browser: Browser;

beforeAll(async () => {
  dir = await tempDir('e2e-restart-');
  core = await createCore({ dataDir: join(dir.path, 'data'), version: '0.0.0-test' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

/** A locator's text as a reader hears it, with the markup's line breaks folded. */
const text = async (locator: Parameters<typeof raw>[0]) => (await raw(locator))?.replace(/\s+/g, ' ').trim();

/** Opens a tab on a fresh run of browser mode (a new per-run token each time), showing Sandbox. */
async function openTab(port = 0, viewport = { width: 1280, height: 720 }): Promise<Page> {
  server = await startWebServer({ host: core.api, rendererDir, port });
  const page = await browser.newPage({ viewport });
  await page.goto(server.consoleUrl);
  await expect.poll(() => text(page.getByTestId('mode'))).toBe('Sandbox');
  expect(await text(page.getByTestId('health-twilio'))).toBe('Twilio: up');
  return page;
}

describe('an old tab after browser mode stops or restarts', () => {
  it('says the session ended and to open the new address, with no stale status, when restarted on the same port', async () => {
    for (const viewport of [
      { width: 1024, height: 640 },
      { width: 1920, height: 1080 },
    ]) {
      const page = await openTab(0, viewport);
      const { port } = server!;
      await server!.close();
      server = await startWebServer({ host: core.api, rendererDir, port });
      const notice = page.getByTestId('session-notice');
      await expect.poll(() => text(notice), { timeout: 20_000 }).toMatch(/^This session has ended\./);
      expect(await text(notice)).toMatch(/Open the new address Callpay printed/);
      expect(await text(page.getByTestId('core-connection'))).toBe('Core: Session ended');
      expect(await page.getByTestId('health-twilio').count()).toBe(0);
      expect(await text(page.getByTestId('mode'))).toBe('Not connected');
      await page.screenshot({
        path: join(TEST_OUTPUT, 'screenshots', `session-ended-${viewport.width}x${viewport.height}.png`),
      });
      await page.close();
      await server.close();
      server = undefined;
    }
  });

  it('while nothing answers, says it is trying and where the new address would be, with no stale status', async () => {
    const page = await openTab();
    await server!.close();
    server = undefined;
    const notice = page.getByTestId('session-notice');
    await expect
      .poll(() => text(notice), { timeout: 20_000 })
      .toMatch(/^Callpay is not answering; trying again\./);
    expect(await text(notice)).toMatch(/If you restarted it, open the new address it printed/);
    expect(await text(page.getByTestId('core-connection'))).toBe('Core: Reconnecting…');
    expect(await page.getByTestId('health-twilio').count()).toBe(0);
    await page.close();
  });
});
