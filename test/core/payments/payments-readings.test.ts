import { describe, expect, it, vi } from 'vitest';
import twilio from 'twilio';
import type { PaymentField, PaymentSession } from '@shared/payments';
import { ORPHAN_ADOPTED_ALERT, ORPHAN_FOREIGN_ALERT, START_ORPHANED_ALERT } from '@shared/payments';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { WEBHOOK_PATHS } from '../../../src-main/core/webhooks';
import { defaultSwitches, type Switches } from '../../../src-main/sandbox';
import { rowFor } from '../../../src-renderer/src/lib/checklist';
import { usePaymentHarness } from '../../helpers/core-harness';

// PaymentsService (through the core's API) against the sandbox in each reading of what Twilio leaves
// undocumented; callbacks are signature-checked by the core's own receiver.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

const h = usePaymentHarness();
const { field, start, capture, captureCard } = h;
const row = (s: PaymentSession, name: PaymentField) => rowFor(field(s, name), s).state;
const latest = (id: string) => h.events.filter((e) => e.id === id).at(-1)!;
const switches = (s: Partial<Switches>) => h.sandbox.setSwitches({ ...defaultSwitches, ...s });

const request = (id: string, name: PaymentField) =>
  h.invoke('payments.request', { sessionId: id, field: name });

async function completeOnce(id: string) {
  await captureCard(id);
  await h.invoke('payments.complete', { sessionId: id });
  await h.until((s) => s.id === id && s.phase === 'succeeded', 'success');
  await h.sandbox.idle();
  expect(h.sandbox.ledger()).toHaveLength(1);
}

describe('a create whose answer was lost, in each reading of a repeated IdempotencyKey', () => {
  it.each(['replay', 'none'] as const)(
    'createIdempotency=%s: the payment opens on the call, is taken once and charged once',
    async (reading) => {
      switches({ createIdempotency: reading });
      h.sandbox.setFaults({ rest: [{ match: 'payments.create', kind: 'lost-response', times: 1 }] });
      const s = await start();
      const opened = await h.until((x) => x.id === s.id && x.phase === 'open', 'open');
      expect(opened.paymentSid).toMatch(/^PK/);
      if (reading === 'none') expect(opened.alert).toEqual(ORPHAN_ADOPTED_ALERT);
      await completeOnce(s.id);
    },
  );

  it('none, its first callback late: the agent is told it waits, then it carries on with that payment', async () => {
    switches({ createIdempotency: 'none' });
    h.sandbox.setFaults({
      rest: [{ match: 'payments.create', kind: 'lost-response', times: 1 }],
      // 20 s of sandbox time (0.4 s here): the start's callback comes after the repeat's 64021.
      callbacks: { delayMs: [20_000, 20_000] },
    });
    const s = await start();
    await h.until((x) => x.id === s.id && x.alert?.code === START_ORPHANED_ALERT.code, 'told it waits');
    const opened = await h.until((x) => x.id === s.id && x.phase === 'open', 'open');
    expect(opened.alert).toEqual(ORPHAN_ADOPTED_ALERT);
    h.sandbox.setFaults({});
    await completeOnce(s.id);
  });

  it('none, no callback ever naming it: Cancel is taken and the session ends with the call', async () => {
    switches({ createIdempotency: 'none' });
    h.sandbox.setFaults({
      rest: [{ match: 'payments.create', kind: 'lost-response', times: 1 }],
      calls: { [h.callSid]: { callbacks: { drop: 1 } } },
    });
    const s = await start();
    const waiting = await h.until(
      (x) => x.id === s.id && x.alert?.code === START_ORPHANED_ALERT.code,
      'waits',
    );
    expect(waiting.phase).toBe('starting');
    const cancelling = await h.invoke('payments.cancel', { sessionId: s.id });
    expect(cancelling.phase).toBe('cancelling');
    h.sandbox.setFaults({});
    h.sandbox.control.hangup(h.callSid);
    const ended = await h.until(
      (x) => x.id === s.id && ['ended', 'cancelled', 'failed'].includes(x.phase),
      'ended',
    );
    expect(ended.message).toMatch(/call ended|hung up/i);
    expect(h.sandbox.ledger()).toEqual([]);
  });

  it('a payment Callpay did not start is open on the call: the agent is told, cancels it, then starts theirs', async () => {
    const { accountSid, authToken } = h.sandbox.credentials;
    const other = twilio(accountSid, authToken, { httpClient: sandboxHttpClient(h.sandbox.url) });
    await other.calls(h.callSid).payments.create({
      idempotencyKey: 'someone-else-1',
      statusCallback: h.core.webhooksUrl + WEBHOOK_PATHS.paymentStatus,
      chargeAmount: 99,
    });
    const s = await start();
    const blocked = await h.until(
      (x) => x.id === s.id && x.alert?.code === ORPHAN_FOREIGN_ALERT.code,
      'blocked',
    );
    expect(blocked.phase).toBe('starting');
    await h.invoke('payments.cancel', { sessionId: s.id });
    await h.until((x) => x.id === s.id && x.phase === 'cancelled', 'cancelled');
    const again = await start();
    expect(again.phase).toBe('open');
    await completeOnce(again.id);
    expect(h.sandbox.ledger()[0]).toMatchObject({ amount: '12.50' });
  });
});

