import { z } from 'zod';

/** A call in progress on the account, enough to pick the customer's leg for a payment. */
export const CallSummary = z.object({
  sid: z.string(),
  from: z.string(),
  to: z.string(),
  parentCallSid: z.string().optional(),
  status: z.string(),
  direction: z.string().optional(),
});
export type CallSummary = z.infer<typeof CallSummary>;

/** Twilio's call statuses after which a call is over. */
export const ENDED_CALL_STATUSES: readonly string[] = [
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
];

export const CallsList = z.object({ calls: z.array(CallSummary) });
export type CallsList = z.infer<typeof CallsList>;

/**
 * The account's calls changed. `calls` is the whole in-progress list when the core knows it (the
 * sandbox sees every call); without it, the core saw a leg change and a `calls.list` would tell more.
 */
export const CallsChanged = z.object({ calls: z.array(CallSummary).optional() });
export type CallsChanged = z.infer<typeof CallsChanged>;
