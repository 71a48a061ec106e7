import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awaitsResult,
  createSession,
  PAYMENT_FIELDS,
  PaymentSession,
  reduceSession,
  StartPaymentArgs,
  TERMINAL_PHASES,
  type SessionAction,
} from '@shared/payments';
import { isoClock } from '../helpers/session-clock';
import { CALL_SID, callbackPairs, firstValues, PAYMENT_SID } from './callback-arbitraries';

const t0 = Date.parse('2026-11-26T10:00:00Z');

const sessionArgs = fc.oneof(
  fc.record({
    amount: fc.constantFrom('12.50', '', '0.01'),
    securityCode: fc.boolean(),
    postalCode: fc.boolean(),
  }),
  fc.constant({ method: 'ach-debit', amount: '30.00', parameters: { AVSName: 'Ada Lovelace' } }),
);

/** Everything else that can happen to a session, between callbacks. */
const otherAction = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...PAYMENT_FIELDS)
      .map((field) => ({ type: 'field-requested', field }) as const),
  },
  fc.constantFrom(
    { type: 'complete-requested' } as const,
    { type: 'cancel-requested' } as const,
    { type: 'call-ended' } as const,
    { type: 'tunnel', up: false } as const,
    { type: 'tunnel', up: true } as const,
  ),
  fc.record({
    type: fc.constant('rest-failed' as const),
    operation: fc.constantFrom('request', 'complete', 'cancel') as fc.Arbitrary<
      'request' | 'complete' | 'cancel'
    >,
    code: fc.option(fc.constantFrom(64008, 21220, 20404), { nil: undefined }),
    message: fc.constant('Twilio answered 500.'),
  }),
);

const step = fc.oneof(
  {
    weight: 4,
    arbitrary: callbackPairs({ prototypeNames: true }).map(
      (pairs) => ({ type: 'callback', params: firstValues(pairs) }) as const,
    ),
  },
  { weight: 1, arbitrary: otherAction },
);

const digitCount = (text: string | undefined) => (text ?? '').replace(/\D/g, '').length;

/** What every session must satisfy after any action. */
function expectSound(s: PaymentSession) {
  const checked = PaymentSession.safeParse(s);
  expect(checked.error?.issues ?? []).toEqual([]);
  for (const f of s.fields) {
    if (f.field === 'payment-card-number') expect(digitCount(f.display)).toBeLessThanOrEqual(4);
    if (f.field === 'security-code') expect(digitCount(f.display)).toBe(0);
    if (f.field === 'bank-account-number') expect(digitCount(f.display)).toBeLessThanOrEqual(2);
  }
  if (s.card.last4 !== undefined) expect(s.card.last4).toMatch(/^\d{4}$/);
  if (s.bank.accountLast2 !== undefined) expect(s.bank.accountLast2).toMatch(/^\d{2}$/);
  expect(s.message.length).toBeGreaterThan(0);
}

describe('session reducer under random and mutated callbacks', () => {
  it('never throws, keeps the session valid, never un-captures a field, and shows at most the last 4 digits', () => {
    fc.assert(
      fc.property(sessionArgs, fc.array(step, { minLength: 1, maxLength: 25 }), (args, steps) => {
        const at = isoClock(t0, 500);
        const created = createSession({
          id: 's1',
          agent: 'maria',
          args: StartPaymentArgs.parse({ callSid: CALL_SID, ...args }),
          at: at(),
        });
        let s = reduceSession(created, { type: 'started', paymentSid: PAYMENT_SID, at: at() });
        expectSound(s);
        for (const partial of steps) {
          const action = { ...partial, at: at() } as SessionAction;
          const next = reduceSession(s, action);
          expectSound(next);
          // An ended session moves no more, except a completion still owed its Result, which takes it
          // when it comes (a charge must show): found by this fuzzer, seed 1758396333.
          const owedResult = awaitsResult(s) && action.type === 'callback' && Boolean(action.params.Result);
          if (TERMINAL_PHASES.includes(s.phase) && !owedResult) expect(next).toBe(s);
          if (owedResult) expect(TERMINAL_PHASES).toContain(next.phase);
          if (action.type === 'callback') {
            // A callback may turn a captured field into an error (a newer failure), never back to listening.
            for (const before of s.fields.filter((f) => f.status === 'captured')) {
              const after = next.fields.find((f) => f.field === before.field)!;
              expect(['captured', 'error']).toContain(after.status);
            }
          }
          if (next.readyToComplete) {
            expect(next.phase).toBe('open');
            expect(next.fields.every((f) => f.status === 'captured')).toBe(true);
          }
          s = next;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps an unmasked card number or security code out of the session, wherever Twilio puts it in a capture', () => {
    /** A Luhn-valid 16-digit number: what a card-data scanner would flag. */
    const luhn = fc.stringMatching(/^4\d{14}$/).map((body) => {
      const sum = [...body].reverse().reduce((acc, ch, i) => {
        const d = Number(ch) * (i % 2 === 0 ? 2 : 1);
        return acc + (d > 9 ? d - 9 : d);
      }, 0);
      return `${body}${(10 - (sum % 10)) % 10}`;
    });
    const leaky = fc
      .tuple(callbackPairs({ prototypeNames: true }), luhn, fc.stringMatching(/^\d{3,4}$/))
      .map(([pairs, card, code]) => ({
        card,
        params: {
          ...firstValues(pairs),
          PaymentCardNumber: card,
          SecurityCode: code,
          BankAccountNumber: card,
        },
      }));
    fc.assert(
      fc.property(fc.array(leaky, { minLength: 1, maxLength: 12 }), (steps) => {
        const at = isoClock(t0, 500);
        const args = StartPaymentArgs.parse({ callSid: CALL_SID, amount: '12.50' });
        let s = reduceSession(createSession({ id: 's1', agent: 'maria', args, at: at() }), {
          type: 'started',
          paymentSid: PAYMENT_SID,
          at: at(),
        });
        for (const { card, params } of steps) {
          s = reduceSession(s, { type: 'field-requested', field: 'payment-card-number', at: at() });
          s = reduceSession(s, { type: 'callback', params, at: at() });
          expectSound(s);
          // Any 8 digits of the number in a row would already be more than the last 4. The field
          // times are the test clock's epoch milliseconds, whose 13 digits can hold 8 of a random
          // card's by chance (seed 1032957460): they are left out of the search.
          const text = JSON.stringify(s).replace(/"lastEventAt":\d+/g, '"lastEventAt":0');
          for (let i = 0; i + 8 <= card.length; i++) expect(text).not.toContain(card.slice(i, i + 8));
        }
      }),
      { numRuns: 300 },
    );
  });
});
