import { minorUnits } from './currencies';

/** Twilio's ceiling: ChargeAmount must be a positive decimal below 1,000,000 (reference §0). */
export const MAX_MAJOR_AMOUNT = 1_000_000;

/** An amount in minor units, or why it was refused. */
export type AmountCheck = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Checks an amount the agent typed ("12.50") against the currency's minor units and Twilio's
 * limits, and converts it to an integer count of minor units. No floating point is involved.
 */
/** Decimal places Twilio's ChargeAmount accepts (its 64003 text: "between 0.00 and 1,000,000.00"). */
const TWILIO_MAX_DECIMALS = 2;

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
  if (fraction.length > TWILIO_MAX_DECIMALS) {
    // Twilio takes ChargeAmount with at most 2 decimals, whatever the currency's minor units.
    return {
      ok: false,
      message: `Twilio takes amounts with at most ${TWILIO_MAX_DECIMALS} decimal places; round the amount.`,
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

function example(digits: number): string {
  return digits === 0 ? '1250' : `12.${'5'.padEnd(digits, '0')}`;
}
