import type { HistoryEntry } from '@shared/api';
import type { Receipt } from '@shared/api';
import type { AuditDetails, AuditEntry } from '../audit';
import { foldReceipt } from './receipt-history';

const ENDING = new Set(['payment.result', 'payment.ended']);

/** An entry that ends a payment (its result, or its end without one): what places its row. */
export const endsPayment = (entry: Pick<AuditEntry, 'action'>) => ENDING.has(entry.action);

/**
 * A history row as kept (in the index, or folded from the database's log): a saved card stays
 * sealed until the history handlers open it for someone who asks.
 */
export type HistoryRow = HistoryEntry & { sealedCard?: string };

/** The entries that change a payment's row: its own, and its receipts'. */
export const touchesHistory = (entry: AuditEntry) =>
  entry.action.startsWith('payment.') || entry.action.startsWith('receipt.');

/** What the history needs of one payment's entries so far. */
export interface SessionFold {
  /** Receipts texted for it, oldest first. */
  receipts?: Receipt[];
  /** The start's amount, when it was a charge; null when the start was seen without one. */
  amount?: string | null;
  /** Every entry's details merged, oldest to newest (later entries know more). */
  details: AuditDetails;
  /** The latest ending entry (result or ended), once there is one. */
  end?: Pick<AuditEntry, 'at' | 'callSid' | 'agent'> & { details: AuditDetails };
}

/** Folds one more entry into a payment's fold. */
export function foldEntry(fold: SessionFold | undefined, entry: AuditEntry): SessionFold {
  if (!entry.action.startsWith('payment.')) {
    const base = fold ?? { details: {} };
    return touchesHistory(entry) ? { ...base, receipts: foldReceipt(base.receipts ?? [], entry) } : base;
  }
  const next: SessionFold = { ...fold, details: { ...fold?.details, ...entry.details } };
  if (entry.action === 'payment.start' && next.amount === undefined)
    next.amount = entry.details.amount ?? null;
  if (endsPayment(entry))
    next.end = { at: entry.at, callSid: entry.callSid, agent: entry.agent, details: entry.details };
  return next;
}

/** The history row of a payment that has ended; undefined while it is open. */
export function rowFromFold(sessionId: string, fold: SessionFold): HistoryRow | undefined {
  const { end, details } = fold;
  if (!end) return undefined;
  return {
    sessionId,
    at: end.at,
    callSid: end.callSid,
    method: details.method,
    charge: typeof fold.amount === 'string',
    amount: fold.amount ?? undefined,
    currency: details.currency,
    outcome: end.details.outcome ?? (end.details.result === 'success' ? 'succeeded' : 'failed'),
    result: end.details.result,
    brand: details.method === 'ach-debit' ? 'bank account' : details.brand,
    last4: details.last4,
    confirmationCode: details.confirmationCode,
    token: details.token,
    ...(details.savedCard ? { sealedCard: details.savedCard } : {}),
    connector: details.connector,
    agent: end.agent,
    ...(details.reference ? { reference: details.reference } : {}),
    ...(fold.receipts?.length ? { receipts: fold.receipts } : {}),
  };
}

/**
 * A row back into a fold, for an entry that arrives after the payment ended (a late Result): what
 * the row keeps is exactly what the row is made from, so folding on from here matches a full fold.
 */
export function foldFromRow(row: HistoryRow): SessionFold {
  const details: AuditDetails = {
    method: row.method,
    currency: row.currency,
    brand: row.method === 'ach-debit' ? undefined : row.brand,
    last4: row.last4,
    confirmationCode: row.confirmationCode,
    token: row.token,
    savedCard: row.sealedCard,
    connector: row.connector,
    reference: row.reference,
  };
  return {
    ...(row.receipts ? { receipts: row.receipts } : {}),
    amount: row.charge ? row.amount : null,
    details: Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
    end: {
      at: row.at,
      callSid: row.callSid ?? '',
      agent: row.agent ?? '',
      details: { outcome: row.outcome, result: row.result },
    },
  };
}
