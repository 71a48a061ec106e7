import type { HistoryEntry } from '@shared/api/history';

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

// A leading = + - @ makes spreadsheets run the cell as a formula; a quote turns it back into text.
const cell = (value: string | undefined) => {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The CSV's header line, CRLF-ended. */
export const historyCsvHeader = () => `${COLUMNS.map(([name]) => name).join(',')}\r\n`;

/** CSV lines for some rows, each CRLF-ended: a page at a time, for an export that streams. */
export function historyCsvRows(entries: readonly HistoryEntry[]): string {
  return entries.map((entry) => `${COLUMNS.map(([, get]) => cell(get(entry))).join(',')}\r\n`).join('');
}

/** The history as CSV (RFC 4180, CRLF line ends), safe to open in a spreadsheet. */
export function historyCsv(entries: readonly HistoryEntry[]): string {
  return historyCsvHeader() + historyCsvRows(entries);
}
