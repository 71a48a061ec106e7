// A run of 12–19 digits, single spaces or dashes between them: the shape of a card number.
const CARD_SHAPED = /(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/g;

/**
 * Cuts card-shaped numbers out of free text. Deliberately wider than Luhn: a mistyped card number
 * is still most of a card number, and free text (reasons, error types) never needs 12+ digits.
 */
export function redactCardNumbers(text: string): string {
  return text.replace(CARD_SHAPED, '[redacted]');
}

// Ids, codes and tokens: printable ASCII without spaces. Twilio's and connectors' ids all fit.
const IDENTIFIER = /^[\x21-\x7e]{1,200}$/;

/** An id, confirmation code or token, kept exactly; anything not shaped like one is not recorded. */
export function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
}
