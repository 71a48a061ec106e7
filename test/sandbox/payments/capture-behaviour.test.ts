import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../harness';
import { paymentFlow } from '../flow';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(() => {
  expect(rig.receiver.badSignatures).toEqual([]);
});
afterAll(() => rig.close());

const allTypes = 'visa mastercard amex discover jcb diners-club maestro';

describe('ErrorType for each failed field', () => {
  it.each([
    ['payment-card-number', '4111111111111112#', 'invalid-card-number'],
    ['payment-card-number', '6011111111111117#', 'invalid-card-type'],
    ['expiration-date', '0120', 'invalid-date'],
    ['expiration-date', '1399', 'invalid-date'],
    ['postal-code', '941#', 'invalid-postal-code'],
  ])('%s keyed as a bad value reports its ErrorType (case %#)', async (field, digits, errorType) => {
    const flow = paymentFlow(rig);
    await flow.start({ minPostalCodeLength: 5 });
    const end = await flow.enter(field, digits);
    expect(end.ErrorType).toBe(errorType);
    expect(end.Required?.split(',')).toContain(field);
  });

  it('reports invalid-security-code for a 3-digit code on an amex', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    await flow.enter('payment-card-number', '378282246310005#');
    const end = await flow.enter('security-code', '123#');
    expect(end.ErrorType).toBe('invalid-security-code');
    expect(end).not.toHaveProperty('SecurityCode');
    expect(await flow.enter('security-code', '1234')).toMatchObject({ SecurityCode: 'xxxx' });
  });

  it('reports the sequence error for a security code before the card number', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const from = flow.mark();
    await flow.capture('security-code');
    const cb = await flow.waitFor((p) => p.Capture === 'security-code', from);
    expect(cb.ErrorType).toBe('invalid-card-number-security-code-capture-sequence');
  });

  it('reports the ACH errors: bad routing checksum and a short account number', async () => {
    const flow = paymentFlow(rig);
    await flow.start({ paymentMethod: 'ach-debit', chargeAmount: 5, parameter: { AVSName: 'Pat Doe' } });
    expect((await flow.enter('bank-routing-number', '121181977')).ErrorType).toBe(
      'invalid-bank-routing-number',
    );
    expect((await flow.enter('bank-account-number', '123#')).ErrorType).toBe('invalid-bank-account-number');
  });

  it('reports input-matching-failed when a required re-entry differs', async () => {
    const flow = paymentFlow(rig);
    await flow.start({ requireMatchingInputs: 'expiration-date' });
    await flow.enter('expiration-date', '1230');
    expect((await flow.enter('expiration-date-matcher', '1231')).ErrorType).toBe('input-matching-failed');
  });

  it('reports input-timeout when the customer never keys, and validates partial input at the digit timeout', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const from = flow.mark();
    await flow.capture('payment-card-number');
    const timedOut = await flow.waitFor((p) => !!p.ErrorType, from);
    expect(timedOut).toMatchObject({ ErrorType: 'input-timeout', Capture: 'payment-card-number' });
    const next = flow.mark();
    await flow.capture('payment-card-number');
    await flow.press('411111');
    expect((await flow.waitFor((p) => !!p.ErrorType, next)).ErrorType).toBe('invalid-card-number');
  });
});

