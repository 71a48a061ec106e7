import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import twilio from 'twilio';
import { usePaymentHarness } from '../../helpers/core-harness';

// Whole flows over loopback sockets: generous limits so a busy two-core machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

const h = usePaymentHarness();
const { field, start, capture, captureCard } = h;

describe('payments against the in-process sandbox (signatures checked)', () => {
  it('takes a card payment end to end: start, every field, complete, one charge', async () => {
    const started = await start();
    expect(started).toMatchObject({ phase: 'open', charge: true, amount: '12.50', currency: 'USD' });
    expect(started.paymentSid).toMatch(/^PK/);

    const ready = await captureCard(started.id);
    expect(ready.fields.map((f) => [f.field, f.status])).toEqual([
      ['payment-card-number', 'captured'],
      ['expiration-date', 'captured'],
      ['security-code', 'captured'],
      ['postal-code', 'captured'],
    ]);
    expect(ready.card).toMatchObject({ brand: 'visa', last4: '1111', expiry: '12/30' });
    expect(ready.readyToComplete).toBe(true);

    await h.invoke('payments.complete', { sessionId: started.id });
    const done = await h.until((s) => s.phase === 'succeeded', 'success');
    expect(done.result?.confirmationCode).toBeTruthy();
    expect(done.message).toContain('went through');

    const ledger = h.sandbox.ledger();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      kind: 'charge',
      amount: '12.50',
      last4: '1111',
      paymentSid: started.paymentSid,
    });

    expect(await h.invoke('audit.verify', {})).toMatchObject({ ok: true });
    const audit = await readFile(h.core.audit.file, 'utf8');
    const actions = audit
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).action);
    expect(actions).toContain('payment.start');
    expect(actions).toContain('payment.request');
    expect(actions).toContain('payment.complete');
    expect(actions.at(-1)).toBe('payment.result');
    for (const text of [audit, h.logText(), JSON.stringify(h.events)]) {
      expect(text).not.toContain('4111111111111111');
      expect(text).not.toMatch(/"SecurityCode":"\d/);
    }
  });

  it('shows masked progress while the customer keys, never a digit before the last 4', async () => {
    const s = await start();
    await h.invoke('payments.request', { sessionId: s.id, field: 'payment-card-number' });
    await h.sandbox.control.pressDigits(h.callSid, '41111111');
    const partial = await h.until((x) => field(x, 'payment-card-number').status === 'capturing', 'capturing');
    expect(field(partial, 'payment-card-number').display).toMatch(/^•+$/);
  });

  it('an invalid card number is reported on the field and can be requested again', async () => {
    const s = await start();
    const bad = await capture(s.id, 'payment-card-number', '4111111111111112#');
    expect(field(bad, 'payment-card-number')).toMatchObject({
      status: 'error',
      errorType: 'invalid-card-number',
    });
    expect(field(bad, 'payment-card-number').message).toContain('Request the card number again');
    const good = await capture(s.id, 'payment-card-number', '4111111111111111#');
    expect(field(good, 'payment-card-number')).toMatchObject({ status: 'captured', display: '•••• 1111' });
  });

  it('a declined card fails the session with the processor reason and charges nothing', async () => {
    const s = await start();
    await captureCard(s.id, '4000000000000002');
    await h.invoke('payments.complete', { sessionId: s.id });
    const failed = await h.until((x) => x.phase === 'failed', 'declined');
    expect(failed.result).toMatchObject({
      result: 'payment-connector-error',
      paymentError: 'card is declined',
    });
    expect(failed.message).toContain('card is declined');
    expect(h.sandbox.ledger()).toEqual([]);
  });

  it('cancel ends the session as cancelled', async () => {
    const s = await start();
    await capture(s.id, 'payment-card-number', '4111111111111111#');
    await h.invoke('payments.cancel', { sessionId: s.id });
    const cancelled = await h.until((x) => x.phase === 'cancelled', 'cancelled');
    expect(cancelled.message).toContain('cancelled');
    expect(h.sandbox.ledger()).toEqual([]);
  });

  it('the customer hanging up ends the session cleanly and says so', async () => {
    const s = await start();
    await h.invoke('payments.request', { sessionId: s.id, field: 'payment-card-number' });
    h.sandbox.control.hangup(h.callSid);
    const ended = await h.until((x) => x.phase === 'ended', 'ended');
    expect(ended.message).toMatch(/hung up|call ended/);
    await expect(
      h.invoke('payments.request', { sessionId: s.id, field: 'expiration-date' }),
    ).rejects.toMatchObject({
      code: 'not_open',
    });
  });

  it('keeps one open session per call', async () => {
    await start();
    await expect(start()).rejects.toMatchObject({ code: 'session_open' });
  });

  it('refuses bad input before anything is sent, naming the field', async () => {
    await expect(start({ amount: '0' })).rejects.toMatchObject({ code: 'invalid_argument', field: 'amount' });
    await expect(start({ currency: 'ZZZ' })).rejects.toMatchObject({ field: 'currency' });
    await expect(start({ timeout: 900 })).rejects.toMatchObject({ field: 'timeout' });
    expect(h.events).toEqual([]);
  });

  it('refuses to complete before every field is captured, saying which are missing', async () => {
    const s = await start();
    await expect(h.invoke('payments.complete', { sessionId: s.id })).rejects.toMatchObject({
      code: 'incomplete',
      message: expect.stringContaining('card number'),
    });
  });

  it('a forged callback gets 403 and changes nothing', async () => {
    const s = await start();
    const before = await h.invoke('payments.get', { sessionId: s.id });
    const url = `${h.core.webhooksUrl}/twilio/payments/status`;
    const params = {
      Sid: s.paymentSid!,
      CallSid: h.callSid,
      Result: 'success',
      PaymentConfirmationCode: 'forged',
    };
    for (const signature of [undefined, twilio.getExpectedTwilioSignature('not-the-token', url, params)]) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'x-twilio-signature': signature } : {}),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(403);
    }
    const after = await h.invoke('payments.get', { sessionId: s.id });
    expect(after.sessions[0]).toEqual(before.sessions[0]);
  });

  it('lists the in-progress calls on the account', async () => {
    const { calls } = await h.invoke('calls.list', {});
    expect(calls).toContainEqual(expect.objectContaining({ sid: h.callSid, from: '+14155550123' }));
  });
});

