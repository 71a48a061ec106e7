import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaymentField, PaymentSession } from '@shared/payments';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';

// A whole flow over loopback sockets: generous limits so a busy two-core machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

let h: CoreHarness;
let callSid: string;

beforeEach(async () => {
  h = await startCoreHarness({ sandbox: { timeScale: 0.02, webhookSigning: 'shared-key' } });
  callSid = h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
});
afterEach(() => h.close());

const field = (s: PaymentSession, name: PaymentField) => s.fields.find((f) => f.field === name)!;

async function capture(id: string, name: PaymentField, keys: string) {
  const since = h.events.length;
  await h.invoke('payments.request', { sessionId: id, field: name });
  await h.sandbox.control.pressDigits(callSid, keys);
  return h.until((s) => s.id === id && field(s, name).status === 'captured', `${name} captured`, since);
}

describe('a sandbox that signs webhooks with a shared key (HMAC-SHA256)', () => {
  it('takes a whole card payment through the receiver, refusing none of its callbacks', async () => {
    const started = await h.invoke('payments.start', { callSid, amount: '12.50' });
    await capture(started.id, 'payment-card-number', '4111111111111111#');
    await capture(started.id, 'expiration-date', '1230#');
    await capture(started.id, 'security-code', '123#');
    const ready = await capture(started.id, 'postal-code', '94109#');
    expect(ready.readyToComplete).toBe(true);
    await h.invoke('payments.complete', { sessionId: started.id });
    const done = await h.until((s) => s.phase === 'succeeded', 'success');
    expect(done.result?.confirmationCode).toBeTruthy();
    expect(h.sandbox.ledger()).toHaveLength(1);
    expect(h.logText()).not.toContain('webhook.signature_refused');
  });

  it('loses no callback when the sandbox goes back to the Auth Token mid-payment', async () => {
    const started = await h.invoke('payments.start', { callSid, amount: '5.00' });
    h.sandbox.setWebhookSigning('auth-token');
    const captured = await capture(started.id, 'payment-card-number', '4111111111111111#');
    expect(field(captured, 'payment-card-number').display).toBe('•••• 1111');
    expect(h.logText()).not.toContain('webhook.signature_refused');
  });
});
