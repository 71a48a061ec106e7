import type { HistoryEntry } from '../api';

// Between fields, so a search never matches across two of them; never in a field or a search.
const SEP = '\u001f';
const clean = (text: string) => text.replaceAll('\t', ' ').replaceAll('\n', ' ').replaceAll(SEP, ' ');

/** What History's search looks in, lower-cased: reference, code, brand, last 4, amount, currency, result, time. */
export function historySearchText(e: HistoryEntry): string {
  return [e.reference, e.confirmationCode, e.brand, e.last4, e.amount, e.currency, e.result, e.at]
    .filter(Boolean)
    .map((v) => clean(v!.toLowerCase()))
    .join(SEP);
}

/** A search as typed, made ready to compare with `historySearchText` (empty matches everything). */
export function historyNeedle(query: string | undefined): string {
  return clean((query ?? '').trim().toLowerCase());
}
