import { describe, expect, it } from 'vitest';
import {
  afterDecline,
  createSession,
  isDoNotRetry,
  parseRequired,
  READ_BACK_UNANSWERED_ALERT,
  reduceSession,
  StartPaymentArgs,
  type PaymentSession,
  type SessionAction,
} from '@shared/payments';
import { reducerKit } from '../../helpers/session-clock';

const CALL = `CA${'b'.repeat(32)}`;
const PK = `PK${'c'.repeat(32)}`;
const { tick, cb, run } = reducerKit({ callSid: CALL, paymentSid: PK, start: '2026-12-02T10:00:00.000Z' });

function open(args: Record<string, unknown>): PaymentSession {
  const parsed = StartPaymentArgs.parse({ callSid: CALL, amount: '12.50', ...args });
  const s = createSession({ id: 's1', agent: 'maria', args: parsed, at: tick() });
  return reduceSession(s, { type: 'started', paymentSid: PK, at: tick() });
}

const ask = (field: string): SessionAction => ({
  type: 'field-requested',
  field: field as never,
  at: tick(),
});
const status = (s: PaymentSession, name: string) => s.fields.find((f) => f.field === name)?.status;
const field = (s: PaymentSession, name: string) => s.fields.find((f) => f.field === name)!;

const TWICE = { requireMatchingInputs: ['payment-card-number'], securityCode: false, postalCode: false };
const REQ = 'payment-card-number,expiration-date,payment-card-number-matcher';

/** The card number keyed once (captured), as Twilio's callbacks report it. */
function firstEntry(s: PaymentSession): PaymentSession {
  return run(
    s,
    ask('payment-card-number'),
    cb({ Capture: 'payment-card-number', Required: REQ, PartialResult: 'false' }),
    cb({
      Capture: 'payment-card-number',
      PaymentCardNumber: 'xxxxxxxxxxxx1111',
      PaymentCardType: 'visa',
      Required: 'expiration-date,payment-card-number-matcher',
      PartialResult: 'false',
    }),
  );
}

const second = (s: PaymentSession, outcome: Record<string, string>) =>
  run(
    s,
    ask('payment-card-number-matcher'),
    cb({
      Capture: 'payment-card-number-matcher',
      Required: 'expiration-date,payment-card-number-matcher',
      PartialResult: 'false',
    }),
    cb({ Capture: 'payment-card-number-matcher', PartialResult: 'true' }),
    cb({ Capture: 'payment-card-number-matcher', PartialResult: 'false', ...outcome }),
  );

const MATCHED = { Required: 'expiration-date' };
const MISMATCH = {
  ErrorType: 'input-matching-failed',
  Required: 'expiration-date,payment-card-number-matcher',
};

