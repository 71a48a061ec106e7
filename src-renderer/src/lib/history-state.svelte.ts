import type { AppApi } from '@shared/api/contract';
import type { HistoryEntry } from '@shared/api/history';
import { historyCsv } from './csv';
import { errorMessage } from '@shared/api/errors';

const today = () => new Date().toISOString().slice(0, 10);

export type OutcomeFilter = 'all' | 'succeeded' | 'failed' | 'cancelled' | 'ended';

/** Past payments from the audit log, filtered by text and outcome, exportable as CSV. */
export class HistoryState {
  #entries = $state<HistoryEntry[]>([]);
  #error = $state<string | undefined>();
  #loading = $state(false);
  query = $state('');
  outcome = $state<OutcomeFilter>('all');
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

  /** The rows that match the filter: outcome, and text in reference, code, brand, last 4, amount or currency. */
  readonly visible = $derived.by(() => {
    const q = this.query.trim().toLowerCase();
    return this.#entries.filter((e) => {
      if (this.outcome !== 'all' && e.outcome !== this.outcome) return false;
      if (q === '') return true;
      return [e.reference, e.confirmationCode, e.brand, e.last4, e.amount, e.currency, e.result, e.at]
        .filter(Boolean)
        .some((v) => v!.toLowerCase().includes(q));
    });
  });

  readonly csv = $derived(historyCsv(this.visible));

  async load() {
    this.#loading = true;
    try {
      this.#entries = (await this.api.invoke('history.list', {})).entries;
      this.#error = undefined;
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#loading = false;
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

  /** The CSV of the visible rows; with saved cards' tokens in full when asked for. */
  async exportCsv(): Promise<string> {
    if (!this.withSavedCards) return this.csv;
    const full = (await this.api.invoke('history.list', { savedCards: true })).entries;
    const visible = this.visible.map((e) => e.sessionId);
    return historyCsv(
      full.filter((e) => visible.includes(e.sessionId)),
      { savedCards: true },
    );
  }

  /** Saves the visible rows as a CSV file through the browser's download. */
  async download(doc: Document = document) {
    let csv: string;
    try {
      csv = await this.exportCsv();
    } catch (error) {
      this.#error = errorMessage(error);
      return;
    }
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const link = doc.createElement('a');
    link.href = url;
    link.download = `callpay-history-${today()}.csv`;
    doc.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
