import type { Rig } from './harness';
import { freshKey } from './harness';

/** Drives one payment through the official client, the way the app does. */
export function paymentFlow(rig: Rig, callSid = rig.customer()) {
  const cb = rig.receiver.url('/status');
  let paymentSid = '';
  const mark = () => rig.receiver.received.length;
  return {
    callSid,
    get paymentSid() {
      return paymentSid;
    },
    async start(extra: Record<string, unknown> = {}) {
      const payment = await rig.client
        .calls(callSid)
        .payments.create({ idempotencyKey: freshKey(), statusCallback: cb, ...extra });
      paymentSid = payment.sid;
      return payment;
    },
    capture(field: string, url = cb) {
      return rig.client
        .calls(callSid)
        .payments(paymentSid)
        .update({ idempotencyKey: freshKey(), statusCallback: url, capture: field as never });
    },
    status(status: 'complete' | 'cancel', url = cb) {
      return rig.client
        .calls(callSid)
        .payments(paymentSid)
        .update({ idempotencyKey: freshKey(), statusCallback: url, status });
    },
    press: (digits: string) => rig.sandbox.control.pressDigits(callSid, digits),
    mark,
    /** Waits for the next callback of this payment (after `from`) matching `match`. */
    waitFor(match: (p: Record<string, string>) => boolean, from = 0, ms = 5000) {
      return rig.receiver.waitFor((p) => p.Sid === paymentSid && match(p), ms, from).then((r) => r.params);
    },
    /** Captures a field by pressing `digits` and waits for its final callback. */
    async enter(field: string, digits: string) {
      const from = mark();
      await this.capture(field);
      await this.press(digits);
      return this.waitFor(
        (p) =>
          p.Capture === field &&
          p.PartialResult !== 'true' &&
          (!!p.ErrorType || !p.Required?.split(',').includes(field)),
        from,
      );
    },
  };
}
