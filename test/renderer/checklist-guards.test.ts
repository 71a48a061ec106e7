import { describe, expect, it } from 'vitest';
import { nextField, rowFor } from '../../src-renderer/src/lib/checklist';

const card = { card: { brand: 'visa', last4: '1111' } };

describe('checklist rows of a card number keyed twice', () => {
  it('names the second entry as its own step, with its own Request button', () => {
    const row = rowFor({ field: 'payment-card-number-matcher', status: 'pending' }, card);
    expect(row).toMatchObject({
      label: 'Card number, again',
      requestLabel: 'Request card number, again',
      state: 'pending',
      second: true,
    });
  });

  it('shows no digit count for a second entry, only whether the customer is keying it', () => {
    const listening = rowFor({ field: 'payment-card-number-matcher', status: 'requested' }, card);
    expect(listening).toMatchObject({ state: 'listening', keying: false });
    expect(listening.keyed).toBeUndefined();
    expect(rowFor({ field: 'payment-card-number-matcher', status: 'capturing' }, card)).toMatchObject({
      keying: true,
    });
    expect(rowFor({ field: 'payment-card-number-matcher', status: 'captured' }, card).display).toBe(
      'Matches the first entry',
    );
  });

  it('says a mismatch in plain words on both rows, and the next field to ask is the first entry', () => {
    const mismatch = { status: 'error', errorType: 'input-matching-failed' } as const;
    const first = rowFor({ field: 'payment-card-number', ...mismatch, display: '•••• 1111' }, card);
    const second = rowFor({ field: 'payment-card-number-matcher', ...mismatch }, card);
    expect(first.problem).toBe('The two entries did not match: request the card number again');
    expect(first.tellCustomer).toMatch(/key the card number again; you will be asked for it twice/);
    expect(second.problem).toBe('Did not match the first entry');
    expect(nextField([first, second])).toBe('payment-card-number');
  });
});
