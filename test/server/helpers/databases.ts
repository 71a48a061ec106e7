import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../../src-main/server/db';

/**
 * The machine's PostgreSQL (trust auth), through its Unix socket: `npm test` runs in a loopback-only
 * network namespace of its own, where the server's 127.0.0.1:5432 is out of reach but its socket
 * file is not. CALLPAY_TEST_PG_URL points elsewhere.
 */
export const ADMIN_URL =
  process.env.CALLPAY_TEST_PG_URL ?? 'postgres://postgres@%2Fvar%2Frun%2Fpostgresql/test';

export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface TestDatabase {
  /** Opens a(nother) connection to this test's database. */
  open(): Promise<Database>;
  /** The postgres:// URL, for the postgres backend. */
  url?: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file: a fresh PostgreSQL database (dropped after) or an in-memory PGlite. */
export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    let shared: Database | undefined;
    // PGlite is one process's database: "another connection" is the same instance.
    return {
      open: async () => (shared ??= await openPglite()),
      drop: async () => shared?.close(),
    };
  }
  const name = `callpay_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const opened: Database[] = [];
  return {
    url: url.href,
    open: async () => {
      const db = await openPostgres(url.href);
      opened.push(db);
      return db;
    },
    drop: async () => {
      await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
