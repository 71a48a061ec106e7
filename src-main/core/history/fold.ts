import type { HistoryEntry } from '@shared/api/history';
import type { AuditDetails, AuditEntry } from '../audit';

const ENDING = new Set(['payment.result', 'payment.ended']);

/** What the history needs of one payment's entries so far. */
export interface SessionFold {
  /** The start's amount, when it was a charge; null when the start was seen without one. */
  amount?: string | null;
  /** Every entry's details merged, oldest to newest (later entries know more). */
  details: AuditDetails;
  /** The latest ending entry (result or ended), once there is one. */
  end?: Pick<AuditEntry, 'at' | 'callSid' | 'agent'> & { details: AuditDetails };
}

/** Folds one more entry into a payment's fold. */
export function foldEntry(fold: SessionFold | undefined, entry: AuditEntry): SessionFold {
  const next: SessionFold = { ...fold, details: { ...fold?.details, ...entry.details } };
  if (entry.action === 'payment.start' && next.amount === undefined)
    next.amount = entry.details.amount ?? null;
  if (ENDING.has(entry.action))
    next.end = { at: entry.at, callSid: entry.callSid, agent: entry.agent, details: entry.details };
  return next;
}

/** The history row of a payment that has ended; undefined while it is open. */
export function rowFromFold(sessionId: string, fold: SessionFold): HistoryEntry | undefined {
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
    agent: end.agent,
  };
}

/**
 * A row back into a fold, for an entry that arrives after the payment ended (a late Result): what
 * the row keeps is exactly what the row is made from, so folding on from here matches a full fold.
 */
export function foldFromRow(row: HistoryEntry): SessionFold {
  const details: AuditDetails = {
    method: row.method,
    currency: row.currency,
    brand: row.method === 'ach-debit' ? undefined : row.brand,
    last4: row.last4,
    confirmationCode: row.confirmationCode,
    token: row.token,
  };
  return {
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
