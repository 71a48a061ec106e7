import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/compose';
import type { ConsolePage } from './console-page';
import { startSandboxConsole, type SandboxConsole } from './sandbox-console';
import { text } from './phone-page';
import { shotBoth } from './screens';

let run: SandboxConsole;
let core: Core;
let ui: ConsolePage;
let folder: string;

beforeAll(async () => {
  ({ core, ui, folder } = run = await startSandboxConsole({ name: 'e2e-payments-', clipboard: true }));
});

afterAll(async () => {
  await run?.close();
});

describe('taking payments in the console, against the sandbox', () => {
  it('takes a card payment with the customer keying on the sandbox keypad', async () => {
    await ui.shot('01-start-form-no-call');
    await ui.customerOnCall();
    await ui.start({ amount: '12.50' });
    await ui.shot('02-checklist-pending');

    await ui.button('Request card number').click();
    await expect.poll(() => ui.rowState('Card number')).toBe('Listening');
    await ui.key('411111');
    await expect
      .poll(() => ui.row('Card number').getByTestId('payment-card-number-count').textContent())
      .toBe('6 of 16 digits');
    await ui.shot('03-card-number-listening');
    await ui.key('1111111111#');
    await expect.poll(() => ui.rowState('Card number')).toBe('Captured');
    expect(await ui.row('Card number').getByTestId('payment-card-number-value').textContent()).toBe(
      '•••• 1111',
    );
    expect(await ui.row('Card number').textContent()).toMatch(/visa/i);
    expect(await ui.button('Complete payment').isDisabled()).toBe(true);

    await ui.captureRestOfCard();
    await ui.shot('04-all-captured');
    // The theme follows the system.
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await ui.shot('04-all-captured-dark');
    await ui.page.emulateMedia({ colorScheme: 'light' });
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    const code = await ui.payment.getByTestId('result-reference').textContent();
    expect(code).toBeTruthy();
    await ui.payment.getByRole('button', { name: 'Copy confirmation code' }).click();
    expect(await ui.page.evaluate('navigator.clipboard.readText()')).toBe(code);
    await ui.shot('05-payment-successful');
    // The page never holds the full card number.
    expect(await ui.page.content()).not.toContain('4111111111111111');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('puts the last call’s result away when a new call arrives', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '1.50' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('1111'));
    await ui.captureRestOfCard();
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    await ui.sandbox.getByRole('button', { name: 'Hang up' }).click();
    await ui.sandbox.getByRole('button', { name: 'Call in as a customer' }).click();
    const next = await ui.sandbox.getByTestId('customer-call').textContent();
    await expect.poll(() => ui.payment.getByTestId('result-card').count(), { timeout: 10_000 }).toBe(0);
    expect(await ui.payment.getByLabel('Call to charge').inputValue()).toBe(next);
    expect(await ui.button('Start payment').isVisible()).toBe(true);
  });

  it('says why Start payment is disabled for a bank payment without the account holder’s name', async () => {
    await ui.customerOnCall();
    await ui.payment.getByRole('radio', { name: 'Bank account', exact: true }).check();
    await ui.payment.getByLabel('Amount').fill('5.00');
    expect(await ui.button('Start payment').isDisabled()).toBe(true);
    const hint = await ui.button('Start payment').getAttribute('aria-describedby');
    expect(await ui.page.locator(`#${hint}`).textContent()).toBe(
      'Enter the account holder’s name, as the bank knows it.',
    );
    await shotBoth(ui.page, 'payment-bank-start-hint');
    await ui.payment.getByRole('radio', { name: 'Card', exact: true }).check();
  });

  it('shows a decline in plain words, then takes a second card', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '20.00' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('0002'));
    await ui.captureRestOfCard();
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment failed');
    expect(await ui.payment.getByTestId('result-message').textContent()).toMatch(/declined|did not accept/i);
    expect(await ui.payment.textContent()).toMatch(/another card/);
    await ui.shot('06-declined');

    await ui.payment.getByRole('button', { name: 'Try again' }).click();
    // The form keeps what was typed, so the second card is one click away.
    expect(await ui.payment.getByLabel('Amount').inputValue()).toBe('20.00');
    await ui.start({ amount: '20.00' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('4444'));
    await ui.captureRestOfCard();
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('marks an invalid expiry for retry, says what to tell the customer, and takes it again', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '5.00' });
    await ui.capture('Expiration date', 'Request expiration date', () => ui.key('1399#'), 'Needs retry');
    const row = ui.row('Expiration date');
    expect(await row.textContent()).toMatch(/Expiration date not valid/);
    expect(await row.textContent()).toMatch(/Tell the customer/);
    await ui.shot('07-expiry-needs-retry');
    // Requested again, out of order, before the card number.
    await ui.capture('Expiration date', 'Request expiration date', () => ui.key('0829#'));
    expect(await row.textContent()).toContain('08/29');
    await ui.button('Cancel payment').click();
    expect(await ui.resultTitle()).toBe('Payment cancelled');
    await ui.payment.getByRole('button', { name: 'Try again' }).click();
  });

  it('cancels a payment part-way, with the keyboard shortcut shown on screen', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '7.00' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('1111'));
    expect(await ui.payment.getByText('Alt+X').isVisible()).toBe(true);
    await ui.page.keyboard.press('Alt+X');
    expect(await ui.resultTitle()).toBe('Payment cancelled');
    await ui.shot('08-cancelled');
    await ui.payment.getByRole('button', { name: 'Try again' }).click();
  });

  it('takes a bank (ACH) payment', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '45.00', method: 'Bank account', holder: 'Ada Lovelace' });
    await ui.capture('Routing number', 'Request routing number', () => ui.key('121000358#'));
    expect(await text(ui.sandbox.getByText('Account •••• 78'))).toBeDefined();
    await ui.capture('Account number', 'Request account number', () => ui.keyTestCard('78'));
    expect(await ui.row('Account number').getByTestId('bank-account-number-value').textContent()).toBe(
      '•••• 78',
    );
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    await ui.shot('09-ach-successful');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
    await ui.payment.getByRole('radio', { name: 'Card', exact: true }).check();
  });

  it('saves a card (tokenize) and shows the token with a copy button', async () => {
    await ui.customerOnCall();
    await ui.start({ save: true });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('4444'));
    await ui.captureRestOfCard();
    await ui.page.keyboard.press('Alt+Enter');
    expect(await ui.resultTitle()).toBe('Card saved');
    expect(await ui.payment.getByTestId('result-reference').textContent()).toBeTruthy();
    expect(await ui.payment.getByRole('button', { name: 'Copy token' }).isVisible()).toBe(true);
    await ui.shot('10-card-saved');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('alerts the agent when callbacks stop arriving while a field is being captured', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '9.99' });
    await ui.button('Request card number').click();
    await expect.poll(() => ui.rowState('Card number')).toBe('Listening');
    core.payments.tunnelChanged(false);
    const banner = ui.page.getByTestId('callback-alert');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toMatch(/not arriving/);
    await expect.poll(() => ui.rowState('Card number')).toBe('Needs retry');
    await ui.shot('11-callbacks-down');
    core.payments.tunnelChanged(true);
    await expect.poll(() => banner.count()).toBe(0);
    await ui.button('Cancel payment').click();
    expect(await ui.resultTitle()).toBe('Payment cancelled');
    await ui.payment.getByRole('button', { name: 'Try again' }).click();
  });

  it('picks the open payment up again after the console is reloaded', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '3.00' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('1111'));
    await ui.page.reload();
    await expect.poll(() => ui.rowState('Card number')).toBe('Captured');
    expect(await ui.row('Card number').getByTestId('payment-card-number-value').textContent()).toBe(
      '•••• 1111',
    );
    await ui.button('Cancel payment').click();
    expect(await ui.resultTitle()).toBe('Payment cancelled');
    await ui.payment.getByRole('button', { name: 'Try again' }).click();
  });

  it('lists the payments in History and exports them as CSV', async () => {
    await ui.page.getByRole('button', { name: 'History' }).click();
    const history = ui.page.getByRole('region', { name: 'History' });
    await expect.poll(() => history.getByRole('row').count()).toBeGreaterThan(4);
    await history.getByLabel('Result').selectOption('failed');
    await expect.poll(() => history.getByRole('row').count()).toBe(2);
    expect(await history.getByRole('row').nth(1).textContent()).toMatch(
      /20\.00 USD.*Failed.*The processor declined it\..*0002/,
    );
    await history.getByLabel('Result').selectOption('all');
    // Sentences, never Twilio's kebab-case results in brackets.
    expect(await history.textContent()).not.toMatch(/\((?:[a-z]+-)+[a-z]+\)|caller-interrupted|call-ended/);
    await shotBoth(ui.page, 'history-sentences');
    await history.getByLabel('Result').selectOption('failed');
    await ui.shot('12-history');
    const [download] = await Promise.all([
      ui.page.waitForEvent('download'),
      history.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const path = join(folder, 'history.csv');
    await download.saveAs(path);
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(path, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^time,type,amount,currency,result/);
    expect(csv).toMatch(/20\.00,USD,failed/);
    await ui.page.getByRole('button', { name: 'Console' }).click();
  });
});

