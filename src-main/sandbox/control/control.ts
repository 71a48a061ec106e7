import type { CallRecord, CallStore } from '../calls/call-store';
import { isEnded } from '../calls/call-store';
import type { Ledger, LedgerEntry } from '../connector/ledger';
import { TwilioError, notFound } from '../http/twilio-error';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const KEYS = /^[0-9#*w]{1,200}$/;

/** A call as the control API lists it. */
export interface ControlCall {
  sid: string;
  from: string;
  to: string;
  status: CallRecord['status'];
  direction: CallRecord['direction'];
  parentCallSid: string | null;
}

/** Simulated customers and the ledger: what `/_sandbox` offers over HTTP, callable in-process. */
export interface SandboxControl {
  /** A customer who called in and has been answered: an inbound call in progress. */
  createCall(input: { from: string; to: string }): ControlCall;
  /** Queues keypresses (`0-9#*`, `w` = wait half a second); resolves once they are pressed. */
  pressDigits(callSid: string, digits: string): Promise<void>;
  hangup(callSid: string): void;
  listCalls(): ControlCall[];
  ledger(): LedgerEntry[];
}

function toControlCall(c: CallRecord): ControlCall {
  return {
    sid: c.sid,
    from: c.from,
    to: c.to,
    status: c.status,
    direction: c.direction,
    parentCallSid: c.parentCallSid ?? null,
  };
}

/** Builds the in-process control over the sandbox's calls and ledger. */
export function createControl(calls: CallStore, ledger: Ledger): SandboxControl {
  const live = (sid: string) => {
    const call = calls.get(sid);
    if (!call) throw notFound(`call ${sid}`);
    if (isEnded(call.status)) throw new TwilioError(409, 21220, `Call ${sid} has ended (${call.status}).`);
    return call;
  };
  return {
    createCall: ({ from, to }) => {
      if (!E164.test(from) || !E164.test(to)) {
        throw new TwilioError(400, 21211, 'from and to must be phone numbers such as +14155550100.');
      }
      return toControlCall(calls.create({ from, to, direction: 'inbound', status: 'in-progress' }));
    },
    pressDigits: (sid, digits) => {
      if (!KEYS.test(digits)) {
        throw new TwilioError(
          400,
          20001,
          'digits must be 1 to 200 keys from 0-9, #, * and w (wait half a second).',
        );
      }
      live(sid);
      return calls.pressDigits(sid, digits);
    },
    hangup: (sid) => {
      live(sid);
      calls.setStatus(sid, 'completed');
    },
    listCalls: () => calls.list().map(toControlCall),
    ledger: () => ledger.list(),
  };
}
