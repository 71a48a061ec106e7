import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '@shared/api/history';
import { HistoryState } from '../../src-renderer/src/lib/history-state.svelte';
import { historyCsvHeader, historyCsvRows } from '../../src-renderer/src/lib/csv';
import { fakeApi } from './fake-api';

const rows: HistoryEntry[] = Array.from({ length: 12_345 }, (_, i) => ({
  sessionId: `s${i}`,
  at: new Date(Date.UTC(2026, 0, 1) + (12_345 - i) * 1000).toISOString(),
  charge: true,
  amount: `${i}.00`,
  currency: i % 2 ? 'EUR' : 'USD',
  outcome: i % 3 ? 'succeeded' : 'failed',
  brand: 'visa',
  last4: String(1000 + (i % 9000)),
}));

/** A core that pages `rows` (newest first) as history.list does: limit, outcome, before and more. */
function pagingCore() {
  return fakeApi({
    'history.list': (args) => {
      const { limit = 500, outcome, before } = args as { limit?: number; outcome?: string; before?: number };
      const matching = rows
        .map((row, position) => ({ row, position: rows.length - 1 - position }))
        .filter(
          ({ row, position }) =>
            (!outcome || row.outcome === outcome) && (before === undefined || position < before),
        );
      const page = matching.slice(0, limit);
      return {
        entries: page.map((m) => m.row),
        ...(matching.length > limit ? { more: page.at(-1)!.position } : {}),
      };
    },
  });
}

afterEach(() => vi.restoreAllMocks());

describe('HistoryState over a long history', () => {
  it('asks the core for the first page with the filter, and for older rows on Show more', async () => {
    const { api, calls } = pagingCore();
    const history = new HistoryState(api);
    history.outcome = 'failed';
    await history.load();
    expect(history.entries).toHaveLength(100);
    expect(history.entries.every((e) => e.outcome === 'failed')).toBe(true);
    expect(history.hasMore).toBe(true);
    await history.showMore();
    expect(history.entries.map((e) => e.sessionId)).toEqual(
      rows
        .filter((r) => r.outcome === 'failed')
        .slice(0, 200)
        .map((r) => r.sessionId),
    );
    expect(calls.map((c) => c.args)).toEqual([
      { limit: 100, outcome: 'failed', before: undefined },
      { limit: 100, outcome: 'failed', before: expect.any(Number) },
    ]);
  });

  it('exports every matching row as CSV, fetched a page at a time', async () => {
    const { api, calls } = pagingCore();
    const history = new HistoryState(api);
    history.outcome = 'failed';
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:history';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    await history.download();
    const failed = rows.filter((r) => r.outcome === 'failed');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blob!);
    });
    // Streamed, the export always carries the reference column (no row can say up front whether one has it).
    const columns = { reference: true };
    expect(text).toBe(historyCsvHeader(columns) + historyCsvRows(failed, columns));
    const pages = calls.filter((c) => c.name === 'history.list');
    expect(pages).toHaveLength(Math.ceil(failed.length / 5000));
    expect(pages.every((c) => (c.args as { limit: number }).limit === 5000)).toBe(true);
  });
});
