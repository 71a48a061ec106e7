import { CARD_SHAPED } from '@shared/payments/card-shape';

const CARD_SHAPED_ALL = new RegExp(CARD_SHAPED.source, 'g');

/** Cuts card-shaped numbers out of free text (reasons, error types), wider than Luhn on purpose. */
export function redactCardNumbers(text: string): string {
  return text.replace(CARD_SHAPED_ALL, '[redacted]');
}

// Ids, codes and tokens: printable ASCII without spaces. Twilio's and connectors' ids all fit.
const IDENTIFIER = /^[\x21-\x7e]{1,200}$/;

/** An id, confirmation code or token, kept exactly; anything not shaped like one is not recorded. */
export function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
}