describe('payments when callbacks misbehave', () => {
  it('duplicated and reordered callbacks never move a field backwards, and the payment completes', async () => {
    h.sandbox.setFaults({ seed: 7, callbacks: { duplicate: 1, reorder: true } });
    const s = await start();
    await captureCard(s.id);
    await h.invoke('payments.complete', { sessionId: s.id });
    await h.until((x) => x.phase === 'succeeded', 'success');
    const rank = { pending: 0, requested: 1, capturing: 2, captured: 3, error: 3 } as const;
    for (const name of ['expiration-date', 'security-code', 'postal-code'] as const) {
      const statuses = h.events.map((e) => field(e, name).status);
      for (let i = 1; i < statuses.length; i++) {
        expect(rank[statuses[i]!]).toBeGreaterThanOrEqual(rank[statuses[i - 1]!]);
      }
    }
    expect(h.sandbox.ledger()).toHaveLength(1);
  });

  it('late callbacks arriving after the result change nothing', async () => {
    h.sandbox.setFaults({ seed: 3, callbacks: { delayMs: [0, 60] } });
    const s = await start();
    await captureCard(s.id);
    await h.invoke('payments.complete', { sessionId: s.id });
    const done = await h.until((x) => x.phase === 'succeeded', 'success');
    // Every delayed callback has now reached the receiver: none is still on its way.
    await h.sandbox.idle();
    const latest = await h.invoke('payments.get', { sessionId: s.id });
    expect(latest.sessions[0]!.phase).toBe('succeeded');
    expect(latest.sessions[0]!.result).toEqual(done.result);
  });
});

