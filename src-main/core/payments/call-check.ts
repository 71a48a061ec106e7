import type { Twilio } from 'twilio';
import { ENDED_CALL_STATUSES } from '@shared/api';
import type { CallEndedCheck } from './session-restore';

/** Asks Twilio whether a call is over (an unknown call is); undefined when Twilio cannot be asked. */
export function callEndedAt(client: () => Twilio): CallEndedCheck {
  return async (callSid) => {
    try {
      const call = await client().calls(callSid).fetch();
      return ENDED_CALL_STATUSES.includes(call.status);
    } catch (error) {
      return (error as { status?: unknown }).status === 404 ? true : undefined;
    }
  };
}
