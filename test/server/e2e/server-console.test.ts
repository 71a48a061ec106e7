import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer, type TeamServer } from '../../../src-main/server/team-server';
import { launchChromium } from '../../helpers/chromium';
import { TEST_OUTPUT, tempDir } from '../../helpers/temp-dir';

const rendererDir = resolve(import.meta.dirname, '../../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: TeamServer;
let browser: Browser;
let page: Page;
const received: string[] = [];

beforeAll(async () => {
  dir = await tempDir('e2e-server-');
  // The default: PGlite in the data directory, sandbox mode.
  server = await startTeamServer({
    dataDir: join(dir.path, 'data'),
    host: '127.0.0.1',
    port: 0,
    webhookPort: 0,
    version: '0.0.0-test',
    rendererDir,
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  page = await context.newPage();
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => received.push(String(frame.payload))));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await dir?.cleanup();
});

describe('Callpay Server in a real browser', () => {
  it('signs the first admin in through the printed link and shows the console connected in Sandbox mode', async () => {
    expect(server.db.kind).toBe('pglite');
    await page.goto(server.firstAdminLink!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByTestId('mode').textContent(), { timeout: 20_000 }).toBe('Sandbox');
    expect(await page.getByTestId('core-connection').textContent()).toContain('Connected');
    expect(await page.getByRole('region', { name: 'Payment' }).isVisible()).toBe(true);
    // The device credential is HttpOnly: the page's scripts cannot read it.
    expect(await page.evaluate('document.cookie')).toBe('');
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'callpay_device', httpOnly: true, sameSite: 'Strict' });
    expect(received.join('\n')).not.toContain(cookie!.value);
    await page.screenshot({ path: join(TEST_OUTPUT, 'screenshots', 'server-console.png') });
  });

  it('refuses the same link a second time with a sentence', async () => {
    const other = await browser.newPage();
    await other.goto(server.firstAdminLink!);
    await other.getByRole('button', { name: 'Sign in' }).click();
    expect(await other.getByRole('alert').textContent()).toBe(
      'This invite link has already been used. Ask your admin for a new one.',
    );
    await other.close();
  });

  it('drops the console’s connection the moment its device is revoked', async () => {
    const [device] = await server.admin.devices();
    await server.admin.revoke(device!.id);
    await expect.poll(() => page.getByTestId('core-connection').textContent()).not.toContain('Connected');
    await page.reload();
    expect(await page.getByRole('alert').textContent()).toContain('Open the invite link your admin sent you');
  });
});
