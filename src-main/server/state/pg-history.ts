import { z } from 'zod';
import { AppError, errorMessage } from '@shared/api';
import { HistoryEntry } from '@shared/api/history';
import { historyNeedle, historySearchText } from '@shared/payments/history-filter';
import type { AuditEntry } from '../../core/audit';
import {
  endsPayment,
  foldEntry,
  foldFromRow,
  rowFromFold,
  touchesHistory,
  type HistoryRow,
  type SessionFold,
} from '../../core/history/fold';
import type { HistoryBook, HistoryPage, HistoryPageRequest } from '../../core/history';
import type { Database, Queryable } from '../db';

// Any fixed number, beside the audit log's: one instance at a time folds the log into the table.
const HISTORY_LOCK = 4_115_017;
/** The folding's version: a change to fold.ts bumps it, and every instance refolds from the log. */
export const FOLD_VERSION = 1;
const BATCH = 5000;

/** A row as the table keeps it: the history entry with a saved card still sealed. */
const StoredRow = HistoryEntry.extend({ sealedCard: z.string().optional() });

export interface PgHistoryOptions {
  /** Resolves once every audit entry appended so far is in the table (the audit log's flush). */
  flush: () => Promise<void>;
}

type Kept = { fold?: SessionFold; row?: HistoryRow; pos?: number };

/**
 * Callpay Server's History: `payment_history`, one row per payment with its filters in columns,
 * folded from `audit_entries` (the record) with the desktop index's rules. Each request first folds
 * in what any instance appended since, so every instance answers from the same table.
 */
export class PgHistory implements HistoryBook {
  readonly #db: Database;
  readonly #flush: () => Promise<void>;
  #last: Promise<void> = Promise.resolve();
  #next: Promise<void> | undefined;

  constructor(db: Database, options: PgHistoryOptions) {
    this.#db = db;
    this.#flush = options.flush;
  }

  /** Folds in the background whatever the table lacks (the whole log, the first time). */
  start(): this {
    void this.#catchUp().catch(() => undefined);
    return this;
  }

  async warm(): Promise<void> {
    await this.#catchUp().catch(() => undefined);
  }

