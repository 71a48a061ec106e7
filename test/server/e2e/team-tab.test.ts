import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_PATHS } from '../../../src-main/core/webhooks';
import { testCards, type Sandbox } from '../../../src-main/sandbox';
import { ConsolePage } from '../../e2e/console-page';
import { launchChromium } from '../../helpers/chromium';
import { TEST_OUTPUT } from '../../helpers/temp-dir';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances';

// Two instances on one PostgreSQL behind our round-robin balancer, the standalone sandbox as
// "Twilio": an agent's console on A, a supervisor's on B, each in its own Chromium context.
const rendererDir = resolve(import.meta.dirname, '../../../out/renderer');
const visa = testCards.find((c) => c.brand === 'visa' && c.number.endsWith('1111'))!;
const CVV = '739';

let team: TwoInstances;
let sandbox: Sandbox;
let a: TwoInstances['a'];
let b: TwoInstances['b'];
let browser: Browser;
let agent: ConsolePage;
let supervisor: Page;
/** Every WebSocket frame the supervisor's page received. */
const received: string[] = [];

/** Opens the invite (made on A) on `server`'s own address in a fresh context and signs in. */
async function signedIn(server: TwoInstances['a'], name: string, role: 'agent' | 'supervisor') {
  const { link } = await a.admin.invite({ name, role });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${server.url}${new URL(link).pathname}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
  await page.getByTestId('mode').getByText('Live').waitFor({ timeout: 20_000 });
  return page;
}

