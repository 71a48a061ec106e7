import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeRestFailure } from '../../../src-main/core/payments/rest-failure';
import { parseRetryAfter, withRetry } from '../../../src-main/core/twilio';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

const limited = (retryAfterMs?: number) =>
  Object.assign(new Error('Too Many Requests'), { status: 429, code: 20429, retryAfterMs });

describe('429 Too Many Requests', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:05 GMT', Date.parse('2026-12-01T10:00:00Z'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('waits at least as long as Retry-After before sending the same write again', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls === 1) throw limited(3000);
        return 'ok';
      },
      {
        attempts: 4,
        baseDelayMs: 10,
        maxDelayMs: 40,
        budgetMs: 10_000,
        sleep: async (ms) => void delays.push(ms),
      },
    );
    expect(result).toBe('ok');
    expect(delays).toEqual([3000]);
  });

  it('gives up at once when Retry-After is beyond the waiting budget, and after the budget is spent', async () => {
    const sleep = vi.fn(async () => undefined);
    const policy = { attempts: 10, baseDelayMs: 10, maxDelayMs: 40, budgetMs: 5_000, sleep };
    await expect(withRetry(async () => Promise.reject(limited(60_000)), policy)).rejects.toMatchObject({
      code: 20429,
    });
    expect(sleep).not.toHaveBeenCalled();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw limited(2_000);
      }, policy),
    ).rejects.toMatchObject({ code: 20429 });
    expect(calls).toBe(3);
    expect(describeRestFailure(limited()).message).toMatch(/slow down/);
  });
});

describe('PaymentsService against the sandbox’s 429 with Retry-After', () => {
  let h: CoreHarness | undefined;
  afterEach(() => h?.close());

  async function open(harness: CoreHarness) {
    const callSid = harness.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    return await harness.invoke('payments.start', { callSid, amount: '5.00' });
  }

  it('retries after Retry-After and the request goes through', async () => {
    h = await startCoreHarness();
    const s = await open(h);
    h.sandbox.setFaults({ rest: [{ match: 'payments.update', kind: '429', times: 1, retryAfter: 1 }] });
    const after = await h.invoke('payments.request', {
      sessionId: s.id,
      field: 'payment-card-number',
    });
    expect(after.alert).toBeUndefined();
    expect(h.logText()).toMatch(/twilio\.retry[^\n]*rate_limited/);
    expect(h.logText()).toMatch(/"delayMs":1\d{3}/);
  });

  it('tells the agent when it gives up', async () => {
    h = await startCoreHarness({ retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40, budgetMs: 5_000 } });
    const s = await open(h);
    h.sandbox.setFaults({ rest: [{ match: 'payments.update', kind: '429', retryAfter: 3600 }] });
    const after = await h.invoke('payments.request', {
      sessionId: s.id,
      field: 'payment-card-number',
    });
    expect(after.alert?.message).toMatch(/slow down/);
  });
});
