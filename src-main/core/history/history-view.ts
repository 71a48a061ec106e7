import { open } from 'node:fs/promises';
import type { HistoryRow } from './fold';
import { indexRow, type IndexMeta } from './index-line';
import { selectPage, type HistoryPageRequest } from './history-select';

const ONE_READ = 4 << 20;

/**
 * The history index in memory: where each row sits in the index file and what a filter compares,
 * not the rows themselves. Rows replaced by a later one (a late Result) are skipped.
 */
export class HistoryView {
  readonly #offsets: number[] = [];
  readonly #ends: number[] = [];
  /** What a filter compares, per position; none for a line that is no row. */
  readonly #facts: (IndexMeta | undefined)[] = [];
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
    this.#facts.push(meta);
  }

  /** A line that is no row (damaged): it keeps its number, so positions match the file's lines. */
  addUnreadable(offset: number, end: number) {
    this.#dead.add(this.#offsets.length);
    this.#offsets.push(offset);
    this.#ends.push(end);
    this.#facts.push(undefined);
  }

  /** Where a payment's current row is, if it has one. */
  positionOf(sessionId: string): number | undefined {
    return this.#bySession.get(sessionId);
  }

  /** Newest first: the positions below `before` that match, at most `limit`, and a cursor if more do. */
  select(request: HistoryPageRequest): { positions: number[]; more?: number } {
    return selectPage(request, this.#offsets.length, (p) => (this.#dead.has(p) ? undefined : this.#facts[p]));
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
