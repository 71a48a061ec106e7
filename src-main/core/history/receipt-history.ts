import { ReceiptStatus, type Receipt } from '@shared/api';
import { receiptMovesTo, receiptRetryable, receiptWords } from '@shared/payments/receipt-words';
import type { AuditEntry } from '../audit';

/** A payment's receipts from its audit entries (`receipt.send`, then `receipt.status`), oldest first. */
export function receiptsFromAudit(entries: readonly AuditEntry[]): Receipt[] {
  return entries.reduce<Receipt[]>(foldReceipt, []);
}

/** A payment's receipts after one more audit entry (anything but a receipt's leaves them be). */
export function foldReceipt(receipts: Receipt[], e: AuditEntry): Receipt[] {
  const { receiptId, to, messageSid, messageStatus, errorCode } = e.details;
  if (!e.action.startsWith('receipt.') || !receiptId) return receipts;
  const status = ReceiptStatus.safeParse(messageStatus);
  if (!status.success) return receipts;
  const was = receipts.find((r) => r.id === receiptId);
  // A new send of the same receipt (a retry) starts it over; otherwise only a move forward counts.
  if (was && e.action === 'receipt.status' && !receiptMovesTo(was.status, status.data)) return receipts;
  const receipt: Receipt = {
    id: receiptId,
    sessionId: e.sessionId,
    to: to ?? was?.to ?? '',
    status: status.data,
    messageSid: messageSid ?? was?.messageSid,
    errorCode: errorCode ?? was?.errorCode,
    message: receiptWords(status.data, errorCode ?? was?.errorCode),
    retryable: receiptRetryable(status.data),
    at: was?.at ?? e.at,
  };
  return was ? receipts.map((r) => (r.id === receiptId ? receipt : r)) : [...receipts, receipt];
}
