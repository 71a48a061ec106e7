import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { waitFor } from '../../helpers/wait-for';
import { wsInvoker } from '../../helpers/ws-client';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { cookieFrom, openApi, signIn, startTestServer } from '../helpers/team';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const sockets: WebSocket[] = [];

/** Signs `name` in with `role` and opens their console's AppApi socket. */
async function person(name: string, role: 'agent' | 'supervisor' | 'admin') {
  const link =
    role === 'admin' && server.firstAdminLink && sockets.length === 0
      ? server.firstAdminLink
      : (await server.admin.invite({ name, role })).link;
  const { socket } = await openApi(server, cookieFrom(await signIn(server, link)));
  sockets.push(socket!);
  return wsInvoker(socket!);
}

let admin: ReturnType<typeof wsInvoker>;
let ana: ReturnType<typeof wsInvoker>;
let bo: ReturnType<typeof wsInvoker>;
let cy: ReturnType<typeof wsInvoker>;
let lastSession = '';

beforeAll(async () => {
  database = await freshDatabase('postgres');
  server = await startTestServer({ databaseUrl: database.url });
  admin = await person('Admin', 'admin');
  ana = await person('Ana Ruiz', 'agent');
  bo = await person('Bo Chen', 'agent');
  cy = await person('Cy Diaz', 'supervisor');
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
  await database?.drop();
});

