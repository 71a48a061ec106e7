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

// Added after the others, and only when an exported payment has one, so older exports' columns stay put.
const REFERENCE: (typeof COLUMNS)[number] = ['reference', (e) => e.reference];

/**
 * The history as CSV (RFC 4180, CRLF line ends), safe to open in a spreadsheet. Saved cards'
 * tokens are columns only when asked for (and the rows must have been listed with them).
 */
export function historyCsv(entries: readonly HistoryEntry[], options: { savedCards?: boolean } = {}): string {
  const base = entries.some((e) => e.reference) ? [...COLUMNS, REFERENCE] : COLUMNS;
  const columns = options.savedCards ? [...base, ...SAVED_CARD_COLUMNS] : base;
  const lines = [columns.map(([name]) => name).join(',')];
  for (const entry of entries) lines.push(columns.map(([, get]) => cell(get(entry))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
