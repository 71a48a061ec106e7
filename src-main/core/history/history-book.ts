import type { HistoryRow } from './fold';
import type { HistoryPage } from './history-index';
import type { HistoryPageRequest } from './history-select';

/** Where History's pages come from: the index beside the audit file, or Callpay Server's table. */
export interface HistoryBook {
  page(request: HistoryPageRequest): Promise<HistoryPage>;
  /** A payment's row, if it has ended. */
  row(sessionId: string): Promise<HistoryRow | undefined>;
  /** Resolves once a filter is answered from memory (the index loads in the background). */
  warm(): Promise<void>;
  close(): Promise<void>;
}
