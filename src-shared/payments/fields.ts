import { z } from 'zod';

/** The pieces of payment data Twilio can capture, by their Capture names. */
export const CARD_FIELDS = [
  'payment-card-number',
  'expiration-date',
  'security-code',
  'postal-code',
] as const;
export const ACH_FIELDS = ['bank-routing-number', 'bank-account-number'] as const;
/**
 * The customer's second entry of a card field, asked for with `Capture=<field>-matcher` when the
 * session was started with RequireMatchingInputs (Twilio allows the four card fields only).
 */
export const MATCHER_FIELDS = [
  'payment-card-number-matcher',
  'expiration-date-matcher',
  'security-code-matcher',
  'postal-code-matcher',
] as const;
export const PAYMENT_FIELDS = [...CARD_FIELDS, ...ACH_FIELDS, ...MATCHER_FIELDS] as const;

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
  'payment-card-number-matcher': 'card number, again',
  'expiration-date-matcher': 'expiration date, again',
  'security-code-matcher': 'security code, again',
  'postal-code-matcher': 'postal code, again',
};

/** The same names as titles, for a row or a heading ("Expiration date"). */
export const FIELD_TITLES = Object.fromEntries(
  Object.entries(FIELD_LABELS).map(([field, label]) => [field, label[0]!.toUpperCase() + label.slice(1)]),
) as Record<PaymentField, string>;

/** A card field the customer can be asked to key twice (Twilio's RequireMatchingInputs values). */
export const MatchableField = z.enum(CARD_FIELDS, {
  message: `Only card fields can be keyed twice: ${CARD_FIELDS.join(', ')}.`,
});
export type MatchableField = z.infer<typeof MatchableField>;

/** The first entry a second entry ("-matcher") must match; undefined for a first entry. */
export function matchedField(field: PaymentField): MatchableField | undefined {
  return field.endsWith('-matcher') ? (field.slice(0, -'-matcher'.length) as MatchableField) : undefined;
}

/** The second entry of a field. */
export const matcherOf = (field: MatchableField) => `${field}-matcher` as PaymentField;

/** The fields a session collects, in the order an agent usually asks for them. */
export function fieldsFor(
  method: PaymentMethod,
  options: { securityCode: boolean; postalCode: boolean; requireMatchingInputs?: readonly MatchableField[] },
): PaymentField[] {
  if (method === 'ach-debit') return [...ACH_FIELDS];
  const card = CARD_FIELDS.filter(
    (f) => (f !== 'security-code' || options.securityCode) && (f !== 'postal-code' || options.postalCode),
  );
  // Each second entry right after its first, the order the agent asks for them in.
  const twice = options.requireMatchingInputs ?? [];
  return card.flatMap((f) => (twice.includes(f) ? [f, matcherOf(f)] : [f]));
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
