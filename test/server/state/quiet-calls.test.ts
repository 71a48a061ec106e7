import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSummary } from '@shared/api';
import { callWiring } from '../../../src-main/core/calls';
import { createLog } from '../../../src-main/core/log';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { migrate, type Database } from '../../../src-main/server/db';
import { PgCallBook } from '../../../src-main/server/state/pg-call-book';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox';
import { freshDatabase, type TestDatabase } from '../helpers/databases';

// A call whose end callback never arrived: the team's call book looks it up at Twilio once it has
// been quiet, instead of showing it in progress until Twilio's 24-hour limit.
describe('calls with no news, looked up at Twilio', () => {
  let database: TestDatabase;
  let db: Database;
  let sandbox: Sandbox;
  const requests: string[] = [];
  let clock = new Date('2026-12-02T10:00:00.000Z');
  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    db = await database.open();
    await migrate(db);
    sandbox = await startSandbox({
      log: (event, fields) => {
        if (event === 'sandbox.request') requests.push(`${String(fields?.method)} ${String(fields?.route)}`);
      },
    });
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    await database?.drop();
  });

  it('ends in the book a call Twilio says ended or does not know, keeps one still going, and tells the consoles', async () => {
    const c = sandbox.credentials;
    const rest = twilio(c.apiKeySid, c.apiKeySecret, {
      accountSid: c.accountSid,
      httpClient: sandboxHttpClient(sandbox.url),
    });
    const book = new PgCallBook(db, 'instance-a', () => clock);
    const shown: CallSummary[][] = [];
    const wiring = callWiring({
      emit: (name, payload) => {
        if (name === 'calls.changed') shown.push((payload as { calls?: CallSummary[] }).calls ?? []);
      },
      mode: () => 'live',
      listCalls: () => undefined,
      callBook: book,
      client: () => rest,
      quietCalls: { quietMs: 10 * 60_000, everyMs: 3_600_000 },
      now: () => clock,
      log: createLog({ level: 'silent' }),
    });
    try {
      const ended = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' });
      const going = sandbox.control.createCall({ from: '+14155550124', to: '+14155550100' });
      const unknown = `CA${randomBytes(16).toString('hex')}`;
      for (const sid of [ended.sid, going.sid, unknown])
        await book.apply({ sid, status: 'in-progress', from: '+14155550123', to: '+14155550100' });
      // The customer hangs up; the end callback is lost.
      sandbox.control.hangup(ended.sid);

      // Not quiet long enough yet: nothing is looked up.
      later(5);
      await wiring.checkQuiet();
      expect(requests.filter((r) => r.startsWith('GET') && r.includes('/Calls/'))).toEqual([]);

      later(6);
      await wiring.checkQuiet();
      const inProgress = (await book.inProgress()).map((call) => call.sid);
      expect(inProgress).toEqual([going.sid]);
      expect(shown.at(-1)?.map((call) => call.sid)).toEqual([going.sid]);
      const looks = requests.filter((r) => r.startsWith('GET') && r.includes('/Calls/'));
      expect(looks).toHaveLength(3);

      // Just looked at: the call still going is not looked up again until it has been quiet again.
      await wiring.checkQuiet();
      expect(requests.filter((r) => r.startsWith('GET') && r.includes('/Calls/'))).toHaveLength(3);
      later(11);
      await wiring.checkQuiet();
      expect(requests.filter((r) => r.startsWith('GET') && r.includes('/Calls/'))).toHaveLength(4);
      expect((await book.inProgress()).map((call) => call.sid)).toEqual([going.sid]);
    } finally {
      wiring.stop();
    }
  });
});