describe('settings in the console', () => {
  it('checks each Twilio credential as it is typed, and keeps secrets masked', async () => {
    await ui.page.getByRole('button', { name: 'Settings' }).click();
    const settings = ui.page.getByRole('region', { name: 'Settings' });
    await settings.getByLabel('Account SID').fill('AC123');
    expect(await settings.getByText(/must start with AC followed by 32/).isVisible()).toBe(true);
    expect(await settings.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    await settings.getByLabel('Account SID').fill(`AC${'0'.repeat(32)}`);
    await settings.getByLabel('Auth Token').fill('short');
    expect(await settings.getByLabel('Auth Token').getAttribute('type')).toBe('password');
    expect(await settings.getByText(/32 letters and digits/).isVisible()).toBe(true);
    await settings.getByLabel('Caller ID').fill('+14155550100');
    // Browser mode keeps secrets with a key beside them: the form says so before anything is typed in.
    expect(await settings.getByTestId('secrets-warning').textContent()).toMatch(
      /anyone who can read your files can read them/,
    );
    expect(await settings.getByText(/kept in the system’s protected store/).count()).toBe(0);
    await ui.shot('13-settings');
  });

  it('saves a secret and never shows it again, even after a reload', async () => {
    const settings = ui.page.getByRole('region', { name: 'Settings' });
    // Only secrets and the caller ID: an Account SID would switch the core to live mode (the internet).
    await settings.getByLabel('Account SID').fill('');
    const token = 'f00d'.repeat(8);
    await settings.getByLabel('Auth Token').fill(token);
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').getByText('Saved.').waitFor();
    expect(await settings.getByLabel('Auth Token').inputValue()).toBe('');
    expect(await settings.getByLabel('Auth Token').getAttribute('placeholder')).toBe(
      'Saved (type to replace)',
    );
    await ui.page.reload();
    await ui.page.getByRole('button', { name: 'Settings' }).click();
    await expect
      .poll(() => settings.getByLabel('Auth Token').getAttribute('placeholder'))
      .toBe('Saved (type to replace)');
    expect(await settings.getByLabel('Caller ID').inputValue()).toBe('+14155550100');
    expect(await ui.page.content()).not.toContain(token);
    expect(await ui.page.getByTestId('mode').textContent()).toBe('Sandbox');
  });
});
