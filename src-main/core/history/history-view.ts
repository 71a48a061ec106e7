import { open } from 'node:fs/promises';
import type { HistoryRow } from './fold';
import { historyNeedle } from '@shared/payments/history-filter';
import { indexRow, type IndexMeta } from './index-line';

/** What History asks for: a filter, and the page below a cursor. */
export interface HistoryPageRequest {
  query?: string;
  outcome?: string;
  /** Only rows older than this position (a previous page's `more`). */
  before?: number;
  limit: number;
}

const ONE_READ = 4 << 20;

/**
 * The history index in memory: where each row sits in the index file and what a filter compares,
 * not the rows themselves. Rows replaced by a later one (a late Result) are skipped.
 */
export class HistoryView {
  readonly #offsets: number[] = [];
  readonly #ends: number[] = [];
  readonly #outcomes: string[] = [];
  readonly #hays: string[] = [];
  readonly #dead = new Set<number>();
  readonly #bySession = new Map<string, number>();

  get size(): number {
    return this.#offsets.length - this.#dead.size;
  }

  add(meta: IndexMeta, offset: number, end: number) {
    const position = this.#offsets.length;
    const was = this.#bySession.get(meta.sessionId);
    if (was !== undefined) this.#dead.add(was);
    this.#bySession.set(meta.sessionId, position);
    this.#offsets.push(offset);
    this.#ends.push(end);
    this.#outcomes.push(meta.outcome);
    this.#hays.push(meta.hay);
  }

  /** A line that is no row (damaged): it keeps its number, so positions match the file's lines. */
  addUnreadable(offset: number, end: number) {
    this.#dead.add(this.#offsets.length);
    this.#offsets.push(offset);
    this.#ends.push(end);
    this.#outcomes.push('');
    this.#hays.push('');
  }

  /** Where a payment's current row is, if it has one. */
  positionOf(sessionId: string): number | undefined {
    return this.#bySession.get(sessionId);
  }

  /** Newest first: the positions below `before` that match, at most `limit`, and a cursor if more do. */
  select(request: HistoryPageRequest): { positions: number[]; more?: number } {
    const needle = historyNeedle(request.query);
    const outcome = request.outcome === 'all' ? undefined : request.outcome;
    const positions: number[] = [];
    const top = Math.min(request.before ?? Infinity, this.#offsets.length);
    for (let p = top - 1; p >= 0; p--) {
      if (this.#dead.has(p)) continue;
      if (outcome !== undefined && this.#outcomes[p] !== outcome) continue;
      if (needle !== '' && !this.#hays[p]!.includes(needle)) continue;
      if (positions.length === request.limit) return { positions, more: positions.at(-1) };
      positions.push(p);
    }
    return { positions };
  }

  /** Reads the rows at `positions` from the index file, in that order. */
  async rows(file: string, positions: readonly number[]): Promise<HistoryRow[]> {
    if (positions.length === 0) return [];
    const handle = await open(file, 'r');
    try {
      const low = Math.min(...positions.map((p) => this.#offsets[p]!));
      const high = Math.max(...positions.map((p) => this.#ends[p]!));
      // Near rows (a page without a filter) come in one read; scattered ones one by one.
      if (high - low <= ONE_READ) {
        const bytes = Buffer.allocUnsafe(high - low);
        await handle.read(bytes, 0, bytes.length, low);
        return positions.map((p) =>
          indexRow(bytes.toString('utf8', this.#offsets[p]! - low, this.#ends[p]! - low - 1)),
        );
      }
      const rows: HistoryRow[] = [];
      for (const p of positions) {
        const bytes = Buffer.allocUnsafe(this.#ends[p]! - this.#offsets[p]!);
        await handle.read(bytes, 0, bytes.length, this.#offsets[p]!);
        rows.push(indexRow(bytes.toString('utf8', 0, bytes.length - 1)));
      }
      return rows;
    } finally {
      await handle.close();
    }
  }
}
