import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reduceSession, type PaymentSession } from '@shared/payments';
import { AuditLog } from '../../../src-main/core/audit';
import { silentLog } from '../../../src-main/core/log';
import { PaymentsService } from '../../../src-main/core/payments';
import type { SessionStore } from '../../../src-main/core/payments';
import { createRestClient, paymentsApi } from '../../../src-main/core/twilio';
import { startSandbox, testCards, type Sandbox } from '../../../src-main/sandbox';
import { migrate, type Database } from '../../../src-main/server/db';
import { PgSessionStore } from '../../../src-main/server/state/pg-session-store';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

const SLOW = { timeout: 120_000 };

/** Where the sandbox posts its payment callbacks: kept, for the test to hand to an instance when it chooses. */
async function startReceiver() {
  const received: Record<string, string>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(Object.fromEntries(new URLSearchParams(body)));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/twilio/payments/status`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A real store whose saves can be held at the door, to line two instances' saves up in a chosen order. */
function heldAtTheDoor(store: PgSessionStore) {
  let door: Promise<void> | undefined;
  let open = () => undefined as void;
  let knocked = () => undefined as void;
  let knock = Promise.resolve();
  const gated: SessionStore = {
    load: () => store.load(),
    get: (id) => store.get(id),
    findByPaymentSid: (sid) => store.findByPaymentSid(sid),
    async save(session, base) {
      knocked();
      await door;
      return store.save(session, base);
    },
  };
  return {
    store: gated,
    /** Saves wait from now on; resolves once the next one is waiting. */
    hold() {
      door = new Promise((resolve) => (open = resolve));
      knock = new Promise((resolve) => (knocked = resolve));
      return knock;
    },
    release() {
      door = undefined;
      open();
    },
  };
}

describe.each(BACKENDS)('two instances changing one session at the same instant, on %s', (backend) => {
  let test: TestDatabase;
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const audits: AuditLog[] = [];

  beforeAll(async () => {
    test = await freshDatabase(backend);
    await migrate(await test.open());
    sandbox = await startSandbox({ timeScale: 0.02 });
    receiver = await startReceiver();
    dir = await tempDir('race-');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(audits.map((a) => a.flush()));
    await receiver?.close();
    await sandbox?.close();
    await test?.drop();
    await dir?.cleanup();
  });

  /** One Callpay Server instance's payments, on the shared database, with the sandbox as Twilio. */
  async function instance(name: string, store?: SessionStore) {
    const db: Database = await test.open();
    const sessions = store ?? new PgSessionStore(db, undefined, name);
    const audit = new AuditLog(join(dir.path, `${name}-${backend}-audit.jsonl`));
    audits.push(audit);
    const { accountSid, authToken } = sandbox.credentials;
    const twilio = createRestClient({
      accountSid,
      username: accountSid,
      password: authToken,
      sandboxUrl: sandbox.url,
    });
    const api = paymentsApi(() => twilio);
    return new PaymentsService({
      api: () => api,
      statusCallbackUrl: () => receiver.url,
      agent: () => 'ana',
      audit,
      log: silentLog,
      onSession: () => undefined,
      sessions,
    });
  }

  const field = (s: PaymentSession | undefined, name: string) => s?.fields.find((f) => f.field === name);

  it('a request on A saved just after a callback applied on B keeps both changes', SLOW, async () => {
    const door = heldAtTheDoor(new PgSessionStore(await test.open(), undefined, 'A'));
    const a = await instance('A', door.store);
    const b = await instance('B');
    const rows = new PgSessionStore(await test.open());
    const callSid = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    const { id } = await a.start({ callSid, amount: '12.50', postalCode: false });
    await a.request(id, 'payment-card-number');
    await sandbox.idle();
    const heard = receiver.received.length;
    const visa = testCards.find((c) => c.brand === 'visa' && c.number.endsWith('1111'))!;
    await sandbox.control.pressDigits(callSid, `${visa.number}#`);
    // The customer's card number is in Twilio's callbacks, which no instance has applied yet.
    const row = await rows.get(id);
    await waitFor(
      () =>
        field(
          receiver.received
            .slice(heard)
            .reduce((s, params) => reduceSession(s, { type: 'callback', params, at: s.updatedAt }), row!),
          'payment-card-number',
        )?.status === 'captured',
      15_000,
      'the card number’s callbacks',
    );
    await sandbox.idle();

    // A reads the row and changes it (the agent asks for the expiry); its save waits at the door...
    const waiting = door.hold();
    const asking = a.request(id, 'expiration-date');
    await waiting;
    // ...while the card number's callbacks land on B, which applies and saves them first.
    for (const params of receiver.received.slice(heard)) await b.handleCallback(params);
    expect(field(await rows.get(id), 'payment-card-number')?.status).toBe('captured');
    door.release();
    const answer = await asking;
    await a.flush();

    // Neither change is lost: B's captured card number, and A's request for the expiry.
    const saved = await rows.get(id);
    expect(field(saved, 'payment-card-number')).toMatchObject({ status: 'captured', display: '•••• 1111' });
    expect(saved).toMatchObject({ activeField: 'expiration-date', card: { last4: '1111' } });
    expect(field(saved, 'expiration-date')?.status).toBe('requested');
    expect(answer).toEqual(saved);
    expect(saved!.version).toBeGreaterThan(row!.version);
  });

  it('a command for a session started on another instance acts on its row', SLOW, async () => {
    const a = await instance('A');
    const c = await instance('C');
    const callSid = sandbox.control.createCall({ from: '+14155550124', to: '+14155550100' }).sid;
    const { id } = await a.start({ callSid, amount: '3.00' });
    await a.flush();
    // C never heard of it (no notification reached it): it reads the row, then acts.
    const asked = await c.request(id, 'payment-card-number');
    expect(asked).toMatchObject({ id, phase: 'open', activeField: 'payment-card-number' });
    const cancelled = await c.cancel(id);
    expect(cancelled.phase).toBe('cancelling');
    expect((await new PgSessionStore(await test.open()).get(id))?.phase).toBe('cancelling');
  });
});
