import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNews } from '../../../src-main/core/calls';
import { migrate, type Database } from '../../../src-main/server/db';
import { CALLS_CHANNEL, PgCallBook } from '../../../src-main/server/state/pg-call-book';
import { waitFor } from '../../helpers/wait-for';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

const SLOW = { timeout: 120_000 };
let n = 0;
const sid = () => `CA${(++n).toString(16).padStart(32, '0')}`;
/** A callback's form fields, as Twilio posts them, read as the core reads them. */
const news = (fields: Record<string, string>) => callNews(fields)!;

describe.each(BACKENDS)('the call book on %s', (backend) => {
  let test: TestDatabase;
  let db: Database;
  let book: PgCallBook;
  const notes: string[] = [];
  let stopListening: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    test = await freshDatabase(backend);
    db = await test.open();
    await migrate(db);
    book = new PgCallBook(db, 'instance-a');
    stopListening = await db.listen(CALLS_CHANNEL, (payload) => notes.push(payload));
  }, 120_000);
  afterAll(async () => {
    await stopListening();
    await test?.drop();
  });

  it(
    'lists a call once answered, with its parent answered on the bridge, and drops both at their end',
    SLOW,
    async () => {
      const parent = sid();
      const child = sid();
      const customer = { From: '+14155550123', To: '+14155550199', Direction: 'inbound' };
      expect(await book.apply(news({ CallSid: parent, CallStatus: 'ringing', ...customer }))).toBe(true);
      expect((await book.inProgress()).map((c) => c.sid)).not.toContain(parent);
      const leg = { CallSid: child, ParentCallSid: parent, From: '+14155550123', To: 'client:ana' };
      await book.apply(news({ ...leg, CallStatus: 'ringing', SequenceNumber: '1' }));
      await book.apply(news({ ...leg, CallStatus: 'in-progress', SequenceNumber: '2' }));
      expect((await book.inProgress()).find((c) => c.sid === child)).toMatchObject({
        parentCallSid: parent,
        to: 'client:ana',
      });
      const [listedParent] = (await book.inProgress()).filter((c) => c.sid === parent);
      expect(listedParent).toEqual({
        sid: parent,
        status: 'in-progress',
        from: '+14155550123',
        to: '+14155550199',
        direction: 'inbound',
      });
      // The notification names the calls only; the table is read for the rest.
      await waitFor(
        () => notes.some((p) => p.includes(child) && p.includes(parent)),
        5_000,
        'a notification',
      );
      expect(JSON.parse(notes.find((p) => p.includes(child) && p.includes(parent))!)).toEqual({
        ids: [child, parent],
        from: 'instance-a',
      });
      await book.apply(news({ ...leg, CallStatus: 'completed', SequenceNumber: '3' }));
      await book.apply(news({ CallSid: parent, CallStatus: 'completed', SequenceNumber: '0' }));
      expect((await book.inProgress()).filter((c) => c.sid === parent || c.sid === child)).toEqual([]);
    },
  );

  it(
    'does not apply news older than the book has: lower status, earlier Timestamp or SequenceNumber',
    SLOW,
    async () => {
      const call = sid();
      const at = (s: number) => `Wed, 02 Dec 2026 05:00:0${s} GMT`;
      expect(
        await book.apply(
          news({ CallSid: call, CallStatus: 'completed', Timestamp: at(5), SequenceNumber: '3' }),
        ),
      ).toBe(true);
      expect(
        await book.apply(
          news({ CallSid: call, CallStatus: 'in-progress', Timestamp: at(2), SequenceNumber: '2' }),
        ),
      ).toBe(false);
      expect(await book.apply(news({ CallSid: call, CallStatus: 'canceled' }))).toBe(false);

      const ringing = sid();
      await book.apply(
        news({ CallSid: ringing, CallStatus: 'ringing', Timestamp: at(5), SequenceNumber: '1' }),
      );
      // A later status with an earlier Timestamp, or a repeated SequenceNumber, is a stale copy.
      expect(await book.apply(news({ CallSid: ringing, CallStatus: 'in-progress', Timestamp: at(3) }))).toBe(
        false,
      );
      expect(
        await book.apply(news({ CallSid: ringing, CallStatus: 'in-progress', SequenceNumber: '1' })),
      ).toBe(false);
      expect(
        await book.apply(
          news({ CallSid: ringing, CallStatus: 'in-progress', Timestamp: at(6), SequenceNumber: '2' }),
        ),
      ).toBe(true);
      expect((await book.inProgress()).map((c) => c.sid)).toContain(ringing);
    },
  );
});
