import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSwitches } from '../../../src-main/sandbox/index';
import { startRig, type Rig } from '../harness';
import { paymentFlow } from '../flow';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(() => {
  expect(rig.receiver.badSignatures).toEqual([]);
  rig.sandbox.setSwitches(defaultSwitches);
});
afterAll(() => rig.close());

/** Keys a whole card with no security code or postal code, ready for Status=complete. */
async function cardReady(extra: Record<string, unknown> = {}) {
  const flow = paymentFlow(rig);
  await flow.start({ securityCode: false, postalCode: false, ...extra });
  await flow.enter('payment-card-number', '4111111111111111');
  await flow.enter('expiration-date', '1230');
  return flow;
}

describe('ACH and AVSName (64014)', () => {
  it('refuses an ACH create without AVSName in Parameter, with Twilio’s error body', async () => {
    const flow = paymentFlow(rig);
    await expect(flow.start({ paymentMethod: 'ach-debit', chargeAmount: 5 })).rejects.toMatchObject({
      status: 400,
      code: 64014,
      moreInfo: 'https://www.twilio.com/docs/errors/64014',
      message: expect.stringContaining('AVSName'),
    });
    await expect(
      flow.start({ paymentMethod: 'ach-debit', chargeAmount: 5, parameter: { MerchantId: 'm1' } }),
    ).rejects.toMatchObject({ code: 64014 });
    const payment = await flow.start({
      paymentMethod: 'ach-debit',
      chargeAmount: 5,
      parameter: { AVSName: 'Pat Doe' },
    });
    expect(payment.sid).toMatch(/^PK/);
  });

  it('reads Parameter in the single-quoted form of Twilio’s own example, and refuses nesting', async () => {
    const flow = paymentFlow(rig);
    await expect(
      flow.start({ paymentMethod: 'ach-debit', chargeAmount: 5, parameter: { AVSName: { first: 'Pat' } } }),
    ).rejects.toMatchObject({ code: 64020, message: expect.stringContaining('single-level') });
    const payment = await flow.start({
      paymentMethod: 'ach-debit',
      chargeAmount: 5,
      parameter: "{'AVSName':'Pat Doe'}" as never,
    });
    expect(payment.sid).toMatch(/^PK/);
  });
});

describe('ChargeAmount decimals follow the currency (64003)', () => {
  it.each([
    ['JPY', 1250, '1250'],
    ['USD', 12.5, '12.50'],
    ['KWD', 1.234, '1.234'],
  ])('takes %s %s and echoes it as %s', async (currency, chargeAmount, echoed) => {
    const flow = paymentFlow(rig);
    await flow.start({ currency, chargeAmount });
    expect(await flow.waitFor(() => true)).toMatchObject({ ChargeAmount: echoed });
  });

  it.each([
    ['JPY', 12.5],
    ['USD', 1.234],
    ['KWD', 1.2345],
  ])('refuses %s %s with 64003', async (currency, chargeAmount) => {
    await expect(paymentFlow(rig).start({ currency, chargeAmount })).rejects.toMatchObject({
      status: 400,
      code: 64003,
      message: expect.stringContaining(currency),
    });
  });

  it('refuses MinPostalCodeLength 0: it must be positive', async () => {
    await expect(paymentFlow(rig).start({ minPostalCodeLength: 0 })).rejects.toMatchObject({
      code: 64020,
      message: expect.stringContaining('MinPostalCodeLength'),
    });
  });
});

describe('what a connector cannot do (64005-64013)', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['Sandbox_Charge_Only', {}, 64005],
    ['Sandbox_Token_Only', { tokenType: 'one-time' }, 64006],
    ['Sandbox_Token_Only', { chargeAmount: 5 }, 64007],
    ['Sandbox_Revoked', { chargeAmount: 5 }, 64009],
    ['Sandbox_Cards_USD', { chargeAmount: 5, currency: 'EUR' }, 64011],
    [
      'Sandbox_Cards_USD',
      { chargeAmount: 5, paymentMethod: 'ach-debit', parameter: { AVSName: 'Pat Doe' } },
      64013,
    ],
  ];

  it.each(cases)('%s %o is refused at create with %s', async (paymentConnector, extra, code) => {
    await expect(paymentFlow(rig).start({ paymentConnector, ...extra })).rejects.toMatchObject({
      status: 400,
      code,
    });
  });

  it('with connectorRefusal=callback the refusal comes as the complete callback instead', async () => {
    rig.sandbox.setSwitches({ connectorRefusal: 'callback', connectorDelayMs: 0 });
    const flow = await cardReady({ paymentConnector: 'Sandbox_Cards_USD', chargeAmount: 5, currency: 'EUR' });
    const from = flow.mark();
    await flow.status('complete');
    const end = await flow.waitFor((p) => !!p.Result, from);
    expect(end).toMatchObject({ Result: 'payment-connector-error', PayErrorCode: '64011' });
    expect(rig.sandbox.ledger().find((e) => e.paymentSid === flow.paymentSid)).toBeUndefined();
  });

  it('the supported case on the same connector goes through', async () => {
    await expect(
      paymentFlow(rig).start({ paymentConnector: 'Sandbox_Cards_USD', chargeAmount: 5, currency: 'USD' }),
    ).resolves.toMatchObject({ sid: expect.stringMatching(/^PK/) });
  });
});

describe('the connector answers after a delay', () => {
  it('sends the Result after the 202, and refuses updates and ignores keys while it waits', async () => {
    // 60 s of sandbox time: long enough that nothing can arrive before the 202 is read.
    rig.sandbox.setSwitches({ connectorDelayMs: 60_000 });
    const flow = await cardReady({ chargeAmount: 7 });
    const from = flow.mark();
    await flow.status('complete');
    expect(rig.receiver.received.slice(from).filter((r) => r.params.Result)).toEqual([]);
    await expect(flow.status('cancel')).rejects.toMatchObject({ code: 64021 });
    await flow.press('*');
    const end = await flow.waitFor((p) => !!p.Result, from, 10_000);
    expect(end.Result).toBe('success');
  });
});

describe('relative StatusCallback URLs', () => {
  it('resolve against the TwiML document the call is running, parent leg included, and are signed as resolved', async () => {
    const parent = rig.customer();
    // What the voice side records when it fetches a call's TwiML (twiml-runner's fetchTwiml).
    rig.sandbox.calls.get(parent)!.documentUrl = rig.receiver.url('/voice/incoming?agent=1');
    const child = rig.sandbox.calls.create({
      from: '+14155550199',
      to: '+14155550100',
      direction: 'outbound-dial',
      parentCallSid: parent,
      status: 'in-progress',
    }).sid;
    const flow = paymentFlow(rig, child);
    await flow.start({ statusCallback: 'payments/status?leg=child' } as never);
    const hit = await rig.receiver.waitFor((p) => p.Sid === flow.paymentSid);
    expect(hit.path).toBe('/voice/payments/status?leg=child');
    const from = flow.mark();
    await flow.capture('payment-card-number', '/absolute-path');
    const echo = await rig.receiver.waitFor((p) => p.Sid === flow.paymentSid, 5000, from);
    expect(echo.path).toBe('/absolute-path');
  });

  it('are refused (64020) on a call with no TwiML document to resolve against', async () => {
    await expect(paymentFlow(rig).start({ statusCallback: '/status' } as never)).rejects.toMatchObject({
      status: 400,
      code: 64020,
      message: expect.stringContaining('relative'),
    });
  });
});
