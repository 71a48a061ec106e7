/**
 * What Twilio's ErrorType and Result values mean, in sentences an agent can act on
 * (reference twilio-payments.md §1.8, §1.9, §2.1).
 */

/** Every ErrorType a Payments StatusCallback may carry (reference §1.8). */
export const ERROR_TYPES = [
  'input-timeout',
  'invalid-card-number',
  'invalid-card-type',
  'invalid-date',
  'invalid-security-code',
  'invalid-postal-code',
  'invalid-bank-routing-number',
  'invalid-bank-account-number',
  'invalid-bank-account-type',
  'invalid-card-number-security-code-capture-sequence',
  'input-matching-failed',
  'session-in-progress',
  'internal-error',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * One home for what each ErrorType means: `text` is the sentence the core gives the agent, and the
 * capture checklist's row says `problem` in a few words with what to `say` to the customer.
 */
const ERROR_WORDS: Record<ErrorType, { text: string; problem?: string; say?: string }> = {
  'input-timeout': {
    text: 'The customer did not key anything in time. Ask them to be ready, then request the field again.',
    problem: 'Nothing was keyed in time',
    say: 'Please have your card ready, then key the digits when you hear the prompt.',
  },
  'invalid-card-number': {
    text: 'That card number is not valid (wrong length or a mistyped digit). Request the card number again.',
    problem: 'Card number not valid',
    say: 'That number did not go through. Please key the long number on the front of the card, then #.',
  },
  'invalid-card-type': {
    text: 'This card type is not accepted for this payment. Ask for a different card, then request the card number again.',
    problem: 'Card type not accepted',
    say: 'We cannot take that type of card. Do you have another card?',
  },
  'invalid-date': {
    text: 'That expiration date is not valid or is in the past. Request the expiration date again (MMYY).',
    problem: 'Expiration date not valid',
    say: 'Please key the expiration date as month then year, four digits, such as 0 8 2 7.',
  },
  'invalid-security-code': {
    text: 'That security code is not valid. Request the security code again.',
    problem: 'Security code not valid',
    say: 'Please key the 3-digit code on the back (4 digits on the front for Amex).',
  },
  'invalid-postal-code': {
    text: 'That postal code has the wrong number of characters. Request the postal code again.',
    problem: 'Postal code not valid',
    say: 'Please key the postal code of the card’s billing address.',
  },
  'invalid-bank-routing-number': {
    text: 'That routing number is not valid. Request the routing number again.',
    problem: 'Routing number not valid',
    say: 'Please key the 9-digit routing number from the bottom of a cheque.',
  },
  'invalid-bank-account-number': {
    text: 'That account number is too short. Request the account number again.',
    problem: 'Account number not valid',
    say: 'Please key your account number again, then #.',
  },
  'invalid-bank-account-type': {
    text: 'The bank account type is not valid. Cancel and start again with another type.',
  },
  'invalid-card-number-security-code-capture-sequence': {
    text: 'The security code can only be taken after the card number. Request the card number first.',
    problem: 'Card number needed first',
    say: 'We need the card number before the security code.',
  },
  'input-matching-failed': {
    text: 'The two entries did not match. Request the field again.',
    problem: 'The two entries did not match',
    say: 'Please key it once more, the same both times.',
  },
  'session-in-progress': {
    text: 'Twilio says a payment is already open on this call. Finish or cancel that one first.',
  },
  'internal-error': { text: 'Twilio had an internal problem taking that field. Request it again.' },
};

// Own keys only: a callback saying "constructor" must not reach Object.prototype.
const wordsOf = (errorType: string) =>
  Object.hasOwn(ERROR_WORDS, errorType) ? ERROR_WORDS[errorType as ErrorType] : undefined;

/** A sentence for an ErrorType; unknown values still get a sentence and keep their name. */
export function describeErrorType(errorType: string): string {
  return wordsOf(errorType)?.text ?? `Twilio reported "${errorType}". Request the field again.`;
}

/** The checklist's few words for an ErrorType and what to say to the customer; undefined when it has none. */
export function checklistWords(errorType: string): [problem: string, say: string] | undefined {
  const words = wordsOf(errorType);
  return words?.problem !== undefined && words.say !== undefined ? [words.problem, words.say] : undefined;
}

/** How a session ends, by the callback's Result. */
export type Outcome = 'succeeded' | 'failed' | 'cancelled' | 'ended';

/** Every Result a session can end with (reference §1.9), including the cancel outcome seen in practice. */
export const RESULTS = [
  'success',
  'payment-connector-error',
  'caller-interrupted-with-star',
  'caller-hung-up',
  'validation-error',
  'too-many-failed-attempts',
  'internal-error',
  'transaction-cancelled',
] as const;
export type Result = (typeof RESULTS)[number];

const RESULT_INFO: Record<Result, { outcome: Outcome; text: string }> = {
  success: { outcome: 'succeeded', text: 'The payment went through.' },
  'payment-connector-error': {
    outcome: 'failed',
    text: 'The payment processor did not accept the payment. Nothing was charged. Start a new payment to try again, with other payment details if the customer has them.',
  },
  'caller-interrupted-with-star': {
    outcome: 'cancelled',
    text: 'The customer pressed * to stop. Nothing was charged.',
  },
  'caller-hung-up': {
    outcome: 'ended',
    text: 'The customer hung up, so the payment ended. Nothing was charged.',
  },
  'validation-error': {
    outcome: 'failed',
    text: 'Twilio refused the payment details (for example the amount). Nothing was charged. Check them and start again.',
  },
  'too-many-failed-attempts': {
    outcome: 'failed',
    text: 'Too many failed attempts. Nothing was charged. Start a new payment to try again.',
  },
  'internal-error': {
    outcome: 'failed',
    text: 'Twilio had an internal problem. Nothing was charged. Start a new payment to try again.',
  },
  'transaction-cancelled': { outcome: 'cancelled', text: 'The payment was cancelled. Nothing was charged.' },
};

/** What a Result means for the session; unknown values count as a failure and keep their name. */
export function describeResult(result: string): { outcome: Outcome; text: string } {
  if (Object.hasOwn(RESULT_INFO, result)) {
    return (RESULT_INFO as Record<string, { outcome: Outcome; text: string }>)[result]!;
  }
  return {
    outcome: 'failed',
    text: `Twilio ended the payment with "${result}". Nothing is known to have been charged.`,
  };
}

const PAY_ERROR_TEXT: Record<number, string> = {
  64003:
    'Twilio refused the amount: it must be above 0, below 1,000,000, with no more decimals than the currency has (JPY none, USD 2, KWD 3).',
  64004: 'The payment connector name is not known to Twilio.',
  64005:
    'The payment connector cannot save payment details (tokenize). Charge an amount instead, or pick another connector.',
  64006: 'The payment connector does not support that token type. Choose another token type.',
  64007: 'The payment connector cannot take charges. Save the details instead, or pick another connector.',
  64008: 'The payment gateway declined the charge.',
  64009:
    'Twilio is no longer authorized on this payment connector. Ask an administrator to re-authorize it in the Twilio Console.',
  64010: 'The payment gateway declined to save the card.',
  64011: 'The payment connector does not take that currency. Choose another currency.',
  64012: 'The payment gateway rejected the card.',
  64013: 'The payment connector does not take that payment method. Use a card or a bank account instead.',
  64014: 'Bank payments need the account holder’s name (AVSName). Enter it and start again.',
  64017: 'A bank account type cannot be used with a card payment.',
  64018: 'Twilio needs exactly one of Capture or Status.',
  64019: 'Not every required field has been captured yet.',
  64020: 'Twilio found an invalid value in the request.',
  64021: 'A payment is already open on this call.',
  64022: 'The connector is in test mode and only takes test cards.',
  64023: 'The connector is in test mode and only takes test bank accounts.',
  21220: 'The call is no longer in progress.',
  20429:
    'Twilio asked Callpay to slow down (too many requests) and kept refusing after several tries. Wait a minute, then try again.',
};

/** A sentence for a Twilio error code (REST or PayErrorCode), when we know it. */
export function describeTwilioCode(code: number | undefined): string | undefined {
  return code === undefined ? undefined : PAY_ERROR_TEXT[code];
}
