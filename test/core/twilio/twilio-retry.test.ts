import { describe, expect, it } from 'vitest';
import type { Twilio } from 'twilio';
import { StartPaymentArgs } from '@shared/payments';
import { createParams, paymentsApi, retryReason, withRetry } from '../../../src-main/core/twilio';

const CA = `CA${'1'.repeat(32)}`;
const PK = `PK${'2'.repeat(32)}`;
const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const rest = (status: number, code: number) => Object.assign(new Error('Twilio said no'), { status, code });

/** A stand-in for the twilio client's Payments calls that records every request's parameters. */
function fakeClient(failures: unknown[]) {
  const seen: Record<string, unknown>[] = [];
  const answer = async (params: Record<string, unknown>) => {
    seen.push(params);
    const failure = failures.shift();
    if (failure) throw failure;
    return { sid: PK };
  };
  const payments = Object.assign((_sid: string) => ({ update: answer }), { create: answer });
  const client = { calls: (_sid: string) => ({ payments }) } as unknown as Twilio;
  return { client, seen };
}

describe('Twilio writes: idempotency and retries', () => {
  it('reuses the same IdempotencyKey when a write is retried after a transport failure', async () => {
    const { client, seen } = fakeClient([reset(), rest(503, 20500)]);
    const api = paymentsApi(() => client, fast);
    const args = StartPaymentArgs.parse({ callSid: CA, amount: '5.00' });
    await api.create(CA, args, 'https://x.example/cb');
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((p) => p.idempotencyKey)).size).toBe(1);
  });

  it('gives every new write a fresh key', async () => {
    const { client, seen } = fakeClient([]);
    const api = paymentsApi(() => client, fast);
    await api.update(CA, PK, { capture: 'payment-card-number' }, 'https://x.example/cb');
    await api.update(CA, PK, { capture: 'payment-card-number' }, 'https://x.example/cb');
    expect(seen[0]!.idempotencyKey).not.toBe(seen[1]!.idempotencyKey);
  });

  it('never retries an answer (4xx) and stops after the bounded attempts', async () => {
    const refused = fakeClient([rest(400, 64021)]);
    await expect(
      paymentsApi(() => refused.client, fast).update(CA, PK, { status: 'complete' }, 'u'),
    ).rejects.toMatchObject({
      code: 64021,
    });
    expect(refused.seen).toHaveLength(1);
    const down = fakeClient([reset(), reset(), reset(), reset()]);
    await expect(
      paymentsApi(() => down.client, fast).update(CA, PK, { status: 'complete' }, 'u'),
    ).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(down.seen).toHaveLength(3);
  });

  it('classifies failures: network and 5xx retry, 4xx and unknown errors do not', () => {
    expect(retryReason(reset())).toBe('ECONNRESET');
    expect(retryReason(Object.assign(new Error('timeout of 400ms exceeded'), { code: 'ECONNABORTED' }))).toBe(
      'ECONNABORTED',
    );
    expect(retryReason(rest(502, 0))).toBe('http_502');
    // 429: Twilio did not process the request, so the same key may go again (after Retry-After).
    expect(retryReason(rest(429, 20429))).toBe('rate_limited');
    expect(retryReason(rest(404, 20404))).toBeUndefined();
    expect(retryReason(new TypeError('x is not a function'))).toBeUndefined();
  });

  it('backs off between attempts, growing each time', async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 4) throw reset();
        return 'ok';
      },
      { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, sleep: async (ms) => void delays.push(ms) },
    );
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[2]).toBeGreaterThanOrEqual(200);
  });
});

describe('Twilio create parameters', () => {
  it('sends a charge in the currency’s minor-unit precision, with the card options', () => {
    const p = createParams(
      StartPaymentArgs.parse({ callSid: CA, amount: '12.5', currency: 'usd' }),
      'cb',
      'k',
    );
    expect(p).toMatchObject({
      chargeAmount: 12.5,
      currency: 'USD',
      paymentMethod: 'credit-card',
      validCardTypes: 'visa mastercard amex',
      securityCode: true,
      postalCode: true,
      timeout: 5,
      idempotencyKey: 'k',
      statusCallback: 'cb',
    });
    expect(p).not.toHaveProperty('tokenType');
  });

  it('saves a card with a token type when there is no amount, and sends ACH parameters', () => {
    expect(
      createParams(StartPaymentArgs.parse({ callSid: CA, tokenType: 'one-time' }), 'cb', 'k'),
    ).toMatchObject({
      tokenType: 'one-time',
    });
    const ach = createParams(
      StartPaymentArgs.parse({
        callSid: CA,
        method: 'ach-debit',
        amount: '3',
        parameters: { AVSName: 'Ada' },
      }),
      'cb',
      'k',
    );
    expect(ach).toMatchObject({ bankAccountType: 'consumer-checking', parameter: { AVSName: 'Ada' } });
    expect(ach).not.toHaveProperty('validCardTypes');
  });
});
