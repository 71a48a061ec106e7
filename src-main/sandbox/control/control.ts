import type { CallRecord, CallStore } from '../calls';
import { isEnded } from '../calls';
import type { Ledger, LedgerEntry } from '../connector';
import { TwilioError, notFound } from '../http';

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

/** Who a simulated customer calls: a phone number, or `client:<identity>` for a registered Device. */
export interface CustomerCallInput {
  from: string;
  to: string;
  /** Custom parameters a `client:` call carries to the Device. */
  params?: Record<string, string>;
}

/** An extension's handler for customer calls it can connect; undefined for targets it does not serve. */
export type CustomerCallRouter = (input: CustomerCallInput) => Promise<CallRecord | undefined>;

/** Simulated customers and the ledger: what `/_sandbox` offers over HTTP, callable in-process. */
export interface SandboxControl {
  /** A customer who called in and has been answered: an inbound call in progress. */
  createCall(input: { from: string; to: string }): ControlCall;
  /**
   * A customer calls `to`: a Device or a number with a Voice URL rings through the voice side;
   * anything else is answered at once, as `createCall`.
   */
  callIn(input: CustomerCallInput): Promise<ControlCall>;
  /** Queues keypresses (`0-9#*`, `w` = wait half a second); resolves once they are pressed. */
  pressDigits(callSid: string, digits: string): Promise<void>;
  hangup(callSid: string): void;
  listCalls(): ControlCall[];
  ledger(): LedgerEntry[];
}

export function toControlCall(c: CallRecord): ControlCall {
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
export function createControl(
  calls: CallStore,
  ledger: Ledger,
  routers: readonly CustomerCallRouter[] = [],
): SandboxControl {
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
    async callIn(input) {
      for (const route of routers) {
        const call = await route(input);
        if (call) return toControlCall(call);
      }
      if (input.to.startsWith('client:')) {
        throw new TwilioError(
          404,
          20404,
          `Nothing in the sandbox answers ${input.to}; register a Device first.`,
        );
      }
      return this.createCall(input);
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
