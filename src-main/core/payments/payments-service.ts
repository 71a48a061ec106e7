import { randomUUID } from 'node:crypto';
import { ENDED_CALL_STATUSES } from '@shared/api/calls';
import { AppError, describeIssues } from '@shared/api/errors';
import {
  createSession,
  FIELD_LABELS,
  isTerminal,
  reduceSession,
  StartPaymentArgs,
  type PaymentField,
  type PaymentSession,
  type RestOperation,
  type SessionAction,
} from '@shared/payments';
import type { AuditLog } from '../audit';
import type { AppLog } from '../log';
import type { PaymentsApi } from '../twilio';
import { CallbackBuffer } from './callback-buffer';
import { CALL_ENDED, describeRestFailure } from './rest-failure';
import { auditChanges } from './session-audit';

export interface PaymentsDeps {
  api: () => PaymentsApi;
  /** The status callback URL Twilio should use now; undefined while the tunnel is down. */
  statusCallbackUrl: () => string | undefined;
  agent: () => string;
  audit: AuditLog;
  log: AppLog;
  onSession: (session: PaymentSession) => void;
  now?: () => Date;
  newId?: () => string;
  /** How long to wait for Twilio's result after complete or cancel before alerting the agent. */
  resultTimeoutMs?: number;
  /** True for a leg that carries the agent's own audio (a Device leg). */
  isAgentLeg?: (callSid: string) => boolean;
  /** The account's chosen Pay Connector, used where the agent asked for Twilio's "Default". */
  connector?: () => string | undefined;
}

const MAX_SESSIONS = 200;

/**
 * Payment sessions: validates, drives Twilio's Payments writes, matches callbacks by payment Sid,
 * and keeps one open session per call. Every state change goes through the pure reducer.
 */
export class PaymentsService {
  readonly #sessions = new Map<string, PaymentSession>();
  readonly #bySid = new Map<string, string>();
  readonly #buffer = new CallbackBuffer();
  readonly #deps: PaymentsDeps;
  readonly #now: () => Date;

  constructor(deps: PaymentsDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Starts a session on the customer's call leg. Bad input is refused before anything is sent. */
  async start(input: unknown): Promise<PaymentSession> {
    const parsed = StartPaymentArgs.safeParse(input);
    if (!parsed.success) {
      const { message, field } = describeIssues(parsed.error, input);
      throw new AppError('invalid_argument', message, field);
    }
    const args = this.#withConnector(parsed.data);
    this.#assertCustomerLeg(args.callSid);
    const open = this.list({ callSid: args.callSid }).find((s) => !isTerminal(s.phase));
    if (open) {
      throw new AppError(
        'session_open',
        'A payment is already open on this call. Finish or cancel it first.',
      );
    }
    const url = this.#callbackUrl();
    const api = this.#deps.api();
    const session = createSession({
      id: this.#deps.newId?.() ?? randomUUID(),
      agent: this.#deps.agent(),
      args,
      at: this.#at(),
    });
    // Written down before any Twilio write: a payment the log cannot record is not started.
    await this.#deps.audit.append({
      agent: session.agent,
      action: 'payment.start',
      sessionId: session.id,
      callSid: session.callSid,
      details: { amount: session.amount, currency: session.currency, method: session.method },
    });
    this.#store(session);
    try {
      const { sid } = await api.create(args.callSid, args, url);
      this.#bySid.set(sid, session.id);
      this.#dispatch(session.id, { type: 'started', paymentSid: sid, at: this.#at() });
      for (const params of this.#buffer.take(sid))
        this.#dispatch(session.id, { type: 'callback', params, at: this.#at() });
    } catch (error) {
      this.#failed(session.id, 'start', error);
    }
    return this.#get(session.id);
  }

