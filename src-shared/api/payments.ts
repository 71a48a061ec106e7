import { z } from 'zod';
import { PaymentField } from '../payments/fields';
import { PaymentSession } from '../payments/session';

export { StartPaymentArgs } from '../payments/start-args';
export { PaymentSession } from '../payments/session';

const SessionId = z.string().min(1, 'Which payment? The session id is missing.').max(64);

/** Ask Twilio to listen for one field (again, if it was already taken). */
export const RequestFieldArgs = z.object({ sessionId: SessionId, field: PaymentField }).strict();

/** Names one session, for complete and cancel. */
export const SessionRef = z.object({ sessionId: SessionId }).strict();

/** Sessions of this run, newest first; filter by session or call. */
export const GetPaymentsArgs = z
  .object({ sessionId: SessionId.optional(), callSid: z.string().max(64).optional() })
  .strict();
export const PaymentsList = z.object({ sessions: z.array(PaymentSession) });
export type PaymentsList = z.infer<typeof PaymentsList>;
