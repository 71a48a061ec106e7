import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSession,
  PaymentSession,
  reduceSession,
  StartPaymentArgs,
  type SessionAction,
} from '@shared/payments';
import { isoClock } from '../helpers/session-clock';
import { CALL_SID, callbackPairs, firstValues, PAYMENT_SID } from './callback-arbitraries';

function opened() {
  const at = '2026-11-26T10:00:00.000Z';
  const s = createSession({
    id: 's1',
    agent: 'maria',
    args: StartPaymentArgs.parse({ callSid: CALL_SID, amount: '1.00' }),
    at,
  });
  return reduceSession(s, { type: 'started', paymentSid: PAYMENT_SID, at });
}

describe('callbacks whose values are Object.prototype names', () => {
  it('a Result of "constructor" still ends the session in a valid phase with a sentence', () => {
    const s = reduceSession(opened(), {
      type: 'callback',
      params: { Sid: PAYMENT_SID, Result: 'constructor' },
      at: '2026-11-26T10:00:01.000Z',
    });
    expect(PaymentSession.safeParse(s).success).toBe(true);
  });

  it('an unknown-field ErrorType of "toString" still raises an alert with a string message', () => {
    const s = reduceSession(opened(), {
      type: 'callback',
      params: { Sid: PAYMENT_SID, ErrorType: 'toString' },
      at: '2026-11-26T10:00:01.000Z',
    });
    expect(PaymentSession.safeParse(s).success).toBe(true);
  });

  it('random callbacks that may carry those names keep every session valid', () => {
    fc.assert(
      fc.property(
        fc.array(callbackPairs({ prototypeNames: true }), { minLength: 1, maxLength: 20 }),
        (steps) => {
          let s = opened();
          const at = isoClock('2026-11-26T10:00:00Z', 500);
          for (const pairs of steps) {
            const action = {
              type: 'callback',
              params: firstValues(pairs),
              at: at(),
            } as SessionAction;
            s = reduceSession(s, action);
            expect(PaymentSession.safeParse(s).success).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
