import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { TEST_OUTPUT } from '../helpers/temp-dir';

/** Drives the agent console as an agent would: by accessible names only. */
export class ConsolePage {
  constructor(
    readonly page: Page,
    /**
     * True once Twilio has answered the last payment write (the core's session has no pendingWrite):
     * keys pressed before the sandbox took a capture request are lost, as on a real call.
     */
    private readonly requestTaken?: () => boolean,
  ) {}

  get payment(): Locator {
    return this.page.getByRole('region', { name: 'Payment' });
  }
  get sandbox(): Locator {
    return this.page.getByRole('region', { name: 'Sandbox customer' });
  }

  button(name: string) {
    return this.payment.getByRole('button', { name, exact: true });
  }

  /** The checklist row of one field (its label is the row's name). */
  row(label: string) {
    return this.payment.getByRole('listitem', { name: label });
  }

  async shot(name: string) {
    await this.page.screenshot({ path: join(TEST_OUTPUT, 'screenshots', `${name}.png`) });
  }

  /** Makes sure a sandbox customer is on a call and that call is the one to charge. */
  async customerOnCall() {
    if ((await this.sandbox.getByTestId('customer-call').count()) === 0) {
      await this.sandbox.getByRole('button', { name: 'Call in as a customer' }).click();
      await this.sandbox.getByTestId('customer-call').waitFor();
    }
    const sid = await this.sandbox.getByTestId('customer-call').textContent();
    await expect.poll(() => this.payment.getByLabel('Call to charge').inputValue()).toBe(sid);
  }

  /** Presses keys on the sandbox customer's keypad, one button at a time. */
  async key(keys: string) {
    const names: Record<string, string> = { '#': 'Key pound', '*': 'Key star' };
    for (const k of keys) await this.sandbox.getByRole('button', { name: names[k] ?? `Key ${k}` }).click();
  }

  /** Keys a listed test card or account (number then #) from the customer's phone. */
  async keyTestCard(last4: string) {
    await this.sandbox
      .getByRole('button', { name: new RegExp(`ending ${last4}:`) })
      .first()
      .click();
  }

  async start(options: {
    amount?: string;
    method?: 'Card' | 'Bank account';
    save?: boolean;
    holder?: string;
  }) {
    await this.payment.getByRole('radio', { name: options.method ?? 'Card', exact: true }).check();
    if (options.save) await this.payment.getByRole('radio', { name: /^Save the/ }).check();
    else await this.payment.getByRole('radio', { name: 'Charge now' }).check();
    if (options.amount !== undefined) await this.payment.getByLabel('Amount').fill(options.amount);
    if (options.holder !== undefined)
      await this.payment.getByLabel('Account holder name').fill(options.holder);
    await this.button('Start payment').click();
    await this.payment.getByRole('list', { name: 'Capture checklist' }).waitFor();
  }

  /** Requests one field and waits until the row shows what Twilio made of it. */
  async capture(label: string, requestName: string, keys: () => Promise<void>, expected = 'Captured') {
    await this.button(requestName).click();
    await expect.poll(() => this.rowState(label)).toBe('Listening');
    if (this.requestTaken) await expect.poll(this.requestTaken, { timeout: 10_000 }).toBe(true);
    await keys();
    await expect.poll(() => this.rowState(label), { timeout: 10_000 }).toBe(expected);
  }

  rowState(label: string) {
    return this.row(label).locator('.state').textContent();
  }

  /** Expiry, security code and postal code for a card, all valid. */
  async captureRestOfCard() {
    await this.capture('Expiration date', 'Request expiration date', () => this.key('1230#'));
    await this.capture('Security code', 'Request security code', () => this.key('123#'));
    await this.capture('Postal code', 'Request postal code', () => this.key('94105#'));
  }

  async resultTitle() {
    const heading = this.payment.getByTestId('result-card').getByRole('heading');
    await heading.waitFor({ timeout: 15_000 });
    return heading.textContent();
  }
}
