import { z } from 'zod';

/** The pieces of payment data Twilio can capture, by their Capture names. */
export const CARD_FIELDS = [
  'payment-card-number',
  'expiration-date',
  'security-code',
  'postal-code',
] as const;
export const ACH_FIELDS = ['bank-routing-number', 'bank-account-number'] as const;
export const PAYMENT_FIELDS = [...CARD_FIELDS, ...ACH_FIELDS] as const;

/** A capturable field, with a sentence listing the valid names when it is not one. */
export const PaymentField = z.enum(PAYMENT_FIELDS, {
  message: `The field must be one of: ${PAYMENT_FIELDS.join(', ')}.`,
});
export type PaymentField = z.infer<typeof PaymentField>;

/** Card or bank (ACH) payment, by Twilio's PaymentMethod names. */
export const PaymentMethod = z.enum(['credit-card', 'ach-debit'], {
  message: 'The payment method must be credit-card or ach-debit.',
});
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** What the agent sees for each field. */
export const FIELD_LABELS: Record<PaymentField, string> = {
  'payment-card-number': 'card number',
  'expiration-date': 'expiration date',
  'security-code': 'security code',
  'postal-code': 'postal code',
  'bank-routing-number': 'routing number',
  'bank-account-number': 'account number',
};

/** The fields a session collects, in the order an agent usually asks for them. */
export function fieldsFor(
  method: PaymentMethod,
  options: { securityCode: boolean; postalCode: boolean },
): PaymentField[] {
  if (method === 'ach-debit') return [...ACH_FIELDS];
  return CARD_FIELDS.filter(
    (f) => (f !== 'security-code' || options.securityCode) && (f !== 'postal-code' || options.postalCode),
  );
}

const kebab = (name: string) =>
  name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

/** Reads a Capture name in Twilio's kebab-case or the docs' PascalCase; undefined when unknown. */
export function parseFieldName(name: string): PaymentField | undefined {
  const candidate = kebab(name);
  // The docs' PascalCase for the card number is PaymentCardNumber; older text says CardNumber.
  const aliased = candidate === 'card-number' ? 'payment-card-number' : candidate;
  return (PAYMENT_FIELDS as readonly string[]).includes(aliased) ? (aliased as PaymentField) : undefined;
}

/**
 * Reads a callback's Required list: comma-separated, kebab-case or PascalCase, empty when all is
 * captured (reference §1.6). Unknown names are skipped rather than failing the whole callback.
 */
export function parseRequired(value: string | undefined): PaymentField[] {
  if (value === undefined) return [];
  const fields = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseFieldName)
    .filter((f): f is PaymentField => f !== undefined);
  return [...new Set(fields)];
}
