import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSwitches } from '../../src-main/sandbox/index';
import { freshKey, startRig, type Rig } from './harness';
import { paymentFlow } from './flow';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(() => {
  expect(rig.receiver.badSignatures).toEqual([]);
  rig.sandbox.setSwitches(defaultSwitches);
});
afterAll(() => rig.close());

describe('switches for what Twilio leaves undocumented', () => {
  it('requiredFormat=pascal sends Required the way the docs spell it', async () => {
    rig.sandbox.setSwitches({ requiredFormat: 'pascal' });
    const flow = paymentFlow(rig);
    await flow.start({ postalCode: false });
    const from = flow.mark();
    await flow.capture('payment-card-number');
    await flow.press('4111111111111111#');
    const end = await flow.waitFor((p) => !!p.PaymentCardType, from);
    expect(end.Required).toBe('ExpirationDate,SecurityCode');
  });

  it('finalPartialResult=omit leaves PartialResult off the final callback', async () => {
    rig.sandbox.setSwitches({ finalPartialResult: 'omit' });
    const flow = paymentFlow(rig);
    await flow.start();
    const end = await flow.enter('expiration-date', '1230');
    expect(end.ExpirationDate).toBe('1230');
    expect(end).not.toHaveProperty('PartialResult');
  });

  it('cardMask=grouped masks like the docs', async () => {
    rig.sandbox.setSwitches({ cardMask: 'grouped' });
    const flow = paymentFlow(rig);
    await flow.start();
    expect((await flow.enter('payment-card-number', '378282246310005#')).PaymentCardNumber).toBe(
      'xxxx-xxxxxx-x0005',
    );
  });

  it('callbackCallSid=parent-leg reports the parent when the payment is on a child leg', async () => {
    const parent = rig.customer();
    const child = rig.sandbox.calls.create({
      from: '+14155550199',
      to: '+14155550100',
      direction: 'outbound-dial',
      parentCallSid: parent,
      status: 'in-progress',
    }).sid;
    const flow = paymentFlow(rig, child);
    rig.sandbox.setSwitches({ callbackCallSid: 'payment-leg' });
    await flow.start();
    expect((await flow.waitFor(() => true)).CallSid).toBe(child);
    rig.sandbox.setSwitches({ callbackCallSid: 'parent-leg' });
    const from = flow.mark();
    await flow.status('cancel');
    expect((await flow.waitFor((p) => 'Result' in p, from)).CallSid).toBe(parent);
  });

  it('by default a payment on a child leg reports the parent leg’s CallSid, as the payment page says', async () => {
    const parent = rig.customer();
    const child = rig.sandbox.calls.create({
      from: '+14155550199',
      to: '+14155550100',
      direction: 'outbound-dial',
      parentCallSid: parent,
      status: 'in-progress',
    }).sid;
    const flow = paymentFlow(rig, child);
    const payment = await flow.start();
    expect(payment.callSid).toBe(child);
    expect(await flow.waitFor(() => true)).toMatchObject({ CallSid: parent, Sid: payment.sid });
  });

  it('callbackDates=rfc2822 dates callbacks like the REST API', async () => {
    rig.sandbox.setSwitches({ callbackDates: 'rfc2822' });
    const flow = paymentFlow(rig);
    await flow.start();
    expect((await flow.waitFor(() => true)).DateCreated).toMatch(
      /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/,
    );
  });

  it('cancelResult=omit sends the cancel callback without Result', async () => {
    rig.sandbox.setSwitches({ cancelResult: 'omit' });
    const flow = paymentFlow(rig);
    await flow.start();
    const from = flow.mark();
    await flow.status('cancel');
    const end = await flow.waitFor((p) => !!p.DateUpdated, from);
    expect(end).not.toHaveProperty('Result');
  });

  it('incompleteComplete=callback answers 202 and reports 64019 in a callback, keeping the session open', async () => {
    rig.sandbox.setSwitches({ incompleteComplete: 'callback' });
    const flow = paymentFlow(rig);
    await flow.start({ securityCode: false, postalCode: false });
    const from = flow.mark();
    await expect(flow.status('complete')).resolves.toMatchObject({ sid: flow.paymentSid });
    const cb = await flow.waitFor((p) => !!p.PayErrorCode, from);
    expect(cb).toMatchObject({ PayErrorCode: '64019', Required: 'payment-card-number,expiration-date' });
    await expect(flow.capture('payment-card-number')).resolves.toBeDefined();
  });

  it('invalidChargeAmount=callback creates the session and ends it with Result=validation-error', async () => {
    rig.sandbox.setSwitches({ invalidChargeAmount: 'callback' });
    const callSid = rig.customer();
    const payment = await rig.client.calls(callSid).payments.create({
      idempotencyKey: freshKey(),
      statusCallback: rig.receiver.url(),
      chargeAmount: -0.5,
    });
    const end = await rig.receiver.waitFor((p) => p.Sid === payment.sid && !!p.Result);
    expect(end.params).toMatchObject({ Result: 'validation-error', PayErrorCode: '64003' });
  });

  it('switches are readable and settable over the control API', async () => {
    const set = await fetch(`${rig.sandbox.url}/_sandbox/switches`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cardMask: 'grouped' }),
    });
    expect(await set.json()).toMatchObject({ cardMask: 'grouped', requiredFormat: 'kebab' });
    const bad = await fetch(`${rig.sandbox.url}/_sandbox/switches`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cardMask: 'stars' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/cardMask/);
  });
});
