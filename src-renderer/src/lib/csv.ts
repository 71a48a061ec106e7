import type { HistoryEntry } from '@shared/api';

const COLUMNS: [string, (e: HistoryEntry) => string | undefined][] = [
  ['time', (e) => e.at],
  ['type', (e) => (e.charge ? 'charge' : 'saved card')],
  ['amount', (e) => e.amount],
  ['currency', (e) => e.currency],
  ['result', (e) => e.outcome],
  ['twilio_result', (e) => e.result],
  ['brand', (e) => e.brand],
  ['last4', (e) => e.last4],
  ['confirmation_code', (e) => e.confirmationCode],
  ['session', (e) => e.sessionId],
  ['call_sid', (e) => e.callSid],
  ['agent', (e) => e.agent],
];

// Only when the person exporting asks: the credentials that let the business charge a saved card.
const SAVED_CARD_COLUMNS: typeof COLUMNS = [
  ['saved_card_token', (e) => e.token],
  ['saved_card_profile_id', (e) => e.profileId],
  ['connector', (e) => e.connector],
];

// A leading = + - @ makes spreadsheets run the cell as a formula; a quote turns it back into text.
const cell = (value: string | undefined) => {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

// Added after the others, and only when an exported payment may have one, so older exports' columns stay put.
const REFERENCE: (typeof COLUMNS)[number] = ['reference', (e) => e.reference];

/** Which optional columns an export carries. */
export interface CsvColumns {
  reference?: boolean;
  /** Saved cards' tokens in full (the rows must have been listed with them). */
  savedCards?: boolean;
}
const columnsFor = (o: CsvColumns) => [
  ...COLUMNS,
  ...(o.reference ? [REFERENCE] : []),
  ...(o.savedCards ? SAVED_CARD_COLUMNS : []),
];

/** The CSV's header line, CRLF-ended. */
export const historyCsvHeader = (o: CsvColumns = {}) =>
  `${columnsFor(o)
    .map(([name]) => name)
    .join(',')}\r\n`;

/** CSV lines for some rows, each CRLF-ended: a page at a time, for an export that streams. */
export function historyCsvRows(entries: readonly HistoryEntry[], o: CsvColumns = {}): string {
  const columns = columnsFor(o);
  return entries.map((entry) => `${columns.map(([, get]) => cell(get(entry))).join(',')}\r\n`).join('');
}

/**
 * The history as CSV (RFC 4180, CRLF line ends), safe to open in a spreadsheet; a reference column
 * when a payment has one, saved cards' tokens only when asked for.
 */
export function historyCsv(entries: readonly HistoryEntry[], options: { savedCards?: boolean } = {}): string {
  const o = { reference: entries.some((e) => e.reference), savedCards: options.savedCards };
  return historyCsvHeader(o) + historyCsvRows(entries, o);
}
