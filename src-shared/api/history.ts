import { z } from 'zod';
import { Receipt } from './receipts';

/**
 * What the processor returned when a card or account was saved (tokenize): a credential that lets
 * the business charge it later, not card data. Kept encrypted at rest; shown in full only on request.
 */
export const SavedCard = z.object({
  token: z.string(),
  profileId: z.string().optional(),
  /** The Pay Connector that made it: the processor the token belongs to. */
  connector: z.string().optional(),
});
export type SavedCard = z.infer<typeof SavedCard>;

/** One finished payment as the history shows it: no card data beyond brand and last 4. */
export const HistoryEntry = z.object({
  sessionId: z.string(),
  /** When it ended (ISO 8601). */
  at: z.string(),
  callSid: z.string().optional(),
  method: z.string().optional(),
  /** True for a charge, false for a saved card or account. */
  charge: z.boolean(),
  amount: z.string().optional(),
  currency: z.string().optional(),
  /** succeeded, failed, cancelled or ended. */
  outcome: z.string(),
  /** Twilio's Result, when it gave one. */
  result: z.string().optional(),
  brand: z.string().optional(),
  last4: z.string().optional(),
  confirmationCode: z.string().optional(),
  /** The saved card's token in full: only when the request asked for saved cards. */
  token: z.string().optional(),
  profileId: z.string().optional(),
  /** The Pay Connector the payment went through. */
  connector: z.string().optional(),
  /** A saved card, masked (`card_••••aabb`): what History shows without asking. */
  savedCard: z.object({ token: z.string(), profileId: z.string().optional() }).optional(),
  agent: z.string().optional(),
  /** What the business calls the payment (invoice or order number), sent to Twilio as its Description. */
  reference: z.string().optional(),
  /** Receipts texted for this payment, oldest first. */
  receipts: z.array(Receipt).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** The results History can filter on; `all` is no filter. */
export const HistoryOutcome = z.enum(['all', 'succeeded', 'failed', 'cancelled', 'ended']);
export type HistoryOutcome = z.infer<typeof HistoryOutcome>;

const Instant = (what: string) =>
  z.iso.datetime({ offset: true, message: `${what} must be a date and time (ISO 8601).` });

/**
 * Newest first; `limit` caps how many come back. The core filters: `query` is text in the code,
 * brand, last 4, amount, currency, result or time; `agent` one agent's payments; `from` (inclusive)
 * and `to` (exclusive) when they ended; `before` is a previous page's `more`.
 */
export const HistoryArgs = z
  .object({
    limit: z.number().int().min(1).max(5000).default(500),
    query: z.string().max(200, 'Search for at most 200 characters.').optional(),
    outcome: HistoryOutcome.optional(),
    agent: z.string().min(1).max(200, 'An agent is named in at most 200 characters.').optional(),
    from: Instant('“From”').optional(),
    to: Instant('“To”').optional(),
    before: z.number().int().min(0).optional(),
    /** Include saved cards' tokens and profile ids in full (an export the person asked for). */
    savedCards: z.boolean().default(false),
  })
  .strict();
/** A page of rows; `more`, when there are older matching rows, is the `before` that fetches them. */
export const HistoryList = z.object({ entries: z.array(HistoryEntry), more: z.number().int().optional() });
export type HistoryList = z.infer<typeof HistoryList>;
