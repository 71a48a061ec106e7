import { describe, expect, it } from 'vitest';
import { checklistRows, expectedDigits, nextField, rowFor } from '../../src-renderer/src/lib/checklist';
import { cardSession } from './fake-api';

describe('checklist rows', () => {
  it('counts the digits keyed so far against what the detected brand needs', () => {
    const row = rowFor(
      { field: 'payment-card-number', status: 'capturing', display: '••••••' },
      { card: { brand: 'amex' } },
    );
    expect(row).toMatchObject({ state: 'listening', keyed: 6, expected: 15, brand: 'amex' });
    expect(rowFor({ field: 'payment-card-number', status: 'requested' }, { card: {} })).toMatchObject({
      keyed: 0,
      expected: 16,
    });
  });

  it('expects a 4-digit security code for Amex and 3 for other brands', () => {
    expect(expectedDigits('security-code', 'amex')).toBe(4);
    expect(expectedDigits('security-code', 'visa')).toBe(3);
    expect(expectedDigits('payment-card-number', 'diners-club')).toBe(14);
  });

  it('counts the security code while it is keyed, against 4 digits for Amex and 3 for the rest', () => {
    const keying = { field: 'security-code', status: 'capturing', display: '••' } as const;
    expect(rowFor(keying, { card: { brand: 'amex' } })).toMatchObject({ keyed: 2, expected: 4 });
    expect(rowFor(keying, { card: { brand: 'visa' } })).toMatchObject({ keyed: 2, expected: 3 });
  });

  it('shows a captured card number masked, with its brand', () => {
    const row = rowFor(
      { field: 'payment-card-number', status: 'captured', display: '•••• 1111' },
      { card: { brand: 'visa', last4: '1111' } },
    );
    expect(row).toMatchObject({ state: 'captured', display: '•••• 1111', brand: 'visa' });
  });

  it('puts an ErrorType in plain words and says what to tell the customer', () => {
    const row = rowFor(
      { field: 'expiration-date', status: 'error', errorType: 'invalid-date', message: 'm' },
      { card: {} },
    );
    expect(row.state).toBe('retry');
    expect(row.problem).toBe('Expiration date not valid');
    expect(row.tellCustomer).toMatch(/month then year/);
    expect(row.requestLabel).toBe('Request expiration date');
  });

  it('names every Request button as agents and tests know it', () => {
    const ach = cardSession({
      method: 'ach-debit',
      fields: [
        { field: 'bank-routing-number', status: 'pending' },
        { field: 'bank-account-number', status: 'pending' },
      ],
    });
    expect(checklistRows(cardSession()).map((r) => r.requestLabel)).toEqual([
      'Request card number',
      'Request expiration date',
      'Request security code',
      'Request postal code',
    ]);
    expect(checklistRows(ach).map((r) => r.requestLabel)).toEqual([
      'Request routing number',
      'Request account number',
    ]);
  });

  it('picks a field that needs a retry before one still pending, and skips captured ones', () => {
    const rows = checklistRows(
      cardSession({
        fields: [
          { field: 'payment-card-number', status: 'captured', display: '•••• 1111' },
          { field: 'expiration-date', status: 'pending' },
          { field: 'security-code', status: 'error', errorType: 'input-timeout' },
        ],
      }),
    );
    expect(nextField(rows)).toBe('security-code');
    expect(nextField(rows.slice(0, 2))).toBe('expiration-date');
    expect(nextField(rows.slice(0, 1))).toBeUndefined();
  });
});
