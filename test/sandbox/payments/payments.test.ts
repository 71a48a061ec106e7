import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshKey, startRig, type Rig } from '../harness';
import { paymentFlow } from '../flow';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(() => {
  expect(rig.receiver.badSignatures).toEqual([]);
});
afterAll(() => rig.close());

const card = ['payment-card-number', 'expiration-date', 'security-code', 'postal-code'];

describe('a card charge, start to finish', () => {
  it('sends signed callbacks with masks, Required and a confirmation code, and books one charge', async () => {
    const flow = paymentFlow(rig);
    const payment = await flow.start({ chargeAmount: 12.5, currency: 'usd', description: 'Order 42' });
    expect(payment.sid).toMatch(/^PK[0-9a-f]{32}$/);
    expect(payment.callSid).toBe(flow.callSid);
    expect(payment.uri).toBe(
      `/2010-04-01/Accounts/${rig.sandbox.credentials.accountSid}/Calls/${flow.callSid}/Payments/${payment.sid}.json`,
    );
    expect(payment.dateCreated).toBeInstanceOf(Date);

    const started = await flow.waitFor(() => true);
    expect(started).toMatchObject({
      AccountSid: rig.sandbox.credentials.accountSid,
      CallSid: flow.callSid,
      ChargeAmount: '12.50',
      PaymentConnector: 'Default',
      PaymentMethod: 'credit-card',
    });
    expect(started.DateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(started.Capture).toBeUndefined();

    const from = flow.mark();
    await flow.capture('payment-card-number');
    const echo = await flow.waitFor((p) => p.Capture === 'payment-card-number', from);
    expect(echo).toMatchObject({ PartialResult: 'false', Required: card.join(',') });

    await flow.press('4111111111111111#');
    const progress = await flow.waitFor(
      (p) => p.PartialResult === 'true' && p.PaymentCardNumber === 'xxxxxx',
      from,
    );
    expect(progress.Capture).toBe('payment-card-number');
    const done = await flow.waitFor((p) => p.PartialResult === 'false' && !!p.PaymentCardType, from);
    expect(done).toMatchObject({
      PaymentCardNumber: 'xxxxxxxxxxxx1111',
      PaymentCardType: 'visa',
      Required: 'expiration-date,security-code,postal-code',
    });
    // Mid-entry masks never show a digit.
    const partials = rig.receiver.received.slice(from).map((r) => r.params.PaymentCardNumber ?? '');
    expect(partials.filter((v) => /[0-9]/.test(v))).toEqual(['xxxxxxxxxxxx1111']);

    expect(await flow.enter('expiration-date', '1230')).toMatchObject({ ExpirationDate: '1230' });
    expect(await flow.enter('security-code', '123')).toMatchObject({ SecurityCode: 'xxx' });
    expect(await flow.enter('postal-code', '94109#')).toMatchObject({
      PaymentCardPostalCode: '94109',
      Required: '',
    });

    const before = flow.mark();
    await flow.status('complete');
    const result = await flow.waitFor((p) => !!p.Result, before);
    expect(result).toMatchObject({
      Result: 'success',
      PaymentCardNumber: 'xxxxxxxxxxxx1111',
      SecurityCode: 'xxx',
      PaymentToken: '',
      ProfileId: '',
    });
    expect(result.PaymentConfirmationCode).toMatch(/^ch_/);
    const entry = rig.sandbox.ledger().find((e) => e.paymentSid === payment.sid);
    expect(entry).toMatchObject({
      kind: 'charge',
      callSid: flow.callSid,
      amount: '12.50',
      currency: 'USD',
      brand: 'visa',
      last4: '1111',
      confirmationCode: result.PaymentConfirmationCode,
    });
  });

  it('tokenizes when there is no ChargeAmount, with PaymentToken and ProfileId', async () => {
    const flow = paymentFlow(rig);
    await flow.start({ tokenType: 'one-time', securityCode: false, postalCode: false });
    const start = await flow.waitFor(() => true);
    expect(start.TokenType).toBe('one-time');
    expect(start.ChargeAmount).toBeUndefined();
    await flow.enter('payment-card-number', '5555555555554444#');
    expect(await flow.enter('expiration-date', '0199')).toMatchObject({ Required: '' });
    const from = flow.mark();
    await flow.status('complete');
    const result = await flow.waitFor((p) => !!p.Result, from);
    expect(result.Result).toBe('success');
    expect(result.PaymentToken).toMatch(/^tok_/);
    expect(result.ProfileId).toMatch(/^cus_/);
    expect(rig.sandbox.ledger().find((e) => e.paymentSid === flow.paymentSid)).toMatchObject({
      kind: 'token',
      brand: 'mastercard',
      last4: '4444',
    });
  });

  it('takes an ACH debit: routing number in clear, account masked to its last 2', async () => {
    const flow = paymentFlow(rig);
    await flow.start({
      paymentMethod: 'ach-debit',
      chargeAmount: 20,
      bankAccountType: 'consumer-savings',
      parameter: { AVSName: 'Pat Doe' },
    });
    expect(await flow.waitFor(() => true)).toMatchObject({
      PaymentMethod: 'ach-debit',
      BankAccountType: 'consumer-savings',
    });
    expect(await flow.enter('bank-routing-number', '121181976')).toMatchObject({
      BankRoutingNumber: '121181976',
      Required: 'bank-account-number',
    });
    const from = flow.mark();
    await flow.capture('bank-account-number');
    await flow.press('123456789#');
    const progress = await flow.waitFor(
      (p) => p.PartialResult === 'true' && p.BankAccountNumber === '****',
      from,
    );
    expect(progress.BankAccountNumber).toBe('****');
    const done = await flow.waitFor((p) => p.PartialResult === 'false' && p.Required === '', from);
    expect(done.BankAccountNumber).toBe('*******89');
    const end = flow.mark();
    await flow.status('complete');
    expect(await flow.waitFor((p) => !!p.Result, end)).toMatchObject({ Result: 'success' });
    expect(rig.sandbox.ledger().find((e) => e.paymentSid === flow.paymentSid)).toMatchObject({
      brand: 'ach',
      last4: '89',
    });
  });
});

describe('REST validation and errors', () => {
  it('requires IdempotencyKey and StatusCallback (64020)', async () => {
    const callSid = rig.customer();
    await expect(
      rig.client.calls(callSid).payments.create({ idempotencyKey: freshKey(), statusCallback: 'not a url' }),
    ).rejects.toMatchObject({ status: 400, code: 64020, message: expect.stringMatching(/StatusCallback/) });
    await expect(
      rig.client.calls(callSid).payments.create({ idempotencyKey: '', statusCallback: rig.receiver.url() }),
    ).rejects.toMatchObject({ status: 400, code: 64020, message: expect.stringMatching(/IdempotencyKey/) });
  });

  it.each([
    [{ paymentMethod: 'cash' }, /PaymentMethod/],
    [{ timeout: 601 }, /Timeout/],
    [{ tokenType: 'forever' }, /TokenType/],
    [{ validCardTypes: 'visa bitcoin' }, /ValidCardTypes/],
    [{ input: 'speech' }, /Input/],
    [{ bankAccountType: 'offshore', paymentMethod: 'ach-debit' }, /BankAccountType/],
  ])('rejects %o with 64020', async (params, message) => {
    const create = rig.client.calls(rig.customer()).payments.create({
      idempotencyKey: freshKey(),
      statusCallback: rig.receiver.url(),
      ...(params as object),
    });
    await expect(create).rejects.toMatchObject({
      status: 400,
      code: 64020,
      message: expect.stringMatching(message),
    });
  });

  it.each(['-0.5', '1000000', 'ten'])('rejects ChargeAmount %s with 64003', async (amount) => {
    const create = rig.client.calls(rig.customer()).payments.create({
      idempotencyKey: freshKey(),
      statusCallback: rig.receiver.url(),
      chargeAmount: amount as never,
    });
    await expect(create).rejects.toMatchObject({ status: 400, code: 64003 });
  });

  it('rejects BankAccountType on a card payment with 64017', async () => {
    const flow = paymentFlow(rig);
    await expect(flow.start({ bankAccountType: 'consumer-checking' })).rejects.toMatchObject({ code: 64017 });
  });

  it('rejects an unknown PaymentConnector with 64004', async () => {
    await expect(paymentFlow(rig).start({ paymentConnector: 'Nope' })).rejects.toMatchObject({ code: 64004 });
  });

  it('rejects a second open session on a call with 64021, and allows one after cancel', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    await expect(paymentFlow(rig, flow.callSid).start()).rejects.toMatchObject({ status: 400, code: 64021 });
    await flow.status('cancel');
    await expect(paymentFlow(rig, flow.callSid).start()).resolves.toMatchObject({ callSid: flow.callSid });
  });

  it('needs exactly one of Capture or Status (64018)', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const update = (params: object) =>
      rig.client
        .calls(flow.callSid)
        .payments(flow.paymentSid)
        .update({ idempotencyKey: freshKey(), statusCallback: rig.receiver.url(), ...params } as never);
    await expect(update({})).rejects.toMatchObject({ status: 400, code: 64018 });
    await expect(update({ capture: 'payment-card-number', status: 'complete' })).rejects.toMatchObject({
      code: 64018,
    });
  });

  it('refuses complete while fields are required (64019)', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    await expect(flow.status('complete')).rejects.toMatchObject({ status: 400, code: 64019 });
  });

  it('answers unknown call and payment SIDs with 20404', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const other = rig.client
      .calls('CA' + 'e'.repeat(32))
      .payments.create({ idempotencyKey: freshKey(), statusCallback: rig.receiver.url() });
    await expect(other).rejects.toMatchObject({ status: 404, code: 20404 });
    const wrongPk = rig.client
      .calls(flow.callSid)
      .payments('PK' + 'e'.repeat(32))
      .update({ idempotencyKey: freshKey(), statusCallback: rig.receiver.url(), status: 'cancel' });
    await expect(wrongPk).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('answers 21220 for a call that is not in progress', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    rig.sandbox.control.hangup(flow.callSid);
    await expect(flow.capture('payment-card-number')).rejects.toMatchObject({ status: 400, code: 21220 });
    await expect(paymentFlow(rig, flow.callSid).start()).rejects.toMatchObject({ code: 21220 });
  });

  it('refuses a bank field on a card payment (64020) and any update after the session ended (64021)', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    await expect(flow.capture('bank-routing-number')).rejects.toMatchObject({ code: 64020 });
    await flow.status('cancel');
    await expect(flow.capture('payment-card-number')).rejects.toMatchObject({ code: 64021 });
  });
});
