import type { HistoryEntry } from '../api/history';

// Between fields, so a search never matches across two of them.
const SEP = '\u001f';

/** What History's search looks in, lower-cased: code, brand, last 4, amount, currency, result, time. */
export function historySearchText(e: HistoryEntry): string {
  return [e.confirmationCode, e.brand, e.last4, e.amount, e.currency, e.result, e.at]
    .filter(Boolean)
    .map((v) => v!.toLowerCase().replace(/[\t\n\u001f]/g, ' '))
    .join(SEP);
}

/** A search as typed, made ready to compare with `historySearchText` (empty matches everything). */
export function historyNeedle(query: string | undefined): string {
  return (query ?? '').trim().toLowerCase().replace(/[\t\n\u001f]/g, ' ');
}
