import type { AppApi } from '@shared/api';
import type { z } from 'zod';
import type { HistoryArgs, HistoryEntry, HistoryOutcome } from '@shared/api';
import { historyNeedle, historySearchText } from '@shared/payments/history-filter';
import { historyCsvHeader, historyCsvRows } from './csv';
import { errorMessage } from '@shared/api';

const today = () => new Date().toISOString().slice(0, 10);
/** A day picked in a date field (`2026-12-02`) as the instant it starts here, `days` later. */
const dayStart = (day: string, days = 0): string | undefined => {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return undefined;
  const start = new Date(year, month - 1, date + days);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
};
const only = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;
const PAGE = 100;
const EXPORT_PAGE = 5000;

export type OutcomeFilter = HistoryOutcome;
type HistoryFilter = Omit<z.input<typeof HistoryArgs>, 'limit' | 'before' | 'savedCards'>;

/**
 * Past payments a page at a time from the core, which filters them (text, outcome, and in the
 * team's history agent and days); exportable as CSV, fetched and written a page at a time.
 */
export class HistoryState {
  #entries = $state<HistoryEntry[]>([]);
  #more = $state<number | undefined>();
  #error = $state<string | undefined>();
  #loading = $state(false);
  #asked = 0;
  query = $state('');
  outcome = $state<OutcomeFilter>('all');
  /** The team's history (supervisors): one agent's identity, and the days from and to (inclusive). */
  agent = $state('');
  from = $state('');
  to = $state('');
  /** The export carries saved cards' tokens only when the person exporting ticks this. */
  withSavedCards = $state(false);
  #copied = $state<string | undefined>();

  constructor(private readonly api: AppApi) {}

  get entries() {
    return this.#entries;
  }
  get error() {
    return this.#error;
  }
  get loading() {
    return this.#loading;
  }
  /** True when older matching payments are there to show. */
  get hasMore() {
    return this.#more !== undefined;
  }

  /** The filter as the core is asked for it. */
  readonly filter = $derived({
    ...(this.query.trim() === '' ? {} : { query: this.query.trim() }),
    ...(this.outcome === 'all' ? {} : { outcome: this.outcome }),
    ...only('agent', this.agent.trim() || undefined),
    ...only('from', dayStart(this.from)),
    ...only('to', dayStart(this.to, 1)),
  });

  /** The loaded rows that match the filter at once, while the core's answer for it is on its way. */
  readonly visible = $derived.by(() => {
    const needle = historyNeedle(this.query);
    const { agent, from, to } = this.filter;
    return this.#entries.filter(
      (e) =>
        (this.outcome === 'all' || e.outcome === this.outcome) &&
        (agent === undefined || e.agent === agent) &&
        (from === undefined || Date.parse(e.at) >= Date.parse(from)) &&
        (to === undefined || Date.parse(e.at) < Date.parse(to)) &&
        (needle === '' || historySearchText(e).includes(needle)),
    );
  });

  /** The newest page for the filter. */
  async load(filter = this.filter) {
    await this.#fetch(filter, undefined);
  }

  /** The next older page, below what is shown. */
  async showMore() {
    if (this.#more !== undefined) await this.#fetch(this.filter, this.#more);
  }

  async #fetch(filter: HistoryFilter, before: number | undefined) {
    const asked = ++this.#asked;
    this.#loading = true;
    try {
      const page = await this.api.invoke('history.list', { limit: PAGE, ...filter, before });
      // An answer for a filter since changed is dropped: the newer one is on its way.
      if (asked !== this.#asked) return;
      this.#entries = before === undefined ? page.entries : [...this.#entries, ...page.entries];
      this.#more = page.more;
      this.#error = undefined;
    } catch (error) {
      if (asked === this.#asked) this.#error = errorMessage(error);
    } finally {
      if (asked === this.#asked) this.#loading = false;
    }
  }

  /** The session whose saved card was copied a moment ago. */
  get copied() {
    return this.#copied;
  }

  /** Copies a saved card's token (asked of main only now, and recorded in the audit log). */
  async copySavedCard(sessionId: string) {
    try {
      const card = await this.api.invoke('history.savedCard', { sessionId });
      await navigator.clipboard.writeText(card.token);
      this.#copied = sessionId;
      setTimeout(() => (this.#copied = undefined), 2000);
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  /**
   * Saves every payment that matches the filter as a CSV file through the browser's download. The
   * rows come a page at a time and each page becomes bytes at once, so no list of them all is held;
   * saved cards' tokens are in it only when the person exporting ticked the box.
   */
  async download(doc: Document = document) {
    const savedCards = this.withSavedCards;
    // Streamed, so whether a payment has a reference is not known up front: the column is always there.
    const columns = { reference: true, savedCards };
    const parts: Blob[] = [new Blob([historyCsvHeader(columns)])];
    const filter = this.filter;
    try {
      let before: number | undefined;
      do {
        const page = await this.api.invoke('history.list', {
          limit: EXPORT_PAGE,
          ...filter,
          before,
          savedCards,
        });
        parts.push(new Blob([historyCsvRows(page.entries, columns)]));
        before = page.more;
      } while (before !== undefined);
    } catch (error) {
      this.#error = errorMessage(error);
      return;
    }
    const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
    const link = doc.createElement('a');
    link.href = url;
    link.download = `callpay-history-${today()}.csv`;
    doc.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
