import type { CallRecord, CallStore } from '../calls';
import { isEnded } from '../calls';
import type { Clock } from '../clock';

/** Resolves `true` once any of the calls has ended, or `false` after `ms` sandbox milliseconds. */
export function endedWithin(calls: CallStore, clock: Clock, sids: string[], ms = Infinity): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      off();
      cancel();
      resolve(value);
    };
    const hasEnded = (sid: string) => {
      const call = calls.get(sid);
      return !call || isEnded(call.status);
    };
    const off = calls.on('status', (call: CallRecord) => {
      if (sids.includes(call.sid) && isEnded(call.status)) done(true);
    });
    const cancel = Number.isFinite(ms) ? clock.after(ms, () => done(false)) : () => undefined;
    if (sids.some(hasEnded)) done(true);
  });
}

/** True when the call is gone or over. */
export function hasEnded(calls: CallStore, sid: string): boolean {
  const call = calls.get(sid);
  return !call || isEnded(call.status);
}

/** The parameters Twilio puts in every voice webhook and status callback about a call. */
export function callParams(
  call: CallRecord,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const params: Record<string, string | undefined> = {
    AccountSid: call.accountSid,
    CallSid: call.sid,
    From: call.from,
    To: call.to,
    Caller: call.from,
    Called: call.to,
    Direction: call.direction,
    CallStatus: call.status,
    ApiVersion: '2010-04-01',
    ParentCallSid: call.parentCallSid,
    ...extra,
  };
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
}
