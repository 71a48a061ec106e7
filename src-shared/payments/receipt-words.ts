import type { ReceiptStatus } from '../api';

// Twilio's error codes for texts (twilio.com/docs/api/errors), as a sentence an agent can act on.
const CODE_SENTENCES: Record<number, string> = {
  21211: 'Twilio says this is not a valid phone number. Check it with the customer and try again.',
  21214: 'Twilio says this is not a valid phone number. Check it with the customer and try again.',
  21408: 'The account may not text numbers in that country. Check Messaging › Geo permissions in Twilio.',
  21606: 'The business number cannot send texts. Pick an SMS-capable number as the caller ID in Settings.',
  21608: 'A trial account can only text numbers it has verified. Verify the number in Twilio, or upgrade.',
  21610:
    'The customer has opted out of texts from this number (they replied STOP). They can reply START to allow them again.',
  21612: 'Twilio cannot reach this number by text. Ask the customer for a mobile number.',
  21614: 'This is not a mobile number, so it cannot take texts. Ask the customer for a mobile number.',
  21617: 'The receipt is too long for one text. Shorten the wording in Settings › Receipts.',
  30003: 'The customer’s phone could not be reached (switched off or out of signal). Try again later.',
  30004: 'The customer’s phone or carrier blocked the text.',
  30005: 'The number does not exist or is no longer in service. Check it with the customer.',
  30006: 'The number is a landline or its carrier cannot take texts. Ask the customer for a mobile number.',
  30007: 'The carrier filtered the text as unwanted. Check the wording in Settings › Receipts.',
  30008: 'The carrier could not deliver the text, for a reason it did not give. Try again later.',
};

const STATUS_SENTENCES: Record<ReceiptStatus, string> = {
  sending: 'Sending the receipt…',
  unknown:
    'Callpay could not tell whether Twilio took the text: no answer came back. Retry checks with Twilio first, so the customer is not texted twice.',
  queued: 'Twilio has the receipt and is sending it.',
  sent: 'The receipt is on its way to the customer’s phone.',
  delivered: 'The customer’s phone received the receipt.',
  undelivered: 'The receipt could not be delivered.',
  failed: 'Twilio could not send the receipt.',
};

/** Where a receipt stands, in a sentence; a failure says why (from Twilio's code) and what to do. */
export function receiptWords(status: ReceiptStatus, errorCode?: number): string {
  const base = STATUS_SENTENCES[status];
  if (status !== 'failed' && status !== 'undelivered') return base;
  const why = errorCode === undefined ? undefined : CODE_SENTENCES[errorCode];
  return `${base} ${why ?? (errorCode ? `Twilio gave error ${errorCode}. Try again, or check the number.` : 'Try again.')}`;
}

/** Whether pressing Retry may help. */
export const receiptRetryable = (status: ReceiptStatus) =>
  status === 'failed' || status === 'undelivered' || status === 'unknown';

const ORDER: ReceiptStatus[] = ['sending', 'unknown', 'queued', 'sent', 'delivered', 'undelivered', 'failed'];
const FINAL = new Set<ReceiptStatus>(['delivered', 'undelivered', 'failed']);

/** Whether a status callback moves a receipt on: callbacks can arrive out of order, a final one stays. */
export function receiptMovesTo(from: ReceiptStatus, to: ReceiptStatus): boolean {
  if (FINAL.has(from)) return false;
  return FINAL.has(to) || ORDER.indexOf(to) > ORDER.indexOf(from);
}
