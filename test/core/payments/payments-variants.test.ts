import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PaymentField, PaymentSession } from '@shared/payments';
import type { Switches } from '../../../src-main/sandbox';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';

// Whole flows over loopback sockets: generous limits so a busy two-core machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

let h: CoreHarness | undefined;
afterEach(() => h?.close());

const field = (s: PaymentSession, name: PaymentField) => s.fields.find((f) => f.field === name)!;

async function flow(harness: CoreHarness, args: Record<string, unknown>, keys: [PaymentField, string][]) {
  const callSid = harness.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
  const s = await harness.invoke('payments.start', { callSid, ...args });
  for (const [name, digits] of keys) {
    const since = harness.events.length;
    await harness.invoke('payments.request', { sessionId: s.id, field: name });
    await harness.sandbox.control.pressDigits(callSid, digits);
    await harness.until((x) => field(x, name).status === 'captured', `${name} captured`, since);
  }
  return s;
}

const CARD: [PaymentField, string][] = [
  ['payment-card-number', '5555555555554444#'],
  ['expiration-date', '0931#'],
  ['security-code', '321#'],
];

/** Twilio's undocumented behaviours (reference §8), each flipped away from its default. */
const variants: Partial<Switches>[] = [
  { requiredFormat: 'pascal' },
  { finalPartialResult: 'omit' },
  { cardMask: 'grouped' },
  { callbackDates: 'rfc2822' },
  { callbackCallSid: 'payment-leg' },
];

describe('payments across Twilio’s undocumented variants', () => {
  for (const switches of variants) {
    it(`completes a card charge with ${JSON.stringify(switches)}`, async () => {
      h = await startCoreHarness({ sandbox: { timeScale: 0.02, switches } });
      const s = await flow(h, { amount: '7.00', postalCode: false }, CARD);
      await h.invoke('payments.complete', { sessionId: s.id });
      const done = await h.until((x) => x.phase === 'succeeded', 'success');
      expect(done.card).toMatchObject({ brand: 'mastercard', last4: '4444', expiry: '09/31' });
      expect(h.sandbox.ledger()).toHaveLength(1);
    });
  }

  it('a cancel answered without a Result still ends as cancelled', async () => {
    h = await startCoreHarness({ sandbox: { timeScale: 0.02, switches: { cancelResult: 'omit' } } });
    const s = await flow(h, { amount: '7.00' }, CARD.slice(0, 1));
    await h.invoke('payments.cancel', { sessionId: s.id });
    await h.until((x) => x.phase === 'cancelled', 'cancelled');
  });

  it('takes a bank (ACH) payment: routing number in clear, account shown by its last 2', async () => {
    h = await startCoreHarness();
    const s = await flow(
      h,
      { method: 'ach-debit', amount: '40.00', parameters: { AVSName: 'Ada Lovelace' } },
      [
        ['bank-routing-number', '121000358#'],
        ['bank-account-number', '12345678#'],
      ],
    );
    await h.invoke('payments.complete', { sessionId: s.id });
    const done = await h.until((x) => x.phase === 'succeeded', 'success');
    expect(done.bank).toEqual({ routingNumber: '121000358', accountLast2: '78' });
    expect(JSON.stringify(h.events)).not.toContain('12345678');
    expect(h.sandbox.ledger()).toEqual([expect.objectContaining({ kind: 'charge', amount: '40.00' })]);
  });

  it('saves a card without charging (tokenize) and shows the token', async () => {
    h = await startCoreHarness();
    const s = await flow(h, { tokenType: 'reusable', postalCode: false }, CARD);
    await h.invoke('payments.complete', { sessionId: s.id });
    const done = await h.until((x) => x.phase === 'succeeded', 'saved');
    expect(done.charge).toBe(false);
    expect(done.result?.token).toBeTruthy();
    expect(done.message).toContain('saved');
    expect(h.sandbox.ledger()).toEqual([expect.objectContaining({ kind: 'token' })]);
  });
});