beforeAll(async () => {
  team = await startTwoInstances({ rendererDir });
  ({ sandbox, a, b } = team);
  // Twilio's callbacks land on A and B in turn (round robin): the supervisor on B sees them all.
  browser = await launchChromium();
  // Keys are pressed only once Twilio has taken the capture request (the session on A has no write in flight).
  agent = new ConsolePage(await signedIn(a, 'Ana Ruiz', 'agent'), () =>
    a.core.payments.list().every((s) => s.pendingWrite === undefined),
  );
  supervisor = await signedIn(b, 'Cy Diaz', 'supervisor');
  supervisor.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
  await supervisor.reload();
  await supervisor.getByTestId('mode').getByText('Live').waitFor({ timeout: 20_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await team?.close();
});

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

/** Records, in the page, each state each field showed, in order, as the DOM changed (page script). */
const WATCH_FIELDS = `(() => {
  const seen = {};
  const note = (el) => {
    const field = el.getAttribute('data-field');
    const state = el.getAttribute('data-state');
    if (!field || !state) return;
    const states = (seen[field] ??= []);
    if (states.at(-1) !== state) states.push(state);
  };
  document.querySelectorAll('[data-field]').forEach(note);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.target instanceof Element) note(change.target);
      for (const n of change.addedNodes)
        if (n instanceof Element) [n, ...n.querySelectorAll('[data-field]')].forEach(note);
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  window.seenFields = seen;
})()`;
const seenFields = (page: Page) => page.evaluate<Record<string, string[]>>('window.seenFields');

describe('the Team tab: a supervisor on one instance follows an agent on another', () => {
  it('shows each field of the agent’s payment change live, then the payment in the team’s history by agent, exported as CSV', async () => {
    await tab(supervisor, 'Team').waitFor({ timeout: 20_000 });
    expect(await tab(agent.page, 'Team').count()).toBe(0);

    const callSid = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    // The server learns the account's calls from Twilio's callbacks (a call through the business
    // number, rung and answered): the one it would get for this call, signed for the public URL.
    const news = { CallSid: callSid, CallStatus: 'in-progress', From: '+14155550123', To: '+14155550100' };
    const url = `${team.proxy.url}${WEBHOOK_PATHS.callStatus}`;
    const told = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(sandbox.credentials.authToken, url, news),
      },
      body: new URLSearchParams(news),
    });
    expect(told.status).toBe(204);
    await agent.payment.getByRole('button', { name: 'Refresh calls' }).click();
    await expect.poll(() => agent.payment.getByLabel('Call to charge').inputValue()).toBe(callSid);
    await agent.start({ amount: '12.50' });

    // Opened after the payment started: the row comes from payments.get, its changes from events.
    await tab(supervisor, 'Team').click();
    const live = supervisor.getByRole('region', { name: 'Live payments' });
    const row = live.locator(`tr[data-call="${callSid}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('td').nth(2).textContent()).toBe('12.50 USD');
    const identity = (await row.locator('td').first().textContent())!;
    expect(identity).toMatch(/^ana-ruiz/i);
    await supervisor.evaluate(WATCH_FIELDS);
    const fieldState = (field: string) => row.locator(`[data-field="${field}"]`).getAttribute('data-state');
    expect(await fieldState('payment-card-number')).toBe('waiting');

    const press = (digits: string) => () => sandbox.control.pressDigits(callSid, digits);
    await agent.capture('Card number', 'Request card number', press(`${visa.number}#`));
    await agent.capture('Expiration date', 'Request expiration date', press('1230#'));
    await agent.capture('Security code', 'Request security code', press(`${CVV}#`));
    await agent.capture('Postal code', 'Request postal code', press('94105#'));
    await expect.poll(() => fieldState('postal-code'), { timeout: 15_000 }).toBe('valid');
    const seen = await seenFields(supervisor);
    // The card number keyed a digit at a time: asked for, being entered, taken.
    expect(seen['payment-card-number']).toEqual(['waiting', 'requested', 'entered', 'valid']);
    for (const field of ['expiration-date', 'security-code', 'postal-code'])
      expect(seen[field]?.slice(0, 2), field).toEqual(['waiting', 'requested']);
    expect(await row.locator('[data-field="payment-card-number"]').textContent()).toContain('1111');
    // What the agent sees masked, never the code itself.
    expect(await row.locator('[data-field="security-code"]').textContent()).not.toMatch(/\d/);
    await supervisor.screenshot({ path: join(TEST_OUTPUT, 'screenshots', 'team-live-payments.png') });

    await agent.button('Complete payment').click();
    expect(await agent.resultTitle()).toBe('Payment successful');
    await row.waitFor({ state: 'detached', timeout: 15_000 });

    const history = supervisor.getByRole('region', { name: 'Team history' });
    await history.getByLabel('Agent', { exact: true }).fill(identity);
    const today = new Date().toLocaleDateString('en-CA');
    await history.getByLabel('From', { exact: true }).fill(today);
    await history.getByLabel('To', { exact: true }).fill(today);
    const rows = history.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().getAttribute('data-outcome')).toBe('succeeded');
    expect(await rows.first().locator('td').nth(1).textContent()).toBe(identity);
    const [download] = await Promise.all([
      supervisor.waitForEvent('download'),
      history.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(identity);
    expect(lines[1]).toContain(callSid);

    // Another agent's name, or a day before the payment, finds nothing.
    await history.getByLabel('Agent', { exact: true }).fill('someone-else');
    await expect.poll(() => history.getByText('No payments match.').count()).toBe(1);
    await history.getByLabel('Agent', { exact: true }).fill(identity);
    await expect.poll(() => rows.count()).toBe(1);
    await history.getByLabel('To', { exact: true }).fill('2020-01-01');
    await expect.poll(() => history.getByText('No payments match.').count()).toBe(1);
  });

  it('never showed the supervisor a card number or security code, in the page or its frames', async () => {
    expect(await tab(agent.page, 'Team').count()).toBe(0);
    const html = await supervisor.content();
    const frames = received.join('\n');
    expect(received.some((f) => f.includes('payments.session'))).toBe(true);
    for (const text of [html, frames]) {
      expect(text).not.toContain(visa.number);
      expect(text).not.toMatch(new RegExp(`"security-code"[^}]*"display":"[^"]*\\d`));
    }
    expect(frames).not.toContain(sandbox.credentials.authToken);
  });
});
