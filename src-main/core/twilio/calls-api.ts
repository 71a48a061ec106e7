import type { Twilio } from 'twilio';
import type { CallSummary } from '@shared/api';

/** Calls in progress on the account, for picking the customer's leg. */
export async function listInProgressCalls(client: Twilio): Promise<CallSummary[]> {
  const calls = await client.calls.list({ status: 'in-progress', limit: 100 });
  return calls.map((c) => ({
    sid: c.sid,
    from: c.from,
    to: c.to,
    parentCallSid: c.parentCallSid ?? undefined,
    status: c.status,
    direction: c.direction ?? undefined,
  }));
}
