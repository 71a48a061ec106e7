import { randomUUID } from 'node:crypto';
import { ENDED_CALL_STATUSES } from '@shared/api/calls';
import { AppError, describeIssues } from '@shared/api/errors';
import {
  afterDecline,
  createSession,
  awaitsOrphan,
  FIELD_LABELS,
  isTerminal,
  reduceSession,
  StartPaymentArgs,
  type PaymentField,
  type PaymentSession,
  type PendingWrite,
  type RestOperation,
  type SessionAction,
} from '@shared/payments';
import type { AuditRecord, AuditTrail } from '../audit';
import type { AppLog } from '../log';
import type { PaymentsApi } from '../twilio';
import { CallbackBuffer } from './callback-buffer';
import { OrphanWatch, sameStart } from './orphan-watch';
import { CALL_ENDED, describeRestFailure } from './rest-failure';
import { auditChanges, type SealSavedCard } from './session-audit';
import { isUnknownCompletion, resendAction, startArgsOf, UNKNOWN_RESULT_REFUSAL } from './session-resume';
import type { SessionStore } from './session-store';

export interface PaymentsDeps {
  api: () => PaymentsApi;
  /** The status callback URL Twilio should use now; undefined while the tunnel is down. */
  statusCallbackUrl: () => string | undefined;
  agent: () => string;
  audit: Pick<AuditTrail, 'append' | 'keep'>;
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
  /** Where sessions are written down before each Twilio write; without one they live in memory only. */
  sessions?: SessionStore;
  /** A fresh IdempotencyKey. */
  newKey?: () => string;
  /** Asked before each field is requested; refuses (with a sentence) while keys could be recorded. */
  beforeRequest?: (session: PaymentSession) => Promise<void>;
  /** Asks Twilio whether a call is over, before trying another card on it. */
  callEnded?: CallEndedCheck;
  /** Seals a saved card for the audit log; without it the log records that a card was saved, not its token. */
  sealSavedCard?: SealSavedCard;
}

const MAX_SESSIONS = 200;
/** Twilio's "Start operation on already started Pay session": a payment is open on the call. */
const SESSION_ALREADY_OPEN = 64021;

/** Whether Twilio says a call is over: true, false, or undefined when it cannot tell. */
export type CallEndedCheck = (callSid: string) => Promise<boolean | undefined>;

/**
 * Payment sessions: validates, drives Twilio's Payments writes, matches callbacks by payment Sid,
 * and keeps one open session per call. Every state change goes through the pure reducer.
 */
