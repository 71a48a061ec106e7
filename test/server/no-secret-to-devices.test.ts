import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsInvoker } from '../helpers/ws-client';
import { freshDatabase, type TestDatabase } from './helpers/databases';
import { cookieFrom, openApi, signIn, startTestServer } from './helpers/team';

const AUTH_TOKEN = 'f'.repeat(24) + 'authtokensecret1';
const API_SECRET = 'apisecretvalue' + 'e'.repeat(18);
let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  database = await freshDatabase('postgres');
  // Live mode rehearsed against loopback: nothing listens there, and nothing leaves the machine.
  server = await startTestServer({
    databaseUrl: database.url,
    credentials: {
      accountSid: `AC${'1'.repeat(32)}`,
      authToken: AUTH_TOKEN,
      apiKeySid: `SK${'2'.repeat(32)}`,
      apiKeySecret: API_SECRET,
    },
    restBaseUrl: 'http://127.0.0.1:9',
    publicUrl: 'http://127.0.0.1:9',
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('what only the server holds', () => {
  it('runs live with the environment’s credentials and sends a signed-in browser no Twilio secret', async () => {
    const cookie = cookieFrom(await signIn(server, server.firstAdminLink!));
    const { socket } = await openApi(server, cookie);
    const frames: string[] = [];
    socket!.on('message', (data) => frames.push(String(data)));
    const api = wsInvoker(socket!);
    expect(await api.invoke('app.status', {})).toMatchObject({ ok: true, value: { mode: 'live' } });
    expect(await api.invoke('settings.get', {})).toMatchObject({
      ok: true,
      value: { twilio: { accountSid: `AC${'1'.repeat(32)}` } },
    });
    expect(await api.invoke('settings.secrets', {})).toMatchObject({ ok: true });
    for (const name of ['phone.token', 'setup.readiness', 'calls.list', 'history.list'])
      await api.invoke(name, {});
    socket!.close();
    expect(frames.length).toBeGreaterThanOrEqual(7);
    const all = frames.join('\n');
    expect(all).not.toContain(AUTH_TOKEN);
    expect(all).not.toContain(API_SECRET);
  });
});
