import { ENDED_CALL_STATUSES, type CallSummary } from '@shared/api';
import type { EventName, EventPayload } from '@shared/api';
import type { CallRecord, ControlCall } from '../../sandbox';
import type { CallBook } from './call-book';

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
 * leg the app placed changes (the account may have calls the app never sees); with a call book
 * (Callpay Server), the book's calls in progress each time it changed, here or on another instance.
 */
export function callEvents(
  emit: Emit,
  listCalls: () => ControlCall[] | undefined,
  book?: CallBook,
  onReadFailed?: (error: unknown) => void,
) {
  let pending: NodeJS.Immediate | undefined;
  // One read of the book at a time; changes during it make one more read, not one each.
  let reading = false;
  let again = false;
  const announceBook = async () => {
    if (!book) return;
    if (reading) return void (again = true);
    reading = true;
    try {
      do {
        again = false;
        try {
          emit('calls.changed', { calls: await book.inProgress() });
        } catch (error) {
          onReadFailed?.(error);
        }
      } while (again);
    } finally {
      reading = false;
    }
  };
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
    /** Live mode with a call book: the book changed (a callback here, or a notice from another instance). */
    bookChanged(): Promise<void> {
      return announceBook();
    },
    stop() {
      if (pending) clearImmediate(pending);
    },
  };
}
