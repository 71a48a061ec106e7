import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { freshKey, startRig, type Rig } from '../harness';
import { paymentFlow } from '../flow';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(() => {
  expect(rig.receiver.badSignatures).toEqual([]);
  rig.sandbox.setFaults({});
});
afterAll(() => rig.close());

const ofPayment = (sid: string) =>
  rig.receiver.received.filter((r) => r.params.Sid === sid).map((r) => r.params);

describe('REST faults', () => {
  it.each([
    ['429', 20429],
    ['500', 20500],
    ['503', 20503],
  ] as const)('answers %s with a Twilio error body for `times` requests, then works', async (kind, code) => {
    rig.sandbox.setFaults({ rest: [{ match: 'payments.create', kind, times: 1 }] });
    const flow = paymentFlow(rig);
    await expect(flow.start()).rejects.toMatchObject({ status: Number(kind), code });
    await expect(flow.start()).resolves.toMatchObject({ callSid: flow.callSid });
  });

  it('sends Retry-After with a 429 (1 s unless the fault says otherwise)', async () => {
    rig.sandbox.setFaults({
      rest: [
        { match: 'payments.create', kind: '429', times: 1 },
        { match: 'payments.create', kind: '429', times: 1, retryAfter: 30 },
      ],
    });
    const flow = paymentFlow(rig);
    const lastHeaders = () => rig.client.httpClient.lastResponse?.headers as Record<string, string>;
    await expect(flow.start()).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(lastHeaders()['retry-after']).toBe('1');
    await expect(flow.start()).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(lastHeaders()['retry-after']).toBe('30');
  });

  it('holds the response on timeout until the client gives up, without doing the work', async () => {
    rig.sandbox.setFaults({ rest: [{ match: 'payments.create', kind: 'timeout', times: 1 }] });
    const { accountSid, authToken } = rig.sandbox.credentials;
    const impatient = twilio(accountSid, authToken, {
      httpClient: sandboxHttpClient(rig.sandbox.url, { timeout: 1000 }),
    });
    const callSid = rig.customer();
    const create = () =>
      impatient
        .calls(callSid)
        .payments.create({ idempotencyKey: freshKey(), statusCallback: rig.receiver.url() });
    await expect(create()).rejects.toThrow(/timeout/i);
    await expect(create()).resolves.toMatchObject({ callSid });
  });

  it('does the work and then loses the response; a retry with the same key gets the first answer', async () => {
    rig.sandbox.setFaults({ rest: [{ match: 'payments.update', kind: 'lost-response', times: 1 }] });
    const flow = paymentFlow(rig);
    await flow.start({ chargeAmount: 7, securityCode: false, postalCode: false });
    rig.sandbox.setFaults({});
    await flow.enter('payment-card-number', '4111111111111111#');
    await flow.enter('expiration-date', '1230');
    rig.sandbox.setFaults({ rest: [{ match: 'payments.update', kind: 'lost-response', times: 1 }] });
    const params = {
      idempotencyKey: freshKey(),
      statusCallback: rig.receiver.url(),
      status: 'complete' as const,
    };
    const payment = rig.client.calls(flow.callSid).payments(flow.paymentSid);
    await expect(payment.update(params)).rejects.toThrow();
    await expect(payment.update(params)).resolves.toMatchObject({ sid: flow.paymentSid });
    await rig.sandbox.idle();
    expect(ofPayment(flow.paymentSid).filter((p) => p.Result)).toHaveLength(1);
    expect(rig.sandbox.ledger().filter((e) => e.paymentSid === flow.paymentSid)).toHaveLength(1);
  });

  it('injects faults into the Calls resource too', async () => {
    const sid = rig.customer();
    rig.sandbox.setFaults({
      rest: [
        { match: 'calls.list', kind: '503', times: 1 },
        { match: 'calls.fetch', kind: '500', times: 1 },
      ],
    });
    await expect(rig.client.calls.list({ parentCallSid: sid })).rejects.toMatchObject({ status: 503 });
    await expect(rig.client.calls(sid).fetch()).rejects.toMatchObject({ status: 500 });
    await expect(rig.client.calls(sid).fetch()).resolves.toMatchObject({ sid });
  });

  it('applies a fault only to the call it names', async () => {
    const target = rig.customer();
    rig.sandbox.setFaults({ rest: [{ match: 'payments.create', kind: '500', callSid: target }] });
    await expect(paymentFlow(rig, target).start()).rejects.toMatchObject({ status: 500 });
    await expect(paymentFlow(rig).start()).resolves.toBeDefined();
  });
});

describe('callback faults', () => {
  async function keyCard(flow: ReturnType<typeof paymentFlow>) {
    await flow.start();
    await flow.capture('payment-card-number');
    await flow.press('4111111111111111#');
    await rig.sandbox.idle();
  }

  it('drops every callback with drop: 1', async () => {
    rig.sandbox.setFaults({ callbacks: { drop: 1 } });
    const flow = paymentFlow(rig);
    await keyCard(flow);
    expect(ofPayment(flow.paymentSid)).toEqual([]);
  });

  it('duplicates every callback with duplicate: 1', async () => {
    rig.sandbox.setFaults({ callbacks: { duplicate: 1 } });
    const flow = paymentFlow(rig);
    await keyCard(flow);
    const got = rig.receiver.received.filter((r) => r.params.Sid === flow.paymentSid);
    // start + echo + 16 keys + final = 19 callbacks, each twice, a pair sharing one idempotency token.
    expect(got).toHaveLength(38);
    expect(new Set(got.map((r) => r.token)).size).toBe(19);
    for (let i = 0; i < got.length; i += 2) expect(got[i]).toEqual(got[i + 1]);
  });

  it('reorders callbacks with reorder: true, deterministically for a seed', async () => {
    // Real-time clock: a held callback is released by the next one or by idle(), never by a race with the flush timer.
    const slow = await startRig({ timeScale: 1 });
    try {
      const run = async () => {
        slow.sandbox.setFaults({ seed: 7, callbacks: { reorder: true } });
        const flow = paymentFlow(slow);
        await flow.start();
        await flow.capture('payment-card-number');
        await flow.press('4111111111111111#');
        await slow.sandbox.idle();
        return slow.receiver.received
          .filter((r) => r.params.Sid === flow.paymentSid)
          .map((r) => (r.params.PartialResult === 'true' ? (r.params.PaymentCardNumber ?? '').length : -1));
      };
      const first = await run();
      const progress = first.filter((n) => n > 0);
      expect(progress).toHaveLength(16);
      expect(progress).not.toEqual([...progress].sort((a, b) => a - b));
      expect(await run()).toEqual(first);
      expect(slow.receiver.badSignatures).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('delays callbacks by delayMs (sandbox time)', async () => {
    rig.sandbox.setFaults({ callbacks: { delayMs: [3000, 3000] } });
    const flow = paymentFlow(rig);
    const started = Date.now();
    await flow.start();
    await flow.waitFor(() => true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('applies per-call callback faults only to that call', async () => {
    const quiet = rig.customer();
    rig.sandbox.setFaults({ calls: { [quiet]: { callbacks: { drop: 1 } } } });
    const muted = paymentFlow(rig, quiet);
    await muted.start();
    const loud = paymentFlow(rig);
    await loud.start();
    await loud.waitFor(() => true);
    await rig.sandbox.idle();
    expect(ofPayment(muted.paymentSid)).toEqual([]);
  });
});
