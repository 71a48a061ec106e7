import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tunnelOpenFailure } from '../../../src-main/core/tunnel/failure-words';
import { testCards } from '../../../src-main/sandbox/connector/test-cards';
import { describeErrorType, describeResult, ERROR_TYPES } from '../../../src-shared/payments/catalogue';
import { historyWords } from '../../../src-shared/payments/history-words';
import { FIELD_LABELS } from '../../../src-shared/payments/fields';
import { FIELD_TITLES, rowFor } from '../../../src-renderer/src/lib/checklist';
import { brandName } from '../../../src-renderer/src/lib/format';

describe('the words the console shows', () => {
  it('says why a tunnel did not open in a sentence, never a raw "fetch failed"', () => {
    const said = tunnelOpenFailure(new TypeError('fetch failed'));
    expect(said).toBe(
      'The tunnel could not open: the tunnel service could not be reached from this computer.',
    );
    expect(tunnelOpenFailure(new Error('Subdomain is taken'))).toBe(
      'The tunnel could not open: Subdomain is taken.',
    );
  });

  it('names History’s results in sentences, not Twilio’s kebab-case', () => {
    expect(historyWords({ outcome: 'cancelled', result: 'caller-interrupted-with-star' })).toEqual({
      outcome: 'Cancelled',
      why: 'The customer pressed * to stop.',
    });
    expect(historyWords({ outcome: 'ended', result: 'call-ended' })).toEqual({
      outcome: 'Ended',
      why: 'The call ended before it was complete.',
    });
    expect(historyWords({ outcome: 'succeeded', result: 'success', charge: true })).toEqual({
      outcome: 'Paid',
    });
  });

  it('calls the expiration date one name everywhere, from one home', () => {
    expect(FIELD_LABELS['expiration-date']).toBe('expiration date');
    expect(FIELD_TITLES['expiration-date']).toBe('Expiration date');
    const problem = rowFor(
      { field: 'expiration-date', status: 'error', errorType: 'invalid-date' },
      { card: {} },
    );
    const words = [problem.problem, problem.tellCustomer, ...ERROR_TYPES.map(describeErrorType)];
    expect(words.join(' ')).not.toMatch(/expiry/i);
    expect(problem.problem).toBe('Expiration date not valid');
  });

  it('does not suggest another card when a bank payment is declined', () => {
    expect(describeResult('payment-connector-error').text).not.toMatch(/card/);
  });

  it('points test cards that need a brand ticked at the control’s real name', () => {
    const options = readFileSync(
      resolve(import.meta.dirname, '../../../src-renderer/src/components/PaymentOptions.svelte'),
      'utf8',
    );
    expect(options).toContain('<legend>Accepted card types</legend>');
    expect(options).toContain('<summary>Options</summary>');
    const needTicking = testCards.filter((c) => /tick/.test(c.description));
    expect(needTicking.length).toBeGreaterThan(0);
    for (const card of needTicking) {
      expect(card.description).toContain(
        `tick Options › Accepted card types › ${brandName(card.brand)} first`,
      );
      expect(card.description).not.toMatch(/ValidCardTypes/);
    }
  });
});
