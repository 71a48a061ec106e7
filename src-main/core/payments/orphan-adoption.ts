import {
  awaitsOrphan,
  isTerminal,
  type PaymentSession,
  type SessionAction,
  type StartPaymentArgs,
} from '@shared/payments';
import type { AppLog } from '../log';
import type { CallbackBuffer } from './callback-buffer';
import { OrphanWatch, sameStart } from './orphan-watch';

export interface OrphanDeps {
  log: AppLog;
  /** Callbacks held for payment Sids no session holds yet. */
  buffer: CallbackBuffer;
  find: (sessionId: string) => PaymentSession | undefined;
  dispatch: (sessionId: string, action: SessionAction) => void;
  at: () => string;
  /** From now on callbacks for this payment Sid are the session's. */
  link: (paymentSid: string, sessionId: string) => void;
  /** The call's legs, as Twilio says; undefined when it cannot tell. */
  callLegs: (callSid: string) => Promise<readonly string[] | undefined>;
  /** Cancels at Twilio the payment the agent cancelled before its Sid was known here. */
  cancelFound: (sessionId: string) => Promise<void>;
}

/**
 * Twilio refused a start because a payment is already open on the call (64021): after a lost answer
 * that is this payment's own, so the session waits for a callback naming it (the pending start stays
 * written down, so a restart asks again) and takes it over; a different payment is only cancelled.
 */
export class OrphanAdoption {
  readonly #deps: OrphanDeps;
  readonly #watch = new OrphanWatch();

  constructor(deps: OrphanDeps) {
    this.#deps = deps;
  }

  /** The start was refused with 64021: the session waits for a callback naming the open payment. */
  async orphaned(sessionId: string, args: StartPaymentArgs): Promise<void> {
    this.#deps.log.warn('payments.start_orphaned', { sessionId });
    this.#deps.dispatch(sessionId, { type: 'start-orphaned', at: this.#deps.at() });
    await this.watch(sessionId, args.callSid);
  }

  /** Watches the call's leg, and its parent's once Twilio says which, for a callback naming the open payment. */
  async watch(sessionId: string, callSid: string): Promise<void> {
    this.#watch.watch(sessionId, [callSid]);
    this.#adoptHeld(sessionId);
    const legs = await Promise.resolve()
      .then(() => this.#deps.callLegs(callSid))
      .catch(() => undefined);
    if (!legs || !this.#watch.watching(sessionId)) return;
    this.#watch.watch(sessionId, legs);
    this.#adoptHeld(sessionId);
  }

  /** A callback for a payment Sid no session holds (already held): the session waiting on its call takes it. */
  claim(paymentSid: string, params: Record<string, string>): void {
    const claimant = this.#claimant(params);
    if (claimant !== undefined) this.#adopt(claimant, paymentSid, params);
  }

  /** A callback already held for an unknown payment on the watched call. */
  #adoptHeld(sessionId: string): void {
    const held = this.#deps.buffer.find((p) => this.#claimant(p) === sessionId);
    if (held) this.#adopt(sessionId, held.sid, held.params);
  }

  #claimant(params: Record<string, string>): string | undefined {
    return this.#watch.claimant(params, (id) => {
      const s = this.#deps.find(id);
      return s !== undefined && awaitsOrphan(s) && !isTerminal(s.phase);
    });
  }

  #adopt(sessionId: string, paymentSid: string, params: Record<string, string>): void {
    const { dispatch, at } = this.#deps;
    this.#watch.stop(sessionId);
    const session = this.#deps.find(sessionId);
    if (!session) return;
    const adopt = sameStart(session, params);
    this.#deps.log.info('payments.orphan_found', { sessionId, paymentSid, adopt });
    this.#deps.link(paymentSid, sessionId);
    dispatch(sessionId, { type: 'orphan-found', paymentSid, adopt, at: at() });
    // Its own callbacks are applied; a payment that is not this one only matters for its end.
    for (const held of this.#deps.buffer.take(paymentSid))
      if (adopt || held.Result) dispatch(sessionId, { type: 'callback', params: held, at: at() });
    const now = this.#deps.find(sessionId);
    if (now?.phase === 'cancelling' && now.paymentSid === paymentSid) void this.#deps.cancelFound(sessionId);
  }
}
