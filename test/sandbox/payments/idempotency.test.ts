import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSwitches } from '../../../src-main/sandbox/index';
import { freshKey, startRig, type Rig } from '../harness';
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

async function readyToComplete(flow: ReturnType<typeof paymentFlow>) {
  await flow.start({ chargeAmount: 30, securityCode: false, postalCode: false });
  await flow.enter('payment-card-number', '4111111111111111#');
  await flow.enter('expiration-date', '1230');
}

const results = (sid: string) => rig.receiver.received.filter((r) => r.params.Sid === sid && r.params.Result);

describe('IdempotencyKey', () => {
  it('replays a create with the same key and parameters: same payment, one start callback', async () => {
    const callSid = rig.customer();
    const params = { idempotencyKey: freshKey(), statusCallback: rig.receiver.url(), chargeAmount: 5 };
    const first = await rig.client.calls(callSid).payments.create(params);
    const again = await rig.client.calls(callSid).payments.create(params);
    expect(again.sid).toBe(first.sid);
    await rig.sandbox.idle();
    expect(rig.receiver.received.filter((r) => r.params.Sid === first.sid)).toHaveLength(1);
  });

  it('charges once when complete is retried with the same key', async () => {
    const flow = paymentFlow(rig);
    await readyToComplete(flow);
    const params = {
      idempotencyKey: freshKey(),
      statusCallback: rig.receiver.url(),
      status: 'complete' as const,
    };
    const payment = rig.client.calls(flow.callSid).payments(flow.paymentSid);
    const first = await payment.update(params);
    const again = await payment.update(params);
    expect(again.dateUpdated).toEqual(first.dateUpdated);
    await rig.sandbox.idle();
    expect(results(flow.paymentSid)).toHaveLength(1);
    expect(rig.sandbox.ledger().filter((e) => e.paymentSid === flow.paymentSid)).toHaveLength(1);
  });

  it('refuses a complete retried with a new key after the session ended (64021), charging nothing more', async () => {
    const flow = paymentFlow(rig);
    await readyToComplete(flow);
    await flow.status('complete');
    await expect(flow.status('complete')).rejects.toMatchObject({ code: 64021 });
    await rig.sandbox.idle(); // the connector answers a while after Complete
    expect(rig.sandbox.ledger().filter((e) => e.paymentSid === flow.paymentSid)).toHaveLength(1);
  });

  it('processes the same key with other parameters as a new request by default, as Twilio examples rely on', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    const key = freshKey();
    const payment = rig.client.calls(flow.callSid).payments(flow.paymentSid);
    await payment.update({
      idempotencyKey: key,
      statusCallback: rig.receiver.url(),
      capture: 'payment-card-number',
    });
    const from = flow.mark();
    await payment.update({
      idempotencyKey: key,
      statusCallback: rig.receiver.url(),
      capture: 'expiration-date',
    });
    expect((await flow.waitFor((p) => p.Capture === 'expiration-date', from)).Capture).toBe(
      'expiration-date',
    );
  });

  it('rejects the same key with other parameters when the reject switch is on (64020)', async () => {
    rig.sandbox.setSwitches({ idempotencyConflict: 'reject' });
    const flow = paymentFlow(rig);
    await flow.start();
    const key = freshKey();
    const payment = rig.client.calls(flow.callSid).payments(flow.paymentSid);
    await payment.update({
      idempotencyKey: key,
      statusCallback: rig.receiver.url(),
      capture: 'payment-card-number',
    });
    await expect(
      payment.update({ idempotencyKey: key, statusCallback: rig.receiver.url(), capture: 'expiration-date' }),
    ).rejects.toMatchObject({ status: 400, code: 64020 });
  });
});
