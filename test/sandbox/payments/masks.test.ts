import { describe, expect, it } from 'vitest';
import {
  maskBankAccount,
  maskBankAccountProgress,
  maskCardNumber,
  maskProgress,
  maskSecurityCode,
} from '../../../src-main/sandbox/payments/capture-masks';
import { formatRequired } from '../../../src-main/sandbox/payments/capture-fields';

describe('masks', () => {
  it('shows only the last 4 of a card, as a run of x by default', () => {
    expect(maskCardNumber('4111111111111111')).toBe('xxxxxxxxxxxx1111');
    expect(maskCardNumber('378282246310005')).toBe('xxxxxxxxxxx0005');
  });

  it('groups like the docs with the grouped style', () => {
    expect(maskCardNumber('378282246314001', 'grouped')).toBe('xxxx-xxxxxx-x4001');
    expect(maskCardNumber('4111111111111111', 'grouped')).toBe('xxxx-xxxx-xxxx-1111');
  });

  it('never shows a digit while keying, and always fully masks a security code', () => {
    expect(maskProgress(3)).toBe('xxx');
    expect(maskBankAccountProgress(5)).toBe('*****');
    expect(maskSecurityCode('1234')).toBe('xxxx');
  });

  it('shows only the last 2 of a bank account', () => {
    expect(maskBankAccount('508862392')).toBe('*******92');
  });

  it('formats Required as a kebab comma list, or PascalCase for the docs switch', () => {
    expect(formatRequired(['payment-card-number', 'expiration-date'], 'kebab')).toBe(
      'payment-card-number,expiration-date',
    );
    expect(formatRequired(['expiration-date', 'security-code-matcher'], 'pascal')).toBe(
      'ExpirationDate,SecurityCodeMatcher',
    );
    expect(formatRequired([], 'kebab')).toBe('');
  });
});
