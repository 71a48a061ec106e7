import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSwitches, systemClock, type Clock } from '../../src-main/sandbox/index';
import { freshKey, startRig, type Rig } from './harness';
import { paymentFlow } from './flow';

// The sandbox's own clock, recording each wait it starts: which digit wait a reading chose is then
// read from the sandbox itself, not from how long anything took.
const waits: number[] = [];
const inner = systemClock(0.02);
const clock: Clock = {
  now: () => inner.now(),
  after: (ms, fn) => {
    waits.push(ms);
    return inner.after(ms, fn);
  },
  sleep: (ms) => inner.sleep(ms),
};

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ clock, switches: { connectorDelayMs: 0 } });
});
afterEach(() => {
  expect(rig.receiver.badSignatures).toEqual([]);
  rig.sandbox.setSwitches({ ...defaultSwitches, connectorDelayMs: 0 });
});
afterAll(() => rig.close());

const ofPayment = (sid: string, from = 0) =>
  rig.receiver.received
    .slice(from)
    .filter((r) => r.params.Sid === sid)
    .map((r) => r.params);

describe('createIdempotency: a create repeated with the same key after its answer was lost', () => {
  const create = (callSid: string, idempotencyKey: string) =>
    rig.client
      .calls(callSid)
      .payments.create({ idempotencyKey, statusCallback: rig.receiver.url(), chargeAmount: 5 });

  it('replay (the default) answers with the payment the first one opened', async () => {
    const callSid = rig.customer();
    const key = freshKey();
    const first = await create(callSid, key);
    expect((await create(callSid, key)).sid).toBe(first.sid);
  });

  it('none refuses the repeat with 64021 while that payment is open, and opens another once it ended', async () => {
    rig.sandbox.setSwitches({ createIdempotency: 'none' });
    const callSid = rig.customer();
    const key = freshKey();
    const first = await create(callSid, key);
    await expect(create(callSid, key)).rejects.toMatchObject({ status: 400, code: 64021 });
    await rig.client
      .calls(callSid)
      .payments(first.sid)
      .update({ idempotencyKey: freshKey(), statusCallback: rig.receiver.url(), status: 'cancel' });
    const again = await create(callSid, key);
    expect(again.sid).not.toBe(first.sid);
    // The refused repeat opened nothing: its start callback is the first payment's only one.
    await rig.sandbox.idle();
    expect(ofPayment(first.sid).filter((p) => !p.DateUpdated)).toHaveLength(1);
  });
});

// A long Timeout (600 s, 12 s here) so the wait between keys never ends the half-keyed field first.
describe('abandonedEntry: a field is requested while another is half keyed', () => {
  /** Keys part of `first`, then asks for the expiration date; returns the flow and the callbacks since. */
  async function halfKeyedThenExpiry(first: string, keys: string, extra: Record<string, unknown> = {}) {
    const flow = paymentFlow(rig);
    await flow.start({ timeout: 600, ...extra });
    await flow.capture(first);
    await flow.press(keys);
    await rig.sandbox.idle();
    const from = flow.mark();
    await flow.capture('expiration-date');
    await rig.sandbox.idle();
    return { flow, after: ofPayment(flow.paymentSid, from) };
  }

  it('drop (the default) forgets the keys: no answer for the half-keyed field, which stays required', async () => {
    const { flow, after } = await halfKeyedThenExpiry('payment-card-number', '4111');
    expect(after.filter((p) => p.Capture === 'payment-card-number')).toEqual([]);
    expect(after[0]).toMatchObject({ Capture: 'expiration-date' });
    expect(after[0]!.Required!.split(',')).toContain('payment-card-number');
    // Twilio listens for the new field only.
    const end = await flow.enter('expiration-date', '1230');
    expect(end.ExpirationDate).toBe('1230');
  });

  it('validate ends the half-keyed field as # would: its ErrorType comes before the new field', async () => {
    rig.sandbox.setSwitches({ abandonedEntry: 'validate' });
    const { after } = await halfKeyedThenExpiry('payment-card-number', '4111');
    expect(after[0]).toMatchObject({ Capture: 'payment-card-number', ErrorType: 'invalid-card-number' });
    expect(after[1]).toMatchObject({ Capture: 'expiration-date' });
  });

  it('validate keeps a half-keyed field that is already valid (a postal code past its minimum length)', async () => {
    rig.sandbox.setSwitches({ abandonedEntry: 'validate' });
    const { after } = await halfKeyedThenExpiry('postal-code', '9410', { minPostalCodeLength: 3 });
    const [postal] = after;
    expect(postal).toMatchObject({ Capture: 'postal-code', PaymentCardPostalCode: '9410' });
    expect(postal).not.toHaveProperty('ErrorType');
    expect(postal!.Required!.split(',')).not.toContain('postal-code');
  });

  it('asking for the same field again restarts it in either reading: no verdict on the first keys', async () => {
    rig.sandbox.setSwitches({ abandonedEntry: 'validate' });
    const flow = paymentFlow(rig);
    await flow.start({ timeout: 600 });
    await flow.capture('payment-card-number');
    await flow.press('4111');
    await rig.sandbox.idle();
    const from = flow.mark();
    const end = await flow.enter('payment-card-number', '4111111111111111#');
    expect(end.PaymentCardNumber).toBe('xxxxxxxxxxxx1111');
    expect(ofPayment(flow.paymentSid, from).filter((p) => p.ErrorType)).toEqual([]);
  });
});

