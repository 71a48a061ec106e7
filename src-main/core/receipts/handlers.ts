import type { Handlers } from '../api/host';
import type { ReceiptsService } from './receipts-service';

/** `receipts.draft` and `receipts.send`. */
export function receiptsHandlers(
  receipts: ReceiptsService,
): Pick<Handlers, 'receipts.draft' | 'receipts.send'> {
  return {
    'receipts.draft': ({ sessionId }) => receipts.draft(sessionId),
    'receipts.send': ({ sessionId, to }) => receipts.send(sessionId, to),
  };
}