  /** Asks Twilio to listen for one field, again if need be. */
  async request(sessionId: string, field: PaymentField): Promise<PaymentSession> {
    const session = this.#open(sessionId);
    if (!session.fields.some((f) => f.field === field)) {
      throw new AppError(
        'invalid_argument',
        `This payment does not collect the ${FIELD_LABELS[field]}.`,
        'field',
      );
    }
    const url = this.#callbackUrl();
    const api = this.#deps.api();
    this.#dispatch(sessionId, { type: 'field-requested', field, at: this.#at() });
    this.#audit({ ...this.#who(session), action: 'payment.request', details: { field } });
    await this.#write(sessionId, 'request', (s) =>
      api.update(s.callSid, s.paymentSid!, { capture: field }, url),
    );
    return this.#get(sessionId);
  }

  /** Sends the captured details to the processor. */
  async complete(sessionId: string): Promise<PaymentSession> {
    const session = this.#open(sessionId);
    if (!session.readyToComplete) {
      const missing = session.fields.filter((f) => f.status !== 'captured').map((f) => FIELD_LABELS[f.field]);
      throw new AppError('incomplete', `Capture every field first; still missing: ${missing.join(', ')}.`);
    }
    const url = this.#callbackUrl();
    const api = this.#deps.api();
    this.#dispatch(sessionId, { type: 'complete-requested', at: this.#at() });
    this.#audit({ ...this.#who(session), action: 'payment.complete', details: {} });
    await this.#write(sessionId, 'complete', (s) =>
      api.update(s.callSid, s.paymentSid!, { status: 'complete' }, url),
    );
    this.#watchResult(sessionId);
    return this.#get(sessionId);
  }

  /** Ends the session without charging. */
  async cancel(sessionId: string): Promise<PaymentSession> {
    const session = this.#get(sessionId);
    if (isTerminal(session.phase)) return session;
    if (session.paymentSid === undefined)
      throw new AppError('busy', 'The payment is still starting; try again in a moment.');
    const url = this.#callbackUrl();
    const api = this.#deps.api();
    this.#dispatch(sessionId, { type: 'cancel-requested', at: this.#at() });
    this.#audit({ ...this.#who(session), action: 'payment.cancel', details: {} });
    await this.#write(sessionId, 'cancel', (s) =>
      api.update(s.callSid, s.paymentSid!, { status: 'cancel' }, url),
    );
    this.#watchResult(sessionId);
    return this.#get(sessionId);
  }

  /** Sessions of this run, newest first. */
  list(filter: { sessionId?: string; callSid?: string } = {}): PaymentSession[] {
    return [...this.#sessions.values()]
      .filter(
        (s) =>
          (filter.sessionId === undefined || s.id === filter.sessionId) &&
          (filter.callSid === undefined || s.callSid === filter.callSid),
      )
      .reverse();
  }

  /** A verified StatusCallback, matched by payment Sid. */
  handleCallback(params: Record<string, string>): void {
    const sid = params.Sid ?? '';
    const sessionId = this.#bySid.get(sid);
    if (sessionId === undefined) {
      this.#deps.log.info('payments.callback_held', { paymentSid: sid });
      this.#buffer.hold(sid, params);
      return;
    }
    this.#dispatch(sessionId, { type: 'callback', params, at: this.#at() });
  }

  /** The call carrying a session ended: its sessions end too, and say so. */
  callEnded(callSid: string): void {
    for (const s of this.list({ callSid })) {
      if (!isTerminal(s.phase)) this.#dispatch(s.id, { type: 'call-ended', at: this.#at() });
    }
  }

  /** A verified leg-status callback: either leg ending ends the bridge, and a payment may sit on either. */
  legStatus(params: Record<string, string>): void {
    if (!ENDED_CALL_STATUSES.includes(params.CallStatus ?? '')) return;
    if (params.CallSid) this.callEnded(params.CallSid);
    if (params.ParentCallSid) this.callEnded(params.ParentCallSid);
  }

  /** The tunnel went down or came back: open sessions alert at once, or clear the alert. */
  tunnelChanged(up: boolean): void {
    for (const s of this.list()) {
      if (!isTerminal(s.phase)) this.#dispatch(s.id, { type: 'tunnel', up, at: this.#at() });
    }
  }

  async #write(sessionId: string, operation: RestOperation, write: (s: PaymentSession) => Promise<void>) {
    try {
      await write(this.#get(sessionId));
    } catch (error) {
      this.#failed(sessionId, operation, error);
    }
  }

  #failed(sessionId: string, operation: RestOperation, error: unknown): void {
    const { code, status, message } = describeRestFailure(error);
    this.#deps.log.warn('payments.rest_failed', { sessionId, operation, code, statusCode: status });
    if (code === CALL_ENDED) return this.#dispatch(sessionId, { type: 'call-ended', at: this.#at() });
    this.#dispatch(sessionId, { type: 'rest-failed', operation, code, message, at: this.#at() });
  }

  #dispatch(sessionId: string, action: SessionAction): void {
    const before = this.#get(sessionId);
    const after = reduceSession(before, action);
    if (after === before) return;
    this.#store(after);
    for (const record of auditChanges(before, after)) this.#audit(record);
    if (after.phase !== before.phase) {
      this.#deps.log.info('payments.phase', {
        sessionId,
        paymentSid: after.paymentSid,
        phase: after.phase,
        result: after.result?.result,
      });
    }
  }

  /** A lost result callback must not leave the agent waiting in silence. */
  #watchResult(sessionId: string): void {
    const phase = this.#get(sessionId).phase;
    if (phase !== 'completing' && phase !== 'cancelling') return;
    const timer = setTimeout(() => {
      if (this.#sessions.has(sessionId))
        this.#dispatch(sessionId, { type: 'result-overdue', at: this.#at() });
    }, this.#deps.resultTimeoutMs ?? 60_000);
    timer.unref?.();
  }

  #store(session: PaymentSession): void {
    this.#sessions.set(session.id, session);
    this.#prune();
    this.#deps.onSession(session);
  }

  /** A long-running app keeps the newest finished sessions only; history lives in the audit log. */
  #prune(): void {
    let excess = this.#sessions.size - MAX_SESSIONS;
    for (const [id, s] of this.#sessions) {
      if (excess <= 0) break;
      if (!isTerminal(s.phase)) continue;
      this.#sessions.delete(id);
      if (s.paymentSid) this.#bySid.delete(s.paymentSid);
      excess--;
    }
  }

  #get(sessionId: string): PaymentSession {
    const session = this.#sessions.get(sessionId);
    if (!session)
      throw new AppError('not_found', 'That payment session does not exist (it may be from an earlier run).');
    return session;
  }

  #open(sessionId: string): PaymentSession {
    const session = this.#get(sessionId);
    if (session.phase !== 'open') {
      throw new AppError('not_open', `The payment cannot take that now: ${session.message}`);
    }
    return session;
  }

  /** Refuses a payment on the agent's leg, where the customer's keys never arrive. */
  #assertCustomerLeg(callSid: string): void {
    if (this.#deps.isAgentLeg?.(callSid))
      throw new AppError(
        'agent_leg',
        "That is your own (the agent's) call leg; the customer's keys never reach it. Take the payment on the customer's leg.",
        'callSid',
      );
  }

  // "Default" is Twilio's name for the account default; a live account's chosen connector replaces it.
  #withConnector(args: StartPaymentArgs): StartPaymentArgs {
    const connector = this.#deps.connector?.();
    return connector && args.paymentConnector === 'Default' ? { ...args, paymentConnector: connector } : args;
  }

  #callbackUrl(): string {
    const url = this.#deps.statusCallbackUrl();
    if (url === undefined) {
      throw new AppError(
        'tunnel_down',
        'Twilio’s updates cannot reach Callpay right now (the tunnel is down). Try again when it is back.',
      );
    }
    return url;
  }

  #who(s: PaymentSession) {
    return { agent: s.agent, sessionId: s.id, callSid: s.callSid, paymentSid: s.paymentSid };
  }

  #audit(record: Parameters<AuditLog['append']>[0]): void {
    // Kept in order by the log; one it cannot write waits in memory and shows in the status bar.
    this.#deps.audit.keep(record);
  }

  #at(): string {
    return this.#now().toISOString();
  }
}
