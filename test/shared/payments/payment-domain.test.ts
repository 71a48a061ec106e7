import { describe, expect, it } from 'vitest';
import {
  displayCardNumber,
  fieldsFor,
  formatAmount,
  formatMinor,
  formatMoney,
  minorUnits,
  parseAmount,
  parseRequired,
  StartPaymentArgs,
} from '@shared/payments';

const CALL = `CA${'a'.repeat(32)}`;

describe('Required parsing', () => {
  it('reads kebab-case, PascalCase, spaces and the empty string', () => {
    expect(parseRequired('payment-card-number,expiration-date')).toEqual([
      'payment-card-number',
      'expiration-date',
    ]);
    expect(parseRequired('payment-card-number, security-code ')).toEqual([
      'payment-card-number',
      'security-code',
    ]);
    expect(parseRequired('ExpirationDate')).toEqual(['expiration-date']);
    expect(parseRequired('PaymentCardNumber,SecurityCode,PostalCode')).toEqual([
      'payment-card-number',
      'security-code',
      'postal-code',
    ]);
    expect(parseRequired('BankRoutingNumber, bank-account-number')).toEqual([
      'bank-routing-number',
      'bank-account-number',
    ]);
    expect(parseRequired('')).toEqual([]);
    expect(parseRequired(undefined)).toEqual([]);
  });

  it('skips names it does not know instead of failing', () => {
    expect(parseRequired('payment-card-number,frobnicate')).toEqual(['payment-card-number']);
  });
});

describe('money', () => {
  it('knows ISO 4217 minor units, including the ones CLDR gets differently', () => {
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('jpy')).toBe(0);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('IQD')).toBe(3);
    expect(minorUnits('XYZ')).toBeUndefined();
  });

  it('converts amounts to minor units without floating point', () => {
    expect(parseAmount('12.50', 'USD')).toEqual({ ok: true, minor: 1250 });
    expect(parseAmount('0.29', 'USD')).toEqual({ ok: true, minor: 29 });
    expect(parseAmount('1500', 'JPY')).toEqual({ ok: true, minor: 1500 });
    expect(parseAmount('1.23', 'BHD')).toEqual({ ok: true, minor: 1230 });
    // Twilio's ChargeAmount follows the currency's minor units (64003): BHD and KWD take 3.
    expect(parseAmount('1.234', 'BHD')).toEqual({ ok: true, minor: 1234 });
    expect(parseAmount('1.2345', 'KWD')).toMatchObject({
      ok: false,
      message: 'KWD allows at most 3 decimal places.',
    });
    expect(parseAmount('999999.99', 'USD')).toEqual({ ok: true, minor: 99999999 });
    expect(formatMinor(1250, 'USD')).toBe('12.50');
    expect(formatMinor(5, 'USD')).toBe('0.05');
    expect(formatMinor(1500, 'JPY')).toBe('1500');
    expect(formatMinor(1234, 'KWD')).toBe('1.234');
  });

  it('shows amounts in the currency’s own format, with ISO’s decimals', () => {
    expect(formatMoney(1250, 'USD')).toBe('$12.50');
    expect(formatMoney(1250, 'JPY')).toBe('¥1,250');
    expect(formatMoney(1250, 'KWD').replace(/\s/g, ' ')).toBe('KWD 1.250');
    // CLDR gives IQD no decimals; ISO 4217 gives it 3.
    expect(formatMoney(1500, 'IQD').replace(/\s/g, ' ')).toBe('IQD 1.500');
    expect(formatAmount('12.5', 'eur')).toBe('€12.50');
    expect(formatAmount('12.5', 'JPY')).toBe('12.5 JPY');
  });

  it('refuses zero, a million, too many decimals and symbols with a sentence', () => {
    expect(parseAmount('0', 'USD')).toMatchObject({ ok: false, message: 'The amount must be above 0.' });
    expect(parseAmount('0.00', 'USD')).toMatchObject({ ok: false });
    expect(parseAmount('1000000', 'USD')).toMatchObject({
      ok: false,
      message: 'The amount must be below 1,000,000.',
    });
    expect(parseAmount('12.345', 'USD')).toMatchObject({
      ok: false,
      message: 'USD allows at most 2 decimal places.',
    });
    expect(parseAmount('12.5', 'JPY')).toMatchObject({
      ok: false,
      message: expect.stringContaining('whole number'),
    });
    expect(parseAmount('$12', 'USD')).toMatchObject({
      ok: false,
      message: expect.stringContaining('without symbols'),
    });
    expect(parseAmount('-1', 'USD')).toMatchObject({ ok: false });
  });
});

