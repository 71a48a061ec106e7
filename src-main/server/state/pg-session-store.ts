import { AppError } from '@shared/api';
import { PaymentSession, TERMINAL_PHASES } from '@shared/payments';
import { StaleSession, type SessionStore } from '../../core/payments/session-store';
import { sqlState, UNIQUE_VIOLATION, type Database } from '../db';
import { appendTeamEvent } from '../link/team-events';

const DAY_MS = 24 * 60 * 60 * 1000;

/** NOTIFY channel: `{"id": sessionId, "from": instanceId}` after each save. The table stays the truth. */
export const SESSION_CHANNEL = 'callpay_session_saved';

/** Payment sessions in the `payment_sessions` table; the database keeps "one open session per call". */
export class PgSessionStore implements SessionStore {
  readonly #db: Database;
  readonly #now: () => Date;

  readonly #instanceId: string;

  constructor(db: Database, now: () => Date = () => new Date(), instanceId = '') {
    this.#db = db;
    this.#now = now;
    this.#instanceId = instanceId;
  }

  async load(): Promise<PaymentSession[]> {
    const since = new Date(this.#now().getTime() - DAY_MS);
    const rows = await this.#db.query<{ data: unknown }>(
      `select data from payment_sessions where not (phase = any($1::text[])) or updated_at > $2
       order by data->>'startedAt', id`,
      [TERMINAL_PHASES, since],
    );
    return rows.map((row) => PaymentSession.parse(row.data));
  }

  async save(session: PaymentSession, base?: number): Promise<void> {
    try {
      // Other instances hear of it at commit, and read the row itself.
      await this.#db.transaction(async (q) => {
        // Compare-and-set: with a base, the row is replaced only while it still holds that version.
        const saved = await q.query(
          `insert into payment_sessions (id, call_sid, phase, data, updated_at, version)
             values ($1, $2, $3, $4, $5, $6)
           on conflict (id) do update set call_sid = excluded.call_sid, phase = excluded.phase,
             data = excluded.data, updated_at = excluded.updated_at, version = excluded.version
             where $7::integer is null or payment_sessions.version = $7::integer
           returning id`,
          [
            session.id,
            session.callSid,
            session.phase,
            JSON.stringify(session),
            this.#now(),
            session.version,
            base ?? null,
          ],
        );
        if (saved.length === 0) throw new StaleSession(session.id);
        // Numbered for the team link with the row it reports, so a device resumes on any instance.
        await appendTeamEvent(
          q,
          { name: 'payments.session', ref: session.id, payload: session },
          this.#now(),
        );
        await q.query('select pg_notify($1, $2)', [
          SESSION_CHANNEL,
          JSON.stringify({ id: session.id, from: this.#instanceId }),
        ]);
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) {
        throw new AppError(
          'session_open',
          'A payment is already open on this call. Finish or cancel it first.',
        );
      }
      throw error;
    }
  }

  /** The agent a session belongs to, whichever instance started it; undefined when there is none. */
  async agentOf(sessionId: string): Promise<string | undefined> {
    const [row] = await this.#db.query<{ agent: string }>(
      "select data->>'agent' as agent from payment_sessions where id = $1",
      [sessionId],
    );
    return row?.agent;
  }

  /** One session as the table has it now. */
  async get(sessionId: string): Promise<PaymentSession | undefined> {
    const [row] = await this.#db.query<{ data: unknown }>('select data from payment_sessions where id = $1', [
      sessionId,
    ]);
    return row ? PaymentSession.parse(row.data) : undefined;
  }

  async findByPaymentSid(paymentSid: string): Promise<PaymentSession | undefined> {
    const [row] = await this.#db.query<{ data: unknown }>(
      "select data from payment_sessions where data->>'paymentSid' = $1 limit 1",
      [paymentSid],
    );
    return row ? PaymentSession.parse(row.data) : undefined;
  }
}
