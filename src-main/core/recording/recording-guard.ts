import { ENDED_CALL_STATUSES } from '@shared/api';
import { AppError } from '@shared/api';
import { isTerminal, type PaymentSession } from '@shared/payments';
import { RECORDING_MESSAGES, type RecordingState, type RecordingStatus } from '@shared/api';
import type { AuditAction, AuditTrail } from '../audit';
import type { AppLog } from '../log';
import { describeRestFailure } from '../payments/rest-failure';
import type { RecordingsApi } from './recordings-api';

/** Twilio's "call is not in progress": the call, and so its recording, is over. */
const CALL_OVER = 21220;

export interface RecordingGuardDeps {
  api: () => RecordingsApi;
  /** The "Record calls" setting. */
  enabled: () => boolean;
  agent: () => string;
  audit: AuditTrail;
  log: AppLog;
  onState: (status: RecordingStatus) => void;
}

/** The payment a guard step is for. */
export interface GuardedPayment {
  id: string;
  callSid: string;
  agent?: string;
}

interface CallEntry {
  callSid: string;
  state: RecordingState;
  /** Recordings Callpay paused for the payment, to resume when it is over. */
  paused: string[];
  sessionId?: string;
  agent?: string;
  /** The pause for `sessionId`, in flight or done. */
  pausing?: Promise<void>;
  /** Callpay's own start of the recording, in flight or done: a pause waits for it. */
  starting?: Promise<void>;
  ended?: boolean;
}

/** States in which no keyed digit can reach a recording. */
const SAFE: ReadonlySet<RecordingState> = new Set(['paused', 'stopped', 'none', 'ended']);

/**
 * Keeps card details out of call recordings: records each call when asked to, pauses every running
 * recording of the call (PauseBehavior=silence) before the first field is requested, refuses fields
 * while a pause has failed, and resumes what it paused when the payment is over. Every pause,
 * resume and failure is audited.
 */
export class RecordingGuard {
  readonly #calls = new Map<string, CallEntry>();

  constructor(private readonly deps: RecordingGuardDeps) {}

  /** A customer's leg was answered: with "Record calls" on, it is recorded from now. */
  callAnswered(callSid: string): Promise<void> {
    if (!this.deps.enabled() || this.#calls.has(callSid)) return Promise.resolve();
    const entry = this.#entry(callSid);
    entry.starting = this.#start(entry);
    return entry.starting;
  }

  /** A verified leg-status callback: an answered customer leg is recorded; an ended one is over. */
  legStatus(params: Record<string, string>): void {
    const { CallSid: sid, ParentCallSid: parent, CallStatus: status, To: to } = params;
    if (ENDED_CALL_STATUSES.includes(status ?? '')) {
      if (sid) this.callEnded(sid);
      if (parent) this.callEnded(parent);
      return;
    }
    // Outgoing: the dialled child is the customer's; incoming: the parent is, and the child rings the agent.
    const customer = to?.startsWith('client:') ? parent : sid;
    if (status === 'in-progress' && customer) void this.callAnswered(customer);
  }

  /** Every payment state: an open one is guarded, a finished one gives its recording back. */
  sessionChanged(session: PaymentSession): void {
    const payment = { id: session.id, callSid: session.callSid, agent: session.agent };
    if (isTerminal(session.phase)) void this.captureEnded(payment);
    else this.captureStarted(payment);
  }

  async #start(entry: CallEntry): Promise<void> {
    const { callSid } = entry;
    try {
      const sid = await this.deps.api().start(callSid);
      this.#audit(entry, 'recording.started', { recordingSid: sid });
      if (!entry.sessionId) this.#set(entry, 'recording');
    } catch (error) {
      const { code, message } = describeRestFailure(error);
      this.deps.log.warn('recording.start_failed', { callSid, code });
      this.#audit(entry, 'recording.start_failed', { reason: message });
      if (!entry.sessionId) this.#calls.delete(callSid);
    }
  }

  /** A payment opened (or was seen again): its call's recording is paused before any field is asked. */
  captureStarted(payment: GuardedPayment): void {
    const entry = this.#calls.get(payment.callSid);
    if (entry?.sessionId === payment.id) return;
    if (!entry && !this.deps.enabled()) return;
    this.#pauseFor(this.#entry(payment.callSid), payment);
  }

  /** Before each field is requested: waits for the pause, and refuses while a recording still runs. */
  async beforeRequest(payment: GuardedPayment): Promise<void> {
    let entry = this.#calls.get(payment.callSid);
    if (!entry && !this.deps.enabled()) return;
    if (entry?.sessionId !== payment.id) this.captureStarted(payment);
    entry = this.#calls.get(payment.callSid)!;
    await entry.pausing;
    if (!SAFE.has(entry.state))
      throw new AppError('recording_not_paused', RECORDING_MESSAGES['pause-failed']);
  }

  /** The payment completed, was cancelled or failed: what was paused for it is resumed. */
  async captureEnded(payment: GuardedPayment): Promise<void> {
    const entry = this.#calls.get(payment.callSid);
    if (!entry || entry.sessionId !== payment.id) return;
    await entry.pausing;
    entry.sessionId = undefined;
    entry.pausing = undefined;
    const paused = entry.paused.splice(0);
    if (entry.ended) return this.#set(entry, 'ended');
    if (entry.state === 'pause-failed') return this.#set(entry, 'recording');
    if (paused.length === 0) return this.#emit(entry);
    let failed = false;
    for (const sid of paused) {
      try {
        await this.deps.api().setStatus(entry.callSid, sid, 'in-progress');
        this.#audit(entry, 'recording.resumed', { recordingSid: sid });
      } catch (error) {
        const { code, message } = describeRestFailure(error);
        this.deps.log.warn('recording.resume_failed', { callSid: entry.callSid, code });
        this.#audit(entry, 'recording.resume_failed', { recordingSid: sid, reason: message });
        if (code === CALL_OVER) entry.ended = true;
        else failed = true;
      }
    }
    if (entry.ended) return this.#set(entry, 'ended');
    if (failed) this.#set(entry, 'resume-failed');
    else this.#set(entry, 'recording', 'Recording resumed after the payment.');
  }

