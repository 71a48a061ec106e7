import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { openConsole } from '../helpers/chromium';
import { tempDir } from '../helpers/temp-dir';
import { ConsolePage } from './console-page';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let browser: Browser;
let page: Page;
let ui: ConsolePage;

beforeAll(async () => {
  dir = await tempDir('e2e-keyboard-');
  core = await createCore({ dataDir: join(dir.path, 'data'), version: '0.0.0-test' });
  server = await startWebServer({ host: core.api, rendererDir });
  ({ browser, page } = await openConsole(server.consoleUrl));
  ui = new ConsolePage(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

/** What a screen reader would announce as focused: role and name, or "body" when focus is lost. */
const focused = () =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const labelled = el.getAttribute('aria-labelledby');
    const name = el.getAttribute('aria-label') ?? (labelled ? document.getElementById(labelled)?.textContent : undefined) ?? el.labels?.[0]?.textContent ?? el.textContent;
    return (el.id ? '#' + el.id + ' ' : '') + el.tagName.toLowerCase() + ': ' + name.replace(/\\s+/g, ' ').trim();
  })()`) as Promise<string>;

/** How far an element runs past the right edge of its card (0 when it fits). */
async function overflow(inner: Locator, card: Locator) {
  const [a, b] = [await inner.boundingBox(), await card.boundingBox()];
  return Math.max(0, Math.round(a!.x + a!.width - (b!.x + b!.width)));
}

describe('the console by keyboard and at a small window', () => {
  it('moves focus where the agent needs it next: after calling in, after Start payment, after Alt+N', async () => {
    await page.setViewportSize({ width: 1024, height: 640 });
    await ui.sandbox.getByRole('button', { name: 'Call in as a customer' }).focus();
    await page.keyboard.press('Enter');
    await ui.sandbox.getByTestId('customer-call').waitFor();
    await expect.poll(focused).toBe('#amount input: Amount');
    await page.keyboard.type('12.50');
    await ui.button('Start payment').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused, { timeout: 10_000 }).toBe('button: Request card number');
    await page.keyboard.press('Alt+N');
    // While Twilio listens for the card number, focus is on that row, which says so.
    await expect.poll(focused, { timeout: 10_000 }).toBe('li: Card number');
    await ui.shot('keyboard-listening-1024x640');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await ui.shot('keyboard-listening-1920x1080');
    await ui.button('Cancel payment').click();
  });

  it('names the sandbox customer’s Hang up apart from the phone’s', async () => {
    const hangUp = ui.sandbox.getByRole('button', { name: /^Hang up/ });
    expect(await hangUp.getAttribute('aria-label')).toBe('Hang up as the customer');
    expect(await page.getByRole('button', { name: 'Hang up', exact: true }).count()).toBe(0);
  });

  it('makes Card / Bank account one Tab stop, moved between with the arrow keys', async () => {
    await ui.payment.getByTestId('result-card').getByRole('heading').waitFor({ timeout: 15_000 });
    // Back to a fresh form.
    await ui.payment.getByRole('button', { name: /^(New payment|Try again)$/ }).click();
    const card = ui.payment.getByRole('radio', { name: 'Card', exact: true });
    await card.focus();
    await page.keyboard.press('Tab');
    expect(await focused()).not.toMatch(/Bank account/);
    await card.focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatch(/input: Bank account/);
    await ui.payment.getByRole('radio', { name: 'Card', exact: true }).check();
  });

  it('keeps the Phone panel’s fields and the customer’s call id inside their cards at 1024×640', async () => {
    await page.setViewportSize({ width: 1024, height: 640 });
    const phone = page.getByRole('region', { name: 'Phone' });
    expect(await overflow(phone.getByLabel('Number to call'), phone)).toBe(0);
    await phone.getByText('Audio devices').click();
    for (const select of await phone.locator('select').all()) expect(await overflow(select, phone)).toBe(0);
    expect(await overflow(ui.sandbox.getByTestId('customer-call'), ui.sandbox)).toBe(0);
    await ui.shot('keyboard-layout-1024x640');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await ui.shot('keyboard-layout-1920x1080');
  });

  it('says under the timeout what it does and when to raise it', async () => {
    await ui.payment.getByText('Options').click();
    const help = ui.payment.locator('#timeout-help');
    expect(
      await ui.payment.getByLabel('Timeout (seconds per field)').getAttribute('aria-describedby'),
    ).toContain('timeout-help');
    expect(await help.textContent()).toMatch(/waits for each next key[\s\S]*raise it/);
    await page.setViewportSize({ width: 1024, height: 640 });
    await help.scrollIntoViewIfNeeded();
    await ui.shot('timeout-help-1024x640');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await ui.shot('timeout-help-1920x1080');
  });
});
