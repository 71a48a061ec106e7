import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '@shared/api/history';
import { AuditLog } from '../../../src-main/core/audit';
import { HistoryIndex, readAuditHistory } from '../../../src-main/core/history';
import { allPages, appendPayments, paymentRecords } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/temp-dir';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const PAYMENTS = 2000;
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let log: AuditLog;

beforeAll(async () => {
  dir = await tempDir('history-index-');
  file = join(dir.path, 'audit.jsonl');
  // One millisecond per entry: every row has its own time, so newest first is one order.
  let tick = Date.parse('2026-01-01T00:00:00Z');
  log = new AuditLog(file, { now: () => new Date(tick++) });
  await appendPayments(log, 0, PAYMENTS);
});
afterAll(async () => {
  log.close();
  await dir.cleanup();
});

/** What History showed before the index: the whole log folded, newest first, filtered as the console did. */
async function oracle(filter: { query?: string; outcome?: string } = {}): Promise<HistoryEntry[]> {
  const q = (filter.query ?? '').trim().toLowerCase();
  const rows = (await readAuditHistory(file)).sort((a, b) => b.at.localeCompare(a.at));
  return rows.filter((e) => {
    if (filter.outcome && filter.outcome !== 'all' && e.outcome !== filter.outcome) return false;
    if (q === '') return true;
    return [e.confirmationCode, e.brand, e.last4, e.amount, e.currency, e.result, e.at]
      .filter(Boolean)
      .some((v) => v!.toLowerCase().includes(q));
  });
}

describe('the history index beside the audit log, at 2,000 payments', () => {
  it('pages newest first through exactly the rows the whole-log fold gives', async () => {
    const index = new HistoryIndex(log).start();
    const first = await index.page({ limit: 50 });
    const expected = await oracle();
    expect(expected).toHaveLength(PAYMENTS);
    expect(first.entries).toEqual(expected.slice(0, 50));
    expect(first.more).toBeDefined();
    const { rows, pages } = await allPages(index, { limit: 300 });
    expect(pages).toBe(Math.ceil(PAYMENTS / 300));
    expect(rows).toEqual(expected);
    await index.close();
  });

  it('filters in the core by result and by text, page after page', async () => {
    const index = new HistoryIndex(log).start();
    for (const filter of [
      { outcome: 'failed' },
      { outcome: 'cancelled' },
      { query: '4444' },
      { query: 'EUR', outcome: 'succeeded' },
      { query: 'card_' },
      { query: 'caller-hung' },
      { query: 'no such text' },
    ]) {
      const expected = await oracle(filter);
      const { rows } = await allPages(index, { ...filter, limit: 97 });
      expect(rows, JSON.stringify(filter)).toEqual(expected);
    }
    expect((await oracle({ outcome: 'failed' })).length).toBe(PAYMENTS / 10);
    await index.close();
  });

  it('follows new payments as they are written, and a late Result replaces its row', async () => {
    const index = new HistoryIndex(log).start();
    await index.ready();
    await appendPayments(log, PAYMENTS, 5);
    // A Result that arrives after the payment was recorded as ended (the agent's hang-up first).
    const ended = paymentRecords(8)[0]!;
    await log.append({
      agent: ended.agent,
      sessionId: ended.sessionId,
      callSid: ended.callSid,
      action: 'payment.result',
      details: { outcome: 'succeeded', result: 'success', confirmationCode: 'ch_late' },
    });
    await vi.waitFor(async () =>
      expect((await index.page({ limit: 1 })).entries[0]?.confirmationCode).toBe('ch_late'),
    );
    const { rows } = await allPages(index, { limit: 500 });
    expect(rows).toEqual(await oracle());
    expect(rows.filter((r) => r.sessionId === ended.sessionId)).toHaveLength(1);
    await index.close();
  });

  it('at the next start catches up from its checkpoint, and rebuilds from the log when it does not fit', async () => {
    const index = new HistoryIndex(log).start();
    await index.ready();
    await index.close();
    const before = await readFile(index.file);
    await appendPayments(log, PAYMENTS + 5, 3);

    const reopened = new HistoryIndex(log).start();
    await reopened.ready();
    // The first page comes from the index file's end, before the index is in memory; the next from memory.
    const first = await reopened.page({ limit: 1500 });
    const rest = await allPages(reopened, { limit: 1500, before: first.more });
    expect([...first.entries, ...rest.rows]).toEqual(await oracle());
    expect((await allPages(reopened, { limit: 1000 })).rows).toEqual(await oracle());
    // Caught up, not rebuilt: the rows it had are where they were, the new ones after them.
    expect((await readFile(reopened.file)).subarray(0, before.length).equals(before)).toBe(true);
    await reopened.close();

    // The index lost (or damaged): rebuilt from the log, the record.
    await rm(reopened.file);
    const rebuilt = new HistoryIndex(log).start();
    expect((await allPages(rebuilt, { limit: 1000 })).rows).toEqual(await oracle());
    await rebuilt.close();
    await writeFile(rebuilt.file, 'not an index\n');
    const again = new HistoryIndex(log).start();
    expect((await again.page({ limit: 10 })).entries).toEqual((await oracle()).slice(0, 10));
    await again.close();
  });
});
