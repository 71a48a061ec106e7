import { describeTwilioCode } from './catalogue';
import { fieldsFor, FIELD_LABELS, matchedField, type PaymentField } from './fields';
import { chargeAmount } from './money';
import { applyCallback } from './callback';
import { isTerminal, type FieldState, type PaymentSession, type PendingWrite } from './session';
import type { StartPaymentArgs } from './start-args';
import { describeSession } from './describe';
import { orphanFound, startOrphaned } from './orphan';
import { readBackCallback, readBackStarted } from './read-back';

/** Everything that can happen to a session. Time is passed in, so the reducer stays pure. */
export type SessionAction =
  | { type: 'started'; paymentSid: string; at: string }
  | { type: 'field-requested'; field: PaymentField; at: string }
  | { type: 'complete-requested'; at: string }
  | { type: 'cancel-requested'; at: string }
  | { type: 'rest-failed'; operation: RestOperation; code?: number; message: string; at: string }
  | { type: 'callback'; params: Readonly<Record<string, string>>; at: string }
  | { type: 'call-ended'; at: string }
  | { type: 'tunnel'; up: boolean; at: string }
  | { type: 'result-overdue'; at: string }
  | { type: 'write-pending'; write: PendingWrite; at: string }
  | { type: 'write-answered'; at: string }
  | { type: 'restored'; at: string }
  | { type: 'unknown-accepted'; at: string }
  | { type: 'start-orphaned'; at: string }
  | { type: 'orphan-found'; paymentSid: string; adopt: boolean; at: string };

/** The Twilio write a REST failure belongs to. */
export type RestOperation = 'start' | 'request' | 'complete' | 'cancel';

/** Shown at once when the tunnel drops while a session is open. */
export const TUNNEL_DOWN_ALERT = {
  code: 'tunnel_down',
  message:
    'The connection that brings Twilio’s updates is down, so what the customer keys cannot reach Callpay. ' +
    'When it is back, request the field again.',
};

/**
 * Twilio refused an update with 64021: the payment has ended there (the customer's `*`, a timeout)
 * or is with the processor, and the update that says so has not reached Callpay. A tunnel that
 * drops and comes back must not wipe this: the agent must check before charging again.
 */
export const ENDED_AT_TWILIO_ALERT = {
  code: 'ended_at_twilio',
  message:
    'Twilio says this payment can no longer be changed: it has ended there, or is with the payment ' +
    'processor, and its last update has not reached Callpay. Check the payment processor before ' +
    'taking this payment again.',
};
const SESSION_CLOSED = 64021;

/** Shown when complete or cancel got no Result in time. */
export const RESULT_OVERDUE_ALERT = {
  code: 'result_overdue',
  message:
    'Twilio has not reported how the payment ended yet. Check the payment processor before taking this payment again.',
};

/** Shown when Callpay restarted after Complete was sent and before Twilio's Result arrived. */
export const RESULT_UNKNOWN_ALERT = {
  code: 'result_unknown',
  message:
    'Result unknown: check before charging again. Callpay restarted after the payment was sent; Twilio’s result shows here when it arrives.',
};

/** Shown on a session that was open at Twilio when Callpay restarted. */
export const RESTORED_OPEN_ALERT = {
  code: 'restored_open',
  message:
    'Callpay restarted while this payment was open. Request the fields again to carry on, or cancel it to free the call.',
};

/** The Result an unknown completion is given when the agent confirms it and takes the payment again. */
export const UNKNOWN_RESULT = 'result-unknown';

/** A new session, before anything has been sent to Twilio. */
export function createSession(input: {
  id: string;
  agent: string;
  args: StartPaymentArgs;
  at: string;
}): PaymentSession {
  const { args } = input;
  const amountMinor = args.charge?.minor;
  const currency = args.currency.toUpperCase();
  const { confirmUnknownResult, ...startArgs } = args;
  void confirmUnknownResult; // a one-off permission, not an option to repeat
  const session: PaymentSession = {
    id: input.id,
    callSid: args.callSid,
    agent: input.agent,
    method: args.method,
    charge: amountMinor !== undefined,
    amount: args.charge === undefined ? undefined : chargeAmount(args.charge),
    amountMinor,
    currency,
    tokenType: amountMinor === undefined ? (args.tokenType ?? 'reusable') : undefined,
    phase: 'starting',
    fields: fieldsFor(args.method, args).map((field) => ({ field, status: 'pending' })),
    required: [],
    readyToComplete: false,
    card: {},
    bank: {},
    message: '',
    startedAt: input.at,
    updatedAt: input.at,
    version: 0,
    ...(args.confirmation ? { confirmation: true } : {}),
    startArgs,
  };
  return { ...session, message: describeSession(session) };
}

