import { describe, expect, it } from 'vitest';
import { testBankAccounts, testCards } from '../../../src-main/sandbox/index';

// Twilio's Generic Pay Connector test cards and accounts (reference §5.2): the only ones live test mode takes.
const TWILIO_CARDS = [
  '4111111111111111',
  '5555555555554444',
  '378282246310005',
  '6011111111111117',
  '3065930009020004',
  '3566002020360505',
  '6200000000000005',
  '6771798021000008',
];
const TWILIO_ACCOUNTS = ['12345678', '123456789'];

describe('test cards the sandbox offers', () => {
  it('marks exactly those that do not exist at Twilio as sandbox only', () => {
    for (const card of testCards) {
      expect(card.description.includes('sandbox only'), card.description).toBe(
        !TWILIO_CARDS.includes(card.number),
      );
    }
    for (const account of testBankAccounts) {
      expect(account.description.includes('sandbox only'), account.description).toBe(
        !TWILIO_ACCOUNTS.includes(account.number),
      );
    }
    expect(testCards.map((c) => c.number)).toEqual(expect.arrayContaining(TWILIO_CARDS));
  });
});
