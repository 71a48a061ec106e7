import { describe, expect, it } from 'vitest';
import { createParams } from '../../../src-main/core/twilio';
import { createSession, formatCharge, StartPaymentArgs } from '@shared/payments';

const CA = 'CA' + 'a'.repeat(32);
const start = (amount: string, currency: string) =>
  StartPaymentArgs.safeParse({ callSid: CA, amount, currency });
const refusal = (amount: string, currency: string) => {
  const parsed = start(amount, currency);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
};

describe('the amount, parsed once where payments.start arrives', () => {
  it('becomes minor units with the currency’s ISO 4217 exponent (JPY 0, USD 2, BHD and KWD 3)', () => {
    expect(start('1500', 'jpy').data?.charge).toEqual({ minor: 1500, currency: 'JPY' });
    expect(start('12.5', 'USD').data?.charge).toEqual({ minor: 1250, currency: 'USD' });
    expect(start('1.234', 'BHD').data?.charge).toEqual({ minor: 1234, currency: 'BHD' });
    expect(start('0.5', 'KWD').data?.charge).toEqual({ minor: 500, currency: 'KWD' });
    expect(StartPaymentArgs.parse({ callSid: CA, tokenType: 'one-time' }).charge).toBeUndefined();
  });

  it('refuses what it would have to round, a huge, a negative or a non-numeric amount, with a sentence', () => {
    expect(refusal('1.234', 'USD')).toBe('USD allows at most 2 decimal places.');
    expect(refusal('12.5', 'JPY')).toBe('JPY has no minor units, so the amount must be a whole number.');
    expect(refusal('1000000', 'USD')).toBe('The amount must be below 1,000,000.');
    expect(refusal('99999999999999999999', 'USD')).toMatch(/must be a number/);
    expect(refusal('-5', 'USD')).toMatch(/must be a number such as 12\.50/);
    expect(refusal('twelve', 'USD')).toMatch(/must be a number such as 12\.50, without symbols/);
    expect(refusal('1e3', 'USD')).toMatch(/must be a number/);
  });

  it('derives the minor units afresh when parsed arguments pass through the schema again', () => {
    const once = StartPaymentArgs.parse({ callSid: CA, amount: '7.25', currency: 'USD' });
    const forged = StartPaymentArgs.parse({ ...once, charge: { minor: 1, currency: 'USD' } });
    expect(forged.charge).toEqual({ minor: 725, currency: 'USD' });
    expect(StartPaymentArgs.parse(once)).toEqual(once);
  });

  it('writes Twilio’s ChargeAmount and the agent’s display from the minor units', () => {
    const args = StartPaymentArgs.parse({ callSid: CA, amount: '1.2', currency: 'KWD' });
    expect(createParams(args, 'cb', 'k')).toMatchObject({ chargeAmount: 1.2 });
    const session = createSession({ id: 's', agent: 'a', args, at: '2026-12-02T06:00:00.000Z' });
    expect(session).toMatchObject({ amount: '1.200', amountMinor: 1200, currency: 'KWD', charge: true });
    expect(formatCharge(session).replace(/\s/g, ' ')).toBe('KWD 1.200');
    const yen = StartPaymentArgs.parse({ callSid: CA, amount: '1250', currency: 'JPY' });
    expect(createParams(yen, 'cb', 'k')).toMatchObject({ chargeAmount: 1250 });
    expect(formatCharge(createSession({ id: 't', agent: 'a', args: yen, at: session.startedAt }))).toBe(
      '¥1,250',
    );
  });
});