/** The session state machine: a pure function of the state and one action. */
export function reduceSession(session: PaymentSession, action: SessionAction): PaymentSession {
  const next = step(session, action);
  if (next === session) return session;
  const fields = next.fields;
  const ready = fields.length > 0 && fields.every((f) => f.status === 'captured');
  const settled = {
    ...next,
    readyToComplete: ready && next.phase === 'open',
    updatedAt: action.at,
    version: session.version + 1,
  };
  return { ...settled, message: describeSession(settled) };
}

function step(s: PaymentSession, action: SessionAction): PaymentSession {
  // A completion that ended without its Result (set aside by the agent, or the call ended) still
  // takes the Result when it comes: a charge must show.
  if (awaitsResult(s) && action.type === 'callback' && action.params.Result)
    return applyCallback({ ...s, phase: 'completing' }, action.params, Date.parse(action.at));
  // Once a session has ended nothing moves it: late callbacks and stray actions are ignored.
  if (isTerminal(s.phase)) return s;
  switch (action.type) {
    case 'started':
      return s.phase === 'starting'
        ? { ...s, phase: 'open', paymentSid: action.paymentSid, pendingWrite: undefined }
        : s;
    case 'write-pending':
      return { ...s, pendingWrite: action.write };
    case 'write-answered':
      return s.pendingWrite ? { ...s, pendingWrite: undefined } : s;
    case 'restored':
      return restored(s, action.at);
    case 'unknown-accepted':
      return s.phase === 'completing'
        ? {
            ...s,
            phase: 'ended',
            pendingWrite: undefined,
            alert: undefined,
            result: { result: UNKNOWN_RESULT },
          }
        : s;
    case 'field-requested':
      if (s.phase !== 'open') return s;
      return {
        ...s,
        activeField: action.field,
        alert: s.alert?.code === 'tunnel_down' ? s.alert : undefined,
        fields: s.fields.map((f) =>
          f.field === action.field
            ? rerequested(f)
            : secondOf(action.field, f)
              ? toKeyAgain(f)
              : abandoned(f),
        ),
      };
    case 'start-orphaned':
      return startOrphaned(s);
    case 'orphan-found':
      return orphanFound(s, action.paymentSid, action.adopt);
    case 'complete-requested':
      return s.phase === 'open' ? readBackStarted({ ...s, phase: 'completing', alert: undefined }) : s;
    case 'cancel-requested':
      return s.phase === 'open' || s.phase === 'completing' || s.phase === 'starting'
        ? { ...s, phase: 'cancelling', alert: undefined }
        : s;
    case 'rest-failed':
      return restFailed(s, action);
    case 'callback':
      return (
        readBackCallback(s, action.params, Date.parse(action.at)) ??
        applyCallback(s, action.params, Date.parse(action.at))
      );
    case 'call-ended':
      return {
        ...s,
        phase: 'ended',
        activeField: undefined,
        alert: undefined,
        result:
          s.phase === 'completing' ? { result: 'call-ended-while-completing' } : { result: 'call-ended' },
      };
    case 'tunnel':
      return tunnelChanged(s, action.up);
    case 'result-overdue':
      // "Result unknown" already says to check the processor, and says why.
      if (s.alert?.code === RESULT_UNKNOWN_ALERT.code) return s;
      return s.phase === 'completing' || s.phase === 'cancelling' ? { ...s, alert: RESULT_OVERDUE_ALERT } : s;
  }
}

// Asking for a first entry again asks for its second entry again too: both must be keyed anew.
const secondOf = (requested: PaymentField, f: FieldState) =>
  matchedField(requested) === undefined && f.field === `${requested}-matcher`;

const toKeyAgain = (f: FieldState): FieldState => ({
  field: f.field,
  status: 'pending',
  lastEventAt: f.lastEventAt,
});

function rerequested(f: FieldState): FieldState {
  // Keep lastEventAt: callbacks older than what we already saw still count as stale.
  return { field: f.field, status: 'requested', lastEventAt: f.lastEventAt };
}

