import { describe, expect, it, vi } from 'vitest';
import { usePaymentHarness } from '../../helpers/core-harness';

// Whole flows over loopback sockets, the core's official twilio client against the sandbox.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

const h = usePaymentHarness({ securityCode: false, postalCode: false });
const { field, start, capture } = h;

const charges = () => h.sandbox.ledger().filter((e) => e.callSid === h.callSid);

describe('the customer keys the card number twice (RequireMatchingInputs)', () => {
  it('asks for the second entry as its own step, catches a mismatch, and charges once it matches', async () => {
    const s = await start({ requireMatchingInputs: ['payment-card-number'] });
    expect(s.fields.map((f) => f.field)).toEqual([
      'payment-card-number',
      'payment-card-number-matcher',
      'expiration-date',
    ]);
    await capture(s.id, 'payment-card-number', '4111111111111111#');
    const once = await capture(s.id, 'expiration-date', '1230');
    // Twilio still wants the second entry: the sandbox got RequireMatchingInputs from the library.
    expect(once.required).toEqual(['payment-card-number-matcher']);
    expect(once.readyToComplete).toBe(false);

    const wrong = await capture(s.id, 'payment-card-number-matcher', '4111111111111112#');
    expect(field(wrong, 'payment-card-number-matcher')).toMatchObject({
      status: 'error',
      errorType: 'input-matching-failed',
    });
    expect(field(wrong, 'payment-card-number').status).toBe('error');
    expect(wrong.message).toMatch(/did not match\. Request the card number again/);
    await expect(h.invoke('payments.complete', { sessionId: s.id })).rejects.toMatchObject({
      code: 'incomplete',
    });

    await capture(s.id, 'payment-card-number', '4111111111111111#');
    const matched = await capture(s.id, 'payment-card-number-matcher', '4111111111111111#');
    expect(field(matched, 'payment-card-number-matcher').status).toBe('captured');
    expect(matched.card.last4).toBe('1111');
    expect(matched.readyToComplete).toBe(true);
    await h.invoke('payments.complete', { sessionId: s.id });
    await h.until((x) => x.id === s.id && x.phase === 'succeeded', 'charged');
    expect(charges()).toHaveLength(1);
  });

  it('keys every card field twice when asked, each second entry in its own step', async () => {
    const s = await start({
      securityCode: true,
      postalCode: true,
      requireMatchingInputs: ['expiration-date', 'security-code', 'postal-code'],
    });
    expect(s.fields.filter((f) => f.field.endsWith('-matcher')).map((f) => f.field)).toEqual([
      'expiration-date-matcher',
      'security-code-matcher',
      'postal-code-matcher',
    ]);
    await capture(s.id, 'payment-card-number', '4111111111111111#');
    for (const [name, keys] of [
      ['expiration-date', '1230'],
      ['security-code', '123'],
      ['postal-code', '94109#'],
    ] as const) {
      await capture(s.id, name, keys);
      const done = await capture(s.id, `${name}-matcher`, keys);
      expect(field(done, `${name}-matcher`).status).toBe('captured');
    }
    expect(h.events.at(-1)?.readyToComplete).toBe(true);
  });
});

describe('the details read back before charging (Confirmation)', () => {
  async function readBack() {
    const s = await start({ confirmation: true });
    await capture(s.id, 'payment-card-number', '4111111111111111#');
    await capture(s.id, 'expiration-date', '1230');
    return h.invoke('payments.complete', { sessionId: s.id });
  }

  it('waits for the customer’s 1 before anything is charged', async () => {
    const s = await readBack();
    expect(s).toMatchObject({ phase: 'completing', readBack: 'listening' });
    expect(s.message).toMatch(/press 1 to pay, or 2 to cancel/);
    await h.sandbox.idle();
    expect(charges()).toEqual([]);
    await h.sandbox.control.pressDigits(h.callSid, '1');
    await h.until((x) => x.id === s.id && x.phase === 'succeeded', 'charged');
    expect(charges()).toHaveLength(1);
  });

  it('the customer’s 2 cancels, charging nothing, and the agent is told who cancelled', async () => {
    const s = await readBack();
    await h.sandbox.control.pressDigits(h.callSid, '2');
    const done = await h.until((x) => x.id === s.id && x.phase === 'cancelled', 'cancelled');
    expect(done.readBack).toBe('declined');
    expect(done.message).toMatch(/pressed 2/);
    expect(charges()).toEqual([]);
  });
});

describe('Try another card after a decline', () => {
  async function declined(number = '4000000000000002') {
    const s = await start({ requireMatchingInputs: [], confirmation: false, description: 'Order 7' });
    await capture(s.id, 'payment-card-number', `${number}#`);
    await capture(s.id, 'expiration-date', '1230');
    await h.invoke('payments.complete', { sessionId: s.id });
    return h.until((x) => x.id === s.id && x.phase === 'failed', 'declined');
  }

  it('starts a new payment on the same call with the same amount and options, then takes the new card', async () => {
    const failed = await declined();
    const again = await h.invoke('payments.retry', { sessionId: failed.id });
    expect(again.id).not.toBe(failed.id);
    expect(again).toMatchObject({ phase: 'open', callSid: h.callSid, amount: '12.50', currency: 'USD' });
    expect(again.startArgs).toEqual(failed.startArgs);
    expect(again.fields.map((f) => f.field)).toEqual(failed.fields.map((f) => f.field));
    // A reused IdempotencyKey with the same parameters would replay the first payment's Sid.
    expect(again.paymentSid).toMatch(/^PK/);
    expect(again.paymentSid).not.toBe(failed.paymentSid);

    await capture(again.id, 'payment-card-number', '5555555555554444#');
    await capture(again.id, 'expiration-date', '1230');
    await h.invoke('payments.complete', { sessionId: again.id });
    await h.until((x) => x.id === again.id && x.phase === 'succeeded', 'charged');
    expect(charges()).toHaveLength(1);
    expect(charges()[0]).toMatchObject({ last4: '4444', amount: '12.50' });
  });

  it.each([
    ['stolen', '4000000000009979'],
    ['fraudulent', '4100000000000019'],
  ])('refuses another card after a %s decline, saying why', async (_why, number) => {
    const failed = await declined(number);
    const before = await h.invoke('payments.get', {});
    await expect(h.invoke('payments.retry', { sessionId: failed.id })).rejects.toMatchObject({
      code: 'do_not_retry',
      message: expect.stringMatching(/lost or stolen, or suspects fraud\. Do not try another card/),
    });
    const after = await h.invoke('payments.get', {});
    expect(after.sessions).toHaveLength(before.sessions.length);
  });

  it('a call that has ended gets a sentence, and nothing is started', async () => {
    const failed = await declined();
    await h.sandbox.control.hangup(h.callSid);
    await expect(h.invoke('payments.retry', { sessionId: failed.id })).rejects.toMatchObject({
      code: 'call_ended',
      message:
        'The call has ended, so another card cannot be tried on it. Call the customer back to take the payment.',
    });
    const { sessions } = await h.invoke('payments.get', { callSid: h.callSid });
    expect(sessions).toHaveLength(1);
  });

  it('only a failed payment can be tried again', async () => {
    const s = await start();
    await expect(h.invoke('payments.retry', { sessionId: s.id })).rejects.toMatchObject({
      code: 'not_retryable',
    });
  });
});
