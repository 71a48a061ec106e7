import type { Twilio } from 'twilio';
import { AppError } from '@shared/api';
import type { Handlers } from '../api/host';
import { listInProgressCalls } from '../twilio';
import type { CallBook } from './call-book';

/**
 * `calls.list`: the calls in progress on the account, for the agent to pick one. From the call book
 * when `book()` gives one (Callpay Server in live mode: no request to Twilio), else Twilio's Calls list.
 */
export function callsHandlers(
  client: () => Twilio,
  book: () => CallBook | undefined = () => undefined,
): Pick<Handlers, 'calls.list'> {
  return {
    'calls.list': async () => {
      const kept = book();
      if (kept) {
        try {
          return { calls: await kept.inProgress() };
        } catch {
          throw new AppError(
            'calls_unavailable',
            'Callpay Server could not read the calls from its database. Try again in a moment.',
          );
        }
      }
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
