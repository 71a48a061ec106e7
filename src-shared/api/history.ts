import { z } from 'zod';

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
  token: z.string().optional(),
  agent: z.string().optional(),
  /** What the business calls the payment (invoice or order number), sent to Twilio as its Description. */
  reference: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Newest first; `limit` caps how many come back. */
export const HistoryArgs = z.object({ limit: z.number().int().min(1).max(5000).default(500) }).strict();
export const HistoryList = z.object({ entries: z.array(HistoryEntry) });
export type HistoryList = z.infer<typeof HistoryList>;
