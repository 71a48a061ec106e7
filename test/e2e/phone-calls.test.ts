import { join, resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { openConsole } from '../helpers/chromium';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { ConsolePage } from './console-page';
import { PhonePage, text } from './phone-page';
import { shotBoth } from './screens';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let browser: Browser;
let context: BrowserContext;
let ui: ConsolePage;
let phone: PhonePage;

beforeAll(async () => {
  dir = await tempDir('e2e-phone-');
  const dataDir = join(dir.path, 'data');
  // 15 s tokens: the SDK asks for a new one 10 s before expiry, so refreshes happen during the suite.
  core = await createCore({
    dataDir,
    version: '0.0.0-test',
    secrets: browserSecretStore(dataDir),
    phoneTokenTtlSeconds: 15,
    // The SDK in the console page reaches the sandbox's signaling itself: let that page's origin in.
    sandbox: { allowedOrigins: () => server?.origins ?? [] },
  });
  server = await startWebServer({ host: core.api, rendererDir });
  // The sandbox's wss signaling has a self-signed certificate made for this run.
  const opened = await openConsole(server.consoleUrl, ['--ignore-certificate-errors']);
  ({ browser, context } = opened);
  // Keys pressed before the sandbox took a capture request are lost, as on a real call: wait for it.
  ui = new ConsolePage(opened.page, () => core.payments.list()[0]?.pendingWrite === undefined);
  phone = new PhonePage(opened.page, () => core.sandbox()!);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

const sandbox = () => core.sandbox()!;
/** The identities with a Device registered at the sandbox's signaling. */
const registeredIdentities = async () =>
  ((await (await fetch(`${sandbox().url}/_sandbox/voice`)).json()) as { identities: string[] }).identities;
/** The customer keys once Twilio listens: after the capture request is answered, as after its prompt. */
const press = (sid: string, digits: string) => async () => {
  await waitFor(
    () => core.payments.list({ callSid: sid })[0]?.pendingWrite === undefined, // newest first
    5_000,
    'Twilio to take the capture request',
  );
  await sandbox().control.pressDigits(sid, digits);
};

/** The call the payment area will charge, when the softphone has set one. */
async function chargedCall() {
  return text(ui.payment.getByText(/Taking payment on the current call/).locator('code'));
}

/** The customer's PSTN leg of the agent's outgoing call (the sandbox's child leg). */
function childLeg() {
  return sandbox()
    .calls.list()
    .find((c) => c.direction === 'outbound-dial' && c.status === 'in-progress');
}

describe('the softphone with the real Voice SDK, against the sandbox', () => {
  it('registers, and keeps registered as the token is renewed', async () => {
    await phone.registered();
    await ui.shot('phone-01-registered');
    await expect
      .poll(
        async () => Number(await phone.region.getByTestId('registration').getAttribute('data-refreshes')),
        {
          timeout: 12_000,
        },
      )
      .toBeGreaterThan(0);
    expect(await phone.registration()).toMatch(/^Registered/);
  });

  it('remembers the microphone picked, across a reload', async () => {
    await phone.region.getByText('Audio devices').click();
    const mic = phone.region.getByLabel('Microphone');
    await expect.poll(() => mic.locator('option').count(), { timeout: 5_000 }).toBeGreaterThan(2);
    const choice = await mic.locator('option').nth(2).getAttribute('value');
    await mic.selectOption(choice!);
    await ui.page.reload();
    await phone.registered();
    await phone.region.getByText('Audio devices').click();
    await expect
      .poll(() => phone.region.getByLabel('Microphone').inputValue(), { timeout: 5_000 })
      .toBe(choice);
  });

  it('fills Number to call from a dial request (a tel: link) and puts focus on Call, without calling', async () => {
    core.api.emit('phone.dial', { number: '+1 (415) 555-0100' });
    await expect.poll(() => phone.region.getByLabel('Number to call').inputValue()).toBe('+1 (415) 555-0100');
    await expect.poll(() => ui.page.evaluate('document.activeElement?.textContent')).toBe('Call');
    expect(await phone.phase()).toBeUndefined();
  });

  it('refuses a number it cannot call, and says why', async () => {
    await phone.region.getByLabel('Number to call').fill('12ab');
    await phone.button('Call').click();
    expect(await phone.region.getByTestId('number-help').textContent()).toMatch(/only digits/);
    await phone.region.getByLabel('Number to call').fill('555');
    await phone.button('Call').click();
    expect(await phone.region.getByTestId('number-help').textContent()).toMatch(
      /not a complete phone number/,
    );
  });

  it('calls a customer, whose leg gets the payment; keypad tones reach them but never the payment; mute silences the agent', async () => {
    await phone.region.getByLabel('Number to call').fill('(555) 010-0123');
    expect(await phone.region.getByTestId('number-help').textContent()).toContain('+1 555 010 0123');
    await phone.button('Call').click();
    await expect.poll(() => phone.phase(), { timeout: 10_000 }).toMatch(/^In call/);
    const child = await waitFor(childLeg, 5_000, 'the customer to answer');
    expect(child.to).toBe('+15550100123');
    expect(child.from).toBe('+14155550199');
    // The payment area is on the customer's (child) leg, not the agent's own client leg.
    await expect.poll(() => chargedCall()).toBe(child.sid);
    await expect.poll(() => text(phone.region.getByLabel('Call time'))).toMatch(/^0:0[1-9]/);

    await expect
      .poll(async () => (await phone.farEnd(child.sid)).hearingLevel, { timeout: 5_000 })
      .toBeGreaterThan(200);
    await phone.button('Mute').click();
    await expect
      .poll(async () => (await phone.farEnd(child.sid)).hearingLevel, { timeout: 5_000 })
      .toBeLessThan(50);
    await ui.shot('phone-02-muted');
    await phone.button('Unmute').click();
    await expect
      .poll(async () => (await phone.farEnd(child.sid)).hearingLevel, { timeout: 5_000 })
      .toBeGreaterThan(200);

    await ui.start({ amount: '19.99' });
    await ui.button('Request card number').click();
    await expect.poll(() => ui.rowState('Card number')).toBe('Listening');
    for (const key of ['4', '1', 'pound'])
      await phone.region.getByRole('button', { name: `Send ${key}` }).click();
    await expect.poll(async () => (await phone.farEnd(child.sid)).heardDigits).toBe('41#');
    await new Promise((r) => setTimeout(r, 300));
    expect(await ui.rowState('Card number')).toBe('Listening');
    expect(await text(ui.row('Card number').getByTestId('payment-card-number-count'))).toMatch(/^0 of|^$/);

    await press(child.sid, '4111111111111111#')();
    await expect.poll(() => ui.rowState('Card number'), { timeout: 10_000 }).toBe('Captured');
    await ui.capture('Expiration date', 'Request expiration date', press(child.sid, '1230#'));
    await ui.capture('Security code', 'Request security code', press(child.sid, '123#'));
    await ui.capture('Postal code', 'Request postal code', press(child.sid, '94105#'));
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    expect(core.payments.list({ callSid: child.sid })[0]?.phase).toBe('succeeded');
    await ui.shot('phone-03-outgoing-paid');

    await ui.payment.getByRole('button', { name: 'New payment' }).click();

    // The customer hangs up in the middle of a second payment: it ends cleanly, and both areas say so.
    await ui.start({ amount: '2.00' });
    sandbox().control.hangup(child.sid);
    await expect
      .poll(() => phone.notice(), { timeout: 10_000 })
      .toBe('The call ended, so the open payment was cancelled.');
    await expect.poll(() => core.payments.list({ callSid: child.sid })[0]?.result?.result).toBe('call-ended');
    expect(await ui.payment.textContent()).toMatch(/The call ended/);
    expect(await phone.phase()).toBeUndefined();
    // The call is over: nothing to try again on, only the result to close.
    expect(await ui.payment.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await ui.payment.getByRole('button', { name: 'Close' }).click();
  });

  it('lets the sandbox customer be the far end of a call the agent dialled: they answer, key a test card, and hang up', async () => {
    await phone.region.getByLabel('Number to call').fill('(555) 010-0142');
    await phone.button('Call').click();
    await expect.poll(() => phone.phase(), { timeout: 10_000 }).toMatch(/^In call/);
    const child = await waitFor(childLeg, 5_000, 'the customer to answer');
    await expect
      .poll(() => text(ui.sandbox.getByTestId('customer-call')), { timeout: 10_000 })
      .toBe(child.sid);
    expect(await text(ui.sandbox.getByTestId('customer-answered'))).toMatch(/called this customer/);
    await shotBoth(ui.page, 'sandbox-customer-dialled');

    await ui.start({ amount: '7.25' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('1111'));
    await ui.captureRestOfCard();
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    expect(core.payments.list({ callSid: child.sid })[0]?.phase).toBe('succeeded');

    await ui.sandbox.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => phone.phase(), { timeout: 10_000 }).toBeUndefined();
    await expect.poll(() => sandbox().calls.get(child.sid)?.status).toBe('completed');
    expect(await ui.sandbox.getByTestId('customer-call').count()).toBe(0);
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
  });

  it('takes an incoming call on the parent leg, and a hang-up during a payment asks first and cancels it', async () => {
    // The agent is in another window: the call is also announced by a desktop notification.
    await context.grantPermissions(['microphone', 'notifications'], {
      origin: new URL(server.consoleUrl).origin,
    });
    // In the page (browser globals, so as source): a hidden window, and notifications recorded as shown.
    await ui.page.evaluate(`
      window.shownNotes = [];
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      window.Notification = class extends window.Notification {
        constructor(title, options) {
          super(title, options);
          window.shownNotes.push(title + ': ' + (options?.body ?? ''));
        }
      };
    `);
    const res = await fetch(`${sandbox().url}/_sandbox/voice/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+14155550100', to: '+14155550199' }),
    });
    const customer = (await res.json()) as { sid: string };
    const banner = phone.region.getByRole('alert', { name: 'Incoming call' });
    await expect.poll(() => text(banner), { timeout: 10_000 }).toContain('+14155550100');
    await ui.shot('phone-04-incoming');
    expect(await ui.page.evaluate('window.shownNotes')).toEqual(['Incoming call: From +14155550100']);
    await ui.page.evaluate(`delete document.hidden`);
    await banner.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => phone.phase(), { timeout: 10_000 }).toMatch(/^In call/);
    await expect.poll(() => chargedCall()).toBe(customer.sid);
    await expect
      .poll(async () => (await phone.farEnd(customer.sid)).hearingLevel, { timeout: 5_000 })
      .toBeGreaterThan(200);

    await ui.start({ amount: '5.00' });
    await ui.capture('Card number', 'Request card number', press(customer.sid, '4111111111111111#'));
    await ui.capture('Expiration date', 'Request expiration date', press(customer.sid, '1230#'));
    await ui.capture('Security code', 'Request security code', press(customer.sid, '123#'));
    await ui.capture('Postal code', 'Request postal code', press(customer.sid, '94105#'));
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    expect(core.payments.list({ callSid: customer.sid })[0]?.phase).toBe('succeeded');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();

    await ui.start({ amount: '6.00' });
    await phone.button('Hang up').click();
    const confirm = phone.region.getByRole('alertdialog', { name: 'Hang up during a payment?' });
    await confirm.waitFor();
    await ui.shot('phone-05-hangup-confirm');
    await confirm.getByRole('button', { name: 'Keep the call' }).click();
    expect(await phone.phase()).toMatch(/^In call/);
    await phone.button('Hang up').click();
    await confirm.getByRole('button', { name: 'Hang up and cancel the payment' }).click();
    expect(await ui.resultTitle()).toBe('Payment cancelled');
    await expect.poll(() => phone.notice()).toBe('You hung up; the open payment was cancelled.');
    await expect.poll(() => sandbox().calls.get(customer.sid)?.status).toBe('completed');
  });

  it('"Call my softphone" rings this phone through the sandbox number; answered here, the payment goes on the caller’s leg', async () => {
    await ui.sandbox.getByRole('button', { name: 'Call my softphone' }).click();
    const banner = phone.region.getByRole('alert', { name: 'Incoming call' });
    await expect.poll(() => text(banner), { timeout: 10_000 }).toContain('+14155550123');
    const customerSid = (await text(ui.sandbox.getByTestId('customer-call')))!;
    expect(sandbox().calls.get(customerSid)?.to).toBe('+14155550199');
    await banner.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => phone.phase(), { timeout: 10_000 }).toMatch(/^In call/);
    // The last call's cancelled result gave way to the start form for this one.
    await expect.poll(() => chargedCall()).toBe(customerSid);

    // The customer panel's keypad keys into this call.
    await ui.start({ amount: '7.00' });
    await ui.capture('Card number', 'Request card number', () => ui.keyTestCard('1111'));
    await ui.capture('Expiration date', 'Request expiration date', () => ui.key('1230#'));
    // The security code is counted as it is keyed, and never shown.
    await ui.button('Request security code').click();
    await expect.poll(() => ui.rowState('Security code')).toBe('Listening');
    await expect.poll(() => core.payments.list()[0]?.pendingWrite, { timeout: 10_000 }).toBeUndefined();
    await ui.key('1');
    await expect
      .poll(() => text(ui.row('Security code').getByTestId('security-code-count')), { timeout: 10_000 })
      .toBe('1 of 3 digits');
    await ui.key('23#');
    await expect.poll(() => ui.rowState('Security code'), { timeout: 10_000 }).toBe('Captured');
    await ui.capture('Postal code', 'Request postal code', () => ui.key('94105#'));
    await ui.button('Complete payment').click();
    expect(await ui.resultTitle()).toBe('Payment successful');
    expect(core.payments.list({ callSid: customerSid })[0]?.phase).toBe('succeeded');
    await ui.payment.getByRole('button', { name: 'New payment' }).click();
    await phone.button('Hang up').click();
    await expect.poll(() => sandbox().calls.get(customerSid)?.status).toBe('completed');
    // The customer's panel hears the hang-up and offers to call again.
    await ui.sandbox.getByRole('button', { name: 'Call my softphone' }).waitFor({ timeout: 10_000 });
    expect(await text(ui.sandbox.getByRole('alert'))).toBe(
      'The call has ended. Call in again when you are ready.',
    );
  });

  it('registers again under the new agent name when it changes', async () => {
    const envelope = await core.api.dispatch('settings.set', { agentIdentity: 'maria' });
    expect(envelope.ok).toBe(true);
    await expect.poll(registeredIdentities, { timeout: 10_000 }).toEqual(['maria']);
    await phone.registered();
    await core.api.dispatch('settings.set', { agentIdentity: 'agent' });
    await expect.poll(registeredIdentities, { timeout: 10_000 }).toEqual(['agent']);
  });

  it('shows Not registered with the reason when the API key is refused, and the watchdog re-registers once it is fixed', async () => {
    const creds = sandbox().credentials;
    const secret = creds.apiKeySecret;
    // The account's key is rotated: the secret Callpay holds no longer signs valid tokens.
    creds.apiKeySecret = 'rotated0secret000000000000000000';
    const other = await context.newPage();
    try {
      const second = new PhonePage(other, sandbox);
      await other.goto(server.consoleUrl);
      await expect.poll(() => second.registration(), { timeout: 10_000 }).toMatch(/^Not registered/);
      expect(await second.region.getByTestId('registration-reason').textContent()).toMatch(/API key/);
      creds.apiKeySecret = secret;
      await second.registered();
    } finally {
      creds.apiKeySecret = secret;
      await other.close();
    }
  });
});