describe('masks', () => {
  it('shows at most the last 4 digits of a card number, and none while keying', () => {
    expect(displayCardNumber('xxxxxxxxxxxx1111', true)).toBe('•••• 1111');
    expect(displayCardNumber('xxxx-xxxxxx-x4001', true)).toBe('•••• 4001');
    expect(displayCardNumber('xxxxxx', false)).toBe('••••••');
    // Even a misbehaving peer sending a full number gets cut to the last 4.
    expect(displayCardNumber('4111111111111111', true)).toBe('•••• 1111');
    expect(displayCardNumber('4111111', false)).toBe('•••••••');
  });
});

describe('start arguments', () => {
  const parse = (args: Record<string, unknown>) => StartPaymentArgs.safeParse({ callSid: CALL, ...args });
  const issue = (args: Record<string, unknown>) => {
    const result = parse(args);
    if (result.success) throw new Error('expected a rejection');
    return { field: result.error.issues[0]?.path.join('.'), message: result.error.issues[0]?.message };
  };

  it('fills Twilio defaults for a plain card charge', () => {
    const result = parse({ amount: '10.00' });
    expect(result.success && result.data).toMatchObject({
      method: 'credit-card',
      currency: 'USD',
      timeout: 5,
      securityCode: true,
      postalCode: true,
      validCardTypes: ['visa', 'mastercard', 'amex'],
      paymentConnector: 'Default',
    });
  });

  it('rejects each bad input with the field and a sentence', () => {
    expect(issue({ amount: '0' })).toEqual({ field: 'amount', message: 'The amount must be above 0.' });
    expect(issue({ amount: '10', currency: 'ABC' })).toMatchObject({ field: 'currency' });
    expect(issue({ amount: '10', currency: 'dollars' })).toMatchObject({ field: 'currency' });
    expect(issue({ method: 'cash' })).toMatchObject({
      field: 'method',
      message: expect.stringContaining('credit-card'),
    });
    expect(issue({ tokenType: 'forever' })).toMatchObject({ field: 'tokenType' });
    expect(issue({ amount: '5', tokenType: 'one-time' })).toMatchObject({ field: 'tokenType' });
    expect(issue({ validCardTypes: ['visa', 'monopoly'] })).toMatchObject({ field: 'validCardTypes.1' });
    expect(issue({ validCardTypes: [] })).toMatchObject({ field: 'validCardTypes' });
    expect(issue({ timeout: 0 })).toMatchObject({
      field: 'timeout',
      message: expect.stringContaining('at least 1'),
    });
    expect(issue({ timeout: 601 })).toMatchObject({
      field: 'timeout',
      message: expect.stringContaining('600'),
    });
    expect(issue({ timeout: 2.5 })).toMatchObject({ field: 'timeout' });
    expect(issue({ securityCode: 'yes' })).toMatchObject({ field: 'securityCode' });
    expect(issue({ method: 'ach-debit', amount: '5' })).toMatchObject({ field: 'parameters' });
    // Other connector parameters do not stand in for the account holder's name (Twilio's 64014).
    expect(
      issue({ method: 'ach-debit', amount: '5', parameters: { MerchantId: 'm1', AVSName: ' ' } }),
    ).toMatchObject({ field: 'parameters', message: expect.stringContaining('AVSName') });
    expect(
      issue({ method: 'ach-debit', parameters: { AVSName: 'A' }, bankAccountType: 'piggy-bank' }),
    ).toMatchObject({
      field: 'bankAccountType',
    });
    expect(issue({ bankAccountType: 'consumer-savings' })).toMatchObject({ field: 'bankAccountType' });
    expect(issue({ parameters: { 'bad name': 'x' } })).toMatchObject({ field: 'parameters.bad name' });
    expect(issue({ callSid: 'CA123' })).toMatchObject({ field: 'callSid' });
    expect(issue({ amount: '5', surprise: true })).toMatchObject({
      message: expect.stringContaining('surprise'),
    });
  });

  it('accepts a bank payment with its parameters, and a card save with a token type', () => {
    expect(parse({ method: 'ach-debit', amount: '5', parameters: { AVSName: 'Ada' } }).success).toBe(true);
    expect(parse({ tokenType: 'one-time' }).success).toBe(true);
  });

  it('collects only the fields the options ask for', () => {
    expect(fieldsFor('credit-card', { securityCode: false, postalCode: false })).toEqual([
      'payment-card-number',
      'expiration-date',
    ]);
    expect(fieldsFor('ach-debit', { securityCode: true, postalCode: true })).toEqual([
      'bank-routing-number',
      'bank-account-number',
    ]);
  });
});
