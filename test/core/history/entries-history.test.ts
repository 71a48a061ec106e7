import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '@shared/api/history';
import { AuditLog, readCompleteLines, type AuditEntry } from '../../../src-main/core/audit';
import {
  EntriesHistory,
  HistoryIndex,
  readAuditHistory,
  type HistoryPageRequest,
} from '../../../src-main/core/history';
import { allPages, appendPayments } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/temp-dir';

// The server's History: its audit entries (a table there, this log's lines here) folded on each request.
const PAYMENTS = 300;
const START = Date.parse('2026-01-01T00:00:00Z');
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let log: AuditLog;
let entries: EntriesHistory;

beforeAll(async () => {
  dir = await tempDir('entries-history-');
  file = join(dir.path, 'audit.jsonl');
  // One millisecond per entry: every row has its own time, so newest first is one order.
  let tick = START;
  log = new AuditLog(file, { now: () => new Date(tick++) });
  await appendPayments(log, 0, PAYMENTS);
  await log.flush();
  entries = new EntriesHistory(async () =>
    (await readCompleteLines(file)).map((line) => JSON.parse(line) as AuditEntry),
  );
});
afterAll(async () => {
  log.close();
  await dir.cleanup();
});

type Filter = Omit<HistoryPageRequest, 'limit' | 'before'>;

/** The whole log folded, newest first, filtered here by every field the request names. */
async function oracle(filter: Filter = {}): Promise<HistoryEntry[]> {
  const q = (filter.query ?? '').trim().toLowerCase();
  const rows = (await readAuditHistory(file)).sort((a, b) => b.at.localeCompare(a.at));
  return rows.filter(
    (e) =>
      (!filter.outcome || filter.outcome === 'all' || e.outcome === filter.outcome) &&
      (filter.agent === undefined || e.agent === filter.agent) &&
      (filter.from === undefined || e.at >= filter.from) &&
      (filter.to === undefined || e.at < filter.to) &&
      (q === '' ||
        [e.confirmationCode, e.brand, e.last4, e.amount, e.currency, e.result, e.at].some((v) =>
          v?.toLowerCase().includes(q),
        )),
  );
}

const at = (ms: number) => new Date(START + ms).toISOString();

describe('the server’s History over its audit entries (EntriesHistory)', () => {
  it('pages newest first through every ended payment, with a cursor while older ones remain', async () => {
    const expected = await oracle();
    expect(expected).toHaveLength(PAYMENTS);
    const first = await entries.page({ limit: 40 });
    expect(first.entries).toEqual(expected.slice(0, 40));
    expect(first.more).toBeDefined();
    const { rows, pages } = await allPages(entries, { limit: 70 });
    expect(pages).toBe(Math.ceil(PAYMENTS / 70));
    expect(rows).toEqual(expected);
    expect((await entries.page({ limit: PAYMENTS })).more).toBeUndefined();
  });

  it('filters by agent, result, date range and text, page after page, as the desktop’s index does', async () => {
    const index = new HistoryIndex(log).start();
    const filters: Filter[] = [
      { agent: 'agent-3' },
      { agent: 'agent-3', outcome: 'failed' },
      { agent: 'agent-5', query: 'EUR' },
      { from: at(1500), to: at(2500) },
      { agent: 'agent-1', from: at(1000), outcome: 'succeeded' },
      { to: at(600) },
      { agent: 'nobody' },
    ];
    for (const filter of filters) {
      const expected = await oracle(filter);
      const { rows } = await allPages(entries, { ...filter, limit: 9 });
      expect(rows, JSON.stringify(filter)).toEqual(expected);
      expect((await allPages(index, { ...filter, limit: 9 })).rows, JSON.stringify(filter)).toEqual(expected);
    }
    // The filters mean something here: one agent's payments are a seventh, a window of time some.
    expect((await oracle({ agent: 'agent-3' })).length).toBe(Math.ceil((PAYMENTS - 3) / 7));
    const window = await oracle({ from: at(1500), to: at(2500) });
    expect(window.length).toBeGreaterThan(0);
    expect(window.length).toBeLessThan(PAYMENTS);
    await index.close();
  });
});
