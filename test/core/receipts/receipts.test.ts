import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Receipt } from '@shared/api/receipts';
import type { PaymentSession } from '@shared/payments';
import { scanText } from '../../../src-main/core/diagnostics/card-scan';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';
import { waitFor } from '../../helpers/wait-for';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

let h: CoreHarness | undefined;
afterEach(() => h?.close());

const CUSTOMER = '+14155550123';
// Built at run time so neither this file nor any output holds the card number in one piece.
const CARD_NUMBER = ['5555', '5555', '5555', '4444'].join('');

/** A paid card payment on a sandbox call from the customer's number. */
async function paid(harness: CoreHarness, amount = '12.50'): Promise<PaymentSession> {
  const callSid = harness.sandbox.control.createCall({ from: CUSTOMER, to: '+14155550199' }).sid;
  const s = await harness.invoke('payments.start', {
    callSid,
    amount,
    postalCode: false,
  });
  for (const [field, digits] of [
    ['payment-card-number', `${CARD_NUMBER}#`],
    ['expiration-date', '0931#'],
    ['security-code', '321#'],
  ] as const) {
    const since = harness.events.length;
    await harness.invoke('payments.request', { sessionId: s.id, field });
    await harness.sandbox.control.pressDigits(callSid, digits);
    await harness.until((x) => x.fields.find((f) => f.field === field)?.status === 'captured', field, since);
  }
  await harness.invoke('payments.complete', { sessionId: s.id });
  return harness.until((x) => x.id === s.id && x.phase === 'succeeded', 'paid');
}

function receipts(harness: CoreHarness) {
  const seen: Receipt[] = [];
  harness.core.api.subscribe((name, payload) => {
    if (name === 'receipts.receipt') seen.push(payload as Receipt);
  });
  return {
    seen,
    until: (check: (r: Receipt) => boolean, what: string) =>
      waitFor(() => seen.findLast(check), 10_000, what),
  };
}

async function withBusiness(harness: CoreHarness) {
  await harness.invoke('settings.set', { receipts: { businessName: 'Ada’s Bikes' } });
}

describe('texting a receipt after a payment', () => {
  it('texts the amount, brand and last 4, code and date from the business number, and follows its status', async () => {
    h = await startCoreHarness();
    await withBusiness(h);
    const watch = receipts(h);
    const s = await paid(h);
    const draft = await h.invoke('receipts.draft', { sessionId: s.id });
    expect(draft.to).toBe(CUSTOMER);
    expect(draft.from).toBe('+14155550199');
    expect(draft.body).toContain('Ada’s Bikes');
    expect(draft.body).toContain('$12.50');
    expect(draft.body).toContain('Mastercard ending 4444');
    expect(draft.body).toContain(s.result!.confirmationCode!);

    const sent = await h.invoke('receipts.send', { sessionId: s.id, to: '(415) 555-0123' });
    expect(sent).toMatchObject({ to: CUSTOMER, status: 'queued' });
    expect(sent.messageSid).toMatch(/^SM/);
    await watch.until((r) => r.status === 'delivered', 'delivered by the signed status callback');

    const [message] = h.sandbox.messages();
    expect(message).toMatchObject({ to: CUSTOMER, from: '+14155550199', body: draft.body });
    expect(message!.body).not.toContain(CARD_NUMBER);
    expect(scanText(message!.body)).toEqual([]);
    const history = await h.invoke('history.list', {});
    expect(history.entries[0]?.receipts).toEqual([
      expect.objectContaining({ to: CUSTOMER, status: 'delivered', messageSid: sent.messageSid }),
    ]);
  });

  it('refuses a number that is not one, and a template over 1,600 characters, with a sentence', async () => {
    h = await startCoreHarness();
    await withBusiness(h);
    const s = await paid(h);
    await expect(h.invoke('receipts.send', { sessionId: s.id, to: '12345' })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'to',
      message: expect.stringMatching(/country code/),
    });
    await expect(
      h.invoke('settings.set', { receipts: { template: 'x'.repeat(1601) } }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/at most 1,600 characters/),
    });
    await expect(
      h.invoke('settings.set', { receipts: { template: `Card ${CARD_NUMBER} {code}` } }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/could be a card number/) });
    expect(h.sandbox.messages()).toEqual([]);
  });

  it('explains a number Twilio refuses and an undelivered text, and a retry sends it', async () => {
    h = await startCoreHarness();
    await withBusiness(h);
    const watch = receipts(h);
    const s = await paid(h);
    h.sandbox.setMessageFailure({ mode: 'invalid-number' });
    const refused = await h.invoke('receipts.send', { sessionId: s.id, to: CUSTOMER });
    expect(refused).toMatchObject({ status: 'failed', errorCode: 21211, retryable: true });
    expect(refused.message).toMatch(/not a valid phone number/);

    h.sandbox.setMessageFailure({ mode: 'undelivered', errorCode: 30005 });
    await h.invoke('receipts.send', { sessionId: s.id, to: CUSTOMER });
    const undelivered = await watch.until((r) => r.status === 'undelivered', 'undelivered');
    expect(undelivered).toMatchObject({ errorCode: 30005, retryable: true });
    expect(undelivered.message).toMatch(/does not exist or is no longer in service/);

    h.sandbox.setMessageFailure({ mode: 'none' });
    await h.invoke('receipts.send', { sessionId: s.id, to: CUSTOMER });
    await watch.until((r) => r.status === 'delivered', 'delivered on retry');
    expect(h.sandbox.messages().map((m) => m.status)).toEqual(['delivered', 'undelivered']);
  });

  it('a retry after a lost answer finds the text Twilio already took instead of texting twice', async () => {
    h = await startCoreHarness();
    await withBusiness(h);
    const watch = receipts(h);
    const s = await paid(h);
    // The answer to the create is lost; its status callbacks come late, so only the retry can tell.
    h.sandbox.setFaults({
      rest: [{ match: 'messages.create', kind: 'lost-response', times: 1 }],
      callbacks: { delayMs: [50_000, 50_000] },
    });
    const lost = await h.invoke('receipts.send', { sessionId: s.id, to: CUSTOMER });
    expect(lost).toMatchObject({ status: 'unknown', retryable: true });
    expect(lost.message).toMatch(/not texted twice/);
    expect(h.sandbox.messages()).toHaveLength(1);

    const retried = await h.invoke('receipts.send', { sessionId: s.id, to: CUSTOMER });
    expect(retried.id).toBe(lost.id);
    expect(retried.messageSid).toBe(h.sandbox.messages()[0]!.sid);
    expect(h.sandbox.messages()).toHaveLength(1);
    await watch.until((r) => r.id === lost.id && r.status === 'delivered', 'delivered');
    expect(h.sandbox.messages()).toHaveLength(1);
  });

  it('refuses a receipt without a business name, or for a payment it does not know', async () => {
    h = await startCoreHarness();
    const s = await paid(h);
    await expect(h.invoke('receipts.send', { sessionId: s.id, to: CUSTOMER })).rejects.toMatchObject({
      message: expect.stringMatching(/business name in Settings/),
    });
    const draft = await h.invoke('receipts.draft', { sessionId: s.id });
    expect(draft.problem).toMatch(/business name/);
    await withBusiness(h);
    await expect(
      h.invoke('receipts.send', { sessionId: 'no-such-payment', to: CUSTOMER }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(h.sandbox.messages()).toEqual([]);
  });
});
