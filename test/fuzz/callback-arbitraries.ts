import fc from 'fast-check';
import { ERROR_TYPES, PAYMENT_FIELDS, RESULTS } from '@shared/payments';

/** A form body as pairs, so a name may repeat as it can on the wire. */
export type Pairs = Array<[string, string]>;

export const CALL_SID = `CA${'5'.repeat(32)}`;
export const PAYMENT_SID = `PK${'6'.repeat(32)}`;
const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const CARD_REST = 'expiration-date,security-code,postal-code';

/** Real StatusCallback parameter sets (reference twilio-payments.md §1): captures first, then endings. */
const CAPTURES: Record<string, string>[] = [
  { Capture: 'payment-card-number', PaymentCardNumber: 'xxxxxx', PartialResult: 'true' },
  {
    Capture: 'payment-card-number',
    PaymentCardNumber: 'xxxxxxxxxxxx1111',
    PaymentCardType: 'visa',
    PartialResult: 'false',
    Required: CARD_REST,
  },
  { Capture: 'expiration-date', ExpirationDate: '1230', PartialResult: 'false', Required: 'security-code' },
  { Capture: 'security-code', SecurityCode: 'xxx', Required: 'postal-code' },
  { Capture: 'postal-code', PaymentCardPostalCode: '94109', Required: '' },
  { Capture: 'security-code', ErrorType: 'invalid-security-code', Required: 'security-code,postal-code' },
  { Capture: 'expiration-date', ErrorType: 'input-timeout', PaymentError: 'Timeout on ExpirationDate' },
  { Capture: 'bank-routing-number', BankRoutingNumber: '121000358', Required: 'bank-account-number' },
  { Capture: 'bank-account-number', BankAccountNumber: 'xxxxxx12', Required: '' },
];
const ENDINGS: Record<string, string>[] = [
  {
    Result: 'success',
    PaymentConfirmationCode: 'ch_a9dc6297cd1a4fb095e61b1a9cf2dd1d',
    PaymentCardNumber: 'xxxxxxxxxxxx1111',
    PaymentCardType: 'visa',
    ExpirationDate: '1230',
  },
  { Result: 'success', PaymentToken: 'tok_0123', ProfileId: 'prof_1' },
  {
    Result: 'payment-connector-error',
    PayErrorCode: '64008',
    PaymentError: 'The gateway declined the charge.',
    ConnectorError: 'card_declined',
  },
  { Result: 'caller-hung-up' },
  {}, // a bare update: what a cancel's answer looks like
];

const isoAround = fc
  .integer({ min: Date.parse('2026-11-26T09:00:00Z'), max: Date.parse('2026-11-26T11:00:00Z') })
  .map((ms) => new Date(ms).toISOString());

/**
 * Names that are also Object.prototype members. Kept apart: catalogue.ts looks Result and ErrorType
 * values up with a plain index, so these reach a session as phase/message values that are not strings.
 */
export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];

