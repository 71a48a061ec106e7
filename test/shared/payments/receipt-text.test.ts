import { describe, expect, it } from 'vitest';
import type { PaymentSession } from '@shared/payments';
import {
  bodyProblem,
  DEFAULT_RECEIPT_TEMPLATE,
  receiptValues,
  renderReceipt,
  templateProblem,
} from '@shared/payments/receipt-text';
import { receiptMovesTo, receiptWords } from '@shared/payments/receipt-words';

const session = (over: Partial<PaymentSession>): PaymentSession =>
  ({
    id: 's1',
    callSid: 'CA1',
    agent: 'a',
    method: 'credit-card',
    charge: true,
    amount: '1250',
    currency: 'JPY',
    phase: 'succeeded',
    fields: [],
    required: [],
    readyToComplete: false,
    card: { brand: 'diners-club', last4: '0004' },
    bank: {},
    result: { result: 'success', confirmationCode: 'ch_1' },
    message: '',
    startedAt: '2026-12-02T10:00:00Z',
    updatedAt: '2026-12-02T10:01:00Z',
    version: 1,
    ...over,
  }) as PaymentSession;

describe('the receipt text', () => {
  it('fills every placeholder from masked data only: amount in its currency, brand and last 4, bank and last 2', () => {
    const card = renderReceipt(DEFAULT_RECEIPT_TEMPLATE, receiptValues(session({}), 'Ada’s Bikes'));
    expect(card).toBe(
      'Ada’s Bikes: thank you for your payment of ¥1,250 with Diners Club ending 0004 on Dec 2, 2026. Confirmation code: ch_1.',
    );
    const bank = receiptValues(session({ method: 'ach-debit', bank: { accountLast2: '78' } }), 'B');
    expect(bank.card).toBe('bank account ending 78');
  });

  it('refuses a template over 1,600 characters, an unknown placeholder or a card-shaped number, in a sentence', () => {
    expect(templateProblem('x'.repeat(1600))).toBeUndefined();
    expect(templateProblem('x'.repeat(1601))).toBe(
      'A receipt may be at most 1,600 characters, Twilio’s limit for one text; this one has 1,601.',
    );
    expect(templateProblem('Hi {name}')).toMatch(/has \{name\}, which Callpay cannot fill/);
    expect(templateProblem(`Card ${['4111', '1111', '1111', '1111'].join(' ')}`)).toMatch(/card number/);
    expect(templateProblem('  ')).toMatch(/Write the receipt/);
  });

  it('refuses a text that grew past 1,600 characters once filled in', () => {
    const problem = bodyProblem(
      `${'x'.repeat(1590)} {business}`,
      receiptValues(session({}), 'A long business name'),
    );
    expect(problem).toMatch(/would be 1,611 characters/);
  });

  it('refuses a card number that the business name brings in, but not a confirmation code full of digits', () => {
    const named = receiptValues(session({}), `Ada ${['4111', '1111', '1111', '1111'].join(' ')}`);
    expect(bodyProblem(DEFAULT_RECEIPT_TEMPLATE, named)).toMatch(/could be a card number/);
    // A processor's charge id is not card data: the sandbox's ch_ + 24 hex can hold 14 digits in a row.
    const code = `ch_${'7'.repeat(14)}abcdef0123`;
    const paid = receiptValues(session({ result: { result: 'success', confirmationCode: code } }), 'Ada');
    expect(bodyProblem(DEFAULT_RECEIPT_TEMPLATE, paid)).toBeUndefined();
    expect(renderReceipt(DEFAULT_RECEIPT_TEMPLATE, paid)).toContain(`Confirmation code: ${code}.`);
  });
});

describe('a receipt’s status', () => {
  it('moves forward only, and a final status stays, as callbacks can come out of order', () => {
    expect(receiptMovesTo('queued', 'sent')).toBe(true);
    expect(receiptMovesTo('delivered', 'sent')).toBe(false);
    expect(receiptMovesTo('sent', 'queued')).toBe(false);
    expect(receiptMovesTo('unknown', 'undelivered')).toBe(true);
    expect(receiptMovesTo('undelivered', 'delivered')).toBe(false);
  });

  it('says why a text failed, from Twilio’s code', () => {
    expect(receiptWords('failed', 21610)).toMatch(/opted out/);
    expect(receiptWords('undelivered', 30006)).toMatch(/landline/);
    expect(receiptWords('failed', 12345)).toMatch(/error 12345/);
  });
});