describe('what each role may do, enforced by the server', () => {
  it('refuses an agent’s admin command with a sentence, before anything changes', async () => {
    const before = await admin.invoke('settings.get', {});
    expect(await ana.invoke('settings.set', { agentIdentity: 'someone-else' })).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'Only an admin can change this ("settings.set"); you are signed in as an agent. Ask an admin if you need it.',
      },
    });
    for (const name of ['setup.account', 'setup.callerId', 'settings.setSecrets'])
      expect(await ana.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await cy.invoke('settings.setSecrets', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('you are signed in as a supervisor') },
    });
    expect(await ana.invoke('audit.verify', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^Only a supervisor or an admin can see this/) },
    });
    expect(await admin.invoke('settings.get', {})).toEqual(before);
    // An admin's own command goes through to the core (which checks its arguments as ever).
    expect(await admin.invoke('settings.set', {})).toMatchObject({ ok: true });
    expect(await cy.invoke('audit.verify', {})).toMatchObject({ ok: true });
  });

  it('lets an agent take payments only on their own calls, and shows each agent only their own', async () => {
    const anaToken = await ana.invoke('phone.token', {});
    const anaIdentity = (anaToken as { value: { identity: string } }).value.identity;
    const call = (await ana.invoke('sandbox.callIn', {})) as { ok: true; value: { sid: string } };
    const started = await ana.invoke('payments.start', { callSid: call.value.sid, amount: '12.50' });
    expect(started).toMatchObject({ ok: true, value: { agent: anaIdentity, callSid: call.value.sid } });
    const sessionId = (started as { value: { id: string } }).value.id;

    expect(await bo.invoke('payments.request', { sessionId, field: 'payment-card-number' })).toEqual({
      ok: false,
      error: {
        code: 'not_your_payment',
        message: 'This payment is another agent’s: only the agent who started it can act on it.',
      },
    });
    expect(await bo.invoke('payments.cancel', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'not_your_payment' },
    });
    expect(await bo.invoke('payments.start', { callSid: call.value.sid, amount: '1.00' })).toMatchObject({
      ok: false,
      error: {
        code: 'not_your_call',
        message: expect.stringContaining('take payments only on your own calls'),
      },
    });

    const seen = async (who: typeof ana) =>
      (
        (await who.invoke('payments.get', {})) as { value: { sessions: Array<{ id: string }> } }
      ).value.sessions.map((s) => s.id);
    expect(await seen(ana)).toContain(sessionId);
    expect(await seen(bo)).not.toContain(sessionId);
    expect(await seen(cy)).toContain(sessionId);
    // Live updates: the supervisor hears Ana's payment, the other agent does not.
    await waitFor(() => cy.events.some((e) => (e.payload as { id?: string }).id === sessionId));
    expect(ana.events.some((e) => (e.payload as { id?: string }).id === sessionId)).toBe(true);
    expect(bo.events.some((e) => (e.payload as { id?: string }).id === sessionId)).toBe(false);

    expect(await ana.invoke('payments.cancel', { sessionId })).toMatchObject({ ok: true });
    lastSession = sessionId;
  });

  it('keeps the team’s history in its sealed audit table: a supervisor sees every agent’s, an agent only their own', async () => {
    const history = async (who: typeof ana) =>
      (
        (await who.invoke('history.list', {})) as { value: { entries: Array<{ sessionId: string }> } }
      ).value.entries.map((e) => e.sessionId);
    await waitFor(async () => (await history(cy)).includes(lastSession), 10_000, 'the cancelled payment');
    expect(await history(ana)).toContain(lastSession);
    expect(await history(bo)).not.toContain(lastSession);
    expect(await cy.invoke('audit.verify', {})).toEqual({
      ok: true,
      value: { ok: true, entries: expect.any(Number), file: 'audit_entries (database)', sealChecked: true },
    });
    const rows = await server.db.query<{ n: number }>('select count(*)::int as n from audit_entries');
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('filters an agent’s history in the core like anyone’s, but only ever by that agent', async () => {
    const identity = async (who: typeof ana) =>
      ((await who.invoke('phone.token', {})) as { value: { identity: string } }).value.identity;
    const [anaId, boId] = [await identity(ana), await identity(bo)];
    const cancelled = async () => {
      const call = (await bo.invoke('sandbox.callIn', {})) as { value: { sid: string } };
      const started = await bo.invoke('payments.start', { callSid: call.value.sid, amount: '3.00' });
      const sessionId = (started as { value: { id: string } }).value.id;
      expect(await bo.invoke('payments.cancel', { sessionId })).toMatchObject({ ok: true });
      return sessionId;
    };
    const boFirst = await cancelled();
    const boSession = await cancelled();
    type Page = { ok: true; value: { entries: Array<{ sessionId: string; agent?: string }>; more?: number } };
    const page = async (who: typeof ana, args: object) =>
      ((await who.invoke('history.list', args)) as Page).value;
    const ids = async (who: typeof ana, args: object) =>
      (await page(who, args)).entries.map((e) => e.sessionId);
    await waitFor(async () => (await ids(cy, {})).includes(boSession), 10_000, 'Bo’s payments');

    // A supervisor filters by agent; an agent asking for someone else's still gets only their own.
    expect(await ids(cy, { agent: boId })).toEqual([boSession, boFirst]);
    expect(await ids(ana, { agent: boId })).toEqual([lastSession]);
    expect(await ids(ana, { outcome: 'succeeded' })).toEqual([]);
    expect((await page(ana, { outcome: 'cancelled' })).entries.map((e) => e.agent)).toEqual([anaId]);
    // Paging reaches an agent too: a cursor while more of theirs remain.
    const first = await page(bo, { limit: 1 });
    expect(first.entries.map((e) => e.sessionId)).toEqual([boSession]);
    expect(first.more).toBeDefined();
    expect(await page(bo, { limit: 1, before: first.more })).toEqual({
      entries: [expect.objectContaining({ sessionId: boFirst })],
    });
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await ids(cy, { from: future })).toEqual([]);
    expect(await ids(cy, { to: future })).toEqual([boSession, boFirst, lastSession]);
  });

  it('tells the server’s own console who signed in, with their role', async () => {
    expect(await cy.invoke('team.status', {})).toEqual({
      ok: true,
      value: { state: 'unavailable', user: { name: 'Cy Diaz', role: 'supervisor' } },
    });
    expect(await ana.invoke('team.status', {})).toMatchObject({ value: { user: { role: 'agent' } } });
  });
});
