import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../src-main/server/db';
import { PgAuditLog } from '../../src-main/server/state/pg-audit-log';
import { BACKENDS, freshDatabase, type TestDatabase } from './helpers/databases';

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

  beforeAll(async () => {
    test = await freshDatabase(backend);
    db = await test.open();
    await migrate(db);
  }, 120_000);
  afterAll(() => test?.drop());

  it('chains entries from two instances appending at once into one unbroken, PAN-free chain', async () => {
    const a = new PgAuditLog(db);
    const b = new PgAuditLog(await test.open());
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => (n % 2 ? a : b).append(record(n))));
    expect(await a.verify()).toEqual({ ok: true, entries: 6, file: 'audit_entries (database)' });
    const stored = JSON.stringify(await db.query('select entry from audit_entries'));
    expect(stored).not.toContain('4111111111111111');
  });

  it('points at the entry that was edited, and at a gap where one was removed', async () => {
    const log = new PgAuditLog(db);
    await db.query(
      `update audit_entries set entry = jsonb_set(entry, '{details,amount}', '"99.00"') where seq = 3`,
    );
    expect(await log.verify()).toMatchObject({
      ok: false,
      brokenAt: { line: 3, reason: 'This entry was changed after it was written.' },
    });
    await db.query('delete from audit_entries where seq = 3');
    expect(await log.verify()).toMatchObject({
      ok: false,
      brokenAt: { line: 3, reason: 'An entry is missing or out of order.' },
    });
  });
});
