import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../helpers/wait-for';
import { wsInvoker } from '../helpers/ws-client';
import { freshDatabase, type TestDatabase } from './helpers/databases';
import { cookieFrom, openApi, signIn, startTestServer } from './helpers/team';

type Frame = { type: string; payload: Record<string, unknown> };
type Token = { token: string; identity: string; device: { signalingUrl: string } };

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const sockets: WebSocket[] = [];

/** Signs an agent in on their own device and opens their console's AppApi. */
async function agent(name: string) {
  const { link } = await server.admin.invite({ name, role: 'agent' });
  const { socket } = await openApi(server, cookieFrom(await signIn(server, link)));
  sockets.push(socket!);
  return wsInvoker(socket!);
}

/** A softphone's signaling connection to the sandbox, speaking the frames the Voice SDK sends. */
async function softphone(url: string) {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const got: Frame[] = [];
  ws.on('message', (data) => String(data).trim() && got.push(JSON.parse(String(data)) as Frame));
  await new Promise((resolve) => ws.once('open', resolve));
  return {
    got,
    send: (type: string, payload: Record<string, unknown>) =>
      ws.send(JSON.stringify({ type, version: '1.6', payload })),
    next: (type: string) => waitFor(() => got.find((f) => f.type === type), 10_000, `a ${type} frame`),
  };
}

beforeAll(async () => {
  database = await freshDatabase('postgres');
  server = await startTestServer({ databaseUrl: database.url });
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
  await database?.drop();
});

describe('each signed-in person’s own softphone identity', () => {
  it('mints each agent a token for their own identity; the sandbox accepts both and rings both for a call to the number', async () => {
    const [ana, bo] = [await agent('Ana Ruiz'), await agent('Bo Chen')];
    const tokens = await Promise.all(
      [ana, bo].map(async (api) => ((await api.invoke('phone.token', {})) as { value: Token }).value),
    );
    const users = await server.db.query<{ name: string; identity: string }>(
      'select name, identity from users order by name',
    );
    const identityOf = (name: string) => users.find((u) => u.name === name)!.identity;
    expect(tokens.map((t) => t.identity)).toEqual([identityOf('Ana Ruiz'), identityOf('Bo Chen')]);
    expect(tokens[0]!.identity).not.toBe(tokens[1]!.identity);

    const phones = await Promise.all(tokens.map((t) => softphone(t.device.signalingUrl)));
    for (const [i, phone] of phones.entries()) {
      phone.send('listen', { token: tokens[i]!.token, browserinfo: {}, reconnectTimeout: 10000 });
      // The sandbox checked the token's signature and read the identity out of it.
      expect((await phone.next('connected')).payload.token).toMatchObject({ identity: tokens[i]!.identity });
      phone.send('register', { media: { audio: true } });
      await phone.next('ready');
    }
    // A token that was tampered with is refused, as Twilio would.
    const forged = await softphone(tokens[0]!.device.signalingUrl);
    const [head, body, signature] = tokens[0]!.token.split('.');
    forged.send('listen', { token: `${head}.${body}.${signature!.slice(0, -4)}AAAA` });
    expect((await forged.next('error')).payload.error).toMatchObject({ code: expect.any(Number) });

    // A customer calls the business number: both agents' softphones ring.
    const call = (await ana.invoke('sandbox.callIn', { softphone: true })) as {
      ok: boolean;
      value: { sid: string };
    };
    expect(call.ok).toBe(true);
    const invites = await Promise.all(phones.map((p) => p.next('invite')));
    expect(invites.map((f) => (f.payload.parameters as { To: string }).To)).toEqual([
      `client:${tokens[0]!.identity}`,
      `client:${tokens[1]!.identity}`,
    ]);
    await ana.invoke('sandbox.hangup', { callSid: call.value.sid });
  });
});
