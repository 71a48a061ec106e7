import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryList } from '@shared/api/history';
import type { PaymentSession } from '@shared/payments';
import { startCoreHarness, type CoreHarness } from '../helpers/core-harness';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

let h: CoreHarness;
let callSid: string;

beforeEach(async () => {
  h = await startCoreHarness();
  callSid = h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
});
afterEach(() => h.close());

async function capture(id: string, field: string, keys: string) {
  const since = h.events.length;
  await h.invoke('payments.request', { sessionId: id, field });
  await h.sandbox.control.pressDigits(callSid, keys);
  return h.until(
    (s) => s.id === id && s.fields.find((f) => f.field === field)?.status === 'captured',
    field,
    since,
  );
}

describe('a payment’s reference (Twilio’s Description)', () => {
  it('reaches the connector as Description, and History finds the payment by it', async () => {
    const started = (await h.invoke('payments.start', {
      callSid,
      amount: '42.00',
      description: 'INV-2041',
    })) as PaymentSession;
    await capture(started.id, 'payment-card-number', '4111111111111111#');
    await capture(started.id, 'expiration-date', '1230#');
    await capture(started.id, 'security-code', '123#');
    await capture(started.id, 'postal-code', '94109#');
    await h.invoke('payments.complete', { sessionId: started.id });
    await h.until((s) => s.phase === 'succeeded', 'success');

    expect(h.sandbox.ledger()).toMatchObject([{ paymentSid: started.paymentSid, description: 'INV-2041' }]);
    await h.core.audit.flush();
    const { entries } = (await h.invoke('history.list', {})) as HistoryList;
    expect(entries).toMatchObject([{ sessionId: started.id, reference: 'INV-2041', outcome: 'succeeded' }]);
    const start = (await readFile(h.core.audit.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.action === 'payment.start');
    expect(start.details.reference).toBe('INV-2041');
  });

  it('refuses a reference shaped like a card number, before anything is sent', async () => {
    await expect(
      h.invoke('payments.start', { callSid, amount: '5.00', description: 'paid 1234 5678 9012 3456' }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'description',
      message: expect.stringContaining('A reference cannot hold a card number'),
    });
    expect(h.core.payments.list()).toEqual([]);
  });
});