describe('a field requested while another is half keyed, in each reading', () => {
  async function halfKeyedThenNext(
    minPostalCodeLength?: number,
    first: PaymentField = 'payment-card-number',
    keys = '4111',
  ) {
    const s = await start({ timeout: 600, ...(minPostalCodeLength ? { minPostalCodeLength } : {}) });
    const since = h.events.length;
    await request(s.id, first);
    await h.sandbox.control.pressDigits(h.callSid, keys);
    await h.until((x) => x.id === s.id && field(x, first).status === 'capturing', 'keying', since);
    await request(s.id, 'expiration-date');
    await h.sandbox.idle();
    return latest(s.id);
  }

  it('drop: the half-keyed field reads not captured, the new one listens, and the payment goes through', async () => {
    const s = await halfKeyedThenNext();
    expect(row(s, 'payment-card-number')).toBe('pending');
    expect(row(s, 'expiration-date')).toBe('listening');
    expect(s.activeField).toBe('expiration-date');
    await h.sandbox.control.pressDigits(h.callSid, '1230');
    await h.until((x) => x.id === s.id && field(x, 'expiration-date').status === 'captured', 'expiry');
    expect(row(latest(s.id), 'payment-card-number')).toBe('pending');
    await completeOnce(s.id);
  });

  it('validate: the half-keyed card number shows its error to retry; no row is left listening but the new one', async () => {
    switches({ abandonedEntry: 'validate' });
    const s = await halfKeyedThenNext();
    expect(row(s, 'payment-card-number')).toBe('retry');
    expect(field(s, 'payment-card-number').errorType).toBe('invalid-card-number');
    expect(s.fields.filter((f) => rowFor(f, s).state === 'listening').map((f) => f.field)).toEqual([
      'expiration-date',
    ]);
  });

  it('validate: a half-keyed postal code already long enough is captured', async () => {
    switches({ abandonedEntry: 'validate' });
    const s = await halfKeyedThenNext(3, 'postal-code', '9410');
    expect(row(s, 'postal-code')).toBe('captured');
    expect(row(s, 'expiration-date')).toBe('listening');
  });
});

describe('* pressed outside a capture, in each reading', () => {
  it('ignore: nothing changes; the checklist stays right and the payment goes through', async () => {
    const s = await start();
    await capture(s.id, 'payment-card-number', '4111111111111111#');
    await h.sandbox.control.pressDigits(h.callSid, '*');
    await h.sandbox.idle();
    const after = latest(s.id);
    expect(after.phase).toBe('open');
    expect(row(after, 'payment-card-number')).toBe('captured');
    expect(after.fields.filter((f) => rowFor(f, after).state === 'listening')).toEqual([]);
    await completeOnce(s.id);
  });

  it('end-session: the session ends saying the customer pressed *, and nothing is charged', async () => {
    switches({ starOutsideCapture: 'end-session' });
    const s = await start();
    await capture(s.id, 'payment-card-number', '4111111111111111#');
    await h.sandbox.control.pressDigits(h.callSid, '*');
    const ended = await h.until((x) => x.id === s.id && x.result !== undefined, 'ended');
    expect(ended.result?.result).toBe('caller-interrupted-with-star');
    expect(ended.message).toMatch(/\*/);
    expect(h.sandbox.ledger()).toEqual([]);
    // The call is free for the next payment.
    expect((await start()).phase).toBe('open');
  });
});

describe('the wait for the first key, in each reading', () => {
  it('timeout: nothing keyed within Timeout shows as an error to retry, and asking again works', async () => {
    switches({ firstDigitWait: 'timeout' });
    const s = await start({ timeout: 2 });
    await request(s.id, 'payment-card-number');
    const timedOut = await h.until(
      (x) => x.id === s.id && field(x, 'payment-card-number').status === 'error',
      'input-timeout',
    );
    expect(field(timedOut, 'payment-card-number').errorType).toBe('input-timeout');
    expect(row(timedOut, 'payment-card-number')).toBe('retry');
    expect(timedOut.activeField).toBeUndefined();
    switches({});
    const again = await capture(s.id, 'payment-card-number', '4111111111111111#');
    expect(row(again, 'payment-card-number')).toBe('captured');
  });

  it('none: the field keeps listening until the customer keys, then is captured', async () => {
    switches({ firstDigitWait: 'none' });
    const s = await start({ timeout: 2 });
    const listening = await request(s.id, 'payment-card-number');
    expect(row(listening, 'payment-card-number')).toBe('listening');
    const done = await capture(s.id, 'payment-card-number', '4111111111111111#');
    expect(row(done, 'payment-card-number')).toBe('captured');
  });
});
