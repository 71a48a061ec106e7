import type { Twilio } from 'twilio';
import { AppError } from '@shared/api/errors';
import type { Handlers } from '../api/host';
import { listInProgressCalls } from '../twilio';

/** `calls.list`: the calls in progress on the account, for the agent to pick one. */
export function callsHandlers(client: () => Twilio): Pick<Handlers, 'calls.list'> {
  return {
    'calls.list': async () => {
      const twilio = client();
      try {
        return { calls: await listInProgressCalls(twilio) };
      } catch {
        throw new AppError(
          'twilio_unreachable',
          'Callpay could not list the calls from Twilio. Try again in a moment.',
        );
      }
    },
  };
}
