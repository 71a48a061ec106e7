import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../../src-main/server/db';
import { appendTeamEvent, TeamEventLog, type SequencedEvent } from '../../../src-main/server/link';
import { waitFor } from '../../helpers/wait-for';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

// The team link's numbers, as two instances on one database follow them.
describe.each(BACKENDS)('the team’s numbered events (%s)', { timeout: 60_000 }, (backend) => {
  let database: TestDatabase;
  let a: Database;
  let b: Database;
  const logs: TeamEventLog[] = [];

  beforeAll(async () => {
    database = await freshDatabase(backend);
    a = await database.open();
    b = await database.open();
    await migrate(a);
  }, 120_000);
  afterAll(async () => {
    for (const log of logs) await log.close();
    await database?.drop();
  });

  const open = async (db: Database, options: { maxEvents?: number } = {}) => {
    const log = await TeamEventLog.open(db, 'team-1', { pollMs: 100_000, ...options });
    logs.push(log);
    return log;
  };
  let dialled = 0;
  const dial = (db: Database) =>
    db.transaction((q) =>
      appendTeamEvent(q, { name: 'phone.dial', ref: String(++dialled), payload: { n: dialled } }, new Date()),
    );

  it('replays what came after the client’s number, then carries live events with no gap or repeat', async () => {
    const log = await open(a);
    const base = log.seq;
    for (let i = 1; i <= 5; i++) await dial(a);
    const live: number[] = [];
    const resume = await log.follow((e) => live.push(e.seq), { epoch: 'team-1', seq: base + 3 });
    expect(resume.resumed).toBe(true);
    expect(resume.events.map((e) => e.seq - base)).toEqual([4, 5]);
    resume.live();
    await dial(a);
    await waitFor(() => live.length === 1, 10_000, 'the live event');
    expect(live.map((seq) => seq - base)).toEqual([6]);
    resume.stop();
    await dial(a);
    await waitFor(() => log.seq === base + 7, 10_000, 'the log at 7');
    expect(live.map((seq) => seq - base)).toEqual([6]);
  });

  it('tells a client further back than the log holds, or from another team, to read state afresh', async () => {
    const log = await open(a, { maxEvents: 3 });
    const base = log.seq;
    for (let i = 1; i <= 6; i++) await dial(a);
    await log.prune();
    const after = (seq: number, epoch = 'team-1') => log.follow(() => {}, { epoch, seq: base + seq });
    // Holds 4, 5, 6: a client at 3 resumes, one at 2 missed event 3.
    expect((await after(3)).events.map((e) => e.seq - base)).toEqual([4, 5, 6]);
    expect(await after(2)).toMatchObject({ resumed: false, events: [] });
    expect(await after(5, 'another-team')).toMatchObject({ resumed: false });
    expect(await after(99)).toMatchObject({ resumed: false });
    expect(await log.follow(() => {})).toMatchObject({ resumed: false });
    // Up to date: nothing to replay, and that is a resume.
    expect(await after(6)).toMatchObject({ resumed: true, events: [] });
  });

  it('numbers events for the team: written through either instance, followed in one order by both', async () => {
    const [onA, onB] = [await open(a), await open(b)];
    const base = Math.max(onA.seq, onB.seq);
    const seen: Record<'a' | 'b', SequencedEvent[]> = { a: [], b: [] };
    for (const [key, log] of [
      ['a', onA],
      ['b', onB],
    ] as const)
      (await log.follow((e) => seen[key].push(e), { epoch: 'team-1', seq: base })).live();
    await Promise.all(Array.from({ length: 20 }, (_, i) => dial(i % 2 ? a : b)));
    await waitFor(() => seen.a.length === 20 && seen.b.length === 20, 15_000, 'twenty events on both');
    const numbers = seen.a.map((e) => e.seq - base);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(seen.b).toEqual(seen.a);
    // A client of A at any number resumes on B with the same events after it.
    const onward = await onB.follow(() => {}, { epoch: 'team-1', seq: seen.a[9]!.seq });
    expect(onward.events).toEqual(seen.a.slice(10));
  });

  it('keeps numbers gapless and in commit order with many writers at once, and says which instance wrote each', async () => {
    const onA = await open(a);
    const base = onA.seq;
    const rows: Array<{ seq: number; origin: string }> = [];
    const stop = onA.watch((row) => rows.push({ seq: row.seq, origin: row.origin }));
    const write = (db: Database, origin: string) =>
      appendTeamEvent(db, { name: 'phone.dial', ref: origin, payload: {}, origin }, new Date());
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? write(a, 'a') : write(b, 'b'))));
    await waitFor(() => rows.length === 200, 15_000, 'two hundred rows');
    stop();
    expect(rows.map((r) => r.seq - base)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.origin === 'a')).toHaveLength(100);
    expect(rows.filter((r) => r.origin === 'b')).toHaveLength(100);
  });
});
