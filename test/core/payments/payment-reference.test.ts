import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { usePaymentHarness } from '../../helpers/core-harness';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

const h = usePaymentHarness();

describe('a payment’s reference (Twilio’s Description)', () => {
  it('reaches the connector as Description, and History finds the payment by it', async () => {
    const started = await h.start({ amount: '42.00', description: 'INV-2041' });
    await h.captureCard(started.id);
    await h.invoke('payments.complete', { sessionId: started.id });
    await h.until((s) => s.phase === 'succeeded', 'success');

    expect(h.sandbox.ledger()).toMatchObject([{ paymentSid: started.paymentSid, description: 'INV-2041' }]);
    await h.core.audit.flush();
    const { entries } = await h.invoke('history.list', {});
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
      h.invoke('payments.start', {
        callSid: h.callSid,
        amount: '5.00',
        description: 'paid 1234 5678 9012 3456',
      }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'description',
      message: expect.stringContaining('A reference cannot hold a card number'),
    });
    expect(h.core.payments.list()).toEqual([]);
  });
});
