import pg from 'pg';
import type { Database, Queryable } from './database';

const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
  query: async <R>(sql: string, params?: unknown[]) =>
    (await client.query(sql, params as unknown[] | undefined)).rows as R[],
  exec: async (sql: string) => {
    await client.query(sql);
  },
});

/** A PostgreSQL server, for a team on several instances; `url` is a postgres:// connection string. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const session = async <T>(fn: (q: Queryable) => Promise<T>) => {
    const client = await pool.connect();
    try {
      return await fn(wrap(client));
    } finally {
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
          await q.exec('rollback');
          throw error;
        }
      }),
    listen: async (channel, onNotify) => {
      const client = await pool.connect();
      const handler = (message: pg.Notification) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return async () => {
        client.off('notification', handler);
        await client.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        client.release();
      };
    },
    close: () => pool.end(),
  };
}
