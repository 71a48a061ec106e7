import fc from 'fast-check';
import { CARD_TYPES, CURRENCY_CODES, minorUnits } from '@shared/payments';

/** Stands in for the call a run creates; replaced just before the start is sent. */
export const FRESH_CALL = '<fresh call>';

const currency = fc.oneof(
  fc.constantFrom('USD', 'usd', 'EUR', 'GBP', 'JPY', 'KWD'),
  fc.constantFrom(...CURRENCY_CODES),
);

/** An amount the currency can take: whole part, then at most its minor-unit digits (Twilio 64003). */
const amountFor = (code: string) =>
  fc
    .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: minorUnits(code) ?? 2 }))
    .chain(([whole, places]) =>
      fc
        .stringMatching(new RegExp(`^\\d{${places}}$`))
        .map((fraction) => (places === 0 ? String(Math.max(whole, 1)) : `${whole}.${fraction}`)),
    )
    // Twilio takes a positive amount only: "0.0" and "0.000" are not valid starts.
    .filter((amount) => /[1-9]/.test(amount));

const parameters = fc.dictionary(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/),
  fc.string({ maxLength: 40 }),
  { minKeys: 1, maxKeys: 3 },
);

const cardArgs = currency.chain((code) =>
  fc.record(
    {
      callSid: fc.constant(FRESH_CALL),
      method: fc.constant('credit-card'),
      amount: fc.oneof(amountFor(code), fc.constant('')),
      currency: fc.constant(code),
      description: fc.string({ maxLength: 200 }),
      validCardTypes: fc.subarray([...CARD_TYPES], { minLength: 1 }),
      securityCode: fc.boolean(),
      postalCode: fc.constant(true),
      minPostalCodeLength: fc.integer({ min: 1, max: 10 }),
      timeout: fc.integer({ min: 1, max: 600 }),
      paymentConnector: fc.constantFrom('Default', 'Sandbox_Test_Connector'),
    },
    { requiredKeys: ['callSid', 'currency'] },
  ),
);

const achArgs = fc.record(
  {
    callSid: fc.constant(FRESH_CALL),
    method: fc.constant('ach-debit'),
    amount: fc.constantFrom('30.00', '1'),
    parameters: parameters.map((p) => ({ AVSName: 'Ada Lovelace', ...p })),
    bankAccountType: fc.constantFrom('consumer-checking', 'consumer-savings', 'commercial-checking'),
  },
  { requiredKeys: ['callSid', 'method', 'parameters'] },
);

/** Start arguments that pass the schema (for a fresh call). */
export const validStartArgs = fc.oneof({ weight: 4, arbitrary: cardArgs }, { weight: 1, arbitrary: achArgs });

/** Values a hurried agent, a stale renderer or an attacker might send, by field. */
const nearMisses: Record<string, fc.Arbitrary<unknown>> = {
  // The first is well formed but names no call: accepted here, refused by Twilio.
  callSid: fc.constantFrom(
    `CA${'9'.repeat(32)}`,
    `CA${'A'.repeat(32)}`,
    'CA123',
    '',
    ' ',
    `ca${'1'.repeat(32)}`,
    `PK${'1'.repeat(32)}`,
  ),
  method: fc.constantFrom('card', 'ACH', 'credit_card', ''),
  amount: fc.constantFrom(
    '0',
    '-1',
    '1e3',
    '1,000.00',
    '12.345',
    ' 12.50 ',
    '١٢',
    '1000000',
    '999999.999',
    '$12',
    '12.',
    '.5',
    'NaN',
    'Infinity',
    '0x10',
    '0.001',
    '12.5\n',
  ),
  currency: fc.constantFrom('XXX', 'US', 'USDD', '', 'usd', 'ÜSD', 'XAU', 'BTC'),
  description: fc.constantFrom('x'.repeat(201), ''),
  tokenType: fc.constantFrom('one-time', 'reusable', 'payment-method', 'forever', ''),
  validCardTypes: fc.constantFrom([], ['VISA'], ['visa', 'visa'], 'visa', [''], ['visa', 7]),
  securityCode: fc.constantFrom('true', 1, 0, null),
  postalCode: fc.constantFrom(false, 'false', 0),
  minPostalCodeLength: fc.constantFrom(0, 11, 1.5, -1, Number.NaN, '5'),
  timeout: fc.constantFrom(0, 601, 1.5, -5, Number.NaN, Number.POSITIVE_INFINITY, '5', 1e21),
  bankAccountType: fc.constantFrom('checking', 'consumer-checking', ''),
  parameters: fc.constantFrom(
    {},
    { 'a b': 'x' },
    { _x: 'y' },
    { A: 'x'.repeat(201) },
    { A: 5 },
    [],
    'AVSName=x',
  ),
  paymentConnector: fc.constantFrom('', 'Other', 'a b', 'x'.repeat(65), 'Stripe/Live'),
};

const KEYS = Object.keys(nearMisses);

type Args = Record<string, unknown>;
type Mutation = (args: Args) => Args;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...KEYS).map(
    (key): Mutation =>
      ({ [key]: _dropped, ...rest }) =>
        rest,
  ),
  fc
    .constantFrom(...KEYS)
    .chain((key) => nearMisses[key]!.map((value): Mutation => (args) => ({ ...args, [key]: value }))),
  fc
    .tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), fc.anything())
    .map(([key, value]): Mutation => (args) => ({ ...args, [key]: value })),
);

/** Valid arguments with 1–3 mutations: dropped fields, near misses, wrong types and unknown keys. */
export const mutatedStartArgs = fc
  .tuple(validStartArgs, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([args, mutations]): unknown => mutations.reduce((acc, mutate) => mutate(acc), args as Args));

/** Anything at all, valid-looking or not. */
export const anyStartInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.object() },
  { weight: 4, arbitrary: mutatedStartArgs },
  { weight: 2, arbitrary: validStartArgs },
);
