import {
  awaitsOrphan,
  isTerminal,
  type PaymentSession,
  type PendingWrite,
  type RestOperation,
  type SessionAction,
  type StartPaymentArgs,
} from '@shared/payments';
import type { AppLog } from '../log';
import { CALL_ENDED, describeRestFailure } from './rest-failure';
import { resendAction, startArgsOf } from './session-resume';

/** Whether Twilio says a call is over: true, false, or undefined when it cannot tell. */
export type CallEndedCheck = (callSid: string) => Promise<boolean | undefined>;

export interface RestoreDeps {
  log: AppLog;
  get: (sessionId: string) => PaymentSession;
  dispatch: (sessionId: string, action: SessionAction) => void;
  at: () => string;
  /** Takes a session read back from the store; false when this instance already has it. */
  take: (session: PaymentSession) => boolean;
  /** Applies the callbacks held for a payment Sid before its session was known. */
  applyHeld: (sessionId: string, paymentSid: string) => void;
  /** Sends a start (again), with the write's own IdempotencyKey and StatusCallback. */
  create: (sessionId: string, args: StartPaymentArgs, write: PendingWrite) => Promise<void>;
  /** Sends a request, complete or cancel (again), exactly as written down. */
  send: (session: PaymentSession, write: PendingWrite) => Promise<void>;
  failed: (sessionId: string, operation: RestOperation, error: unknown) => void;
  /** Alerts the agent if the result of a complete or cancel does not come in time. */
  watchResult: (sessionId: string) => void;
  /** Watches the call for a callback naming the payment Twilio had open (64021). */
  watchOrphan: (sessionId: string, callSid: string) => Promise<void>;
}

/**
 * Sessions written down by an earlier run: open ones are watched again (callbacks by payment Sid),
 * and a write that may not have reached Twilio is sent again with the same IdempotencyKey.
 */
export function restoreSessions(
  saved: readonly PaymentSession[],
  callEnded: CallEndedCheck,
  deps: RestoreDeps,
): PaymentSession[] {
  const restored: PaymentSession[] = [];
  for (const session of saved) {
    if (!deps.take(session) || isTerminal(session.phase)) continue;
    deps.dispatch(session.id, { type: 'restored', at: deps.at() });
    restored.push(deps.get(session.id));
    deps.log.info('payments.restored', {
      sessionId: session.id,
      paymentSid: session.paymentSid,
      phase: session.phase,
      pending: session.pendingWrite?.operation,
    });
    if (session.paymentSid) deps.applyHeld(session.id, session.paymentSid);
  }
  for (const session of restored) void resume(session.id, callEnded, deps);
  return restored;
}

async function resume(sessionId: string, callEnded: CallEndedCheck, deps: RestoreDeps): Promise<void> {
  // The call may have ended while Callpay was down: then so did its payment.
  if (await callEnded(deps.get(sessionId).callSid).catch(() => undefined)) {
    deps.dispatch(sessionId, { type: 'call-ended', at: deps.at() });
    return;
  }
  await resend(sessionId, deps);
}

/** Sends a restored session's unanswered write again, exactly as it was first sent. */
async function resend(sessionId: string, deps: RestoreDeps): Promise<void> {
  const session = deps.get(sessionId);
  const write = session.pendingWrite;
  // Cancelled while the open payment had no Sid here: keep watching for it, to cancel it.
  if (awaitsOrphan(session) && session.phase === 'cancelling') {
    void deps.watchOrphan(sessionId, session.callSid);
    return deps.watchResult(sessionId);
  }
  const plan = resendAction(session);
  if (plan === 'watch') return deps.watchResult(sessionId);
  if (plan === 'forget' || write === undefined) {
    if (write) deps.dispatch(sessionId, { type: 'write-answered', at: deps.at() });
    return;
  }
  if (plan === 'create') {
    const args = startArgsOf(write);
    if (!args) return deps.failed(sessionId, 'start', new Error('unreadable start arguments'));
    return deps.create(sessionId, args, write);
  }
  try {
    await deps.send(session, write);
    deps.dispatch(sessionId, { type: 'write-answered', at: deps.at() });
  } catch (error) {
    const { code } = describeRestFailure(error);
    // A completion sent before the restart may have been done already: only its Result can say.
    if (write.operation === 'complete' && code !== CALL_ENDED) {
      deps.log.warn('payments.resend_failed', { sessionId, operation: write.operation, code });
      deps.dispatch(sessionId, { type: 'write-answered', at: deps.at() });
    } else deps.failed(sessionId, write.operation, error);
  }
  deps.watchResult(sessionId);
}
