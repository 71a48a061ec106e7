import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentSession } from '@shared/payments';
import { WEBHOOK_PATHS } from '../../src-main/core/webhooks';
import { REVOKED_CHANNEL } from '../../src-main/server/admin';
import { DATABASE_AWAY } from '../../src-main/server/db/postgres';
import { startCutProxy } from '../helpers/cut-proxy';
import { waitFor } from '../helpers/wait-for';
import { ADMIN_URL, freshDatabase, type TestDatabase } from './helpers/databases';
import { startTestDesktop } from './helpers/desktop';
import { startTestServer } from './helpers/team';

// One instance whose database connection and whose desktop's network can each be pulled. The team
// link keeps five numbered events and reads the log only on NOTIFY (no poll), so a desktop away
// past five events stands in for one away ten minutes, and events after an outage prove LISTEN is back.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let dbProxy: Awaited<ReturnType<typeof startCutProxy>>;
let linkProxy: Awaited<ReturnType<typeof startCutProxy>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let desktop: Awaited<ReturnType<typeof startTestDesktop>>;

const status = (s: PaymentSession | undefined, field: string) =>
  s?.fields.find((f) => f.field === field)?.status;

beforeAll(async () => {
  database = await freshDatabase('postgres');
  // The instance reaches PostgreSQL's Unix socket through a relay on loopback.
  const socketDir = decodeURIComponent(new URL(ADMIN_URL).hostname);
  dbProxy = await startCutProxy();
  dbProxy.to(`${socketDir}/.s.PGSQL.5432`);
  const name = new URL(database.url!).pathname;
  linkProxy = await startCutProxy();
  server = await startTestServer({
    databaseUrl: `postgres://postgres@127.0.0.1:${dbProxy.port}${name}`,
    publicUrl: linkProxy.url,
    linkEvents: { maxEvents: 5, pruneEveryMs: 50, pollMs: 600_000 },
  });
  linkProxy.to(server.port);
  desktop = await startTestDesktop();
  const { link } = await server.admin.invite({ name: 'Ana Ruiz', role: 'agent' });
  await desktop.invoke('team.connect', { serverUrl: linkProxy.url, inviteCode: link });
  await desktop.linkState('connected');
});

afterAll(async () => {
  await desktop?.close();
  await server?.close();
  await linkProxy?.close();
  await dbProxy?.close();
  await database?.drop();
});

/** A call in the server's sandbox with a payment open on it, started through the desktop. */
async function openPayment(amount: string) {
  const call = (await desktop.invoke('sandbox.callIn')) as { sid: string };
  const session = (await desktop.invoke('payments.start', { callSid: call.sid, amount })) as PaymentSession;
  return { callSid: call.sid, session };
}

const visaId = async () =>
  ((await desktop.invoke('sandbox.testCards')) as { cards: { id: string; last4: string }[] }).cards.find(
    (c) => c.last4 === '1111',
  )!.id;

