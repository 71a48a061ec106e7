import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src-main/core/compose';
import { scanText } from '../../src-main/core/diagnostics/card-scan';
import { TEST_OUTPUT } from '../helpers/temp-dir';
import type { ConsolePage } from './console-page';
import { startSandboxConsole, type SandboxConsole } from './sandbox-console';
import { shotBoth } from './screens';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const OUTPUTS = join(TEST_OUTPUT, 'receipts-e2e');

let run: SandboxConsole;
let core: Core;
let ui: ConsolePage;

beforeAll(async () => {
  ({ core, ui } = run = await startSandboxConsole({
    name: 'e2e-receipts-',
    viewport: { width: 1280, height: 800 },
    clipboard: true,
  }));
  await mkdir(OUTPUTS, { recursive: true });
});

afterAll(async () => {
  // The tripwire scans test-results: every text the sandbox carried goes there for it to read.
  const bodies =
    core
      ?.sandbox()
      ?.messages()
      .map((m) => m.body) ?? [];
  await writeFile(join(OUTPUTS, 'sms-bodies.txt'), `${bodies.join('\n')}\n`);
  await run?.close();
});

const view = (name: string) =>
  ui.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
const receipt = () => ui.payment.getByTestId('receipt');
const receiptStatus = () => receipt().getByTestId('receipt-status').getAttribute('data-status');

/**
 * Requests a field, waits until Twilio (the sandbox) has taken the request, then keys it as the
 * customer panel does: on a loaded machine keys sent before that would reach a field not listening yet.
 */
async function capture(label: string, field: string, digits: string) {
  const callSid = (await ui.sandbox.getByTestId('customer-call').textContent())!;
  await ui.button(`Request ${label.toLowerCase()}`).click();
  await expect
    .poll(() => {
      const s = core.payments.list({ callSid })[0];
      return s?.activeField === field && s.pendingWrite === undefined;
    })
    .toBe(true);
  const pressed = await core.api.dispatch('sandbox.press', { callSid, digits });
  if (!pressed.ok) throw new Error(pressed.error.message);
  await expect.poll(() => ui.rowState(label), { timeout: 15_000 }).toBe('Captured');
}

async function captureCard() {
  // Built at run time so this file never holds a card number in one piece.
  await capture('Card number', 'payment-card-number', `${['4111', '1111', '1111', '1111'].join('')}#`);
  await capture('Expiration date', 'expiration-date', '1230#');
  await capture('Security code', 'security-code', '123#');
  await capture('Postal code', 'postal-code', '94105#');
}

async function pay(amount: string) {
  await ui.customerOnCall();
  await ui.start({ amount });
  await captureCard();
  await ui.button('Complete payment').click();
  expect(await ui.resultTitle()).toBe('Payment successful');
}

describe('a texted receipt and the saved card, in the console against the sandbox', () => {
  it('sets the business name and wording in Settings › Receipts, refusing wording over 1,600 characters', async () => {
    await view('Settings').click();
    const form = ui.page.getByRole('form', { name: 'Receipts' });
    await form.getByLabel('Business name').fill('Ada’s Bikes');
    await form.getByLabel('Wording').fill('x'.repeat(1601));
    expect(await form.getByText(/at most 1,600 characters/).isVisible()).toBe(true);
    expect(await form.getByRole('button', { name: 'Save receipt settings' }).isDisabled()).toBe(true);
    await shotBoth(ui.page, 'receipt-settings-too-long');
    await form.getByRole('button', { name: 'Use the standard wording' }).click();
    await form.getByRole('button', { name: 'Save receipt settings' }).click();
    await form.getByText('Receipt settings saved.').waitFor();
    await view('Console').click();
  });

  it('texts a receipt from the result card to the number the call came from', async () => {
    await pay('12.50');
    await receipt().getByRole('button', { name: 'Text a receipt' }).click();
    const to = receipt().getByLabel('Customer’s mobile number');
    await expect.poll(() => to.inputValue()).toMatch(/^\+1/);
    const text = await receipt().getByTestId('receipt-text').textContent();
    expect(text).toMatch(/Ada’s Bikes: thank you for your payment of \$12\.50 with Visa ending 1111/);
    // A number that is not one gets a sentence, and nothing is sent.
    const typed = await to.inputValue();
    await to.fill('12ab');
    await receipt().getByRole('button', { name: 'Send receipt' }).click();
    expect(
      await receipt()
        .getByText(/only digits/)
        .isVisible(),
    ).toBe(true);
    expect(core.sandbox()!.messages()).toHaveLength(0);
    await to.fill(typed);
    await receipt().getByRole('button', { name: 'Send receipt' }).click();
    await expect.poll(receiptStatus, { timeout: 10_000 }).toBe('delivered');
    expect(await receipt().getByTestId('receipt-status').textContent()).toMatch(/received the receipt/);
    await shotBoth(ui.page, 'receipt-delivered');
    const [sms] = core.sandbox()!.messages();
    expect(sms).toMatchObject({ to: typed, from: '+14155550199', body: text });
    expect(scanText(sms!.body)).toEqual([]);
  });

  it('explains an undelivered receipt and sends it on Retry', async () => {
    core.sandbox()!.setMessageFailure({ mode: 'undelivered', errorCode: 30003 });
    await receipt().getByRole('button', { name: 'Send again' }).click();
    await expect.poll(receiptStatus, { timeout: 10_000 }).toBe('undelivered');
    expect(await receipt().getByTestId('receipt-status').textContent()).toMatch(
      /could not be delivered\. The customer’s phone could not be reached/,
    );
    await shotBoth(ui.page, 'receipt-undelivered');
    core.sandbox()!.setMessageFailure({ mode: 'none' });
    await receipt().getByRole('button', { name: 'Retry' }).click();
    await expect.poll(receiptStatus, { timeout: 10_000 }).toBe('delivered');
    await shotBoth(ui.page, 'receipt-retried');
    expect(
      core
        .sandbox()!
        .messages()
        .map((m) => m.status),
    ).toEqual(['delivered', 'undelivered', 'delivered']);
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('shows a saved card masked in History, copies its token, and exports it only when asked', async () => {
    await ui.customerOnCall();
    await ui.start({ save: true });
    await captureCard();
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Card saved');
    const token = core.payments.list().find((s) => !s.charge)!.result!.token!;

    await view('History').click();
    const cell = ui.page.getByTestId('saved-card-token');
    await expect.poll(() => cell.textContent()).toBe(`card_••••${token.slice(-4)}`);
    expect(await ui.page.content()).not.toContain(token);
    expect(await ui.page.getByText(/a credential for the card/).isVisible()).toBe(true);
    await expect
      .poll(() => ui.page.getByTestId('history-receipt').first().getAttribute('data-status'))
      .toBe('delivered');
    await ui.page.getByRole('button', { name: 'Copy saved card token' }).click();
    await expect.poll(() => ui.page.evaluate('navigator.clipboard.readText()')).toBe(token);
    await shotBoth(ui.page, 'history-saved-card');

    const exported = async (name: string) => {
      const [download] = await Promise.all([
        ui.page.waitForEvent('download'),
        ui.page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const path = join(OUTPUTS, name);
      await download.saveAs(path);
      return readFile(path, 'utf8');
    };
    const plain = await exported('history.csv');
    expect(plain).not.toContain(token);
    await ui.page.getByLabel('Include saved cards’ tokens').check();
    const withCards = await exported('history-with-saved-cards.csv');
    expect(withCards.split('\r\n')[0]).toContain('saved_card_token');
    expect(withCards).toContain(token);
    for (const csv of [plain, withCards]) expect(scanText(csv)).toEqual([]);
  });
});
