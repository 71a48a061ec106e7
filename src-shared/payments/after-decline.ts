import type { PaymentSession } from './session';

/** What the result card of a failed payment offers: another card (or account), or a warning not to. */
export type AfterDecline =
  | { kind: 'try-another'; button: string; tellCustomer: string }
  | { kind: 'do-not-retry'; warning: string; tellCustomer: string };

/**
 * Reasons a processor gives when the card or account must not be tried again on this call: the
 * issuer reported it lost or stolen, suspects fraud, or says never to retry. Words from Stripe's
 * decline codes (stolen_card, lost_card, fraudulent, pickup_card, restricted_card,
 * security_violation, do_not_try_again; docs.stripe.com/declines/codes), the network codes behind
 * them (04/07 pick up card, 41 lost, 43 stolen, 59 suspected fraud, 62 restricted;
 * docs.stripe.com/declines/network-codes) as processors word them, and the ACH returns that mean the
 * debit is not authorised (R05, R07, R10, R29) or the account is frozen (R16).
 */
const DO_NOT_RETRY =
  /stolen|lost[ _-]?card|card (?:is |was )?(?:reported )?lost|fraud|pick[ _-]?up|restricted[ _-]card|security[ _-]violation|do[ _-]not[ _-]try[ _-]again|\bR(?:05|07|10|16|29)\b/i;

/** Failures another card could fix; a refusal of the connector or of the amount would fail again. */
const CARD_CODES = new Set([64008, 64010, 64012, 64022, 64023]);
const RETRYABLE_RESULTS = new Set(['payment-connector-error', 'internal-error', 'too-many-failed-attempts']);

/** Whether the processor's reason says this card or account must not be tried again. */
export function isDoNotRetry(reason: string | undefined): boolean {
  return reason !== undefined && DO_NOT_RETRY.test(reason);
}

/** What to offer once a payment failed; undefined when neither applies (success, cancel, a refusal). */
export function afterDecline(s: PaymentSession): AfterDecline | undefined {
  if (s.phase !== 'failed' || !s.result?.result || !RETRYABLE_RESULTS.has(s.result.result)) return undefined;
  const code = s.result.payErrorCode;
  if (code !== undefined && !CARD_CODES.has(code)) return undefined;
  const bank = s.method === 'ach-debit';
  if (isDoNotRetry(`${s.result.connectorError ?? ''} ${s.result.paymentError ?? ''}`)) {
    return {
      kind: 'do-not-retry',
      warning: bank
        ? 'The bank says this debit is not authorised or the account is frozen. Do not take another account on this call; follow your business’s procedure for suspected fraud.'
        : 'The card issuer reported this card lost or stolen, or suspects fraud. Do not try another card on this call; follow your business’s procedure for suspected fraud.',
      // Processors advise against telling the caller why (it may alert a fraudster): a plain decline.
      tellCustomer: bank
        ? 'I’m sorry, your bank did not accept this payment. Please contact your bank.'
        : 'I’m sorry, your card issuer did not accept this payment. Please contact your bank.',
    };
  }
  return bank
    ? {
        kind: 'try-another',
        button: 'Try another account',
        tellCustomer:
          'I’m sorry, your bank did not accept that account. Do you have another account we could use?',
      }
    : {
        kind: 'try-another',
        button: 'Try another card',
        tellCustomer: 'I’m sorry, that card was not accepted. Do you have another card we could try?',
      };
}