describe('payments when callbacks are lost', () => {
  it('an agent who re-requests a field whose callbacks were dropped still gets every field, then one charge', async () => {
    h.sandbox.setFaults({ seed: 3, callbacks: { drop: 0.3 } });
    const s = await start({ postalCode: false });
    let rerequests = 0;
    for (const [name, keys] of [
      ['payment-card-number', '4111111111111111#'],
      ['expiration-date', '1230#'],
      ['security-code', '123#'],
    ] as const) {
      for (let attempt = 1; ; attempt++) {
        const since = h.events.length;
        await h.invoke('payments.request', { sessionId: s.id, field: name });
        await h.sandbox.control.pressDigits(h.callSid, keys);
        const settled = await h
          .until((x) => field(x, name).status === 'captured', name, since, 1000)
          .then(() => true)
          .catch(() => false);
        if (settled) break;
        rerequests++;
        expect(attempt).toBeLessThan(6);
      }
    }
    h.sandbox.setFaults({});
    await h.invoke('payments.complete', { sessionId: s.id });
    await h.until((x) => x.phase === 'succeeded', 'success');
    expect(h.sandbox.ledger()).toHaveLength(1);
    // The seed drops at least one final callback, so the re-request path is really taken.
    expect(rerequests).toBeGreaterThan(0);
  });
});

describe('payments when REST misbehaves', () => {
  it('retries a 5xx on create with the same key and starts one payment', async () => {
    h.sandbox.setFaults({ rest: [{ match: 'payments.create', kind: '500', times: 2 }] });
    const s = await start();
    expect(s.phase).toBe('open');
    expect(h.logText().match(/"event":"twilio.retry"/g)).toHaveLength(2);
  });

  it('a lost create response is retried with the same key: one payment, one charge', async () => {
    h.sandbox.setFaults({ rest: [{ match: 'payments.create', kind: 'lost-response', times: 1 }] });
    const s = await start();
    expect(s.phase).toBe('open');
    await captureCard(s.id);
    await h.invoke('payments.complete', { sessionId: s.id });
    await h.until((x) => x.phase === 'succeeded', 'success');
    expect(h.sandbox.ledger()).toHaveLength(1);
  });

  it('a start lost on every attempt can be started again: the agent gets the payment Twilio opened', async () => {
    h.sandbox.setFaults({ rest: [{ match: 'payments.create', kind: 'lost-response', times: 4 }] });
    const lost = await start();
    expect(lost.phase).toBe('failed');
    h.sandbox.setFaults({});
    // Twilio opened a payment on the first attempt; a fresh key would be refused (64021, already open).
    const again = await start();
    expect(again.phase).toBe('open');
    await captureCard(again.id);
    await h.invoke('payments.complete', { sessionId: again.id });
    await h.until((x) => x.id === again.id && x.phase === 'succeeded', 'success');
    expect(h.sandbox.ledger()).toHaveLength(1);
  });

  it('a lost complete response and a timeout are retried: still exactly one charge', async () => {
    const s = await start();
    await captureCard(s.id);
    h.sandbox.setFaults({
      rest: [
        { match: 'payments.update', kind: 'timeout', times: 1 },
        { match: 'payments.update', kind: 'lost-response', times: 1 },
      ],
    });
    await h.invoke('payments.complete', { sessionId: s.id });
    await h.until((x) => x.phase === 'succeeded', 'success');
    expect(h.sandbox.ledger()).toHaveLength(1);
  });

  it('gives up after bounded retries and tells the agent, keeping the session usable', async () => {
    const s = await start();
    h.sandbox.setFaults({ rest: [{ match: 'payments.update', kind: '503' }] });
    const after = await h.invoke('payments.request', {
      sessionId: s.id,
      field: 'payment-card-number',
    });
    expect(after.phase).toBe('open');
    expect(after.alert?.code).toBe('request_failed');
    h.sandbox.setFaults({});
    const again = await h.invoke('payments.request', {
      sessionId: s.id,
      field: 'payment-card-number',
    });
    expect(again.alert).toBeUndefined();
  });
});