describe('the card number keyed twice (RequireMatchingInputs)', () => {
  it('adds the second entry as its own step right after the first, not captured until it matches', () => {
    const s = open(TWICE);
    expect(s.fields.map((f) => [f.field, f.status])).toEqual([
      ['payment-card-number', 'pending'],
      ['payment-card-number-matcher', 'pending'],
      ['expiration-date', 'pending'],
    ]);
    const once = firstEntry(s);
    expect(status(once, 'payment-card-number')).toBe('captured');
    expect(once.required).toEqual(['expiration-date', 'payment-card-number-matcher']);
    const all = run(
      once,
      ask('expiration-date'),
      cb({ Capture: 'expiration-date', ExpirationDate: '1230', Required: 'payment-card-number-matcher' }),
    );
    expect(status(all, 'expiration-date')).toBe('captured');
    expect(all.readyToComplete).toBe(false);
  });

  it('shows the second entry listening, then keying, then matched; only then can the payment complete', () => {
    let s = run(
      firstEntry(open(TWICE)),
      ask('expiration-date'),
      cb({ Capture: 'expiration-date', ExpirationDate: '1230', Required: 'payment-card-number-matcher' }),
    );
    s = reduceSession(s, ask('payment-card-number-matcher'));
    expect(status(s, 'payment-card-number-matcher')).toBe('requested');
    expect(s.message).toBe('Waiting for the customer to key the card number a second time.');
    s = reduceSession(s, cb({ Capture: 'payment-card-number-matcher', PartialResult: 'true' }));
    expect(status(s, 'payment-card-number-matcher')).toBe('capturing');
    s = reduceSession(
      s,
      cb({ Capture: 'payment-card-number-matcher', PartialResult: 'false', Required: '' }),
    );
    expect(status(s, 'payment-card-number-matcher')).toBe('captured');
    // The second entry carries no digits, and does not disturb the first one's last 4.
    expect(field(s, 'payment-card-number-matcher').display).toBeUndefined();
    expect(s.card.last4).toBe('1111');
    expect(s.readyToComplete).toBe(true);
  });

  it('a mismatch says so in plain words and sends the agent back to the first entry', () => {
    const s = second(firstEntry(open(TWICE)), MISMATCH);
    expect(field(s, 'payment-card-number-matcher')).toMatchObject({
      status: 'error',
      errorType: 'input-matching-failed',
    });
    // Either entry may be the wrong one: the first is asked again, and with it the second.
    expect(field(s, 'payment-card-number')).toMatchObject({ status: 'error', display: '•••• 1111' });
    expect(s.message).toBe(
      'The two card numbers the customer keyed did not match. Request the card number again: the customer keys it twice more.',
    );
    expect(s.readyToComplete).toBe(false);

    const again = reduceSession(s, ask('payment-card-number'));
    expect(status(again, 'payment-card-number')).toBe('requested');
    expect(status(again, 'payment-card-number-matcher')).toBe('pending');
  });

  it('a second entry asked again alone and matching puts the first back as captured', () => {
    const s = second(second(firstEntry(open(TWICE)), MISMATCH), MATCHED);
    expect(status(s, 'payment-card-number-matcher')).toBe('captured');
    expect(status(s, 'payment-card-number')).toBe('captured');
  });

  it('copes with a Twilio that leaves second entries out of Required: only keys seen make a match', () => {
    const without = (r: string) => r.replace(/,?payment-card-number-matcher/, '');
    let s = run(
      open(TWICE),
      ask('payment-card-number'),
      cb({ Capture: 'payment-card-number', Required: without(REQ), PartialResult: 'false' }),
      cb({
        Capture: 'payment-card-number',
        PaymentCardNumber: 'xxxxxxxxxxxx1111',
        Required: 'expiration-date',
        PartialResult: 'false',
      }),
      ask('payment-card-number-matcher'),
      cb({ Capture: 'payment-card-number-matcher', Required: 'expiration-date', PartialResult: 'false' }),
    );
    expect(status(s, 'payment-card-number-matcher')).toBe('requested');
    s = run(
      s,
      cb({ Capture: 'payment-card-number-matcher', PartialResult: 'true' }),
      cb({ Capture: 'payment-card-number-matcher', Required: 'expiration-date', PartialResult: 'false' }),
    );
    expect(status(s, 'payment-card-number-matcher')).toBe('captured');
  });

  it('reads second entries in the docs’ PascalCase Required too', () => {
    expect(parseRequired('PaymentCardNumberMatcher, ExpirationDate')).toEqual([
      'payment-card-number-matcher',
      'expiration-date',
    ]);
  });

  it('refuses keying twice what Twilio cannot ask twice, with a sentence', () => {
    const check = (args: Record<string, unknown>) =>
      StartPaymentArgs.safeParse({ callSid: CALL, amount: '1.00', ...args }).error?.issues[0]?.message;
    expect(
      check({
        method: 'ach-debit',
        parameters: { AVSName: 'Ada' },
        requireMatchingInputs: ['payment-card-number'],
      }),
    ).toBe('Twilio can ask only card fields twice, not bank details.');
    expect(check({ securityCode: false, requireMatchingInputs: ['security-code'] })).toBe(
      'The security code is not collected, so it cannot be keyed twice.',
    );
    expect(check({ requireMatchingInputs: ['bank-account-number'] })).toMatch(/Only card fields/);
  });
});