describe('starOutsideCapture: the customer presses * while no field is being captured', () => {
  it('ignore (the default) changes nothing: the session stays open and captures as before', async () => {
    const flow = paymentFlow(rig);
    await flow.start({ securityCode: false, postalCode: false });
    await flow.press('*');
    await flow.enter('payment-card-number', '4111111111111111#');
    await flow.press('*');
    await flow.enter('expiration-date', '1230');
    await rig.sandbox.idle();
    expect(ofPayment(flow.paymentSid).filter((p) => p.Result)).toEqual([]);
    await flow.status('complete');
    expect((await flow.waitFor((p) => !!p.Result)).Result).toBe('success');
  });

  it('end-session ends the session with caller-interrupted-with-star, as <Pay> does at any point', async () => {
    rig.sandbox.setSwitches({ starOutsideCapture: 'end-session' });
    const flow = paymentFlow(rig);
    await flow.start();
    await flow.enter('payment-card-number', '4111111111111111#');
    await flow.press('*');
    expect((await flow.waitFor((p) => !!p.Result)).Result).toBe('caller-interrupted-with-star');
    await expect(flow.capture('expiration-date')).rejects.toMatchObject({ code: 64021 });
    expect(rig.sandbox.ledger().filter((e) => e.paymentSid === flow.paymentSid)).toEqual([]);
  });
});

describe('firstDigitWait: how long a requested field waits for its first key (Timeout=5)', () => {
  async function requestAndRecordWait() {
    const flow = paymentFlow(rig);
    await flow.start({ timeout: 5 });
    waits.length = 0;
    await flow.capture('payment-card-number');
    return { flow, wait: [...waits] };
  }

  it('at-least-30s (the default) waits 30 s for the first key, then Timeout between keys', async () => {
    const { flow, wait } = await requestAndRecordWait();
    expect(wait).toEqual([30_000]);
    waits.length = 0;
    await flow.press('4');
    expect(waits).toEqual([5_000]);
    await flow.status('cancel');
  });

  it('timeout waits Timeout for the first key too, then reports input-timeout', async () => {
    rig.sandbox.setSwitches({ firstDigitWait: 'timeout' });
    const { flow, wait } = await requestAndRecordWait();
    expect(wait).toEqual([5_000]);
    const timedOut = await flow.waitFor((p) => !!p.ErrorType);
    expect(timedOut).toMatchObject({ Capture: 'payment-card-number', ErrorType: 'input-timeout' });
  });

  it('none never times out before the first key; the keys still come in and end the field', async () => {
    rig.sandbox.setSwitches({ firstDigitWait: 'none' });
    const { flow, wait } = await requestAndRecordWait();
    expect(wait).toEqual([]);
    await flow.press('4111111111111111#');
    const end = await flow.waitFor((p) => p.Capture === 'payment-card-number' && !!p.PaymentCardType);
    expect(end.PaymentCardNumber).toBe('xxxxxxxxxxxx1111');
  });
});
