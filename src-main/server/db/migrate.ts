import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database';
import { errorMessage } from '@shared/api';

/** The repository's migration files, run in name order. */
export const MIGRATIONS_DIR = join(import.meta.dirname, '../migrations');

// Any fixed number: every instance on one database takes the same lock.
const MIGRATION_LOCK = 4_115_015;

/**
 * Brings the schema up to date under an advisory lock, so two instances starting at once run
 * each migration exactly once; returns the names applied now.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return db.session(async (q) => {
    await q.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await q.exec(
        'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
      );
      const done = new Set(
        (await q.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name),
      );
      const applied: string[] = [];
      for (const file of files.filter((f) => !done.has(f))) {
        const sql = await readFile(join(dir, file), 'utf8');
        await q.exec('begin');
        try {
          await q.exec(sql);
          await q.query('insert into schema_migrations (name) values ($1)', [file]);
          await q.exec('commit');
        } catch (error) {
          await q.exec('rollback');
          throw new Error(`Migration ${file} failed: ${errorMessage(error)}`, {
            cause: error,
          });
        }
        applied.push(file);
      }
      return applied;
    } finally {
      await q.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
