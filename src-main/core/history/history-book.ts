import { historyNeedle, historySearchText } from '@shared/payments/history-filter';
import type { AuditEntry } from '../audit';
import { historyFromAudit } from './audit-history';
import type { HistoryRow } from './fold';
import type { HistoryPage } from './history-index';
import type { HistoryPageRequest } from './history-view';

/** Where History's pages come from: the index beside the audit file, or a log kept in a database. */
export interface HistoryBook {
  page(request: HistoryPageRequest): Promise<HistoryPage>;
  /** A payment's row, if it has ended. */
  row(sessionId: string): Promise<HistoryRow | undefined>;
  /** Resolves once a filter is answered from memory (the index loads in the background). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The history of an audit trail that hands out its entries (Callpay Server's table): folded afresh
 * on each request, with the index's paging and filters (positions oldest first, pages newest first).
 */
export class EntriesHistory implements HistoryBook {
  constructor(private readonly entries: () => Promise<readonly AuditEntry[]>) {}

  async #rows(): Promise<HistoryRow[]> {
    return historyFromAudit(await this.entries()).sort((a, b) => a.at.localeCompare(b.at));
  }

  async page(request: HistoryPageRequest): Promise<HistoryPage> {
    const rows = await this.#rows();
    const needle = historyNeedle(request.query);
    const outcome = request.outcome === 'all' ? undefined : request.outcome;
    const entries: HistoryRow[] = [];
    let last = 0;
    for (let p = Math.min(request.before ?? Infinity, rows.length) - 1; p >= 0; p--) {
      const row = rows[p]!;
      if (outcome !== undefined && row.outcome !== outcome) continue;
      if (needle !== '' && !historySearchText(row).includes(needle)) continue;
      if (entries.length === request.limit) return { entries, more: last };
      entries.push(row);
      last = p;
    }
    return { entries };
  }

  async row(sessionId: string): Promise<HistoryRow | undefined> {
    return (await this.#rows()).find((r) => r.sessionId === sessionId);
  }

  async warm(): Promise<void> {}
  async close(): Promise<void> {}
}
