/**
 * Card brands Twilio's ValidCardTypes accepts. The client validates against its own list
 * (src-shared/payments/start-args.ts) on purpose: the emulator must not share the client's reading of
 * Twilio, or one mistake made in both places would pass every test.
 */
export const cardTypes = [
  'visa',
  'mastercard',
  'amex',
  'maestro',
  'discover',
  'optima',
  'jcb',
  'diners-club',
  'enroute',
] as const;
export type CardType = (typeof cardTypes)[number];

interface BrandRule {
  type: CardType;
  prefix: (d: string) => boolean;
  length: (n: number, d: string) => boolean;
}

const between = (d: string, digits: number, lo: number, hi: number) => {
  const head = Number(d.slice(0, digits));
  return d.length >= digits && head >= lo && head <= hi;
};
const within = (n: number, lo: number, hi: number) => n >= lo && n <= hi;

// Twilio's <Pay> table, most specific first (its overlaps, like discover 6011 vs maestro 6, have no stated order).
// Deviations: visa also allows 16 digits (the table's "13, 15, 19" is a typo: every Visa test card has 16), and
// diners-club takes 300–309 so Twilio's own Diners test card 3065930009020004 is recognised.
const rules: BrandRule[] = [
  { type: 'amex', prefix: (d) => /^3[47]/.test(d), length: (n) => n === 15 },
  { type: 'enroute', prefix: (d) => /^(2014|2149)/.test(d), length: (n) => n === 15 },
  {
    type: 'mastercard',
    prefix: (d) => between(d, 6, 510000, 559999) || between(d, 6, 222100, 272099),
    length: (n) => n === 16,
  },
  {
    type: 'diners-club',
    prefix: (d) => /^(30[0-9]|3095|36|38|39)/.test(d),
    length: (n, d) => within(n, d.startsWith('36') ? 14 : 16, 19),
  },
  { type: 'jcb', prefix: (d) => between(d, 4, 3528, 3589), length: (n) => within(n, 16, 19) },
  { type: 'discover', prefix: (d) => /^(6011|64|65)/.test(d), length: (n) => within(n, 16, 19) },
  { type: 'maestro', prefix: (d) => /^(5[0678]|6)/.test(d), length: (n) => within(n, 12, 19) },
  { type: 'visa', prefix: (d) => d.startsWith('4'), length: (n) => [13, 15, 16, 19].includes(n) },
];

/** The Luhn (mod 10) check every card number carries. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Twilio documents 3065930009020004 as its Diners Club test card although it fails Luhn; accept it as listed.
const luhnExempt: ReadonlySet<string> = new Set(['3065930009020004']);

/** The brand whose documented prefix matches, and whether the length fits it; undefined when none matches. */
export function detectCardType(digits: string): { type: CardType; lengthOk: boolean } | undefined {
  const rule = rules.find((r) => r.prefix(digits));
  return rule && { type: rule.type, lengthOk: rule.length(digits.length, digits) };
}

/** Checks a card number: the ErrorType Twilio reports, or the brand when it passes. */
export function checkCardNumber(
  digits: string,
  validTypes: readonly string[],
): { ok: true; type: CardType } | { ok: false; errorType: 'invalid-card-number' | 'invalid-card-type' } {
  if (digits.length < 12 || digits.length > 19 || !(luhnValid(digits) || luhnExempt.has(digits)))
    return { ok: false, errorType: 'invalid-card-number' };
  const brand = detectCardType(digits);
  if (!brand || !validTypes.includes(brand.type)) return { ok: false, errorType: 'invalid-card-type' };
  if (!brand.lengthOk) return { ok: false, errorType: 'invalid-card-number' };
  return { ok: true, type: brand.type };
}

/** Security code length by brand: 4 for amex, 3 for every other brand. */
export function securityCodeLength(type: string | undefined): number {
  return type === 'amex' ? 4 : 3;
}

/** MMYY that names a real month which has not yet ended (cards are valid through their expiry month). */
export function expiryValid(mmyy: string, now: Date): boolean {
  const match = /^(0[1-9]|1[0-2])([0-9]{2})$/.exec(mmyy);
  if (!match) return false;
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return year * 12 + (month - 1) >= current;
}

/** The ABA routing number checksum: 3-7-1 weights over 9 digits, sum divisible by 10. */
export function abaValid(routing: string): boolean {
  if (!/^[0-9]{9}$/.test(routing)) return false;
  const d = [...routing].map(Number) as number[];
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  return d.reduce((sum, digit, i) => sum + digit * (w[i] as number), 0) % 10 === 0;
}

/** Bank account numbers: 4 to 17 digits (the US ACH field width; Twilio only says "fewer than minimum digits"). */
export function bankAccountValid(digits: string): boolean {
  return /^[0-9]{4,17}$/.test(digits);
}

/** A postal code keyed on a phone: digits, at least `min` of them, at most 10. */
export function postalCodeValid(digits: string, min: number): boolean {
  return /^[0-9]+$/.test(digits) && digits.length >= Math.max(1, min) && digits.length <= 10;
}
