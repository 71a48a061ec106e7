import type { HistoryEntry } from '@shared/api/history';
import { readCompleteLines, type AuditEntry } from '../audit';

const ENDING = new Set(['payment.result', 'payment.ended']);

/** Folds audit entries into one history row per payment that has ended; the log's order is kept. */
export function historyFromAudit(entries: readonly AuditEntry[]): HistoryEntry[] {
  const bySession = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const list = bySession.get(entry.sessionId) ?? [];
    list.push(entry);
    bySession.set(entry.sessionId, list);
  }
  const rows: HistoryEntry[] = [];
  for (const [sessionId, list] of bySession) {
    const end = list.findLast((e) => ENDING.has(e.action));
    if (!end) continue;
    // Later entries know more (brand and last 4 arrive with the result); merge oldest to newest.
    const details = Object.assign({}, ...list.map((e) => e.details)) as AuditEntry['details'];
    const start = list.find((e) => e.action === 'payment.start');
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
      token: details.token,
      agent: end.agent,
      ...(start?.details.reference ? { reference: start.details.reference } : {}),
    });
  }
  return rows;
}

/** Reads the audit log file (JSON lines) and returns its history rows; a missing file has none. */
export async function readAuditHistory(file: string): Promise<HistoryEntry[]> {
  const entries: AuditEntry[] = [];
  // Complete lines only: a torn last line is the log's to repair at open (it keeps it aside).
  for (const line of await readCompleteLines(file)) {
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A damaged line is audit.verify's to report; the history shows what it can read.
    }
  }
  return historyFromAudit(entries);
}
