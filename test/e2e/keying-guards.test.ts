import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src-main/core/compose';
import { waitFor } from '../helpers/wait-for';
import type { ConsolePage } from './console-page';
import { startSandboxConsole, type SandboxConsole } from './sandbox-console';
import { shotBoth } from './screens';

let run: SandboxConsole;
let core: Core;
let ui: ConsolePage;

beforeAll(async () => {
  ({ core, ui } = run = await startSandboxConsole({ name: 'e2e-guards-' }));
});

// Each flow keys whole cards one button at a time, twice over: more than the default minute on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

afterAll(async () => {
  await run?.close();
});

// Every key is a signed callback through the core: on a loaded two-core machine that takes a while.
const SLOW = 30_000;

// "Card number" alone would also name the "Card number, again" row.
const row = (label: string) => ui.payment.getByRole('listitem', { name: label, exact: true });
const state = (label: string) => row(label).locator('.state').textContent();

/** The customer keys once Twilio listens: after the capture request is answered, as after its prompt. */
const twilioListens = () =>
  waitFor(() => core.payments.list()[0]?.pendingWrite === undefined, SLOW, 'Twilio to take the request');

async function capture(label: string, keys: () => Promise<void>, expected = 'Captured') {
  await ui.button(`Request ${label.toLowerCase()}`).click();
  await expect.poll(() => state(label), { timeout: SLOW }).toBe('Listening');
  await twilioListens();
  await keys();
  await expect.poll(() => state(label), { timeout: SLOW }).toBe(expected);
}

// The flows here collect the card number and expiry only (Options unticked below): fewer keys to wait for.
async function restOfCard() {
  await capture('Expiration date', () => ui.key('1230#'));
}

async function resultTitle() {
  const heading = ui.payment.getByTestId('result-card').getByRole('heading');
  await heading.waitFor({ timeout: SLOW });
  return heading.textContent();
}

/** Ticks an option in the start form's Options, opening them first. */
async function option(name: string) {
  const options = ui.payment.locator('details.options');
  if ((await options.getAttribute('open')) === null) await options.locator('summary').click();
  await ui.payment.getByRole('checkbox', { name }).check();
}

