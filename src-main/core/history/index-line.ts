import type { HistoryRow } from './fold';
import { historySearchText } from '@shared/payments/history-filter';

/**
 * One row of the history index: session, outcome and search text before the row's JSON, tab
 * separated, so the index loads without parsing every row (JSON never holds a raw tab or newline).
 */
export function indexLine(row: HistoryRow): string {
  return `${row.sessionId}\t${row.outcome}\t${historySearchText(row)}\t${JSON.stringify(row)}\n`;
}

/** The parts of an index line a query needs; the row itself stays on the disk until shown. */
export interface IndexMeta {
  sessionId: string;
  outcome: string;
  hay: string;
}

export function indexMeta(line: string): IndexMeta | undefined {
  const a = line.indexOf('\t');
  const b = line.indexOf('\t', a + 1);
  const c = line.indexOf('\t', b + 1);
  if (a < 0 || b < 0 || c < 0) return undefined;
  return { sessionId: line.slice(0, a), outcome: line.slice(a + 1, b), hay: line.slice(b + 1, c) };
}

/** The row an index line holds. */
export function indexRow(line: string): HistoryRow {
  let tab = -1;
  for (let i = 0; i < 3; i++) tab = line.indexOf('\t', tab + 1);
  return JSON.parse(line.slice(tab + 1)) as HistoryRow;
}
