import { applyCallback } from './callback';
import type { PaymentSession } from './session';

type Params = Readonly<Record<string, string>>;

/** Shown when the customer let the read-back pass without pressing 1 or 2. */
export const READ_BACK_UNANSWERED_ALERT = {
  code: 'read_back_unanswered',
  message:
    'The customer did not press 1 or 2 after hearing the details read back, so nothing was charged. ' +
    'Complete again to read them back once more, or cancel.',
};

/** Complete was sent with Confirmation: Twilio now reads the details back to the customer. */
export function readBackStarted(s: PaymentSession): PaymentSession {
  return s.confirmation ? { ...s, readBack: 'listening', alert: undefined } : s;
}

/**
 * A callback while the customer hears the details read back. Twilio documents none for the prompt
 * itself (reference twilio-payments.md §6); the sandbox's readings are: no Capture and an ErrorType
 * when nobody pressed 1 or 2, and for a 2 the cancel's own callback (a Result, or none at all with
 * the `cancelResult=omit` switch). Undefined when the callback is not about the read-back.
 */
export function readBackCallback(
  s: PaymentSession,
  p: Params,
  receivedAt: number,
): PaymentSession | undefined {
  if (s.phase !== 'completing' || s.readBack !== 'listening' || p.Capture !== undefined) return undefined;
  const declined = (params: Params) => applyCallback({ ...s, readBack: 'declined' }, params, receivedAt);
  if (p.Result === 'transaction-cancelled') return declined(p);
  if (p.Result) return undefined;
  if (p.ErrorType) {
    return { ...s, phase: 'open', readBack: 'unanswered', alert: READ_BACK_UNANSWERED_ALERT };
  }
  // A bare update with no code while listening can only be the cancel the customer's 2 made.
  if (p.DateUpdated !== undefined && !p.PayErrorCode) {
    return declined({ ...p, Result: 'transaction-cancelled' });
  }
  return undefined;
}