describe('Result for each way a session ends', () => {
  it('caller-interrupted-with-star when the customer presses *', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const from = flow.mark();
    await flow.capture('payment-card-number');
    await flow.press('41*');
    expect((await flow.waitFor((p) => !!p.Result, from)).Result).toBe('caller-interrupted-with-star');
    await expect(paymentFlow(rig, flow.callSid).start()).resolves.toBeDefined();
  });

  it('caller-hung-up when the customer hangs up mid-session', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const from = flow.mark();
    rig.sandbox.control.hangup(flow.callSid);
    expect((await flow.waitFor((p) => !!p.Result, from)).Result).toBe('caller-hung-up');
  });

  it('transaction-cancelled on Status=cancel', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const from = flow.mark();
    await flow.status('cancel');
    expect(await flow.waitFor((p) => !!p.Result, from)).toMatchObject({ Result: 'transaction-cancelled' });
  });

  it.each([
    ['4000000000000002', '64008', 'card is declined'],
    ['4000000000009995', '64008', 'card has insufficient funds'],
    ['4000000000000069', '64012', 'card has expired'],
    [
      '4000000000000077',
      '64022',
      'Invalid test card number: the connector is in TEST mode and accepts only test cards.',
    ],
  ])('payment-connector-error for test card ending %#', async (number, code, message) => {
    const flow = paymentFlow(rig);
    await flow.start({
      chargeAmount: 9.99,
      securityCode: false,
      postalCode: false,
      validCardTypes: allTypes,
    });
    await flow.enter('payment-card-number', `${number}#`);
    await flow.enter('expiration-date', '1230');
    const from = flow.mark();
    await flow.status('complete');
    const end = await flow.waitFor((p) => !!p.Result, from);
    expect(end).toMatchObject({
      Result: 'payment-connector-error',
      PayErrorCode: code,
      PaymentError: message,
    });
    expect(end.PaymentConfirmationCode).toBeUndefined();
    expect(rig.sandbox.ledger().find((e) => e.paymentSid === flow.paymentSid)).toBeUndefined();
  });

  it('payment-connector-error 64023 for a bank account that is not a test account', async () => {
    const flow = paymentFlow(rig);
    await flow.start({ paymentMethod: 'ach-debit', chargeAmount: 5, parameter: { AVSName: 'Pat Doe' } });
    await flow.enter('bank-routing-number', '011000015');
    await flow.enter('bank-account-number', '99998888#');
    const from = flow.mark();
    await flow.status('complete');
    expect(await flow.waitFor((p) => !!p.Result, from)).toMatchObject({ PayErrorCode: '64023' });
  });

  it.each([
    ['4111111111111111', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
    ['3065930009020004', 'diners-club'],
    ['3566002020360505', 'jcb'],
    ['6200000000000005', 'maestro'],
    ['6771798021000008', 'maestro'],
  ])("success for Twilio's documented test card %#", async (number, brand) => {
    const flow = paymentFlow(rig);
    await flow.start({ chargeAmount: 1, securityCode: false, postalCode: false, validCardTypes: allTypes });
    expect((await flow.enter('payment-card-number', `${number}#`)).PaymentCardType).toBe(brand);
    await flow.enter('expiration-date', '1230');
    const from = flow.mark();
    await flow.status('complete');
    expect((await flow.waitFor((p) => !!p.Result, from)).Result).toBe('success');
  });
});

describe('Confirmation=true', () => {
  async function ready(flow: ReturnType<typeof paymentFlow>) {
    await flow.start({ chargeAmount: 4, securityCode: false, postalCode: false, confirmation: 'true' });
    await flow.enter('payment-card-number', '4111111111111111#');
    await flow.enter('expiration-date', '1230');
  }

  it('charges only after the caller presses 1', async () => {
    const flow = paymentFlow(rig);
    await ready(flow);
    const from = flow.mark();
    await flow.status('complete');
    await rig.sandbox.idle();
    expect(rig.receiver.received.slice(from).filter((r) => r.params.Sid === flow.paymentSid)).toEqual([]);
    expect(rig.sandbox.ledger().find((e) => e.paymentSid === flow.paymentSid)).toBeUndefined();
    await flow.press('1');
    expect((await flow.waitFor((p) => !!p.Result, from)).Result).toBe('success');
  });

  it('cancels when the caller presses 2, charging nothing', async () => {
    const flow = paymentFlow(rig);
    await ready(flow);
    const from = flow.mark();
    await flow.status('complete');
    await flow.press('2');
    expect((await flow.waitFor((p) => !!p.Result, from)).Result).toBe('transaction-cancelled');
    expect(rig.sandbox.ledger().find((e) => e.paymentSid === flow.paymentSid)).toBeUndefined();
  });
});
