import { z } from 'zod';
import { PaymentField, PaymentMethod } from './fields';

export const FIELD_STATUSES = ['pending', 'requested', 'capturing', 'captured', 'error'] as const;
export const FieldStatus = z.enum(FIELD_STATUSES);
export type FieldStatus = z.infer<typeof FieldStatus>;

/** One piece of payment data as the agent sees it: masked, never in full. */
export const FieldState = z.object({
  field: PaymentField,
  status: FieldStatus,
  /** Masked display value (`•••• 1111`, `12/27`); never a full card number or any security code digit. */
  display: z.string().optional(),
  errorType: z.string().optional(),
  /** What went wrong and what to do, for the agent. */
  message: z.string().optional(),
  /** Time of the newest callback applied to this field (ms since epoch), to drop stale ones. */
  lastEventAt: z.number().optional(),
  /** Listened for until another field was requested: news of listening for it is stale until asked again. */
  abandoned: z.boolean().optional(),
});
export type FieldState = z.infer<typeof FieldState>;

/** Where a session is: starting, open for capture, waiting on a result, or ended one of four ways. */
export const PHASES = [
  'starting',
  'open',
  'completing',
  'cancelling',
  'succeeded',
  'failed',
  'cancelled',
  'ended',
] as const;
export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

export const TERMINAL_PHASES: readonly Phase[] = ['succeeded', 'failed', 'cancelled', 'ended'];
/** Whether a session has ended and can no longer change. */
export const isTerminal = (phase: Phase) => TERMINAL_PHASES.includes(phase);

/** A problem the agent should see now; cleared when it no longer holds. */
export const Alert = z.object({ code: z.string(), message: z.string() });
export type Alert = z.infer<typeof Alert>;

/** How a session ended, as Twilio reported it. No card data beyond brand and last 4. */
export const SessionResult = z.object({
  result: z.string().optional(),
  confirmationCode: z.string().optional(),
  token: z.string().optional(),
  profileId: z.string().optional(),
  payErrorCode: z.number().optional(),
  paymentError: z.string().optional(),
  connectorError: z.string().optional(),
});
export type SessionResult = z.infer<typeof SessionResult>;

/**
 * A Twilio write about to be sent or not yet answered, kept so that a restart can send the very
 * same write (same IdempotencyKey, same StatusCallback) again and Twilio does it at most once.
 */
export const PendingWrite = z.object({
  operation: z.enum(['start', 'request', 'complete', 'cancel']),
  idempotencyKey: z.string(),
  statusCallback: z.string(),
  /** The field a `request` write asks Twilio to capture. */
  capture: PaymentField.optional(),
  /** A start's arguments as validated (no card data: amount, currency, options). */
  args: z.record(z.string(), z.unknown()).optional(),
  at: z.string(),
});
export type PendingWrite = z.infer<typeof PendingWrite>;

/** The state of one payment session, as the `payments.session` event carries it. */
export const PaymentSession = z.object({
  id: z.string(),
  callSid: z.string(),
  paymentSid: z.string().optional(),
  agent: z.string(),
  method: PaymentMethod,
  /** True when charging an amount; false when saving the card or account (tokenize). */
  charge: z.boolean(),
  amount: z.string().optional(),
  amountMinor: z.number().int().optional(),
  currency: z.string(),
  tokenType: z.string().optional(),
  phase: Phase,
  fields: z.array(FieldState),
  /** The field Twilio is listening for now, if any. */
  activeField: PaymentField.optional(),
  /** What Twilio last said it still needs. */
  required: z.array(PaymentField),
  readyToComplete: z.boolean(),
  card: z.object({
    brand: z.string().optional(),
    last4: z.string().optional(),
    expiry: z.string().optional(),
  }),
  bank: z.object({ routingNumber: z.string().optional(), accountLast2: z.string().optional() }),
  result: SessionResult.optional(),
  /** One sentence: where the payment stands and what the agent can do next. */
  message: z.string(),
  alert: Alert.optional(),
  startedAt: z.string(),
  updatedAt: z.string(),
  /**
   * One more with every change the reducer makes: of two states of one session the higher is the
   * newer, and a shared store saves a state only over the version it was made from. A session
   * written before versions existed reads as 0.
   */
  version: z.number().int().nonnegative().default(0),
  /** The Twilio write in flight, written down before it is sent (ARCHITECTURE rule 6). */
  pendingWrite: PendingWrite.optional(),
  /** When this session was read back from the store after Callpay restarted. */
  restoredAt: z.string().optional(),
  /** Confirmation was asked for: Twilio reads the details back before charging. */
  confirmation: z.boolean().optional(),
  /**
   * The read-back after Complete: the customer is `listening` (1 pays, 2 cancels), let it pass
   * `unanswered`, or pressed 2 (`declined`).
   */
  readBack: z.enum(['listening', 'unanswered', 'declined']).optional(),
  /** The start's arguments as validated (no card data), so another card can be tried with the same. */
  startArgs: z.record(z.string(), z.unknown()).optional(),
});
export type PaymentSession = z.infer<typeof PaymentSession>;