describe('keying-error guards', () => {
  it('asks for the card number twice, says plainly when the two differ, and reads the details back', async () => {
    await ui.customerOnCall();
    await ui.payment.getByLabel('Amount').fill('15.00');
    await ui.payment.locator('details.options summary').click();
    await ui.payment.getByRole('checkbox', { name: 'Ask for the security code' }).uncheck();
    await ui.payment.getByRole('checkbox', { name: 'Ask for the postal code' }).uncheck();
    await option('Customer keys the card number twice');
    await option('Read the details back before charging');
    // A busy test machine can take seconds between two key clicks: a digit timeout must not end a field.
    await ui.payment.getByLabel('Timeout (seconds per field)').fill('30');
    await shotBoth(ui.page, 'guards-01-options');
    await ui.button('Start payment').click();
    await ui.payment.getByRole('list', { name: 'Capture checklist' }).waitFor();
    expect(await state('Card number, again')).toBe('Not yet requested');
    await ui.shot('guards-02-second-entry-pending');

    await capture('Card number', () => ui.keyTestCard('1111'));
    await ui.button('Request card number, again').click();
    await expect.poll(() => state('Card number, again'), { timeout: SLOW }).toBe('Listening');
    await twilioListens();
    expect(await row('Card number, again').textContent()).toMatch(/Waiting for the second entry/);
    await ui.shot('guards-03-second-entry-listening');
    // The customer keys a different card the second time.
    await ui.keyTestCard('4444');
    await expect.poll(() => state('Card number, again'), { timeout: SLOW }).toBe('Needs retry');
    expect(await row('Card number, again').textContent()).toMatch(/Did not match the first entry/);
    expect(await state('Card number')).toBe('Needs retry');
    expect(await row('Card number').textContent()).toMatch(
      /The two entries did not match: request the card number again/,
    );
    expect(await ui.payment.getByTestId('session-message').textContent()).toMatch(
      /did not match\. Request the card number again/,
    );
    await shotBoth(ui.page, 'guards-04-mismatch');

    await capture('Card number', () => ui.keyTestCard('1111'));
    expect(await state('Card number, again')).toBe('Not yet requested');
    await capture('Card number, again', () => ui.keyTestCard('1111'));
    expect(await row('Card number, again').textContent()).toMatch(/Matches the first entry/);
    await restOfCard();
    await ui.shot('guards-05-matched');

    await ui.button('Complete payment').click();
    const readBack = ui.payment.getByTestId('read-back');
    await readBack.waitFor();
    await twilioListens();
    expect(await readBack.textContent()).toMatch(
      /The customer is listening[\s\S]*1\s*sends the payment[\s\S]*2\s*cancels it/,
    );
    expect(await ui.payment.getByTestId('session-message').textContent()).toBe(
      'The customer is listening to the details read back. They press 1 to pay, or 2 to cancel.',
    );
    await shotBoth(ui.page, 'guards-06-read-back');
    await ui.key('1');
    expect(await resultTitle()).toBe('Payment successful');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('the customer pressing 2 at the read-back cancels, and the card says so', async () => {
    await ui.customerOnCall();
    await ui.payment.getByLabel('Amount').fill('6.00');
    await ui.button('Start payment').click();
    await ui.payment.getByRole('list', { name: 'Capture checklist' }).waitFor();
    // The options are kept from the last payment: this one too is keyed twice and read back.
    await capture('Card number', () => ui.keyTestCard('1111'));
    await capture('Card number, again', () => ui.keyTestCard('1111'));
    await restOfCard();
    await ui.button('Complete payment').click();
    await ui.payment.getByTestId('read-back').waitFor();
    await twilioListens();
    await ui.key('2');
    expect(await resultTitle()).toBe('Payment cancelled');
    expect(await ui.payment.getByTestId('result-message').textContent()).toMatch(/pressed 2/);
    await ui.shot('guards-07-customer-pressed-2');
    await ui.payment.getByRole('button', { name: 'Try again' }).click();
    // Back to plain payments for the next tests.
    await ui.payment.locator('details.options summary').click();
    await ui.payment.getByRole('checkbox', { name: 'Customer keys the card number twice' }).uncheck();
    await ui.payment.getByRole('checkbox', { name: 'Read the details back before charging' }).uncheck();
    await ui.payment.locator('details.options summary').click();
  });
});

describe('after a decline', () => {
  async function decline(last4: string, amount = '20.00') {
    await ui.customerOnCall();
    await ui.start({ amount });
    await capture('Card number', () => ui.keyTestCard(last4));
    await restOfCard();
    await ui.button('Complete payment').click();
    expect(await resultTitle()).toBe('Payment failed');
  }

  it('offers Try another card, says what to tell the customer, and takes the new card in one click', async () => {
    await decline('0002');
    expect(await ui.payment.getByTestId('tell-customer').textContent()).toMatch(
      /Do you have another card we could try\?/,
    );
    await shotBoth(ui.page, 'guards-08-try-another-card');
    const first = core.payments.list()[0]!;
    await ui.button('Try another card').click();
    await ui.payment.getByRole('list', { name: 'Capture checklist' }).waitFor();
    expect(await ui.payment.locator('.summary').textContent()).toMatch(/\$20\.00 by card/);
    const second = core.payments.list()[0]!;
    expect(second.id).not.toBe(first.id);
    expect(second.callSid).toBe(first.callSid);
    expect(second.startArgs).toEqual(first.startArgs);
    await capture('Card number', () => ui.keyTestCard('4444'));
    await restOfCard();
    await ui.button('Complete payment').click();
    expect(await resultTitle()).toBe('Payment successful');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('says not to retry a card reported stolen, and offers no other card', async () => {
    await decline('9979');
    expect(await ui.payment.getByTestId('do-not-retry').textContent()).toMatch(
      /Do not retry\..*Do not try another card on this call/,
    );
    expect(await ui.payment.getByTestId('tell-customer').textContent()).toMatch(/Please contact your bank/);
    expect(await ui.payment.getByRole('button', { name: 'Try another card' }).count()).toBe(0);
    await shotBoth(ui.page, 'guards-09-do-not-retry');
    await ui.button('Close').click();
  });

  it('a Try another card after the call ended gets a sentence', async () => {
    await decline('0002', '8.00');
    await ui.sandbox.getByRole('button', { name: 'Hang up as the customer' }).click();
    await ui.sandbox.getByTestId('customer-call').waitFor({ state: 'detached' });
    const sessions = core.payments.list().length;
    await ui.button('Try another card').click();
    const error = ui.payment.getByTestId('retry-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'The call has ended, so another card cannot be tried on it. Call the customer back to take the payment.',
    );
    expect(core.payments.list()).toHaveLength(sessions);
    await ui.shot('guards-10-call-ended');
    await ui.payment.getByRole('button', { name: 'Edit and try again' }).click();
  });

  it('offers Try another account for a declined bank account', async () => {
    await ui.customerOnCall();
    await ui.start({ amount: '30.00', method: 'Bank account', holder: 'Ada Lovelace' });
    await capture('Routing number', () => ui.key('121000358#'));
    await capture('Account number', () => ui.keyTestCard('11'));
    await ui.button('Complete payment').click();
    expect(await resultTitle()).toBe('Payment failed');
    expect(await ui.payment.getByTestId('tell-customer').textContent()).toMatch(/another account/);
    await ui.shot('guards-11-try-another-account');
    await ui.button('Try another account').click();
    await ui.payment.getByRole('list', { name: 'Capture checklist' }).waitFor();
    expect(await ui.payment.locator('.summary').textContent()).toMatch(/\$30\.00 by bank account/);
    await ui.button('Cancel payment').click();
    expect(await resultTitle()).toBe('Payment cancelled');
  });
});