describe('faults: the database away, a desktop away for long, forged callbacks', () => {
  it('tells the agent in a sentence while the database is away, and works again when it is back, with no restart', async () => {
    const { callSid, session } = await openPayment('4.00');
    dbProxy.offline();
    const refused = await desktop.host.dispatch('payments.request', {
      sessionId: session.id,
      field: 'payment-card-number',
    });
    expect(refused).toEqual({ ok: false, error: { code: 'database_unavailable', message: DATABASE_AWAY } });

    dbProxy.online();
    // The pool reconnects on the next command; no restart.
    await waitFor(
      async () =>
        (
          await desktop.host.dispatch('payments.request', {
            sessionId: session.id,
            field: 'payment-card-number',
          })
        ).ok,
      20_000,
      'a command to work again',
    );
    const since = desktop.sessions.length;
    await desktop.invoke('sandbox.keyTestCard', { callSid, id: await visaId() });
    // Only a NOTIFY brings the log here (no poll): the instance listens again.
    await desktop.until(
      (s) => s.id === session.id && status(s, 'payment-card-number') === 'captured',
      'captured',
      since,
    );
    await desktop.invoke('payments.cancel', { sessionId: session.id });
  });

  it('cuts off a device revoked while its instance could not hear the database, once it hears again', async () => {
    const second = await startTestDesktop('Second desktop');
    try {
      const { link } = await server.admin.invite({ name: 'Bo Lind', role: 'agent' });
      await second.invoke('team.connect', { serverUrl: linkProxy.url, inviteCode: link });
      await second.linkState('connected');
      const device = (await server.accounts.devices()).find((d) => d.userName === 'Bo Lind')!;
      dbProxy.offline();
      // Another instance revokes it, straight on the database: this instance's LISTEN is away.
      const other = await database.open();
      await other.query('update devices set revoked_at = now() where id = $1', [device.id]);
      await other.query('select pg_notify($1, $2)', [REVOKED_CHANNEL, device.id]);
      dbProxy.online();
      await second.linkState('refused', 20_000);
    } finally {
      await second.close();
    }
  });

  it('brings a desktop away longer than the log keeps back to the right state: it is told to read afresh', async () => {
    const { callSid, session } = await openPayment('6.00');
    await desktop.invoke('payments.request', { sessionId: session.id, field: 'payment-card-number' });
    const card = await visaId();
    const links = desktop.links.length;
    linkProxy.offline();
    await desktop.linkState('reconnecting');
    // While it is away the customer keys the whole card: more events than the log keeps.
    await server.core.api.dispatch('sandbox.keyTestCard', { callSid, id: card });
    await waitFor(
      () =>
        status(server.core.payments.list({ sessionId: session.id })[0], 'payment-card-number') === 'captured',
      15_000,
      'captured at the server',
    );
    await server.core.api.dispatch('payments.request', { sessionId: session.id, field: 'expiration-date' });
    await server.core.api.dispatch('sandbox.press', { callSid, digits: '1230#' });
    await waitFor(
      () => status(server.core.payments.list({ sessionId: session.id })[0], 'expiration-date') === 'captured',
      15_000,
      'expiry captured at the server',
    );
    const lastSeen = Math.max(...desktop.frames.map((t) => (JSON.parse(t) as { seq?: number }).seq ?? 0));
    // The log has let go of the desktop's next event.
    await waitFor(
      async () =>
        Number(
          (await server.db.query<{ oldest: string }>('select min(seq) as oldest from team_events'))[0]!
            .oldest,
        ) >
        lastSeen + 1,
      15_000,
      'the log pruned past the desktop',
    );

    linkProxy.online();
    await desktop.linkState('connected');
    expect(desktop.links.slice(links).at(-1)).toMatchObject({ state: 'connected', resync: true });
    // The console reads state again, as the renderer does on resync, and has it right.
    const { sessions } = (await desktop.invoke('payments.get', {})) as { sessions: PaymentSession[] };
    const now = sessions.find((s) => s.id === session.id)!;
    expect(status(now, 'payment-card-number')).toBe('captured');
    expect(status(now, 'expiration-date')).toBe('captured');
    expect(now.card).toMatchObject({ last4: '1111' });
    await desktop.invoke('payments.cancel', { sessionId: session.id });
  });

  it('refuses a forged payment callback with 403 and changes nothing', async () => {
    const { session } = await openPayment('8.00');
    await desktop.invoke('payments.request', { sessionId: session.id, field: 'payment-card-number' });
    const read = async () => ({
      row: (await server.db.query('select data from payment_sessions where id = $1', [session.id]))[0],
      newest: (await server.db.query<{ n: string }>('select max(seq) as n from team_events'))[0]!.n,
    });
    // The request is written down, and Twilio's answer to it applied, before anything is forged.
    await waitFor(
      async () => {
        const { data } = (await read()).row as { data: PaymentSession & { required: string[] } };
        return !data.pendingWrite && data.required.length > 0;
      },
      15_000,
      'the request settled',
    );
    const before = await read();
    const url = `${linkProxy.url}${WEBHOOK_PATHS.paymentStatus}`;
    const params = {
      AccountSid: server.core.sandbox()!.credentials.accountSid,
      CallSid: session.callSid,
      PaymentSid: session.paymentSid!,
      Capture: 'payment-card-number',
      PaymentCardNumber: 'xxxxxxxxxxxx1111',
      PaymentCardType: 'visa',
      Required: 'expiration-date,security-code,postal-code',
    };
    for (const signature of [
      'forged',
      twilio.getExpectedTwilioSignature('not-the-token', url, params),
      undefined,
    ]) {
      const answer = await fetch(`${server.core.webhooksUrl}${WEBHOOK_PATHS.paymentStatus}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'x-twilio-signature': signature } : {}),
        },
        body: new URLSearchParams(params),
      });
      expect(answer.status).toBe(403);
    }
    expect(await read()).toEqual(before);
    expect(status(server.core.payments.list({ sessionId: session.id })[0], 'payment-card-number')).not.toBe(
      'captured',
    );
    await desktop.invoke('payments.cancel', { sessionId: session.id });
  });
});
