import type { AuditEntry } from '../audit';
import { historyFromAudit } from './audit-history';
import type { HistoryRow } from './fold';
import type { HistoryPage } from './history-index';
import { rowFacts, selectPage, type HistoryPageRequest } from './history-select';

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
    const { positions, more } = selectPage(request, rows.length, (p) => rowFacts(rows[p]!));
    return { entries: positions.map((p) => rows[p]!), ...(more === undefined ? {} : { more }) };
  }

  async row(sessionId: string): Promise<HistoryRow | undefined> {
    return (await this.#rows()).find((r) => r.sessionId === sessionId);
  }

  async warm(): Promise<void> {}
  async close(): Promise<void> {}
}
