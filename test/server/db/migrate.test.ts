import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../../../src-main/server/db';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

// Every file in the repository's migrations folder, in name order; additive, starting from 001.
const ALL = readdirSync(MIGRATIONS_DIR)
  .filter((f) => f.endsWith('.sql'))
  .sort();

describe.each(BACKENDS)('migrations on %s', { timeout: 120_000 }, (backend) => {
  let test: TestDatabase;
  afterEach(() => test?.drop());

  it('creates the schema once and does nothing the second time', async () => {
    test = await freshDatabase(backend);
    const db = await test.open();
    expect(ALL[0]).toBe('001-team.sql');
    expect(await migrate(db)).toEqual(ALL);
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'users',
        'invites',
        'devices',
        'payment_sessions',
        'audit_entries',
        'link_commands',
      ]),
    );
  });

  it('runs each migration exactly once when two instances start at the same moment', async () => {
    test = await freshDatabase(backend);
    const [a, b] = [await test.open(), await test.open()];
    const results = await Promise.all([migrate(a), migrate(b)]);
    expect(results.flat().sort()).toEqual(ALL);
    const rows = await a.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(rows[0]!.n).toBe(ALL.length);
  });
});
