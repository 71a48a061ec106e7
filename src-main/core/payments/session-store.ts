import type { PaymentSession } from '@shared/payments';

/**
 * Where payment sessions are kept so that a crash or restart loses none (ARCHITECTURE rule 6).
 * The desktop and browser mode keep them in the data directory; Callpay Server keeps them in
 * PostgreSQL. Anything a session needs to resume (pending IdempotencyKeys and the like) lives in
 * the PaymentSession itself, so a store only keeps whole sessions by id.
 */
export interface SessionStore {
  /** Every session that is not terminal, and terminal ones from the last 24 hours, oldest first. */
  load(): Promise<PaymentSession[]>;
  /**
   * Writes the session's current state (insert or replace by id) and resolves once it is durable.
   * Rejects with AppError `session_open` when another non-terminal session exists on the same call.
   * `base` is the version the state was made from (the store's copy as last read or saved here): a
   * store several instances share then saves it only over that version, and rejects with
   * StaleSession when another instance has saved the session since. Without `base` it replaces.
   */
  save(session: PaymentSession, base?: number): Promise<void>;
  /** The session with this payment Sid, for a store several instances share; optional. */
  findByPaymentSid?(paymentSid: string): Promise<PaymentSession | undefined>;
  /** One session as the store has it now, for a store several instances share; optional. */
  get?(sessionId: string): Promise<PaymentSession | undefined>;
  /** Waits for the saves under way and lets go of what the store holds open; optional. */
  close?(): Promise<void>;
}

/** Another instance saved the session after the version a save was made from; nothing was written. */
export class StaleSession extends Error {
  constructor(readonly sessionId: string) {
    super(`Payment session ${sessionId} was changed by another instance first.`);
    this.name = 'StaleSession';
  }
}
