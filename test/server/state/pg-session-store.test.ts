import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, StartPaymentArgs, TERMINAL_PHASES, type PaymentSession } from '@shared/payments';
import { migrate, type Database } from '../../../src-main/server/db';
import { StaleSession } from '../../../src-main/core/payments/session-store';
import { PgSessionStore } from '../../../src-main/server/state/pg-session-store';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

const SLOW = { timeout: 120_000 };
let n = 0;
const session = (callSid: string, patch: Partial<PaymentSession> = {}): PaymentSession => ({
  ...createSession({
    id: `session-${++n}`,
    agent: 'ana',
    args: StartPaymentArgs.parse({ callSid, amount: '12.50' }),
    at: new Date(Date.UTC(2026, 0, 1, 10, 0, n)).toISOString(),
  }),
  ...patch,
});
const call = () => `CA${(++n).toString(16).padStart(32, '0')}`;

describe.each(BACKENDS)('PostgreSQL session store on %s', (backend) => {
  let test: TestDatabase;
  let db: Database;
  let now = new Date('2026-01-02T10:00:00Z');
  let store: PgSessionStore;

  beforeAll(async () => {
    test = await freshDatabase(backend);
    db = await test.open();
    await migrate(db);
    store = new PgSessionStore(db, () => now);
  }, 120_000);
  afterAll(() => test?.drop());

  it('keeps a session and gives back its latest state', SLOW, async () => {
    const first = session(call());
    await store.save(first);
    await store.save({ ...first, phase: 'open', paymentSid: 'PK' + '1'.repeat(32) });
    const loaded = (await store.load()).find((s) => s.id === first.id);
    expect(loaded).toEqual({ ...first, phase: 'open', paymentSid: 'PK' + '1'.repeat(32) });
  });

  it(
    'refuses a second open session on the same call with session_open, even from another store',
    SLOW,
    async () => {
      const sid = call();
      await store.save(session(sid));
      const other = new PgSessionStore(await test.open(), () => now);
      await expect(other.save(session(sid))).rejects.toMatchObject({
        code: 'session_open',
        message: expect.stringMatching(/already open on this call/),
      });
      expect((await store.load()).filter((s) => s.callSid === sid)).toHaveLength(1);
    },
  );

  it.each(TERMINAL_PHASES)('allows a new session on a call whose last one is %s', async (phase) => {
    const sid = call();
    const first = session(sid);
    await store.save(first);
    await store.save({ ...first, phase });
    await expect(store.save(session(sid))).resolves.toBeUndefined();
  });

  it(
    'saves a state only over the version it was made from, and refuses one made from an older copy',
    SLOW,
    async () => {
      const first = session(call());
      await store.save(first);
      const other = new PgSessionStore(await test.open(), () => now);
      // Two instances both made a change from version 0; the first to save wins, the second is told.
      await other.save({ ...first, phase: 'open', version: 1 }, 0);
      await expect(store.save({ ...first, message: 'stale', version: 1 }, 0)).rejects.toBeInstanceOf(
        StaleSession,
      );
      expect(await store.get(first.id)).toMatchObject({ phase: 'open', version: 1 });
      // Made from the copy it read again, it lands.
      await store.save({ ...first, phase: 'open', message: 'again', version: 2 }, 1);
      expect(await other.get(first.id)).toMatchObject({ message: 'again', version: 2 });
    },
  );

  it('reads a session saved before versions existed as version 0', SLOW, async () => {
    const old = session(call());
    const { version, ...before } = old;
    expect(version).toBe(0);
    await db.query(
      'insert into payment_sessions (id, call_sid, phase, data, updated_at) values ($1, $2, $3, $4, $5)',
      [old.id, old.callSid, old.phase, JSON.stringify(before), now],
    );
    expect((await store.load()).find((s) => s.id === old.id)).toEqual(old);
    await store.save({ ...old, phase: 'open', version: 1 }, 0);
    expect(await store.get(old.id)).toMatchObject({ phase: 'open', version: 1 });
  });

  it('loads open sessions and terminal ones from the last day, oldest first', SLOW, async () => {
    const at = (iso: string) => new PgSessionStore(db, () => new Date(iso));
    const oldOpen = session(call(), { startedAt: '2026-02-01T00:00:00.000Z' });
    const oldDone = session(call(), { phase: 'succeeded', startedAt: '2026-02-01T00:00:01.000Z' });
    await at('2026-02-01T00:00:00Z').save(oldOpen);
    await at('2026-02-01T00:00:01Z').save(oldDone);
    const recentDone = session(call(), { phase: 'cancelled', startedAt: '2026-03-01T08:59:00.000Z' });
    await at('2026-03-01T09:00:00Z').save(recentDone);
    now = new Date('2026-03-02T08:00:00Z');
    const ids = (await store.load()).map((s) => s.id);
    expect(ids).toContain(oldOpen.id);
    expect(ids).toContain(recentDone.id);
    expect(ids).not.toContain(oldDone.id);
    expect(ids.indexOf(oldOpen.id)).toBeLessThan(ids.indexOf(recentDone.id));
  });
});
