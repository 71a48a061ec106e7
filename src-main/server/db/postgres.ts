import pg from 'pg';
import { AppError } from '@shared/api';
import type { Database, Queryable } from './database';

/** What an agent is told while the database is away, instead of the driver's words. */
export const DATABASE_AWAY =
  'Callpay Server cannot reach its database just now, so nothing was saved. Try again in a moment.';

// The socket gone, refused or reset, or the server shutting down or out of connections (SQLSTATE 08, 57P, 53300).
const AWAY_CODES = /^(08|57P0|53300|ECONN|ENOENT|EPIPE|ETIMEDOUT|EHOSTUNREACH)/;
const AWAY_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** The driver's error as a sentence when the database is away; anything else (a constraint) is kept. */
function plain(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const away =
    (typeof code === 'string' && AWAY_CODES.test(code)) ||
    (error instanceof Error && AWAY_MESSAGES.test(error.message));
  return away ? new AppError('database_unavailable', DATABASE_AWAY) : error;
}

const rethrow = (error: unknown): never => {
  throw plain(error);
};

const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
  query: async <R>(sql: string, params?: unknown[]) =>
    (await client.query(sql, params as unknown[] | undefined).catch(rethrow)).rows as R[],
  exec: async (sql: string) => {
    await client.query(sql).catch(rethrow);
  },
});

/** A PostgreSQL server, for a team on several instances; `url` is a postgres:// connection string. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const connect = () => pool.connect().catch(rethrow);
  const session = async <T>(fn: (q: Queryable) => Promise<T>) => {
    const client = await connect();
    // A connection lost while checked out must not crash the process either: its query fails instead.
    // (Taken off again at release: the pool hands the same client out again and again.)
    const lost = () => undefined;
    client.on('error', lost);
    try {
      return await fn(wrap(client));
    } finally {
      client.off('error', lost);
      client.release();
    }
  };
  // Fails fast with the server's own sentence when the URL is wrong or the server is down.
  await pool.query('select 1');
  return {
    kind: 'postgres',
    ...wrap(pool),
    session,
    transaction: (fn) =>
      session(async (q) => {
        await q.exec('begin');
        try {
          const result = await fn(q);
          await q.exec('commit');
          return result;
        } catch (error) {
          await q.exec('rollback').catch(() => undefined);
          throw error;
        }
      }),
    listen: (channel, onNotify, onResumed) => listenAgain(pool, channel, onNotify, onResumed),
    close: () => pool.end(),
  };
}

/**
 * LISTEN on a connection of its own, taken up again (with backoff) whenever that connection is
 * lost, so an instance hears its team again once the database is back, with no restart.
 */
async function listenAgain(
  pool: pg.Pool,
  channel: string,
  onNotify: (payload: string) => void,
  onResumed: () => void = () => undefined,
) {
  /** The listening connection, and how to give it back (once: an error and a stop may both try). */
  let current: { client: pg.PoolClient; drop: (broken: boolean) => boolean } | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const handler = (message: pg.Notification) => {
    if (message.channel === channel) onNotify(message.payload ?? '');
  };
  const again = (delayMs: number) => {
    if (stopped) return;
    const resumed = () => void (stopped || onResumed());
    retry = setTimeout(() => subscribe().then(resumed, () => again(Math.min(delayMs * 2, 5_000))), delayMs);
    retry.unref();
  };
  const subscribe = async () => {
    const next = await pool.connect();
    let given = false;
    next.on('notification', handler);
    const drop = (broken: boolean) => {
      if (given) return false;
      given = true;
      next.off('notification', handler);
      next.release(broken);
      return true;
    };
    // Lost once listening: listen again. Lost while subscribing: the caller's retry does it.
    next.on('error', () => {
      const listening = current?.client === next;
      if (drop(true) && listening) {
        current = undefined;
        again(250);
      }
    });
    try {
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      drop(true);
      throw error;
    }
    // Stopped while this was subscribing: nothing listens any more.
    if (stopped) return void drop(true);
    current = { client: next, drop };
  };
  await subscribe().catch(rethrow);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const last = current;
    current = undefined;
    if (!last) return;
    await last.client.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
    last.drop(false);
  };
}
