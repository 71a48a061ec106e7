/** How History names an outcome: a word a person would say. */
export const OUTCOME_WORDS: Record<string, string> = {
  succeeded: 'Paid',
  failed: 'Failed',
  cancelled: 'Cancelled',
  ended: 'Ended',
};

const RESULT_SENTENCES: Record<string, string> = {
  'payment-connector-error': 'The processor declined it.',
  'caller-interrupted-with-star': 'The customer pressed * to stop.',
  'caller-hung-up': 'The customer hung up.',
  'validation-error': 'Twilio refused the payment details.',
  'too-many-failed-attempts': 'Too many failed attempts.',
  'internal-error': 'Twilio had an internal problem.',
  'transaction-cancelled': 'The agent cancelled it.',
  'call-ended': 'The call ended before it was complete.',
  'call-ended-while-completing': 'The call ended while it was completing: check the processor.',
};

/** History's line for a payment: the outcome's word, and why in a short sentence when it did not succeed. */
export function historyWords(e: { outcome: string; result?: string; charge?: boolean }): {
  outcome: string;
  why?: string;
} {
  const outcome =
    e.outcome === 'succeeded' && e.charge === false ? 'Saved' : (OUTCOME_WORDS[e.outcome] ?? e.outcome);
  if (!e.result || e.result === 'success') return { outcome };
  return { outcome, why: RESULT_SENTENCES[e.result] ?? `Twilio ended it with “${e.result}”.` };
}
