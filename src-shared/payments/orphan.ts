import type { PaymentSession } from './session';

/**
 * A start whose answer was lost, repeated, and refused with 64021: Twilio has a payment open on the call
 * that Callpay has no Sid for (reference §8.8: IdempotencyKey replay is undocumented). Its callbacks name
 * it, and Callpay takes it over (or, if it is not this payment, offers to cancel it).
 */
export const START_ORPHANED_ALERT = {
  code: 'start_orphaned',
  message:
    'Twilio already has a payment open on this call, most likely this one: its answer to the start was lost on the way. ' +
    'Callpay takes it over as soon as Twilio’s first update for it arrives. If nothing comes, the call cannot take a payment until it ends.',
};

/** The payment Twilio had opened was this one: the agent carries on with it. */
export const ORPHAN_ADOPTED_ALERT = {
  code: 'start_adopted',
  message:
    'Twilio’s answer to the start was lost, so Callpay took over the payment Twilio had already opened on this call. Carry on as usual.',
};

/** The payment open on the call is not the one the agent asked for. */
export const ORPHAN_FOREIGN_ALERT = {
  code: 'start_blocked',
  message:
    'Another payment, not this one, is open on this call at Twilio, so this one could not start. Cancel payment ends that one; then start this payment again.',
};

/** Twilio answered the repeated start with 64021: wait, durably, for the open payment's callbacks. */
export function startOrphaned(s: PaymentSession): PaymentSession {
  return s.phase === 'starting' && s.paymentSid === undefined ? { ...s, alert: START_ORPHANED_ALERT } : s;
}

/** A callback named the payment open on the call: this session adopts it, or holds it only to cancel it. */
export function orphanFound(s: PaymentSession, paymentSid: string, adopt: boolean): PaymentSession {
  if (s.paymentSid !== undefined) return s;
  if (s.phase === 'cancelling') return { ...s, paymentSid, pendingWrite: undefined };
  if (s.phase !== 'starting') return s;
  if (adopt) return { ...s, phase: 'open', paymentSid, pendingWrite: undefined, alert: ORPHAN_ADOPTED_ALERT };
  return { ...s, paymentSid, pendingWrite: undefined, alert: ORPHAN_FOREIGN_ALERT };
}

/**
 * Whether a session is waiting for the callbacks of a payment Twilio opened without telling it (a
 * session cancels without a payment Sid only then: it waits for the Sid to send the cancel).
 */
export const awaitsOrphan = (s: PaymentSession) =>
  s.paymentSid === undefined && (s.alert?.code === START_ORPHANED_ALERT.code || s.phase === 'cancelling');
