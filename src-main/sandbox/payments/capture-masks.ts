/** How a card number's final mask looks: observed `xxxxxxxxxxxx1111`, or the docs' grouped `xxxx-xxxxxx-x4001`. */
export type CardMaskStyle = 'run' | 'grouped';

/** Final card mask: every digit but the last 4 becomes `x`. */
export function maskCardNumber(digits: string, style: CardMaskStyle = 'run'): string {
  const shown = Math.min(4, digits.length);
  const masked = 'x'.repeat(digits.length - shown) + digits.slice(digits.length - shown);
  if (style === 'run') return masked;
  const groups =
    digits.length === 15 ? [4, 6, 5] : digits.length === 14 ? [4, 6, 4] : groupsOfFour(digits.length);
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(masked.slice(at, at + size));
    at += size;
  }
  return parts.filter(Boolean).join('-');
}

function groupsOfFour(n: number): number[] {
  return Array.from({ length: Math.ceil(n / 4) }, () => 4);
}

/** While a card number or security code is being keyed: one `x` per key so far, nothing in clear. */
export function maskProgress(count: number): string {
  return 'x'.repeat(count);
}

/** A security code is always fully masked. */
export function maskSecurityCode(digits: string): string {
  return 'x'.repeat(digits.length);
}

/** Final bank account mask: `*` for all but the last 2 digits. */
export function maskBankAccount(digits: string): string {
  const shown = Math.min(2, digits.length);
  return '*'.repeat(digits.length - shown) + digits.slice(digits.length - shown);
}

/** While a bank account is keyed: one `*` per key, nothing in clear. */
export function maskBankAccountProgress(count: number): string {
  return '*'.repeat(count);
}
