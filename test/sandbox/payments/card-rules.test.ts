import { describe, expect, it } from 'vitest';
import {
  abaValid,
  bankAccountValid,
  checkCardNumber,
  detectCardType,
  expiryValid,
  luhnValid,
  postalCodeValid,
  securityCodeLength,
} from '../../../src-main/sandbox/payments/card-rules';
import { testCards } from '../../../src-main/sandbox/connector/test-cards';

const all = ['visa', 'mastercard', 'amex', 'maestro', 'discover', 'jcb', 'diners-club', 'enroute'];

describe('card rules', () => {
  it('accepts every listed test card as a card number and fails Luhn on a one-digit change', () => {
    for (const card of testCards)
      expect(checkCardNumber(card.number, all)).toEqual({ ok: true, type: card.brand });
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('41a1')).toBe(false);
  });

  it('detects each listed test card as its listed brand', () => {
    for (const card of testCards) expect(detectCardType(card.number)?.type).toBe(card.brand);
  });

  it.each([
    ['mastercard', '2221000000000009'],
    ['mastercard', '2720990000000007'],
    ['amex', '341111111111111'],
    ['enroute', '201400000000009'],
    ['discover', '6500000000000002'],
    ['jcb', '3528000000000007'],
    ['diners-club', '36000000000008'],
    ['visa', '4222222222222'],
  ])('detects a %s test number by the documented ranges (case %#)', (type, number) => {
    expect(detectCardType(number)?.type).toBe(type);
  });

  it('reports invalid-card-type when the brand is not in ValidCardTypes', () => {
    expect(checkCardNumber('6011111111111117', ['visa', 'mastercard', 'amex'])).toEqual({
      ok: false,
      errorType: 'invalid-card-type',
    });
    expect(checkCardNumber('6011111111111117', all)).toEqual({ ok: true, type: 'discover' });
  });

  it('reports invalid-card-number for a Luhn failure, a short number, or a length the brand does not use', () => {
    expect(checkCardNumber('4111111111111112', all)).toMatchObject({ errorType: 'invalid-card-number' });
    expect(checkCardNumber('41111', all)).toMatchObject({ errorType: 'invalid-card-number' });
    // A Luhn-valid 14-digit number starting 37 (amex prefix) is the wrong length for amex.
    expect(checkCardNumber('37000000000002', all)).toMatchObject({ errorType: 'invalid-card-number' });
  });

  it('wants 4 security digits for amex and 3 otherwise', () => {
    expect(securityCodeLength('amex')).toBe(4);
    expect(securityCodeLength('visa')).toBe(3);
  });

  it('accepts an expiry through the end of its month and refuses the past or a bad month', () => {
    const now = new Date('2026-11-26T13:00:00Z');
    expect(expiryValid('1126', now)).toBe(true);
    expect(expiryValid('1026', now)).toBe(false);
    expect(expiryValid('0125', now)).toBe(false);
    expect(expiryValid('1326', now)).toBe(false);
    expect(expiryValid('0030', now)).toBe(false);
    expect(expiryValid('126', now)).toBe(false);
  });

  it('checks the ABA routing checksum', () => {
    expect(abaValid('121181976')).toBe(true);
    expect(abaValid('011000015')).toBe(true);
    expect(abaValid('121181977')).toBe(false);
    expect(abaValid('12118197')).toBe(false);
  });

  it('takes bank accounts of 4 to 17 digits and postal codes of at least MinPostalCodeLength', () => {
    expect(bankAccountValid('123')).toBe(false);
    expect(bankAccountValid('12345678')).toBe(true);
    expect(bankAccountValid('1'.repeat(18))).toBe(false);
    expect(postalCodeValid('9410', 5)).toBe(false);
    expect(postalCodeValid('94109', 5)).toBe(true);
    expect(postalCodeValid('', 0)).toBe(false);
  });
});
