import type { Handlers } from '../api/host';
import type { PaymentsService } from './payments-service';

type PaymentCommands =
  | 'payments.start'
  | 'payments.request'
  | 'payments.complete'
  | 'payments.cancel'
  | 'payments.retry'
  | 'payments.get';

/** The payment commands, each a call into PaymentsService. */
export function paymentsHandlers(payments: PaymentsService): Pick<Handlers, PaymentCommands> {
  return {
    'payments.start': (args) => payments.start(args),
    'payments.request': ({ sessionId, field }) => payments.request(sessionId, field),
    'payments.complete': ({ sessionId }) => payments.complete(sessionId),
    'payments.cancel': ({ sessionId }) => payments.cancel(sessionId),
    'payments.retry': ({ sessionId }) => payments.retry(sessionId),
    'payments.get': (filter) => ({ sessions: payments.list(filter) }),
  };
}
