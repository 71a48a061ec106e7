import { readCompleteLines, type AuditEntry } from '../audit';
import { foldEntry, rowFromFold, type HistoryRow, type SessionFold } from './fold';

/** Folds audit entries into one history row per payment that has ended; the log's order is kept. */
export function historyFromAudit(entries: readonly AuditEntry[]): HistoryRow[] {
  const folds = new Map<string, SessionFold>();
  for (const entry of entries) folds.set(entry.sessionId, foldEntry(folds.get(entry.sessionId), entry));
  const rows: HistoryRow[] = [];
  for (const [sessionId, fold] of folds) {
    const row = rowFromFold(sessionId, fold);
    if (row) rows.push(row);
  }
  return rows;
}

/** Reads the audit log file (JSON lines) and returns its history rows; a missing file has none. */
export async function readAuditHistory(file: string): Promise<HistoryRow[]> {
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
