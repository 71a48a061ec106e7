import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';

const wrap = (db: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
  query: async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows,
  exec: async (sql: string) => {
    await db.exec(sql);
  },
});

/** The embedded default: a real Postgres compiled to WASM, kept in `dataDir` (in memory when omitted). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir);
  const q = wrap(db);
  let sessions: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    ...q,
    // One connection for everything: advisory locks do not exclude each other, so sessions take turns.
    session: <T>(fn: (q: Queryable) => Promise<T>) => {
      const run = sessions.catch(() => undefined).then(() => fn(q));
      sessions = run;
      return run;
    },
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    listen: async (channel, onNotify) => {
      const stop = await db.listen(channel, onNotify);
      return async () => stop();
    },
    close: () => db.close(),
  };
}
