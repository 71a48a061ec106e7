import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeyFile } from '../../../src-main/core/audit';
import { entryHash } from '../../../src-main/core/audit/entry';
import { migrate, type Database } from '../../../src-main/server/db';
import { PgAuditLog } from '../../../src-main/server/state/pg-audit-log';
import { tempDir } from '../../helpers/temp-dir';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

const root = resolve(import.meta.dirname, '../../..');
const record = (n: number) => ({
  agent: 'ana',
  action: 'payment.start' as const,
  sessionId: `s-${n}`,
  callSid: `CA${String(n).padStart(32, '0')}`,
  details: { amount: '12.50', currency: 'USD', reason: 'card 4111111111111111 keyed' },
});

describe.each(BACKENDS)('the audit log in %s', { timeout: 120_000 }, (backend) => {
  let test: TestDatabase;
  let db: Database;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let keyPath: string;
  const log = (on: Database) => new PgAuditLog(on, { key: auditKeyFile(keyPath) });

  beforeAll(async () => {
    test = await freshDatabase(backend);
    db = await test.open();
    await migrate(db);
    dir = await tempDir('pg-audit-');
    keyPath = join(dir.path, 'audit.key');
    await writeFile(keyPath, randomBytes(32), { mode: 0o600 });
  }, 120_000);
  afterAll(async () => {
    await test?.drop();
    await dir?.cleanup();
  });

  it('chains and seals entries from two instances appending at once into one unbroken, PAN-free chain', async () => {
    const a = log(db);
    const b = log(await test.open());
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append(record(i + 1))));
    expect(await a.verify()).toEqual({
      ok: true,
      entries: 20,
      file: 'audit_entries (database)',
      sealChecked: true,
    });
    const stored = JSON.stringify(await db.query('select entry from audit_entries'));
    expect(stored).not.toContain('4111111111111111');
    expect(stored).toMatch(/"mac": ?"[0-9a-f]{64}"/);
  });

  it('fails a row rewritten with its hash recomputed: the seal needs the key', async () => {
    const [row] = await db.query<{ entry: Record<string, unknown> }>(
      'select entry from audit_entries where seq = 5',
    );
    const { hash: _hash, mac, ...body } = row!.entry;
    const rewritten = { ...body, details: { amount: '99.00', currency: 'USD' } };
    const forged = { ...rewritten, hash: entryHash(rewritten as never), mac };
    // The next entry's link is rewritten too, as someone covering their tracks would.
    await db.query('update audit_entries set entry = $1, hash = $2 where seq = 5', [
      JSON.stringify(forged),
      forged.hash,
    ]);
    await db.query(
      `update audit_entries set entry = jsonb_set(entry, '{prev}', to_jsonb($1::text)) where seq = 6`,
      [forged.hash],
    );
    expect(await log(db).verify()).toMatchObject({
      ok: false,
      entries: 4,
      brokenAt: { line: 5, reason: expect.stringContaining("The entry's seal does not match the audit key") },
    });
  });

  it('points at the entry that was edited, and at a gap where one was removed', async () => {
    await db.query(
      `update audit_entries set entry = jsonb_set(entry, '{details,amount}', '"99.00"') where seq = 3`,
    );
    expect(await log(db).verify()).toMatchObject({
      ok: false,
      brokenAt: { line: 3, reason: 'The entry was changed after it was written.' },
    });
    await db.query('delete from audit_entries where seq = 3');
    expect(await log(db).verify()).toMatchObject({
      ok: false,
      brokenAt: { line: 3, reason: 'Expected entry 3 but found 4.' },
    });
  });

  it.runIf(backend === 'postgres')(
    'says so from the command line: npm run server -- verify-audit exits 1 for a rewritten log, 0 for a whole one',
    async () => {
      const verify = (url: string) =>
        promisify(execFile)(
          join(root, 'node_modules/.bin/tsx'),
          [
            '--tsconfig',
            'tsconfig.node.json',
            'src-main/server/cli.ts',
            'verify-audit',
            '--database-url',
            url,
            '--audit-key-file',
            keyPath,
            '--data-dir',
            dir.path,
          ],
          { cwd: root, encoding: 'utf8' },
        ).then(
          ({ stdout }) => ({ code: 0, out: stdout }),
          (error: { code: number; stdout: string; stderr: string }) => ({
            code: error.code,
            out: error.stdout + error.stderr,
          }),
        );
      const broken = await verify(test.url!);
      expect(broken).toEqual({
        code: 1,
        out: expect.stringContaining('The audit log audit_entries (database) is broken at line 3'),
      });
      const whole = await freshDatabase('postgres');
      try {
        const other = await whole.open();
        await migrate(other);
        await log(other).append(record(1));
        expect(await verify(whole.url!)).toEqual({
          code: 0,
          out: expect.stringContaining(
            'is intact: 1 entries, each linked to the one before, and every seal matches',
          ),
        });
      } finally {
        await whole.drop();
      }
    },
  );
});
