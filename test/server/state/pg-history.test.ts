import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '@shared/api/history';
import { auditKeyFile, type AuditEntry } from '../../../src-main/core/audit';
import { historyFromAudit, type HistoryPageRequest } from '../../../src-main/core/history';
import { migrate, type Database } from '../../../src-main/server/db';
import { PgAuditLog, PgHistory } from '../../../src-main/server/state';
import { allPages, appendPayments, paymentRecords } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/temp-dir';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

// Callpay Server's History: the payment_history table, folded from audit_entries as it grows.
const PAYMENTS = 210;
const START = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(START + ms).toISOString();
type Filter = Omit<HistoryPageRequest, 'limit' | 'before'>;

describe.each(BACKENDS)('the team’s History in %s (PgHistory)', { timeout: 120_000 }, (backend) => {
  let test: TestDatabase;
  let db: Database;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let audit: PgAuditLog;
  let history: PgHistory;
  // One millisecond per entry: every row has its own time, so newest first is one order.
  let tick = START;
  const auditOn = (on: Database) =>
    new PgAuditLog(on, { key: auditKeyFile(join(dir.path, 'audit.key')), now: () => new Date(tick++) });
  const historyOn = (on: Database, log: PgAuditLog) => new PgHistory(on, { flush: () => log.flush() });

  beforeAll(async () => {
    test = await freshDatabase(backend);
    db = await test.open();
    await migrate(db);
    dir = await tempDir('pg-history-');
    await writeFile(join(dir.path, 'audit.key'), randomBytes(32), { mode: 0o600 });
    audit = auditOn(db);
    // Half the payments are in the log before the history first looks, half arrive after it has.
    await appendPayments(audit, 0, PAYMENTS / 2, 20);
    history = historyOn(db, audit).start();
    await history.warm();
    await appendPayments(audit, PAYMENTS / 2, PAYMENTS / 2, 20);
  }, 120_000);
  afterAll(async () => {
    await history?.close();
    audit?.close();
    await test?.drop();
    await dir?.cleanup();
  });

  /** The whole log folded, newest first, filtered here by every field the request names. */
  async function oracle(filter: Filter = {}): Promise<HistoryEntry[]> {
    const q = (filter.query ?? '').trim().toLowerCase();
    const entries = await db.query<{ entry: AuditEntry }>('select entry from audit_entries order by seq');
    const rows = historyFromAudit(entries.map((r) => r.entry)).sort((a, b) => b.at.localeCompare(a.at));
    return rows.filter(
      (e) =>
        (!filter.outcome || filter.outcome === 'all' || e.outcome === filter.outcome) &&
        (filter.agent === undefined || e.agent === filter.agent) &&
        (filter.from === undefined || e.at >= filter.from) &&
        (filter.to === undefined || e.at < filter.to) &&
        (q === '' ||
          [e.reference, e.confirmationCode, e.brand, e.last4, e.amount, e.currency, e.result, e.at].some(
            (v) => v?.toLowerCase().includes(q),
          )),
    );
  }

  const tableRows = () =>
    db.query(
      'select session_id, fold, entry, pos, ended_at, outcome, agent, hay from payment_history order by 1',
    );

  it('pages newest first through every ended payment, with a cursor while older ones remain', async () => {
    const expected = await oracle();
    expect(expected).toHaveLength(PAYMENTS);
    const first = await history.page({ limit: 40 });
    expect(first.entries).toEqual(expected.slice(0, 40));
    expect(first.more).toBeDefined();
    const { rows, pages } = await allPages(history, { limit: 70 });
    expect(pages).toBe(Math.ceil(PAYMENTS / 70));
    expect(rows).toEqual(expected);
    expect((await history.page({ limit: PAYMENTS })).more).toBeUndefined();
    const saved = rows.find((r) => r.charge === false)!;
    expect(await history.row(saved.sessionId)).toEqual(saved);
    expect(await history.row('no-such-session')).toBeUndefined();
  });

  it('filters by agent, result, date range and text in SQL, page after page, as the log folded says', async () => {
    const last = (await oracle())[0]!.at;
    const span = Date.parse(last) - START;
    const filters: Filter[] = [
      { agent: 'agent-3' },
      { agent: 'agent-3', outcome: 'failed' },
      { agent: 'agent-5', query: 'EUR' },
      { query: ' VISA ' },
      { outcome: 'cancelled' },
      { from: at(span / 3), to: at((2 * span) / 3) },
      { agent: 'agent-1', from: at(span / 2), outcome: 'succeeded' },
      { to: at(span / 4) },
      { agent: 'nobody' },
      { query: 'no such thing' },
    ];
    for (const filter of filters) {
      const expected = await oracle(filter);
      const { rows } = await allPages(history, { ...filter, limit: 9 });
      expect(rows, JSON.stringify(filter)).toEqual(expected);
    }
    // The filters mean something here: one agent's payments are a seventh, a window of time some.
    expect((await oracle({ agent: 'agent-3' })).length).toBe(PAYMENTS / 7);
    const window = await oracle({ from: at(span / 3), to: at((2 * span) / 3) });
    expect(window.length).toBeGreaterThan(0);
    expect(window.length).toBeLessThan(PAYMENTS);
    expect(await history.page({ from: 'not a date', limit: 5 })).toEqual({ entries: [] });
  });

  it('moves a payment to the top when a late Result changes it, and adds a receipt where the row is', async () => {
    const [declined] = paymentRecords(6).slice(-1);
    const late = await audit.append({
      ...declined!,
      action: 'payment.result',
      details: { outcome: 'succeeded', result: 'success', confirmationCode: 'ch_late' },
    });
    const top = (await history.page({ limit: 1 })).entries[0]!;
    expect(top).toMatchObject({
      sessionId: late.sessionId,
      outcome: 'succeeded',
      confirmationCode: 'ch_late',
      at: late.at,
    });
    expect((await history.page({ query: 'ch_late', limit: 5 })).entries).toHaveLength(1);

    const paid = paymentRecords(20)[0]!;
    const SM = `SM${'5'.repeat(32)}`;
    const before = (await allPages(history, { limit: 100 })).rows.findIndex(
      (r) => r.sessionId === paid.sessionId,
    );
    const receipt = { agent: paid.agent, sessionId: paid.sessionId, callSid: paid.callSid };
    await audit.append({
      ...receipt,
      action: 'receipt.send',
      details: { receiptId: 'r1', to: '+15005550100', messageStatus: 'queued' },
    });
    await audit.append({
      ...receipt,
      action: 'receipt.status',
      details: { receiptId: 'r1', messageStatus: 'delivered', messageSid: SM },
    });
    const { rows } = await allPages(history, { limit: 100 });
    expect(rows.findIndex((r) => r.sessionId === paid.sessionId)).toBe(before);
    expect(await history.row(paid.sessionId)).toMatchObject({
      receipts: [{ id: 'r1', status: 'delivered', messageSid: SM }],
    });
    expect(rows).toEqual(await oracle());
  });

  it('folds again from the log, to the same table, when the folding changes', async () => {
    const was = await tableRows();
    await db.query('update payment_history_state set version = 0');
    await db.query(`update payment_history set hay = 'stale'`);
    expect((await allPages(history, { limit: 100 })).rows).toEqual(await oracle());
    expect(await tableRows()).toEqual(was);
  });

  it.runIf(backend === 'postgres')(
    'is one History for every instance: rows another instance appended are there, and two folding at once agree',
    async () => {
      const other = await test.open();
      const otherAudit = auditOn(other);
      const otherHistory = historyOn(other, otherAudit);
      await appendPayments(otherAudit, PAYMENTS, 7, 7);
      expect((await history.page({ limit: 7 })).entries.map((r) => r.sessionId).sort()).toEqual(
        Array.from({ length: 7 }, (_, i) => paymentRecords(PAYMENTS + i)[0]!.sessionId).sort(),
      );
      // Both instances start over at once: the lock lets one fold each batch, the other finds it done.
      await db.query('update payment_history_state set version = 0');
      const [a, b] = await Promise.all([
        allPages(history, { limit: 500 }),
        allPages(otherHistory, { limit: 500 }),
      ]);
      expect(a.rows).toEqual(await oracle());
      expect(b.rows).toEqual(a.rows);
      await otherHistory.close();
      otherAudit.close();
    },
  );

  it('says plainly that History cannot be read while the database is away', async () => {
    const away = await freshDatabase(backend);
    const gone = await away.open();
    await migrate(gone);
    const log = auditOn(gone);
    const lost = historyOn(gone, log);
    await away.drop();
    await expect(lost.page({ limit: 10 })).rejects.toMatchObject({
      code: 'history_unavailable',
      message: expect.stringContaining(
        'Payments are safe in the audit log; press Refresh once the database is back.',
      ),
    });
    log.close();
  });
});
