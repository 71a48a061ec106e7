import { randomUUID } from 'node:crypto';
import { ENDED_CALL_STATUSES } from '@shared/api';
import { AppError, describeIssues } from '@shared/api';
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
import { OrphanAdoption } from './orphan-adoption';
import { CALL_ENDED, describeRestFailure } from './rest-failure';
import { auditChanges, type SealSavedCard } from './session-audit';
import { SessionPersistence } from './session-persistence';
import { restoreSessions, type CallEndedCheck } from './session-restore';
import { isUnknownCompletion, UNKNOWN_RESULT_REFUSAL } from './session-resume';
import type { SessionStore } from './session-store';

export type { CallEndedCheck } from './session-restore';

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

/**
 * Payment sessions: validates, drives Twilio's Payments writes, matches callbacks by payment Sid,
 * and keeps one open session per call. Every state change goes through the pure reducer.
 */
export class PaymentsService {
  readonly #sessions = new Map<string, PaymentSession>();
  /** The finished ones among them, in the order they finished: what pruning may drop, oldest first. */
  readonly #finished = new Set<string>();
  readonly #bySid = new Map<string, string>();
  readonly #buffer = new CallbackBuffer();
  readonly #orphans: OrphanAdoption;
  /** Calls this run saw end, newest last: another card is never tried on one. */
  readonly #endedCalls = new Set<string>();
  readonly #saves: SessionPersistence;
  /** Shared store: the callbacks of each payment Sid being applied, in turn. */
  readonly #reads = new Map<string, Promise<void>>();
  readonly #deps: PaymentsDeps;
  readonly #now: () => Date;

