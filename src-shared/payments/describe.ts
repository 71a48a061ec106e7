import { describeResult, describeTwilioCode } from './catalogue';
import { FIELD_LABELS, matchedField, type PaymentField } from './fields';
import { formatCharge } from './money';
import type { PaymentSession } from './session';

/** One sentence for the agent: where the payment stands and what to do next. */
export function describeSession(s: PaymentSession): string {
  switch (s.phase) {
    case 'starting':
      return 'Starting the payment with Twilio…';
    case 'open':
      return openSentence(s);
    case 'completing':
      if (s.alert?.code === 'result_unknown') return 'Result unknown: check before charging again.';
      if (s.readBack === 'listening') return READ_BACK_LISTENING;
      return s.charge ? 'Sending the payment to the processor…' : 'Saving the payment details…';
    case 'cancelling':
      return 'Cancelling the payment…';
    case 'succeeded':
      return succeeded(s);
    case 'ended':
      if (s.result?.result === 'result-unknown')
        return 'Twilio never reported how this payment ended; the agent checked the processor and went on.';
      return s.result?.result === 'call-ended-while-completing'
        ? 'The call ended before Twilio confirmed the result. Check the processor before charging again.'
        : s.result?.result === 'call-ended' || s.result?.result === undefined
          ? 'The call ended, so the payment session ended. Nothing was charged.'
          : describeResult(s.result.result).text;
    case 'failed':
    case 'cancelled':
      if (s.phase === 'cancelled' && s.readBack === 'declined')
        return 'The customer pressed 2 when the details were read back, so the payment was cancelled. Nothing was charged.';
      return failed(s);
  }
}

/** While Twilio reads the details back after Complete (Confirmation). */
export const READ_BACK_LISTENING =
  'The customer is listening to the details read back. They press 1 to pay, or 2 to cancel.';

// In a sentence a second entry reads "the card number a second time".
const spoken = (field: PaymentField) => {
  const first = matchedField(field);
  return first ? `${FIELD_LABELS[first]} a second time` : FIELD_LABELS[field];
};

function openSentence(s: PaymentSession): string {
  const active = s.fields.find((f) => f.field === s.activeField);
  if (active?.status === 'capturing') return `The customer is keying the ${spoken(active.field)}.`;
  if (active?.status === 'requested') return `Waiting for the customer to key the ${spoken(active.field)}.`;
  const erred = s.fields.find((f) => f.status === 'error');
  if (erred?.message) return erred.message;
  const next = s.fields.find((f) => f.status !== 'captured');
  if (next === undefined) return 'Everything is captured. Complete the payment when the customer is ready.';
  return `Request the ${spoken(next.field)} when the customer is ready.`;
}

function succeeded(s: PaymentSession): string {
  const card = s.card.last4 ? ` on ${s.card.brand ?? 'card'} ending ${s.card.last4}` : '';
  if (s.charge) {
    const code = s.result?.confirmationCode ? ` Confirmation code ${s.result.confirmationCode}.` : '';
    return `The payment of ${formatCharge(s)} went through${card}.${code}`;
  }
  const token = s.result?.token ? ` Token ${s.result.token}.` : '';
  return `The payment details were saved${card}.${token}`;
}

function failed(s: PaymentSession): string {
  const result = s.result?.result;
  const base = result ? describeResult(result).text : (s.alert?.message ?? 'The payment did not go through.');
  const reason = s.result?.paymentError?.trim().replace(/\.+$/, '');
  // A refused start already carries the reason in its alert; say it once.
  const detail = reason && !base.includes(reason) ? ` Reason given: ${reason}.` : '';
  // A known PayErrorCode says what to do next (e.g. 64011: choose another currency).
  const known = result ? describeTwilioCode(s.result?.payErrorCode) : undefined;
  return `${base}${known && !base.includes(known) ? ` ${known}` : ''}${detail}`;
}
