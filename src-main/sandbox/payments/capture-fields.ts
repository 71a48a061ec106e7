/** The pieces of payment data the customer can key, plus the re-entry ("-matcher") captures. */
export const baseFields = [
  'payment-card-number',
  'expiration-date',
  'security-code',
  'postal-code',
  'bank-routing-number',
  'bank-account-number',
] as const;
export type BaseField = (typeof baseFields)[number];

export const matchableFields = [
  'payment-card-number',
  'expiration-date',
  'security-code',
  'postal-code',
] as const;
export type MatchableField = (typeof matchableFields)[number];

export const captureFields = [
  ...baseFields,
  'payment-card-number-matcher',
  'expiration-date-matcher',
  'security-code-matcher',
  'postal-code-matcher',
] as const;
export type CaptureField = (typeof captureFields)[number];

/** The field a matcher re-enters, or undefined for a base field. */
export function matchedField(field: CaptureField): MatchableField | undefined {
  return field.endsWith('-matcher') ? (field.slice(0, -'-matcher'.length) as MatchableField) : undefined;
}

/** The fields a session needs, in canonical order. */
export function fieldsFor(opts: {
  method: 'credit-card' | 'ach-debit';
  securityCode: boolean;
  postalCode: boolean;
  requireMatching: readonly MatchableField[];
}): CaptureField[] {
  if (opts.method === 'ach-debit') return ['bank-routing-number', 'bank-account-number'];
  const card: MatchableField[] = ['payment-card-number', 'expiration-date'];
  if (opts.securityCode) card.push('security-code');
  if (opts.postalCode) card.push('postal-code');
  const matchers = card
    .filter((f) => opts.requireMatching.includes(f))
    .map((f) => `${f}-matcher` as CaptureField);
  return [...card, ...matchers];
}

/** `Required` on the wire: kebab-case comma list (what clients parse) or the docs' PascalCase. */
export function formatRequired(fields: readonly CaptureField[], style: 'kebab' | 'pascal'): string {
  if (style === 'kebab') return fields.join(',');
  return fields.map((f) => f.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())).join(',');
}
