import { minorUnits } from './currencies';

/** Twilio's ceiling: ChargeAmount must be a positive decimal below 1,000,000 (reference §0). */
export const MAX_MAJOR_AMOUNT = 1_000_000;

/** An amount parsed once, at the edge: whole minor units of an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export interface Money {
  minor: number;
  /** Upper-case ISO 4217 code; its exponent comes from the ISO table (currencies.ts). */
  currency: string;
}

/** An amount in minor units, or why it was refused. */
export type AmountCheck = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Checks an amount the agent typed ("12.50") against the currency's minor units (Twilio's 64003:
 * JPY 0, USD 2, KWD 3) and Twilio's limits, and converts it to an integer count of minor units.
 * No floating point is involved.
 */
export function parseAmount(amount: string, currency: string): AmountCheck {
  const digits = minorUnits(currency);
  if (digits === undefined) {
    return {
      ok: false,
      message: `${currency} is not an ISO 4217 currency code (for example USD, EUR, GBP).`,
    };
  }
  const match = /^(\d{1,7})(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) {
    return { ok: false, message: `The amount must be a number such as ${example(digits)}, without symbols.` };
  }
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${currency.toUpperCase()} has no minor units, so the amount must be a whole number.`
          : `${currency.toUpperCase()} allows at most ${digits} decimal places.`,
    };
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0) return { ok: false, message: 'The amount must be above 0.' };
  if (minor >= MAX_MAJOR_AMOUNT * 10 ** digits) {
    return { ok: false, message: 'The amount must be below 1,000,000.' };
  }
  return { ok: true, minor };
}

/** Writes minor units back as the decimal string Twilio's ChargeAmount expects. */
export function formatMinor(minor: number, currency: string): string {
  const digits = minorUnits(currency) ?? 2;
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Twilio's ChargeAmount for an amount: the decimal written from its minor units ("12.50", "1500", "1.234"). */
export const chargeAmount = (money: Money): string => formatMinor(money.minor, money.currency);

/** An amount in minor units in the currency's own format (`$12.50`, `¥1,250`, `KWD 1.250`). */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const digits = minorUnits(currency) ?? 2;
  // ISO's minor units, not CLDR's: Intl alone would show IQD with 0 decimals.
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

/** A session's amount in the currency's own format, from its minor units (from its text, if it has none). */
export function formatCharge(
  s: { amount?: string; amountMinor?: number; currency: string },
  locale = 'en',
): string {
  // A session saved before amounts were kept in minor units has only its text: parse it as before.
  if (s.amountMinor !== undefined) return formatMoney(s.amountMinor, s.currency, locale);
  return s.amount === undefined ? s.currency.toUpperCase() : formatAmount(s.amount, s.currency, locale);
}

/** A decimal amount ("12.50") in the currency's own format; as typed with its code if it does not parse. */
export function formatAmount(amount: string, currency: string, locale = 'en'): string {
  const check = parseAmount(amount, currency);
  return check.ok ? formatMoney(check.minor, currency, locale) : `${amount} ${currency.toUpperCase()}`;
}

function example(digits: number): string {
  return digits === 0 ? '1250' : `12.${'5'.padEnd(digits, '0')}`;
}
