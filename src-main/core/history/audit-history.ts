import type { HistoryEntry } from '@shared/api/history';
import { readCompleteLines, type AuditEntry } from '../audit';
import type { SavedCardVault } from '../saved-cards';
import { receiptsFromAudit } from './receipt-history';

const ENDING = new Set(['payment.result', 'payment.ended']);
const isPayment = (e: AuditEntry) => e.action.startsWith('payment.');

/**
 * Folds audit entries into one history row per payment that has ended; the log's order is kept.
 * A saved card's sealed token is opened with the vault (a token logged before sealing reads as is).
 */
export function historyFromAudit(entries: readonly AuditEntry[], vault?: SavedCardVault): HistoryEntry[] {
  const bySession = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const list = bySession.get(entry.sessionId) ?? [];
    list.push(entry);
    bySession.set(entry.sessionId, list);
  }
  const rows: HistoryEntry[] = [];
  for (const [sessionId, all] of bySession) {
    const list = all.filter(isPayment);
    const end = list.findLast((e) => ENDING.has(e.action));
    if (!end) continue;
    // Later entries know more (brand and last 4 arrive with the result); merge oldest to newest.
    const details = Object.assign({}, ...list.map((e) => e.details)) as AuditEntry['details'];
    const start = list.find((e) => e.action === 'payment.start');
    const opened = details.savedCard ? vault?.unseal(details.savedCard, sessionId) : undefined;
    const receipts = receiptsFromAudit(all);
    rows.push({
      sessionId,
      at: end.at,
      callSid: end.callSid,
      method: details.method,
      charge: start?.details.amount !== undefined,
      amount: start?.details.amount,
      currency: details.currency,
      outcome: end.details.outcome ?? (end.details.result === 'success' ? 'succeeded' : 'failed'),
      result: end.details.result,
      brand: details.method === 'ach-debit' ? 'bank account' : details.brand,
      last4: details.last4,
      confirmationCode: details.confirmationCode,
      token: opened?.token ?? details.token,
      profileId: opened?.profileId,
      connector: details.connector,
      agent: end.agent,
      ...(start?.details.reference ? { reference: start.details.reference } : {}),
      ...(receipts.length > 0 ? { receipts } : {}),
    });
  }
  return rows;
}

/** Reads the audit log file (JSON lines) and returns its history rows; a missing file has none. */
export async function readAuditHistory(file: string, vault?: SavedCardVault): Promise<HistoryEntry[]> {
  const entries: AuditEntry[] = [];
  // Complete lines only: a torn last line is the log's to repair at open (it keeps it aside).
  for (const line of await readCompleteLines(file)) {
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A damaged line is audit.verify's to report; the history shows what it can read.
    }
  }
  return historyFromAudit(entries, vault);
}
