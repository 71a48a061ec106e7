/**
 * Turns the masked values Twilio sends into what the agent may see. Whatever arrives, the card
 * number keeps at most its last 4 digits, the bank account its last 2, the security code nothing.
 */

const DOT = '•';

/** The last 4 digits of a final masked card number, if it shows them. */
export function cardLast4(masked: string): string | undefined {
  const trailing = /(\d{1,4})$/.exec(masked.replace(/[\s-]/g, ''))?.[1];
  return trailing !== undefined && trailing.length === 4 ? trailing : undefined;
}

/** How many characters have been keyed so far, from a partial mask such as `xxx`. */
export function keyedLength(masked: string): number {
  return masked.replace(/[\s-]/g, '').length;
}

/** A card number for display: bullets while keying, then `•••• 1111`. Never more than 4 digits. */
export function displayCardNumber(masked: string, final: boolean): string {
  if (!final) return DOT.repeat(Math.min(keyedLength(masked), 19));
  const last4 = cardLast4(masked);
  return last4 === undefined ? DOT.repeat(4) : `${DOT.repeat(4)} ${last4}`;
}

/**
 * A security code is never shown, only how many digits were keyed: one bullet per key while the
 * customer types (Twilio's partial mask is one `x` per key), then 3 or 4 bullets once captured.
 */
export function displaySecurityCode(masked: string, final: boolean): string {
  const keyed = Math.min(keyedLength(masked), 4);
  return DOT.repeat(final ? Math.max(keyed, 3) : keyed);
}

/** The last 2 digits of a bank account number, as Twilio's mask shows them. */
export function accountLast2(masked: string): string | undefined {
  const trailing = /(\d{1,2})$/.exec(masked.trim())?.[1];
  return trailing !== undefined && trailing.length === 2 ? trailing : undefined;
}

/** A bank account number for display: bullets while keying, then `•••• 78`. */
export function displayAccountNumber(masked: string, final: boolean): string {
  const last2 = final ? accountLast2(masked) : undefined;
  return last2 === undefined ? DOT.repeat(Math.min(keyedLength(masked), 17)) : `${DOT.repeat(4)} ${last2}`;
}

/** Expiry arrives as MMYY in clear (not card data under PCI); shown as MM/YY. */
export function displayExpiry(value: string, final: boolean): string {
  const digits = value.replace(/\D/g, '');
  if (!final || digits.length !== 4) return DOT.repeat(Math.min(keyedLength(value), 4));
  return `${digits.slice(0, 2)}/${digits.slice(2)}`;
}

/** Postal and routing numbers are not secret; keep only sane characters and length. */
export function displayPlain(value: string, final: boolean): string {
  const clean = value.replace(/[^A-Za-z0-9 -]/g, '').slice(0, 12);
  return final ? clean : DOT.repeat(Math.min(keyedLength(value), 12));
}
