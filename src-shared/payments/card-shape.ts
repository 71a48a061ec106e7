/**
 * A run of 12–19 digits, single spaces or dashes between them: the shape of a card number.
 * Deliberately wider than Luhn: a mistyped card number is still most of a card number, and the
 * text it guards (wording, references, reasons) never needs 12 digits in a row.
 */
export const CARD_SHAPED = /(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/;

/** True when the text holds a card-shaped run of digits. */
export function hasCardShapedRun(text: string): boolean {
  return CARD_SHAPED.test(text);
}