describe('the details read back before charging (Confirmation)', () => {
  const ready = (args: Record<string, unknown> = {}) =>
    run(
      open({ securityCode: false, postalCode: false, ...args }),
      ask('payment-card-number'),
      cb({
        Capture: 'payment-card-number',
        PaymentCardNumber: 'xxxxxxxxxxxx1111',
        Required: 'expiration-date',
      }),
      ask('expiration-date'),
      cb({ Capture: 'expiration-date', ExpirationDate: '1230', Required: '' }),
    );
  const complete: () => SessionAction = () => ({ type: 'complete-requested', at: tick() });

  it('tells the agent the customer is listening and what 1 and 2 do', () => {
    const s = reduceSession(ready({ confirmation: true }), complete());
    expect(s).toMatchObject({ phase: 'completing', readBack: 'listening' });
    expect(s.message).toBe(
      'The customer is listening to the details read back. They press 1 to pay, or 2 to cancel.',
    );
    const paid = reduceSession(s, cb({ Result: 'success', PaymentConfirmationCode: 'ch_1' }));
    expect(paid.phase).toBe('succeeded');
  });

  it('without Confirmation there is no read-back', () => {
    const s = reduceSession(ready(), complete());
    expect(s.readBack).toBeUndefined();
    expect(s.message).toBe('Sending the payment to the processor…');
  });

  it.each([
    ['a cancel Result', { Result: 'transaction-cancelled' }],
    ['a bare update (cancelResult=omit)', {}],
  ])('the customer pressing 2 (%s) cancels and says who did', (_name, params) => {
    const s = reduceSession(reduceSession(ready({ confirmation: true }), complete()), cb(params));
    expect(s).toMatchObject({ phase: 'cancelled', readBack: 'declined' });
    expect(s.message).toBe(
      'The customer pressed 2 when the details were read back, so the payment was cancelled. Nothing was charged.',
    );
  });

  it('a read-back left unanswered reopens the payment, so Complete reads it back again', () => {
    const listening = reduceSession(ready({ confirmation: true }), complete());
    const s = reduceSession(
      listening,
      cb({ ErrorType: 'input-timeout', PaymentError: 'confirmation timed out', Required: '' }),
    );
    expect(s).toMatchObject({ phase: 'open', readBack: 'unanswered', readyToComplete: true });
    expect(s.alert).toEqual(READ_BACK_UNANSWERED_ALERT);
    expect(reduceSession(s, complete())).toMatchObject({ phase: 'completing', readBack: 'listening' });
  });
});

describe('after a decline', () => {
  const failed = (method: 'credit-card' | 'ach-debit', result: Record<string, string>) => {
    const s = open(method === 'ach-debit' ? { method, parameters: { AVSName: 'Ada' } } : {});
    return reduceSession(
      { ...s, phase: 'completing' },
      cb({ Result: 'payment-connector-error', PayErrorCode: '64008', ...result }),
    );
  };

  it('offers another card, or another account, with what to tell the customer', () => {
    expect(afterDecline(failed('credit-card', { PaymentError: 'card is declined' }))).toEqual({
      kind: 'try-another',
      button: 'Try another card',
      tellCustomer: 'I’m sorry, that card was not accepted. Do you have another card we could try?',
    });
    expect(afterDecline(failed('ach-debit', { ConnectorError: 'R02: Account closed' }))).toMatchObject({
      kind: 'try-another',
      button: 'Try another account',
    });
  });

  it.each([
    'stolen_card: Your card was declined.',
    'fraudulent: Your card was declined.',
    'lost_card',
    '43 Stolen card, pick up',
    'Suspected fraud (59)',
    'do_not_try_again',
  ])('says not to retry for "%s"', (reason) => {
    const advice = afterDecline(failed('credit-card', { ConnectorError: reason }));
    expect(advice?.kind).toBe('do-not-retry');
    expect(advice && 'warning' in advice && advice.warning).toMatch(/Do not try another card/);
  });

  it.each(['insufficient_funds: Your card has insufficient funds.', 'card_declined', 'expired_card'])(
    'another card is fine for "%s"',
    (reason) => expect(isDoNotRetry(reason)).toBe(false),
  );

  it('offers nothing where another card would not help: a connector refusal, a cancel, a success', () => {
    expect(afterDecline(failed('credit-card', { PayErrorCode: '64011' }))).toBeUndefined();
    const s = open({});
    expect(afterDecline(reduceSession(s, cb({ Result: 'transaction-cancelled' })))).toBeUndefined();
    expect(
      afterDecline(reduceSession({ ...s, phase: 'completing' }, cb({ Result: 'success' }))),
    ).toBeUndefined();
  });

  it('keeps the start’s options on the session, so another card is asked for the same way', () => {
    const s = open({ confirmation: true, requireMatchingInputs: ['payment-card-number'], timeout: 9 });
    expect(s.startArgs).toMatchObject({
      callSid: CALL,
      amount: '12.50',
      confirmation: true,
      requireMatchingInputs: ['payment-card-number'],
      timeout: 9,
    });
    expect(s.startArgs).not.toHaveProperty('confirmUnknownResult');
  });
});