  constructor(deps: PaymentsDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
    this.#saves = new SessionPersistence({
      store: deps.sessions,
      log: deps.log,
      current: (id) => this.#sessions.get(id),
      rebased: (session) => {
        this.#put(session);
        if (session.paymentSid) this.#bySid.set(session.paymentSid, session.id);
        this.#deps.onSession(session);
      },
    });
    this.#orphans = new OrphanAdoption({
      log: deps.log,
      buffer: this.#buffer,
      find: (id) => this.#sessions.get(id),
      dispatch: (id, action) => this.#dispatch(id, action),
      at: () => this.#at(),
      link: (sid, id) => this.#bySid.set(sid, id),
      callLegs: async (callSid) => this.#deps.api().callLegs?.(callSid),
      cancelFound: (id) => this.#cancelFound(id),
    });
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
      await this.#saves.saved(open.id);
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
    // The call's earlier sessions are written down first: the store keeps one open session per call.
    await Promise.all(this.list({ callSid: args.callSid }).map((s) => this.#saves.settled(s.id)));
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
      if (describeRestFailure(error).code === SESSION_ALREADY_OPEN)
        return this.#orphans.orphaned(sessionId, args);
      this.#failed(sessionId, 'start', error);
    }
  }

  /** The agent cancelled while the open payment had no Sid here: now it has one, it is cancelled. */
  async #cancelFound(sessionId: string): Promise<void> {
    const url = this.#deps.statusCallbackUrl() ?? this.#get(sessionId).pendingWrite?.statusCallback;
    if (url === undefined) return;
    await this.#write(sessionId, this.#pendingWrite('cancel', url), this.#deps.api());
  }

  /** Asks Twilio to listen for one field, again if need be. */
  async request(sessionId: string, field: PaymentField): Promise<PaymentSession> {
    if (this.#shared) await this.#latest(sessionId);
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
    if (this.#shared) await this.#latest(sessionId);
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
    if (this.#shared) await this.#latest(sessionId);
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
    if (this.#shared) await this.#latest(sessionId);
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
  flush(): Promise<void> {
    return this.#saves.flush();
  }

  /** Flushes, then lets go of the store (its open journal): for the core's stop. */
  async close(): Promise<void> {
    await this.flush();
    await this.#deps.sessions?.close?.();
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
      this.#orphans.claim(sid, params);
      return;
    }
    this.#dispatch(sessionId, { type: 'callback', params, at: this.#at() });
  }

  /**
   * Another instance saved this session: once this instance's own save of it is done, the row
   * (read by `read`) is adopted, so a newer local state is never replaced by an older row.
   */
  async refresh(sessionId: string, read: () => Promise<PaymentSession | undefined>): Promise<void> {
    await this.#saves.settled(sessionId);
    const row = await read();
    if (row) this.adopt(row);
  }

  /**
   * A callback on a store several instances share. A session this instance keeps is changed here
   * first: its save is made over the version it was made from, so if another instance saved it since,
   * the save finds the newer copy and applies the callback again over it (no read before). Only when
   * the callback changes nothing here (this copy may be behind) or the session is not kept here is the
   * store's copy taken first, then the callback applied to it.
   */
  async #applyToRow(sid: string, params: Record<string, string>): Promise<void> {
    const local = this.#bySid.get(sid);
    if (local !== undefined) {
      await this.#saves.settled(local);
      const before = this.#sessions.get(local);
      this.#apply(sid, params);
      if (this.#sessions.get(local) !== before) return this.#saves.settled(local);
    }
    const row = await this.#deps.sessions!.findByPaymentSid!(sid).catch(() => undefined);
    if (row) this.#take(row);
    this.#apply(sid, params);
    const kept = this.#bySid.get(sid);
    if (kept !== undefined) await this.#saves.settled(kept);
  }

  /** A command on a store several instances share acts on the row: another instance may have moved it on, or started it. */
  async #latest(sessionId: string): Promise<void> {
    await this.#saves.settled(sessionId);
    const row = await this.#deps.sessions!.get!(sessionId).catch(() => undefined);
    if (row) this.adopt(row);
  }

  get #shared(): boolean {
    return this.#deps.sessions?.get !== undefined;
  }

  /**
   * A session another instance wrote (Callpay Server): the store's copy replaces an older one here,
   * the agent's screen is told, and any callbacks held for its payment Sid are applied here.
   */
  adopt(session: PaymentSession): void {
    if (!this.#take(session)) return;
    this.#deps.onSession(session);
    if (session.paymentSid) this.#applyHeld(session.id, session.paymentSid);
  }

  /**
   * The store's copy of a session replaces this instance's, unless this one is as new or has changes
   * of its own still unsaved (their save finds the newer copy, and applies them again over it).
   */
  #take(session: PaymentSession): boolean {
    if (!this.#saves.known(session, this.#sessions.get(session.id))) return false;
    this.#put(session);
    this.#prune();
    if (session.paymentSid) this.#bySid.set(session.paymentSid, session.id);
    return true;
  }

  #applyHeld(sessionId: string, paymentSid: string): void {
    for (const params of this.#buffer.take(paymentSid))
      this.#dispatch(sessionId, { type: 'callback', params, at: this.#at() });
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
    return restoreSessions(saved, callEnded, {
      log: this.#deps.log,
      get: (id) => this.#get(id),
      dispatch: (id, action) => this.#dispatch(id, action),
      at: () => this.#at(),
      take: (session) => !this.#sessions.has(session.id) && this.#take(session),
      applyHeld: (id, sid) => this.#applyHeld(id, sid),
      create: (id, args, write) => this.#create(id, args, write),
      send: (session, write) => this.#send(session, write),
      failed: (id, operation, error) => this.#failed(id, operation, error),
      watchResult: (id) => this.#watchResult(id),
      watchOrphan: (id, callSid) => this.#orphans.watch(id, callSid),
    });
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
      await this.#saves.saved(sessionId);
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
    this.#store(after, action);
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

  /** A new state (a new session, or one `action` made): kept, saved (a write to Twilio waits for it), shown. */
  #store(session: PaymentSession, action?: SessionAction): void {
    this.#put(session);
    this.#prune();
    this.#saves.changed(session, action);
    this.#deps.onSession(session);
  }

  /** Every state a session is kept in goes through here, so the finished set always matches the map. */
  #put(session: PaymentSession): void {
    this.#sessions.set(session.id, session);
    if (isTerminal(session.phase)) this.#finished.add(session.id);
    else this.#finished.delete(session.id);
  }

  /**
   * A long-running app keeps the newest finished sessions only; history lives in the audit log. Only
   * finished sessions are looked at: with hundreds open, each change once walked them all.
   */
  #prune(): void {
    let excess = this.#sessions.size - MAX_SESSIONS;
    if (excess <= 0) return;
    for (const id of this.#finished) {
      if (excess <= 0) break;
      if (this.#saves.unsaved(id)) continue;
      const paymentSid = this.#sessions.get(id)?.paymentSid;
      this.#sessions.delete(id);
      this.#finished.delete(id);
      this.#saves.forget(id);
      if (paymentSid) this.#bySid.delete(paymentSid);
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
