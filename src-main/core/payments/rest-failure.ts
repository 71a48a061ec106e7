import { describeTwilioCode } from '@shared/payments';
import { retryReason } from '../twilio';

/** Twilio's "call is not in progress": for a payment it means the call has ended. */
export const CALL_ENDED = 21220;

/** What a failed Twilio write means for the agent: the code, if any, and one sentence. */
export function describeRestFailure(error: unknown): { code?: number; status?: number; message: string } {
  const e = (error ?? {}) as { code?: unknown; status?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const known = describeTwilioCode(code);
  if (known) return { code, status, message: known };
  if (retryReason(error) !== undefined || status === undefined) {
    return {
      code,
      status,
      message: 'Callpay could not reach Twilio. Check the internet connection and try again.',
    };
  }
  // Twilio's own messages are written for people; anything long or odd is summarised instead.
  const text =
    typeof e.message === 'string' && e.message.length < 300 ? e.message : 'Twilio refused the request.';
  return { code, status, message: text };
}
