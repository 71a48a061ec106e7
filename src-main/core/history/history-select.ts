import type { HistoryEntry } from '@shared/api';
import { historyNeedle, historySearchText } from '@shared/payments/history-filter';

/** What History asks for: filters, and the page below a cursor. */
export interface HistoryPageRequest {
  query?: string;
  outcome?: string;
  /** Only this agent's payments (their identity). */
  agent?: string;
  /** Only payments that ended at or after this instant (ISO 8601). */
  from?: string;
  /** Only payments that ended before this instant (ISO 8601). */
  to?: string;
  /** Only rows older than this position (a previous page's `more`). */
  before?: number;
  limit: number;
}

/** What a filter compares in one row: kept in memory by the index, or taken from the row itself. */
export interface RowFacts {
  outcome: string;
  agent: string;
  /** When it ended (ISO 8601). */
  at: string;
  /** The search text (`historySearchText`). */
  hay: string;
}

export const rowFacts = (row: HistoryEntry): RowFacts => ({
  outcome: row.outcome,
  agent: row.agent ?? '',
  at: row.at,
  hay: historySearchText(row),
});

/** Whether a request filters at all: its first page is then simply the newest rows. */
export const filtersRows = (request: HistoryPageRequest) =>
  Boolean(request.query?.trim()) ||
  (request.outcome ?? 'all') !== 'all' ||
  request.agent !== undefined ||
  request.from !== undefined ||
  request.to !== undefined;

const instant = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** The request's filters as one test of a row's facts. */
export function historyMatcher(request: HistoryPageRequest): (facts: RowFacts) => boolean {
  const needle = historyNeedle(request.query);
  const outcome = request.outcome === 'all' ? undefined : request.outcome;
  const from = instant(request.from);
  const to = instant(request.to);
  return (facts) => {
    if (outcome !== undefined && facts.outcome !== outcome) return false;
    if (request.agent !== undefined && facts.agent !== request.agent) return false;
    if (from !== undefined || to !== undefined) {
      const at = Date.parse(facts.at);
      if (from !== undefined && !(at >= from)) return false;
      if (to !== undefined && !(at < to)) return false;
    }
    return needle === '' || facts.hay.includes(needle);
  };
}

/**
 * History's paging over rows numbered oldest first: newest first, the positions below `before`
 * whose facts match (`facts` gives none for a row to skip), at most `limit`, and the cursor for
 * the rest if more match.
 */
export function selectPage(
  request: HistoryPageRequest,
  count: number,
  facts: (position: number) => RowFacts | undefined,
): { positions: number[]; more?: number } {
  const matches = historyMatcher(request);
  const positions: number[] = [];
  for (let p = Math.min(request.before ?? Infinity, count) - 1; p >= 0; p--) {
    const row = facts(p);
    if (row === undefined || !matches(row)) continue;
    if (positions.length === request.limit) return { positions, more: positions.at(-1) };
    positions.push(p);
  }
  return { positions };
}
