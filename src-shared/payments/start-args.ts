import { z } from 'zod';
import { CallSid, PaymentConnectorName } from '../domain/sids';
import { minorUnits } from './currencies';
import { FIELD_LABELS, MatchableField, PaymentMethod } from './fields';
import { parseAmount, type Money } from './money';
import { hasCardShapedRun } from './card-shape';

/**
 * Twilio's ValidCardTypes values (reference §5.3). The sandbox keeps its own list
 * (src-main/sandbox/payments/card-rules.ts) on purpose, so the emulator cannot mirror a mistake here.
 */
export const CARD_TYPES = [
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
export const CardType = z.enum(CARD_TYPES, {
  message: `Card types must be among: ${CARD_TYPES.join(', ')}.`,
});
export type CardType = z.infer<typeof CardType>;

export const TokenType = z.enum(['one-time', 'reusable', 'payment-method'], {
  message: 'The token type must be one-time, reusable or payment-method.',
});
export const BankAccountType = z.enum(['consumer-checking', 'consumer-savings', 'commercial-checking'], {
  message: 'The bank account type must be consumer-checking, consumer-savings or commercial-checking.',
});

/** What the agent asks for when starting a payment; checked in full before any request leaves. */
export const StartPaymentArgs = z
  .object({
    callSid: CallSid,
    method: PaymentMethod.default('credit-card'),
    /** Decimal in the currency's major unit ("12.50"); omitted or empty saves the card instead (tokenize). */
    amount: z.string().max(20, 'The amount is too long.').optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'The currency must be a three-letter ISO 4217 code such as USD.')
      .default('USD'),
    /** The reference the business knows the payment by (invoice or order number): Twilio's Description. */
    description: z
      .string()
      .max(200, 'The reference may be at most 200 characters.')
      .refine(
        (v) => !hasCardShapedRun(v),
        'A reference cannot hold a card number: use the invoice or order number, and let the customer key the card.',
      )
      .optional(),
    tokenType: TokenType.optional(),
    validCardTypes: z
      .array(CardType)
      .min(1, 'Accept at least one card type.')
      .default(['visa', 'mastercard', 'amex']),
    securityCode: z.boolean().default(true),
    postalCode: z.boolean().default(true),
    minPostalCodeLength: z
      .number()
      .int('The minimum postal code length must be a whole number.')
      .min(1, 'The minimum postal code length must be at least 1.')
      .max(10, 'The minimum postal code length must be at most 10.')
      .optional(),
    timeout: z
      .number()
      .int('The timeout must be a whole number of seconds.')
      .min(1, 'The timeout must be at least 1 second.')
      .max(600, 'The timeout must be at most 600 seconds (Twilio’s limit).')
      .default(5),
    bankAccountType: BankAccountType.optional(),
    /** Connector parameters (Twilio's Parameter), single level; bank payments need them, e.g. AVSName. */
    parameters: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'Parameter names use letters, digits and _.'),
        z.string().max(200, 'A parameter value may be at most 200 characters.'),
      )
      .optional(),
    paymentConnector: PaymentConnectorName.default('Default'),
    /** Card fields the customer keys twice (Twilio's RequireMatchingInputs); a mismatch asks again. */
    requireMatchingInputs: z.array(MatchableField).max(4).optional(),
    /** Twilio reads the details back and the customer presses 1 to pay or 2 to cancel (Confirmation). */
    confirmation: z.boolean().optional(),
    /**
     * The agent checked the processor: the last payment on this call, whose result is unknown after
     * a restart, was not charged, so this one may be taken.
     */
    confirmUnknownResult: z.boolean().optional(),
    /**
     * The amount in minor units, which this schema derives from `amount`. Parsed arguments pass
     * through the schema again (the host, then PaymentsService, then a restart), so the key is
     * accepted and always derived afresh, never taken as given.
     */
    charge: z.unknown().optional(),
  })
  .strict()
  .transform(({ charge: _given, ...args }, ctx) => {
    void _given;
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // The one place the typed amount is read: everything after uses these minor units.
    let charge: Money | undefined;
    if (minorUnits(args.currency) === undefined) {
      issue('currency', `${args.currency} is not an ISO 4217 currency code (for example USD, EUR, GBP).`);
    } else if (args.amount !== undefined && args.amount.trim() !== '') {
      const amount = parseAmount(args.amount, args.currency);
      if (!amount.ok) issue('amount', amount.message);
      else charge = { minor: amount.minor, currency: args.currency.toUpperCase() };
      if (amount.ok && args.tokenType !== undefined) {
        issue(
          'tokenType',
          'A token type applies only when saving a card without an amount; remove one of them.',
        );
      }
    }
    if (args.method === 'ach-debit') {
      // Twilio refuses ECP/ACH without AVSName (64014).
      if (!args.parameters?.AVSName?.trim()) {
        issue('parameters', 'Bank payments need the account holder’s name (AVSName), as the bank knows it.');
      }
    } else if (args.bankAccountType !== undefined) {
      issue('bankAccountType', 'A bank account type applies only to bank (ach-debit) payments.');
    }
    for (const field of args.requireMatchingInputs ?? []) {
      if (args.method === 'ach-debit') {
        issue('requireMatchingInputs', 'Twilio can ask only card fields twice, not bank details.');
        break;
      }
      if (
        (field === 'security-code' && !args.securityCode) ||
        (field === 'postal-code' && !args.postalCode)
      ) {
        issue(
          'requireMatchingInputs',
          `The ${FIELD_LABELS[field]} is not collected, so it cannot be keyed twice.`,
        );
      }
    }
    if (!args.postalCode && args.minPostalCodeLength !== undefined) {
      issue('minPostalCodeLength', 'A minimum postal code length needs the postal code to be collected.');
    }
    return { ...args, charge };
  });
export type StartPaymentArgs = z.output<typeof StartPaymentArgs>;
export type StartPaymentInput = z.input<typeof StartPaymentArgs>;
