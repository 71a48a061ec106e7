import {
  RESULT_OVERDUE_ALERT,
  RESULT_UNKNOWN_ALERT,
  StartPaymentArgs,
  type PaymentSession,
  type PendingWrite,
} from '@shared/payments';

/** Why a new payment is refused while the last completion on the call has no known result. */
export const UNKNOWN_RESULT_REFUSAL =
  'The last payment on this call may have been charged: Twilio has not said how it ended. ' +
  'Check the payment processor, and take the payment again only after confirming it was not charged.';

/** A completion whose Result has not come and may never come (a restart, or an overdue answer). */
export function isUnknownCompletion(s: PaymentSession): boolean {
  const code = s.alert?.code;
  return (
    s.phase === 'completing' && (code === RESULT_UNKNOWN_ALERT.code || code === RESULT_OVERDUE_ALERT.code)
  );
}

/**
 * What a restored session needs: its start sent again (`create`), its complete or cancel sent
 * again (`resend`), its result waited for (`watch`), or nothing. A capture request is not resent:
 * the restart marked that field interrupted, and the agent asks for it again.
 */
export function resendAction(s: PaymentSession): 'create' | 'resend' | 'watch' | 'forget' {
  const operation = s.pendingWrite?.operation;
  if (s.phase === 'starting' && operation === 'start') return 'create';
  if ((operation === 'complete' || operation === 'cancel') && s.paymentSid !== undefined) return 'resend';
  if (s.phase === 'completing' || s.phase === 'cancelling') return 'watch';
  return 'forget';
}

/** The start arguments a pending start was written down with, read back through the schema. */
export function startArgsOf(write: PendingWrite): StartPaymentArgs | undefined {
  const parsed = StartPaymentArgs.safeParse(write.args);
  return parsed.success ? parsed.data : undefined;
}