  async page(request: HistoryPageRequest): Promise<HistoryPage> {
    return this.#reading(async () => {
      const where = ['entry is not null'];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (request.before !== undefined) add('pos < ?', request.before);
      if (request.outcome !== undefined && request.outcome !== 'all') add('outcome = ?', request.outcome);
      if (request.agent !== undefined) add('agent = ?', request.agent);
      for (const [bound, sql] of [
        [request.from, 'ended_at >= ?::timestamptz'],
        [request.to, 'ended_at < ?::timestamptz'],
      ] as const) {
        if (bound === undefined) continue;
        // As the index's filter: a bound that is no instant matches nothing.
        if (Number.isNaN(Date.parse(bound))) return { entries: [] };
        add(sql, new Date(bound).toISOString());
      }
      const needle = historyNeedle(request.query);
      if (needle !== '') add('position(? in hay) > 0', needle);
      params.push(request.limit + 1);
      const rows = await this.#db.query<{ pos: string | number; entry: unknown }>(
        `select pos, entry from payment_history where ${where.join(' and ')} order by pos desc limit $${params.length}`,
        params,
      );
      const shown = rows.slice(0, request.limit);
      const entries = shown.map((r) => StoredRow.parse(r.entry));
      return rows.length > request.limit ? { entries, more: Number(shown.at(-1)!.pos) } : { entries };
    });
  }

  async row(sessionId: string): Promise<HistoryRow | undefined> {
    return this.#reading(async () => {
      const [found] = await this.#db.query<{ entry: unknown }>(
        'select entry from payment_history where session_id = $1 and entry is not null',
        [sessionId],
      );
      return found ? StoredRow.parse(found.entry) : undefined;
    });
  }

  async close(): Promise<void> {
    await this.#last.catch(() => undefined);
  }

  /** Runs a read once the table holds every entry appended so far; a database error is a sentence. */
  async #reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      await this.#flush().catch(() => undefined);
      await this.#catchUp();
      return await read();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        'history_unavailable',
        `Callpay Server could not read the team's payment history from its database just now ` +
          `(${errorMessage(error)}). Payments are safe in the audit log; press Refresh once the database is back.`,
      );
    }
  }

  /** One fold at a time here; callers that arrive while one waits to run share it. */
  #catchUp(): Promise<void> {
    if (this.#next) return this.#next;
    const next = this.#last
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.#fold();
      });
    this.#next = next;
    this.#last = next;
    return next;
  }

  async #fold(): Promise<void> {
    const [state] = await this.#db.query<{ seq: string | number; version: number; logged: string | number }>(
      'select seq, version, (select coalesce(max(seq), 0) from audit_entries) as logged from payment_history_state',
    );
    if (state && state.version === FOLD_VERSION && Number(state.seq) >= Number(state.logged)) return;
    while (await this.#db.transaction((q) => this.#foldBatch(q))) {
      // Each batch commits on its own: a long first fold holds the lock a batch at a time.
    }
  }

  /** Folds the next batch of entries into the table; true when there may be more. */
  async #foldBatch(q: Queryable): Promise<boolean> {
    await q.query('select pg_advisory_xact_lock($1)', [HISTORY_LOCK]);
    const [state] = await q.query<{ seq: string | number; version: number }>(
      'select seq, version from payment_history_state',
    );
    let seq = Number(state?.seq ?? 0);
    if (state?.version !== FOLD_VERSION) {
      await q.query('delete from payment_history');
      seq = 0;
    }
    const batch = await q.query<{ seq: string | number; entry: AuditEntry }>(
      'select seq, entry from audit_entries where seq > $1 order by seq limit $2',
      [seq, BATCH],
    );
    const entries = batch.map((r) => r.entry).filter(touchesHistory);
    const kept = await this.#kept(q, [...new Set(entries.map((e) => e.sessionId))]);
    for (const entry of entries) {
      const was = kept.get(entry.sessionId) ?? {};
      const fold = foldEntry(was.fold ?? (was.row ? foldFromRow(was.row) : undefined), entry);
      const row = rowFromFold(entry.sessionId, fold);
      // The entry that ends it places it (a late Result moves it); a receipt leaves it where it is.
      const pos = row && (endsPayment(entry) || was.pos === undefined) ? entry.seq : was.pos;
      kept.set(entry.sessionId, row ? { row, pos } : { fold });
    }
    await this.#store(q, kept);
    const reached = batch.length > 0 ? Number(batch.at(-1)!.seq) : seq;
    await q.query('update payment_history_state set seq = $1, version = $2', [reached, FOLD_VERSION]);
    return batch.length === BATCH;
  }

  async #kept(q: Queryable, sessionIds: string[]): Promise<Map<string, Kept>> {
    const kept = new Map<string, Kept>();
    if (sessionIds.length === 0) return kept;
    const rows = await q.query<{
      session_id: string;
      fold: SessionFold | null;
      entry: unknown;
      pos: string | null;
    }>(
      `select session_id, fold, entry, pos from payment_history
        where session_id in (select jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(sessionIds)],
    );
    for (const r of rows) {
      kept.set(
        r.session_id,
        r.entry ? { row: StoredRow.parse(r.entry), pos: Number(r.pos) } : { fold: r.fold ?? undefined },
      );
    }
    return kept;
  }

  async #store(q: Queryable, kept: Map<string, Kept>) {
    if (kept.size === 0) return;
    const records = [...kept].map(([sessionId, { fold, row, pos }]) =>
      row
        ? {
            session_id: sessionId,
            entry: row,
            pos,
            ended_at: row.at,
            outcome: row.outcome,
            agent: row.agent ?? '',
            hay: historySearchText(row),
          }
        : { session_id: sessionId, fold },
    );
    await q.query(
      `insert into payment_history (session_id, fold, entry, pos, ended_at, outcome, agent, hay)
       select session_id, fold, entry, pos, ended_at, outcome, agent, hay
         from jsonb_to_recordset($1::jsonb) as x(session_id text, fold jsonb, entry jsonb, pos bigint,
              ended_at timestamptz, outcome text, agent text, hay text)
       on conflict (session_id) do update set fold = excluded.fold, entry = excluded.entry, pos = excluded.pos,
         ended_at = excluded.ended_at, outcome = excluded.outcome, agent = excluded.agent, hay = excluded.hay`,
      [JSON.stringify(records)],
    );
  }
}