/** Twilio listens for one field at a time: one still listened for when another is asked is not captured. */
function abandoned(f: FieldState): FieldState {
  if (f.status !== 'requested' && f.status !== 'capturing') return f;
  return { field: f.field, status: 'pending', lastEventAt: f.lastEventAt, abandoned: true };
}

function restored(s: PaymentSession, at: string): PaymentSession {
  const base = { ...s, restoredAt: at, activeField: undefined };
  switch (s.phase) {
    case 'completing':
      return { ...base, alert: RESULT_UNKNOWN_ALERT };
    case 'open':
      // Nothing the customer keyed while Callpay was down reached it: those fields are asked again.
      return {
        ...base,
        alert: RESTORED_OPEN_ALERT,
        fields: s.fields.map((f) =>
          f.status === 'requested' || f.status === 'capturing'
            ? {
                ...f,
                status: 'error',
                errorType: undefined,
                message: `Capture of the ${FIELD_LABELS[f.field]} was interrupted by a restart. Request it again.`,
              }
            : f,
        ),
      };
    default:
      return base;
  }
}

function restFailed(
  s: PaymentSession,
  action: Extract<SessionAction, { type: 'rest-failed' }>,
): PaymentSession {
  const answered = { ...s, pendingWrite: undefined };
  return restFailedStep(answered, action);
}

function restFailedStep(
  s: PaymentSession,
  action: Extract<SessionAction, { type: 'rest-failed' }>,
): PaymentSession {
  const known = describeTwilioCode(action.code);
  const reason = known ?? action.message;
  if (action.code === SESSION_CLOSED && action.operation !== 'start') {
    const waiting = s.phase === 'completing' || s.phase === 'cancelling';
    return {
      ...s,
      phase: waiting ? 'open' : s.phase,
      activeField: undefined,
      alert: ENDED_AT_TWILIO_ALERT,
      fields: s.fields.map((f) =>
        f.field === s.activeField && f.status === 'requested'
          ? {
              ...f,
              status: 'error',
              message: `Twilio no longer takes the ${FIELD_LABELS[f.field]} on this payment.`,
            }
          : f,
      ),
    };
  }
  switch (action.operation) {
    case 'start':
      return {
        ...s,
        phase: 'failed',
        result: { payErrorCode: action.code, paymentError: reason },
        alert: { code: 'start_failed', message: `Twilio did not start the payment: ${reason}` },
      };
    case 'request': {
      const active = s.activeField;
      return {
        ...s,
        activeField: undefined,
        alert: { code: 'request_failed', message: `Twilio did not take the request: ${reason}` },
        fields: s.fields.map((f) =>
          f.field === active && f.status === 'requested'
            ? { ...f, status: 'error', message: `Requesting the ${FIELD_LABELS[f.field]} failed. Try again.` }
            : f,
        ),
      };
    }
    case 'complete':
    case 'cancel':
      if (s.phase !== 'completing' && s.phase !== 'cancelling') return s;
      return {
        ...s,
        phase: 'open',
        alert: {
          code: `${action.operation}_failed`,
          message: `Twilio did not ${action.operation} the payment: ${reason}`,
        },
      };
  }
}

function tunnelChanged(s: PaymentSession, up: boolean): PaymentSession {
  if (up) {
    return s.alert?.code === TUNNEL_DOWN_ALERT.code ? { ...s, alert: undefined } : s;
  }
  // Whatever the customer keys now cannot reach us: stop showing the field as listening.
  return {
    ...s,
    // An overdue result outranks it: the agent must check the processor, and the tunnel coming back
    // (which clears a tunnel alert) must not wipe that warning away.
    alert: outranksTunnel(s.alert?.code) ? s.alert : TUNNEL_DOWN_ALERT,
    activeField: undefined,
    fields: s.fields.map((f) =>
      f.status === 'requested' || f.status === 'capturing'
        ? {
            ...f,
            status: 'error',
            errorType: undefined,
            message: `Capture of the ${FIELD_LABELS[f.field]} was interrupted. Request it again when the connection is back.`,
          }
        : f,
    ),
  };
}

const outranksTunnel = (code: string | undefined) =>
  code === RESULT_OVERDUE_ALERT.code ||
  code === RESULT_UNKNOWN_ALERT.code ||
  code === ENDED_AT_TWILIO_ALERT.code;

/** An ended session whose completion was sent but whose Result never came. */
export const awaitsResult = (s: PaymentSession) =>
  s.result?.result === UNKNOWN_RESULT || s.result?.result === 'call-ended-while-completing';