  /** The agent's way out of a failed pause: stops every recording of the call for good. */
  async stop(callSid: string): Promise<RecordingStatus> {
    const entry = this.#entry(callSid);
    const live = await this.#live(callSid, 'stop');
    if (live.length === 0) {
      this.#dropIfIdle(entry);
      throw new AppError(
        'no_recording',
        'This call has no recording, so there is nothing to stop.',
        'callSid',
      );
    }
    for (const { sid } of live) {
      try {
        await this.deps.api().setStatus(callSid, sid, 'stopped');
        this.#audit(entry, 'recording.stopped', { recordingSid: sid });
      } catch (error) {
        const { message } = describeRestFailure(error);
        this.#audit(entry, 'recording.stop_failed', { recordingSid: sid, reason: message });
        throw new AppError(
          'recording_stop_failed',
          `The recording could not be stopped (${message}) Try again, or cancel the payment.`,
        );
      }
    }
    entry.paused = [];
    this.#set(entry, 'stopped');
    return this.status(callSid);
  }

  /** Tries the pause again for the call's open payment. */
  async pause(callSid: string): Promise<RecordingStatus> {
    const entry = this.#calls.get(callSid);
    if (!entry?.sessionId) {
      const live = await this.#live(callSid, 'pause');
      if (live.length === 0) throw new AppError('no_recording', RECORDING_MESSAGES.none, 'callSid');
      throw new AppError(
        'no_payment',
        'Callpay pauses the recording for a payment: start the payment, and it is paused before any card details are asked for.',
      );
    }
    await entry.pausing;
    if (entry.state === 'pause-failed')
      this.#pauseFor(entry, { id: entry.sessionId, callSid, agent: entry.agent });
    await entry.pausing;
    if (entry.state === 'none') throw new AppError('no_recording', RECORDING_MESSAGES.none, 'callSid');
    return this.status(callSid);
  }

  /** The call is over: so is its recording. */
  callEnded(callSid: string): void {
    const entry = this.#calls.get(callSid);
    if (!entry) return;
    entry.ended = true;
    this.#set(entry, 'ended');
    if (!entry.sessionId) this.#calls.delete(callSid);
  }

  status(callSid: string): RecordingStatus {
    const entry = this.#calls.get(callSid);
    if (!entry) return { callSid, state: 'none', message: RECORDING_MESSAGES.none };
    return this.#view(entry);
  }

  #pauseFor(entry: CallEntry, payment: GuardedPayment): void {
    entry.sessionId = payment.id;
    entry.agent = payment.agent;
    entry.pausing = this.#pause(entry);
  }

  async #pause(entry: CallEntry): Promise<void> {
    this.#set(entry, 'pausing');
    await entry.starting;
    let live;
    try {
      live = await this.deps.api().live(entry.callSid);
    } catch (error) {
      return this.#pauseFailed(entry, undefined, error);
    }
    const running = live.filter((r) => r.status === 'in-progress');
    if (live.length === 0) return this.#set(entry, 'none');
    for (const { sid } of running) {
      try {
        await this.deps.api().setStatus(entry.callSid, sid, 'paused');
        entry.paused.push(sid);
        this.#audit(entry, 'recording.paused', { recordingSid: sid });
      } catch (error) {
        return this.#pauseFailed(entry, sid, error);
      }
    }
    this.#set(entry, 'paused');
  }

  #pauseFailed(entry: CallEntry, recordingSid: string | undefined, error: unknown): void {
    const { code, message } = describeRestFailure(error);
    this.deps.log.warn('recording.pause_failed', { callSid: entry.callSid, code });
    this.#audit(entry, 'recording.pause_failed', { recordingSid, reason: message });
    if (code === CALL_OVER) {
      entry.ended = true;
      return this.#set(entry, 'ended');
    }
    this.#set(entry, 'pause-failed');
  }

  async #live(callSid: string, what: 'pause' | 'stop') {
    try {
      return await this.deps.api().live(callSid);
    } catch (error) {
      const { message } = describeRestFailure(error);
      throw new AppError('recording_unknown', `Callpay could not ${what} the recording: ${message}`);
    }
  }

  #entry(callSid: string): CallEntry {
    let entry = this.#calls.get(callSid);
    if (!entry) {
      entry = { callSid, state: 'none', paused: [] };
      this.#calls.set(callSid, entry);
    }
    return entry;
  }

  #dropIfIdle(entry: CallEntry): void {
    if (!entry.sessionId && entry.state === 'none') this.#calls.delete(entry.callSid);
  }

  #set(entry: CallEntry, state: RecordingState, message?: string): void {
    entry.state = state;
    this.#emit(entry, message);
  }

  #emit(entry: CallEntry, message?: string): void {
    this.deps.onState(this.#view(entry, message));
  }

  #view(entry: CallEntry, message?: string): RecordingStatus {
    return {
      callSid: entry.callSid,
      state: entry.state,
      message: message ?? RECORDING_MESSAGES[entry.state],
      ...(entry.sessionId ? { sessionId: entry.sessionId } : {}),
    };
  }

  #audit(entry: CallEntry, action: AuditAction, details: { recordingSid?: string; reason?: string }): void {
    this.deps.audit.keep({
      agent: entry.agent ?? this.deps.agent(),
      action,
      sessionId: entry.sessionId ?? '',
      callSid: entry.callSid,
      details,
    });
  }
}