export class PaymentsService {
  readonly #sessions = new Map<string, PaymentSession>();
  readonly #bySid = new Map<string, string>();
  readonly #buffer = new CallbackBuffer();
  readonly #orphans = new OrphanWatch();
  /** Calls this run saw end, newest last: another card is never tried on one. */
  readonly #endedCalls = new Set<string>();
  /** The newest save of each session still under way. */
  readonly #saves = new Map<string, Promise<void>>();
  /** Shared store: the callbacks of each payment Sid being applied, in turn. */
  readonly #reads = new Map<string, Promise<void>>();
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
    const { confirmUnknownResult, ...requested } = parsed.data;
    const args = this.#withConnector(requested);
    this.#assertCustomerLeg(args.callSid);
    const open = this.list({ callSid: args.callSid }).find((s) => !isTerminal(s.phase));
    if (open && isUnknownCompletion(open) && confirmUnknownResult !== true) {
      throw new AppError('result_unknown', UNKNOWN_RESULT_REFUSAL);
    }
    if (open && !isUnknownCompletion(open)) {
      throw new AppError(
        'session_open',
        'A payment is already open on this call. Finish or cancel it first.',
      );
    }
    const url = this.#callbackUrl();
    const api = this.#deps.api();
    if (open) {
      // The agent checked the processor: the unknown one is set aside (its Result still counts).
      this.#dispatch(open.id, { type: 'unknown-accepted', at: this.#at() });
      await this.#persisted(open.id);
    }
    const key = api.startKey?.(args.callSid, args) ?? this.#newKey();
    const write = this.#pendingWrite('start', url, { key, args });
    const session = reduceSession(
      createSession({
        id: this.#deps.newId?.() ?? randomUUID(),
        agent: this.#deps.agent(),
        args,
        at: this.#at(),
      }),
      { type: 'write-pending', write, at: this.#at() },
    );
    // Written down before any Twilio write: a payment the log cannot record is not started.
    await this.#deps.audit.append({
      agent: session.agent,
      action: 'payment.start',
      sessionId: session.id,
      callSid: session.callSid,
      details: {
        amount: session.amount,
        currency: session.currency,
        method: session.method,
        reference: args.description,
        connector: args.paymentConnector,
      },
    });
    this.#store(session);
    if (await this.#recorded(session.id, 'start')) await this.#create(session.id, args, write);
    return this.#get(session.id);
  }

  async #create(sessionId: string, args: StartPaymentArgs, write: PendingWrite): Promise<void> {
    try {
      const { sid } = await this.#deps
        .api()
        .create(args.callSid, args, write.statusCallback, write.idempotencyKey);
      this.#bySid.set(sid, sessionId);
      this.#dispatch(sessionId, { type: 'started', paymentSid: sid, at: this.#at() });
      for (const params of this.#buffer.take(sid))
        this.#dispatch(sessionId, { type: 'callback', params, at: this.#at() });
    } catch (error) {
      if (describeRestFailure(error).code === SESSION_ALREADY_OPEN) return this.#orphaned(sessionId, args);
      this.#failed(sessionId, 'start', error);
    }
  }

  /**
   * Twilio refused the start because a payment is already open on the call (64021): after a lost answer
   * that is this payment's own, so the session waits for a callback naming it (the pending start stays
   * written down, so a restart asks again) and takes it over; a different payment is only cancelled.
   */
  async #orphaned(sessionId: string, args: StartPaymentArgs): Promise<void> {
    this.#deps.log.warn('payments.start_orphaned', { sessionId });
    this.#dispatch(sessionId, { type: 'start-orphaned', at: this.#at() });
    await this.#watchOrphan(sessionId, args.callSid);
  }

  /** Watches the call's leg, and its parent's once Twilio says which, for a callback naming the open payment. */
  async #watchOrphan(sessionId: string, callSid: string): Promise<void> {
    this.#orphans.watch(sessionId, [callSid]);
    this.#adoptHeld(sessionId);
    const legs = await Promise.resolve()
      .then(() => this.#deps.api().callLegs?.(callSid))
      .catch(() => undefined);
    if (!legs || !this.#orphans.watching(sessionId)) return;
    this.#orphans.watch(sessionId, legs);
    this.#adoptHeld(sessionId);
  }

  /** A callback already held for an unknown payment on the watched call. */
  #adoptHeld(sessionId: string): void {
    const held = this.#buffer.find((p) => this.#claimant(p) === sessionId);
    if (held) this.#adopt(sessionId, held.sid, held.params);
  }

  #claimant(params: Record<string, string>): string | undefined {
    return this.#orphans.claimant(params, (id) => {
      const s = this.#sessions.get(id);
      return s !== undefined && awaitsOrphan(s) && !isTerminal(s.phase);
    });
  }

  #adopt(sessionId: string, paymentSid: string, params: Record<string, string>): void {
    this.#orphans.stop(sessionId);
    const session = this.#get(sessionId);
    const adopt = sameStart(session, params);
    this.#deps.log.info('payments.orphan_found', { sessionId, paymentSid, adopt });
    this.#bySid.set(paymentSid, sessionId);
    this.#dispatch(sessionId, { type: 'orphan-found', paymentSid, adopt, at: this.#at() });
    // Its own callbacks are applied; a payment that is not this one only matters for its end.
    for (const held of this.#buffer.take(paymentSid))
      if (adopt || held.Result) this.#dispatch(sessionId, { type: 'callback', params: held, at: this.#at() });
    const now = this.#get(sessionId);
    if (now.phase === 'cancelling' && now.paymentSid === paymentSid) void this.#cancelFound(sessionId);
  }

  /** The agent cancelled while the open payment had no Sid here: now it has one, it is cancelled. */
  async #cancelFound(sessionId: string): Promise<void> {
    const url = this.#deps.statusCallbackUrl() ?? this.#get(sessionId).pendingWrite?.statusCallback;
    if (url === undefined) return;
    await this.#write(sessionId, this.#pendingWrite('cancel', url), this.#deps.api());
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
    if (this.#deps.beforeRequest) {
      await this.#deps.beforeRequest(session);
      this.#open(sessionId);
    }
    const url = this.#callbackUrl();
    const api = this.#deps.api();
    this.#dispatch(sessionId, { type: 'field-requested', field, at: this.#at() });
    this.#audit({ ...this.#who(session), action: 'payment.request', details: { field } });
    await this.#write(sessionId, this.#pendingWrite('request', url, { capture: field }), api);
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
    await this.#write(sessionId, this.#pendingWrite('complete', url), api);
    this.#watchResult(sessionId);
    return this.#get(sessionId);
  }

  /** Ends the session without charging. */
  async cancel(sessionId: string): Promise<PaymentSession> {
    const session = this.#get(sessionId);
    if (isTerminal(session.phase)) return session;
    if (awaitsOrphan(session) && session.phase === 'starting') return this.#cancelOrphan(session);
    if (session.paymentSid === undefined)
      throw new AppError('busy', 'The payment is still starting; try again in a moment.');
    if (isUnknownCompletion(session) && session.restoredAt !== undefined) {
      throw new AppError(
        'result_unknown',
        'This payment was sent to the processor before Callpay restarted, so cancelling cannot undo it. Wait for its result or check the processor.',
      );
    }
    const url = this.#callbackUrl();
    const api = this.#deps.api();
    this.#dispatch(sessionId, { type: 'cancel-requested', at: this.#at() });
    this.#audit({ ...this.#who(session), action: 'payment.cancel', details: {} });
    await this.#write(sessionId, this.#pendingWrite('cancel', url), api);
    this.#watchResult(sessionId);
    return this.#get(sessionId);
  }

  /** Cancel before the open payment's Sid is known: it is cancelled at Twilio as soon as a callback names it. */
  #cancelOrphan(session: PaymentSession): PaymentSession {
    this.#dispatch(session.id, { type: 'cancel-requested', at: this.#at() });
    this.#audit({ ...this.#who(session), action: 'payment.cancel', details: {} });
    this.#watchResult(session.id);
    return this.#get(session.id);
  }

  /**
   * "Try another card": a new session on the same call with the same amount, currency and options
   * (and a fresh IdempotencyKey), after a decline another card may fix.
   */
  async retry(sessionId: string): Promise<PaymentSession> {
    const failed = this.#get(sessionId);
    const advice = afterDecline(failed);
    if (advice?.kind === 'do-not-retry') throw new AppError('do_not_retry', advice.warning);
    if (advice === undefined || failed.startArgs === undefined) {
      throw new AppError(
        'not_retryable',
        'Only a declined or failed payment can be tried again with another card. Start a new payment instead.',
      );
    }
    const ended =
      this.#endedCalls.has(failed.callSid) ||
      (await this.#deps.callEnded?.(failed.callSid).catch(() => undefined)) === true;
    if (ended) {
      const other = failed.method === 'ach-debit' ? 'account' : 'card';
      throw new AppError(
        'call_ended',
        `The call has ended, so another ${other} cannot be tried on it. Call the customer back to take the payment.`,
      );
    }
    return this.start(failed.startArgs);
  }

  /** Resolves once every session state handed to the store so far is durable (for a clean stop). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#saves.values()]);
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
  handleCallback(params: Record<string, string>): void | Promise<void> {
    const sid = params.Sid ?? '';
    if (this.#deps.sessions?.findByPaymentSid) {
      // Several instances share the store: each callback applies to the row, in arrival order, and
      // Twilio is answered once it is kept, so its next callback (on any instance) sees it.
      const run = (this.#reads.get(sid) ?? Promise.resolve()).then(() => this.#applyToRow(sid, params));
      this.#reads.set(sid, run);
      void run.then(() => this.#reads.get(sid) === run && this.#reads.delete(sid));
      return run;
    }
    this.#apply(sid, params);
  }

  #apply(sid: string, params: Record<string, string>): void {
    const sessionId = this.#bySid.get(sid);
    if (sessionId === undefined) {
      this.#deps.log.info('payments.callback_held', { paymentSid: sid });
      this.#buffer.hold(sid, params);
      const claimant = this.#claimant(params);
      if (claimant !== undefined) this.#adopt(claimant, sid, params);
      return;
    }
    this.#dispatch(sessionId, { type: 'callback', params, at: this.#at() });
  }

  /**
   * Another instance saved this session: once this instance's own save of it is done, the row
   * (read by `read`) is adopted, so a newer local state is never replaced by an older row.
   */
  async refresh(sessionId: string, read: () => Promise<PaymentSession | undefined>): Promise<void> {
    await this.#saves.get(sessionId)?.catch(() => undefined);
    const row = await read();
    if (row) this.adopt(row);
  }

  /** Takes the store's copy (another instance may have moved the session on), then applies the callback. */
  async #applyToRow(sid: string, params: Record<string, string>): Promise<void> {
    const local = this.#bySid.get(sid);
    if (local !== undefined) await this.#saves.get(local)?.catch(() => undefined);
    const row = await this.#deps.sessions!.findByPaymentSid!(sid).catch(() => undefined);
    if (row) {
      this.#sessions.set(row.id, row);
      this.#bySid.set(sid, row.id);
    }
    this.#apply(sid, params);
    const kept = this.#bySid.get(sid);
    if (kept !== undefined) await this.#saves.get(kept)?.catch(() => undefined);
  }

  /**
   * A session another instance wrote (Callpay Server): the store's copy replaces this one's, the
   * agent's screen is told, and any callbacks held for its payment Sid are applied here.
   */
  adopt(session: PaymentSession): void {
    this.#sessions.set(session.id, session);
    this.#prune();
    this.#deps.onSession(session);
    if (!session.paymentSid) return;
    this.#bySid.set(session.paymentSid, session.id);
    for (const params of this.#buffer.take(session.paymentSid))
      this.#dispatch(session.id, { type: 'callback', params, at: this.#at() });
  }

  /** The call carrying a session ended: its sessions end too, and say so. */
  callEnded(callSid: string): void {
    this.#endedCalls.add(callSid);
    if (this.#endedCalls.size > MAX_SESSIONS)
      this.#endedCalls.delete(this.#endedCalls.values().next().value!);
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

  /**
   * Sessions written down by an earlier run: open ones are watched again (callbacks by payment Sid),
   * and a write that may not have reached Twilio is sent again with the same IdempotencyKey.
   */
  async restore(callEnded: CallEndedCheck = async () => undefined): Promise<PaymentSession[]> {
    const saved = (await this.#deps.sessions?.load()) ?? [];
    const restored: PaymentSession[] = [];
    for (const session of saved) {
      if (this.#sessions.has(session.id)) continue;
      this.#sessions.set(session.id, session);
      if (session.paymentSid) this.#bySid.set(session.paymentSid, session.id);
      if (isTerminal(session.phase)) continue;
      this.#dispatch(session.id, { type: 'restored', at: this.#at() });
      restored.push(this.#get(session.id));
      this.#deps.log.info('payments.restored', {
        sessionId: session.id,
        paymentSid: session.paymentSid,
        phase: session.phase,
        pending: session.pendingWrite?.operation,
      });
      if (session.paymentSid)
        for (const params of this.#buffer.take(session.paymentSid))
          this.#dispatch(session.id, { type: 'callback', params, at: this.#at() });
    }
    for (const session of restored) void this.#resume(session.id, callEnded);
    return restored;
  }

  async #resume(sessionId: string, callEnded: CallEndedCheck): Promise<void> {
    // The call may have ended while Callpay was down: then so did its payment.
    if (await callEnded(this.#get(sessionId).callSid).catch(() => undefined)) {
      this.#dispatch(sessionId, { type: 'call-ended', at: this.#at() });
      return;
    }
    await this.#resend(sessionId);
  }

  /** Sends a restored session's unanswered write again, exactly as it was first sent. */
  async #resend(sessionId: string): Promise<void> {
    const session = this.#get(sessionId);
    const write = session.pendingWrite;
    // Cancelled while the open payment had no Sid here: keep watching for it, to cancel it.
    if (awaitsOrphan(session) && session.phase === 'cancelling') {
      void this.#watchOrphan(sessionId, session.callSid);
      return this.#watchResult(sessionId);
    }
    const plan = resendAction(session);
    if (plan === 'watch') return this.#watchResult(sessionId);
    if (plan === 'forget' || write === undefined) {
      if (write) this.#dispatch(sessionId, { type: 'write-answered', at: this.#at() });
      return;
    }
    if (plan === 'create') {
      const args = startArgsOf(write);
      if (!args) return this.#failed(sessionId, 'start', new Error('unreadable start arguments'));
      return this.#create(sessionId, args, write);
    }
    try {
      await this.#send(session, write);
      this.#dispatch(sessionId, { type: 'write-answered', at: this.#at() });
    } catch (error) {
      const { code } = describeRestFailure(error);
      // A completion sent before the restart may have been done already: only its Result can say.
      if (write.operation === 'complete' && code !== CALL_ENDED) {
        this.#deps.log.warn('payments.resend_failed', { sessionId, operation: write.operation, code });
        this.#dispatch(sessionId, { type: 'write-answered', at: this.#at() });
      } else this.#failed(sessionId, write.operation, error);
    }
    this.#watchResult(sessionId);
  }

  /** Writes the pending write down, then sends it; a write that could not be recorded is not sent. */
  async #write(sessionId: string, write: PendingWrite, api: PaymentsApi) {
    this.#dispatch(sessionId, { type: 'write-pending', write, at: this.#at() });
    if (!(await this.#recorded(sessionId, write.operation))) return;
    try {
      await this.#send(this.#get(sessionId), write, api);
      this.#dispatch(sessionId, { type: 'write-answered', at: this.#at() });
    } catch (error) {
      this.#failed(sessionId, write.operation, error);
    }
  }

  #send(s: PaymentSession, write: PendingWrite, api: PaymentsApi = this.#deps.api()): Promise<void> {
    const change =
      write.operation === 'request'
        ? { capture: write.capture! }
        : { status: write.operation === 'cancel' ? ('cancel' as const) : ('complete' as const) };
    return api.update(s.callSid, s.paymentSid!, change, write.statusCallback, write.idempotencyKey);
  }

  /** Waits for the session's newest state to be durable; on failure the write is refused, with why. */
  async #recorded(sessionId: string, operation: RestOperation): Promise<boolean> {
    try {
      await this.#persisted(sessionId);
      return true;
    } catch (error) {
      const reason = error instanceof AppError ? error.message : (error as Error).message;
      this.#deps.log.error('payments.save_failed', { sessionId, operation, reason });
      const message =
        error instanceof AppError
          ? error.message
          : 'Callpay could not write the payment down on this computer, so nothing was sent to Twilio. Check the disk and try again.';
      this.#dispatch(sessionId, { type: 'rest-failed', operation, message, at: this.#at() });
      return false;
    }
  }

  #persisted(sessionId: string): Promise<void> {
    return this.#saves.get(sessionId) ?? Promise.resolve();
  }

  #pendingWrite(
    operation: RestOperation,
    statusCallback: string,
    extra: { key?: string; capture?: PaymentField; args?: StartPaymentArgs } = {},
  ): PendingWrite {
    return {
      operation,
      idempotencyKey: extra.key ?? this.#newKey(),
      statusCallback,
      capture: extra.capture,
      args: extra.args as Record<string, unknown> | undefined,
      at: this.#at(),
    };
  }

  #newKey(): string {
    return this.#deps.newKey?.() ?? randomUUID();
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
    for (const record of auditChanges(before, after, this.#deps.sealSavedCard)) this.#audit(record);
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
    this.#save(session);
    this.#deps.onSession(session);
  }

  /** Every state goes to the store in order; a write to Twilio waits for the newest one. */
  #save(session: PaymentSession): void {
    const store = this.#deps.sessions;
    if (!store) return;
    const saved = store.save(session);
    this.#saves.set(session.id, saved);
    saved.then(
      () => {
        if (this.#saves.get(session.id) === saved) this.#saves.delete(session.id);
      },
      (error: unknown) =>
        this.#deps.log.warn('payments.save_failed', {
          sessionId: session.id,
          reason: (error as Error).message,
        }),
    );
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

  #audit(record: AuditRecord): void {
    // Kept in order by the log; one it cannot write waits in memory and shows in the status bar.
    this.#deps.audit.keep(record);
  }

  #at(): string {
    return this.#now().toISOString();
  }
}
