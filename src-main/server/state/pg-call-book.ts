import type { CallSummary } from '@shared/api';
import { statusRank, type CallBook, type CallNews } from '../../core/calls';
import type { Database, Queryable } from '../db';

/** NOTIFY channel: `{"ids": [CallSid…], "from": instanceId}` after a call changed. The table stays the truth. */
export const CALLS_CHANNEL = 'callpay_calls_changed';

const DAY_MS = 24 * 60 * 60 * 1000;
const IN_PROGRESS = statusRank('in-progress');
const ENDED = statusRank('completed');

/**
 * The account's calls in `live_calls`, from Twilio's callbacks on whichever instance they land.
 * News only moves a call forward (see `statusRank`), and never from older news by Twilio's Timestamp
 * or, within one callback source, its SequenceNumber: a late or repeated callback cannot bring an
 * ended call back.
 */
export class PgCallBook implements CallBook {
  readonly #db: Database;
  readonly #instanceId: string;
  readonly #now: () => Date;

  constructor(db: Database, instanceId: string, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#instanceId = instanceId;
    this.#now = now;
  }

  async apply(news: CallNews): Promise<boolean> {
    const now = this.#now();
    const rank = statusRank(news.status);
    return this.#db.transaction(async (q) => {
      const changed = await q.query<{ call_sid: string }>(
        `insert into live_calls as c (call_sid, status, rank, from_number, to_number, direction,
           parent_call_sid, event_at, sequence_number, first_seen_at, updated_at)
         values ($1, $2, $3, coalesce($4, ''), coalesce($5, ''), $6, $7, $8, $9, $10, $10)
         on conflict (call_sid) do update set
           status = excluded.status, rank = excluded.rank,
           from_number = case when excluded.from_number <> '' then excluded.from_number else c.from_number end,
           to_number = case when excluded.to_number <> '' then excluded.to_number else c.to_number end,
           direction = coalesce(excluded.direction, c.direction),
           parent_call_sid = coalesce(excluded.parent_call_sid, c.parent_call_sid),
           event_at = coalesce(excluded.event_at, c.event_at),
           sequence_number = coalesce(excluded.sequence_number, c.sequence_number),
           updated_at = excluded.updated_at
         where excluded.rank > c.rank
           and (excluded.event_at is null or c.event_at is null or excluded.event_at >= c.event_at)
           and (excluded.sequence_number is null or c.sequence_number is null
                or excluded.sequence_number > c.sequence_number)
         returning call_sid`,
        [
          news.sid,
          news.status,
          rank,
          news.from ?? null,
          news.to ?? null,
          news.direction ?? null,
          news.parentCallSid ?? null,
          news.at ?? null,
          news.sequence ?? null,
          now,
        ],
      );
      // Callpay dials with answerOnBridge: the parent is answered when its child is.
      if (changed.length > 0 && rank === IN_PROGRESS && news.parentCallSid)
        changed.push(
          ...(await q.query<{ call_sid: string }>(
            `update live_calls set status = 'in-progress', rank = $2, updated_at = $3
             where call_sid = $1 and rank < $2 returning call_sid`,
            [news.parentCallSid, IN_PROGRESS, now],
          )),
        );
      if (changed.length === 0) return false;
      if (rank === ENDED) await forgetOld(q, now);
      // Other instances hear of it at commit, and read the table.
      await q.query('select pg_notify($1, $2)', [
        CALLS_CHANNEL,
        JSON.stringify({ ids: changed.map((r) => r.call_sid), from: this.#instanceId }),
      ]);
      return true;
    });
  }

  async claimQuiet(before: Date, now: Date): Promise<string[]> {
    const rows = await this.#db.query<{ call_sid: string }>(
      `update live_calls set updated_at = $2 where rank < $3 and updated_at < $1 returning call_sid`,
      [before, now, ENDED],
    );
    return rows.map((r) => r.call_sid);
  }

  async inProgress(): Promise<CallSummary[]> {
    // A call cannot outlast Twilio's 24-hour limit: a row older than that lost its end.
    const since = new Date(this.#now().getTime() - DAY_MS);
    const rows = await this.#db.query<{
      call_sid: string;
      status: string;
      from_number: string;
      to_number: string;
      direction: string | null;
      parent_call_sid: string | null;
    }>(
      `select call_sid, status, from_number, to_number, direction, parent_call_sid from live_calls
       where rank = $1 and first_seen_at > $2 order by first_seen_at, call_sid`,
      [IN_PROGRESS, since],
    );
    return rows.map((r) => ({
      sid: r.call_sid,
      from: r.from_number,
      to: r.to_number,
      status: r.status,
      ...(r.direction ? { direction: r.direction } : {}),
      ...(r.parent_call_sid ? { parentCallSid: r.parent_call_sid } : {}),
    }));
  }
}

/** Ended calls are kept a day (so their late callbacks still find them ended), then dropped. */
async function forgetOld(q: Queryable, now: Date): Promise<void> {
  await q.query('delete from live_calls where first_seen_at < $1 and (rank = $2 or updated_at < $1)', [
    new Date(now.getTime() - DAY_MS),
    ENDED,
  ]);
}

/**
 * Follows the calls other instances learnt of: each notification (ids only) makes this instance
 * read the table and tell its consoles. A lost notification loses nothing: the next one, or the
 * console's own `calls.list`, reads the table again.
 */
export function followCalls(
  db: Database,
  instanceId: string,
  changed: () => Promise<void>,
): Promise<() => Promise<void>> {
  return db.listen(
    CALLS_CHANNEL,
    (payload) => {
      let note: { from?: unknown };
      try {
        note = JSON.parse(payload) as typeof note;
      } catch {
        return;
      }
      if (note.from === instanceId) return;
      void changed().catch(() => undefined);
    },
    () => void changed().catch(() => undefined),
  );
}
