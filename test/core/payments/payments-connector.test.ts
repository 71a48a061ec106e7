import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PaymentField, PaymentSession } from '@shared/payments';
import type { Switches } from '../../../src-main/sandbox';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';

// Whole flows over loopback sockets: generous limits so a busy two-core machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

let h: CoreHarness | undefined;
afterEach(() => h?.close());

const field = (s: PaymentSession, name: PaymentField) => s.fields.find((f) => f.field === name)!;
const CARD: [PaymentField, string][] = [
  ['payment-card-number', '4111111111111111#'],
  ['expiration-date', '0931#'],
];

async function captured(harness: CoreHarness, args: Record<string, unknown>) {
  const callSid = harness.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
  const s = await harness.invoke('payments.start', {
    callSid,
    securityCode: false,
    postalCode: false,
    ...args,
  });
  for (const [name, digits] of CARD) {
    const since = harness.events.length;
    await harness.invoke('payments.request', { sessionId: s.id, field: name });
    await harness.sandbox.control.pressDigits(callSid, digits);
    await harness.until((x) => field(x, name).status === 'captured', `${name} captured`, since);
  }
  return s;
}

const start = (switches: Partial<Switches> = {}) =>
  startCoreHarness({ sandbox: { timeScale: 0.02, switches } });

describe('the client against the connector’s rules', () => {
  it('charges a 3-decimal currency in full and says the amount in its own format', async () => {
    h = await start();
    const s = await captured(h, { amount: '12.345', currency: 'KWD' });
    const since = h.events.length;
    await h.invoke('payments.complete', { sessionId: s.id });
    const done = await h.until((x) => x.phase === 'succeeded', 'success', since);
    expect(done.message.replace(/\s/g, ' ')).toContain('The payment of KWD 12.345 went through');
    expect(h.sandbox.ledger()).toEqual([expect.objectContaining({ amount: '12.345', currency: 'KWD' })]);
    // The connector answers after the 202: the agent saw "Sending the payment to the processor…" first.
    const phases = h.events.slice(since).map((x) => x.phase);
    expect(phases.indexOf('completing')).toBeGreaterThanOrEqual(0);
    expect(phases.indexOf('completing')).toBeLessThan(phases.indexOf('succeeded'));
  });

  it('connectorRefusal=rest-error: a currency the connector does not take fails the start in words', async () => {
    h = await start();
    const callSid = h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    const s = await h.invoke('payments.start', {
      callSid,
      amount: '5.00',
      currency: 'EUR',
      paymentConnector: 'Sandbox_Cards_USD',
    });
    expect(s.phase).toBe('failed');
    expect(s.message).toContain('does not take that currency');
  });

  it('connectorRefusal=callback: the same refusal after complete ends the session in the same words', async () => {
    h = await start({ connectorRefusal: 'callback' });
    const s = await captured(h, { amount: '5.00', currency: 'EUR', paymentConnector: 'Sandbox_Cards_USD' });
    await h.invoke('payments.complete', { sessionId: s.id });
    const done = await h.until((x) => x.phase === 'failed', 'refused');
    expect(done.result).toMatchObject({ result: 'payment-connector-error', payErrorCode: 64011 });
    expect(done.message).toContain('does not take that currency');
    expect(h.sandbox.ledger()).toEqual([]);
  });

  it('a bank payment reaches Twilio with the account holder’s name, which the sandbox requires', async () => {
    h = await start();
    const callSid = h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    const s = await h.invoke('payments.start', {
      callSid,
      method: 'ach-debit',
      amount: '5.00',
      parameters: { AVSName: 'Ada Lovelace' },
    });
    expect(s.phase).toBe('open');
  });

  for (const callbackCallSid of ['parent-leg', 'payment-leg'] as const) {
    it(`follows a payment on the customer's child leg by its Sid with callbackCallSid=${callbackCallSid}`, async () => {
      h = await start({ callbackCallSid });
      const parent = h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
      const child = h.sandbox.calls.create({
        from: '+14155550100',
        to: '+14155550199',
        direction: 'outbound-dial',
        parentCallSid: parent,
        status: 'in-progress',
      }).sid;
      const s = await h.invoke('payments.start', { callSid: child, amount: '3.00' });
      const since = h.events.length;
      await h.invoke('payments.request', { sessionId: s.id, field: 'payment-card-number' });
      await h.sandbox.control.pressDigits(child, '4111111111111111#');
      const got = await h.until(
        (x) => field(x, 'payment-card-number').status === 'captured',
        'card captured',
        since,
      );
      expect(got).toMatchObject({ id: s.id, callSid: child, card: { last4: '1111' } });
    });
  }
});
