import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../src-main/web/server';
import { ConsolePage } from '../../e2e/console-page';
import { launchChromium } from '../../helpers/chromium';
import { startTestDesktop } from '../helpers/desktop';
import { startTestServer } from '../helpers/team';

// The desktop's renderer in real Chromium (browser mode over the desktop's own host), its main
// process linked to a team server on PGlite in sandbox mode.
const rendererDir = resolve(import.meta.dirname, '../../../out/renderer');

let server: Awaited<ReturnType<typeof startTestServer>>;
let desktop: Awaited<ReturnType<typeof startTestDesktop>>;
let web: WebServer;
let browser: Browser;
let ui: ConsolePage;
const received: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  desktop = await startTestDesktop('Ana’s laptop');
  web = await startWebServer({ host: desktop.host, rendererDir });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  const page = await context.newPage();
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => received.push(String(frame.payload))));
  ui = new ConsolePage(page);
  await page.goto(web.consoleUrl);
  await page.getByTestId('mode').getByText('Sandbox').waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await desktop?.close();
  await server?.close();
});

const teamItem = () => ui.page.getByTestId('team-link');
const tab = (name: string) =>
  ui.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });

describe('Settings › Team server in the desktop console', () => {
  it('connects with the server address and an invite, and says so in the status bar', async () => {
    expect(await teamItem().count()).toBe(0);
    const { link } = await server.admin.invite({ name: 'Ana Ruiz', role: 'agent' });
    await tab('Settings').click();
    const form = ui.page.getByRole('form', { name: 'Team server' });
    await form.getByLabel('Server address').fill('ftp://callpay.example.com');
    await form.getByLabel('Invite code').fill(link);
    expect(await form.getByRole('button', { name: 'Connect' }).isDisabled()).toBe(true);
    expect(await form.locator('#team-serverUrl-error').textContent()).toContain(
      'Enter the team server’s address',
    );
    await form.getByLabel('Server address').fill(server.url);
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => teamItem().textContent(), { timeout: 20_000 }).toBe('Team server: connected');
    expect(await form.getByTestId('team-linked').textContent()).toContain('as Ana Ruiz (agent)');
    expect(await form.getByRole('button', { name: 'Disconnect' }).isVisible()).toBe(true);
    expect(await ui.page.getByTestId('mode').textContent()).toBe('Sandbox');
    await ui.shot('team-link-connected');
  });

  it('takes a card payment through the team server', async () => {
    await tab('Console').click();
    await ui.customerOnCall();
    await ui.start({ amount: '12.50' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('1111'));
    await ui.captureRestOfCard();
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    // The charge was made by the server's sandbox; this computer runs none.
    expect(server.core.sandbox()!.ledger()).toHaveLength(1);
    expect(desktop.host.core()).toBeUndefined();
  });

  it('shows the device refused the moment its admin revokes it, and Disconnect goes back to solo', async () => {
    const device = (await server.admin.devices()).find((d) => d.label === 'Ana’s laptop')!;
    await server.admin.revoke(device.id);
    await expect.poll(() => teamItem().textContent()).toBe('Team server: refused (device revoked)');
    await tab('Settings').click();
    const form = ui.page.getByRole('form', { name: 'Team server' });
    expect(await form.getByRole('alert').textContent()).toContain('revoked this device');
    await ui.shot('team-link-refused');
    await form.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => teamItem().count()).toBe(0);
    expect(await form.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
    expect(desktop.host.core()).toBeDefined();
  });

  it('never let a Twilio secret reach the page', () => {
    const { authToken, apiKeySecret } = server.core.sandbox()!.credentials;
    const all = received.join('\n');
    expect(received.length).toBeGreaterThan(20);
    expect(all).not.toContain(authToken);
    expect(all).not.toContain(apiKeySecret);
  });
});
