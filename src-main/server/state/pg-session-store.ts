import { AppError } from '@shared/api';
import { PaymentSession, TERMINAL_PHASES } from '@shared/payments';
import { StaleSession, type SessionStore } from '../../core/payments/session-store';
import { sqlState, UNIQUE_VIOLATION, type Database } from '../db';
import { numberedEventSql, TEAM_EVENT_CHANNEL } from '../link/team-events';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A session's save and its team event, in one statement (so one round trip and its own commit):
 * the row is replaced over the version it was made from (compare-and-set; no row when another
 * instance saved it since), and only then numbered for the team link with the state it reports.
 */
const SAVE_SQL = numberedEventSql(
  `guard as (
    insert into payment_sessions (id, call_sid, phase, data, updated_at, version)
      values ($1, $2, $3, $4, $5, $6)
    on conflict (id) do update set call_sid = excluded.call_sid, phase = excluded.phase,
      data = excluded.data, updated_at = excluded.updated_at, version = excluded.version
      where $7::integer is null or payment_sessions.version = $7::integer
    returning id
  )`,
  { name: '$8', ref: '$1', payload: '$4', at: '$5', origin: '$9', channel: '$10' },
);

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
    let saved: unknown[];
    try {
      // Other instances hear of it at commit, from the team's event log, and read the state there.
      saved = await this.#db.query(SAVE_SQL, [
        session.id,
        session.callSid,
        session.phase,
        JSON.stringify(session),
        this.#now(),
        session.version,
        base ?? null,
        'payments.session',
        this.#instanceId,
        TEAM_EVENT_CHANNEL,
      ]);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) {
        throw new AppError(
          'session_open',
          'A payment is already open on this call. Finish or cancel it first.',
        );
      }
      throw error;
    }
    if (saved.length === 0) throw new StaleSession(session.id);
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
