import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export { type Database, type Queryable, sqlState, UNIQUE_VIOLATION } from './database';
export { migrate, MIGRATIONS_DIR } from './migrate';
export { openPglite } from './pglite';
export { openPostgres } from './postgres';

/** Opens the team's database (a PostgreSQL server when `url` is given, else PGlite in the data dir) and migrates it. */
export async function openDatabase(options: { url?: string; dataDir: string }): Promise<Database> {
  let db: Database;
  if (options.url) {
    db = await openPostgres(options.url);
  } else {
    const dir = join(options.dataDir, 'db');
    await mkdir(dir, { recursive: true });
    db = await openPglite(dir);
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