/** Values worth trying for each parameter; `prototypeNames` adds the names above. */
function valuesFor(prototypeNames: boolean): Record<string, fc.Arbitrary<string>> {
  const junk = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    ...(prototypeNames ? [fc.constantFrom(...PROTOTYPE_NAMES)] : []),
  );
  const digits = fc.stringMatching(/^\d{1,22}$/);
  const masked = fc
    .tuple(fc.integer({ min: 0, max: 19 }), fc.stringMatching(/^\d{0,6}$/))
    .map(([n, tail]) => 'x'.repeat(n) + tail);
  const fieldName = fc.oneof(
    fc.constantFrom(...PAYMENT_FIELDS),
    fc.constantFrom('PaymentCardNumber', 'CardNumber', 'card-number', 'SecurityCode', 'BankAccountNumber'),
    fc.constantFrom(' postal-code ', 'Postal-Code', 'payment_card_number', 'pin', ''),
  );
  return {
    Capture: fc.oneof(fieldName, junk),
    Required: fc.oneof(
      fc.array(fieldName, { maxLength: 6 }).map((names) => names.join(',')),
      fc.array(fieldName, { maxLength: 4 }).map((names) => names.join(' , ')),
      junk,
    ),
    PartialResult: fc.oneof(fc.constantFrom('true', 'false', '', 'TRUE', '1', 'yes'), junk),
    ErrorType: fc.oneof(fc.constantFrom(...ERROR_TYPES), junk),
    PaymentError: junk,
    Result: fc.oneof(fc.constantFrom(...RESULTS), fc.constant(''), junk),
    PayErrorCode: fc.oneof(fc.constantFrom('64008', '0', '1e400', 'NaN', '-1', '0x10'), junk),
    // Unmasked digits too: whatever Twilio sends, the session must still show no more than allowed.
    PaymentCardNumber: fc.oneof(masked, digits, junk),
    SecurityCode: fc.oneof(fc.constantFrom('xxx', 'xxxx', '123', '1234'), digits, junk),
    ExpirationDate: fc.oneof(fc.constantFrom('1230', '0199', '12/30', '9999', '13'), digits, junk),
    PaymentCardPostalCode: fc.oneof(digits, junk),
    BankRoutingNumber: fc.oneof(digits, junk),
    BankAccountNumber: fc.oneof(masked, digits, junk),
    PaymentCardType: fc.oneof(fc.constantFrom('visa', 'amex', 'mastercard'), junk),
    DateUpdated: fc.oneof(
      isoAround,
      fc.constantFrom('not a date', '', '0', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z'),
      fc.constantFrom('Thu, 26 Nov 2026 10:00:00 +0000', '2026-02-30T10:00:00Z', '275760-09-14T00:00:00Z'),
      junk,
    ),
    DateCreated: fc.oneof(isoAround, junk),
    Sid: fc.oneof(
      fc.stringMatching(/^PK[0-9a-f]{32}$/),
      fc.constantFrom('PK123', `pk${'6'.repeat(32)}`),
      junk,
    ),
  };
}

const KEY_NAMES = [
  ...Object.keys(valuesFor(false)),
  'CallSid',
  'AccountSid',
  'PaymentConfirmationCode',
  'PaymentToken',
  'ProfileId',
  'ConnectorError',
];

type Mutation = (pairs: Pairs) => Pairs;

/** One mutation: drop, replace, add, or repeat a parameter. */
function mutation(prototypeNames: boolean): fc.Arbitrary<Mutation> {
  const values = valuesFor(prototypeNames);
  const anyKey = fc.oneof(
    fc.constantFrom(...KEY_NAMES),
    fc.string({ maxLength: 20 }),
    ...(prototypeNames ? [fc.constantFrom(...PROTOTYPE_NAMES)] : []),
  );
  const valueFor = (key: string) =>
    Object.hasOwn(values, key) ? values[key]! : fc.string({ maxLength: 30 });
  const keyAndValue = anyKey.chain((key) => valueFor(key).map((value) => [key, value] as [string, string]));
  return fc.oneof(
    fc.nat().map(
      (i): Mutation =>
        (pairs) =>
          pairs.filter((_, j) => pairs.length === 0 || j !== i % pairs.length),
    ),
    keyAndValue.map((pair): Mutation => (pairs) => [...pairs.filter(([k]) => k !== pair[0]), pair]),
    keyAndValue.map((pair): Mutation => (pairs) => [...pairs, pair]),
    fc.nat().map(
      (i): Mutation =>
        (pairs) =>
          pairs.length === 0 ? pairs : [...pairs, pairs[i % pairs.length]!],
    ),
  );
}

/** A StatusCallback body: a real one for our session, mutated 0–4 times. */
export function callbackPairs(options: { prototypeNames?: boolean } = {}): fc.Arbitrary<Pairs> {
  // Endings are rarer, so most sequences get far into a capture before a session ends.
  const real = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...CAPTURES) },
    { weight: 1, arbitrary: fc.constantFrom(...ENDINGS) },
  );
  const base = fc
    .tuple(real, isoAround)
    .map(([params, at]): Pairs => [
      ['AccountSid', ACCOUNT_SID],
      ['CallSid', CALL_SID],
      ['Sid', PAYMENT_SID],
      ['DateCreated', at],
      ['DateUpdated', at],
      ...Object.entries(params),
    ]);
  return fc
    .tuple(base, fc.array(mutation(options.prototypeNames ?? false), { maxLength: 4 }))
    .map(([pairs, mutations]) => mutations.reduce((acc, mutate) => mutate(acc), pairs));
}

/** Pairs as the receiver's handlers see them: one string per name, the first if repeated. */
export function firstValues(pairs: Pairs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}
