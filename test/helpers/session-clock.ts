import { reduceSession, type PaymentSession, type SessionAction } from '@shared/payments';

/** Ascending ISO times for sessions built by hand: each call hands out the next, `stepMs` after the last. */
export interface IsoClock {
  (): string;
  /** The last time handed out (the start before any), `afterMs` later, without moving the clock on. */
  peek(afterMs?: number): string;
}

/** An {@link IsoClock} from `start`, one `stepMs` a call. */
export function isoClock(start: string | number = '2026-11-26T10:00:00.000Z', stepMs = 1000): IsoClock {
  let ms = typeof start === 'number' ? start : Date.parse(start);
  return Object.assign(() => new Date((ms += stepMs)).toISOString(), {
    peek: (afterMs = 0) => new Date(ms + afterMs).toISOString(),
  });
}

/**
 * One payment on one call, driven through the reducer by hand: `tick` stamps each action, `cb` is a
 * status callback as Twilio posts it (its DateUpdated the moment it happened), `run` applies actions.
 */
export function reducerKit(ids: { callSid: string; paymentSid: string; start?: string }) {
  const tick = isoClock(ids.start);
  const cb = (params: Record<string, string>, at = tick()): SessionAction => ({
    type: 'callback',
    params: { Sid: ids.paymentSid, CallSid: ids.callSid, DateUpdated: at, ...params },
    at,
  });
  const run = (s: PaymentSession, ...actions: SessionAction[]) => actions.reduce(reduceSession, s);
  return { tick, cb, run };
}
