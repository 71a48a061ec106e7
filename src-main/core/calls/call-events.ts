import { ENDED_CALL_STATUSES, type CallSummary } from '@shared/api/calls';
import type { EventName, EventPayload } from '@shared/api/contract';
import type { CallRecord, ControlCall } from '../../sandbox';

type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

const summary = (c: ControlCall): CallSummary => ({
  sid: c.sid,
  from: c.from,
  to: c.to,
  parentCallSid: c.parentCallSid ?? undefined,
  status: c.status,
  direction: c.direction,
});

/**
 * Tells the console about calls as the core learns of them, so nothing on screen has to poll:
 * in sandbox mode every call's status (the sandbox sees them all), in live mode a "look" when a
 * leg the app placed changes (the account may have calls the app never sees).
 */
export function callEvents(emit: Emit, listCalls: () => ControlCall[] | undefined) {
  let pending: NodeJS.Immediate | undefined;
  // A burst of changes (a dial makes two legs) becomes one list, not one per leg.
  const announceList = () => {
    pending ??= setImmediate(() => {
      pending = undefined;
      const calls = listCalls();
      if (calls)
        emit('calls.changed', { calls: calls.filter((c) => c.status === 'in-progress').map(summary) });
    });
  };
  return {
    /** Sandbox mode: one of its calls began or changed status. */
    sandboxCall(call: CallRecord) {
      const ended = ENDED_CALL_STATUSES.includes(call.status);
      emit('sandbox.call', { callSid: call.sid, status: call.status, ended });
      announceList();
    },
    /** Live mode: a leg's status callback arrived; what else is on the account, only Twilio knows. */
    legChanged() {
      emit('calls.changed', {});
    },
    stop() {
      if (pending) clearImmediate(pending);
    },
  };
}
