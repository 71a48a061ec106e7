import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { SecretsStatus } from '@shared/api/secrets';
import { readSecretsKey } from '../../../src-main/server/secrets/secrets-key';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox';
import { freePort } from '../../helpers/core-process';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { wsInvoker } from '../../helpers/ws-client';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { cookieFrom, openApi, signIn, startTestServer } from '../helpers/team';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let database: TestDatabase;
let sandbox: Sandbox;
let keys: Awaited<ReturnType<typeof tempDir>>;
let shared: Parameters<typeof startTestServer>[0];
const servers: Server[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  database = await freshDatabase('postgres');
  sandbox = await startSandbox({ timeScale: 0.02 });
  keys = await tempDir('team-keys-');
  const auditKeyFile = join(keys.path, 'audit.key');
  await writeFile(auditKeyFile, randomBytes(32), { mode: 0o600 });
  const secretsKeyFile = join(keys.path, 'secrets.key');
  // As `openssl rand -base64 32 > secrets.key` makes it.
  await writeFile(secretsKeyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const port = await freePort();
  // No credentials in the environment: the team starts in sandbox mode until an admin enters them.
  shared = {
    databaseUrl: database.url,
    auditKeyFile,
    secretsKey: await readSecretsKey(secretsKeyFile, {}),
    restBaseUrl: sandbox.url,
    // Both instances are one team, so the heartbeat through A's receiver answers for B too.
    publicUrl: `http://127.0.0.1:${port}`,
    webhookPort: port,
  };
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const server of servers) await server.close();
  await sandbox?.close();
  await keys?.cleanup();
  await database?.drop();
});

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** Signs someone in on `server` (the first admin when no link is given) and opens their console, keeping every frame it receives. */
async function consoleOn(server: Server, link = server.firstAdminLink!) {
  const { socket } = await openApi(server, cookieFrom(await signIn(server, link)));
  sockets.push(socket!);
  const frames: string[] = [];
  socket!.on('message', (data) => frames.push(String(data)));
  return { api: wsInvoker(socket!), frames };
}

describe('Twilio credentials an admin enters in the server’s console', () => {
  it('are checked with Twilio, sealed in the database, and every instance goes live with them; no device receives a secret', async () => {
    const a = await start(shared);
    const b = await start({ ...shared, webhookPort: 0 });
    expect(a.core.status().mode).toBe('sandbox');
    const admin = await consoleOn(a);
    const agent = await consoleOn(b, (await b.admin.invite({ name: 'Ana Ruiz', role: 'agent' })).link);

    // A wrong Auth Token is refused by Twilio, and nothing is kept.
    const refused = await admin.api.invoke('setup.account', {
      accountSid: sandbox.credentials.accountSid,
      authToken: 'b'.repeat(32),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await a.db.query('select name from team_secrets')).toEqual([]);

    const saved = await admin.api.invoke('setup.account', {
      accountSid: sandbox.credentials.accountSid,
      authToken: sandbox.credentials.authToken,
    });
    expect(saved).toMatchObject({ ok: true });
    expect(a.core.status().mode).toBe('live');
    // The console shows only that each secret is set.
    expect(await admin.api.invoke('settings.secrets', {})).toEqual({
      ok: true,
      value: { authToken: true, apiKeySecret: true } satisfies SecretsStatus,
    });

    // B heard "look" and read the row: live on the same account, its REST client accepted by Twilio.
    await waitFor(() => b.core.status().mode === 'live', 20_000, 'B in live mode');
    await waitFor(() => b.core.status().health.twilio.state === 'ok', 20_000, 'B connected to Twilio');
    expect(await agent.api.invoke('calls.list', {})).toMatchObject({ ok: true });
    expect(await agent.api.invoke('phone.token', {})).toMatchObject({ ok: true });
    const apiKeySecret = (await b.secrets.get('apiKeySecret'))!;
    expect(apiKeySecret).toMatch(/\S{16,}/);
    expect(await b.secrets.get('authToken')).toBe(sandbox.credentials.authToken);

    // A third instance started later reads them at start.
    const c = await start({ ...shared, webhookPort: 0 });
    expect(c.core.status().mode).toBe('live');
    expect(await c.core.api.dispatch('settings.get', {})).toMatchObject({
      value: { twilio: { accountSid: sandbox.credentials.accountSid } },
    });

    // The database holds them sealed: no plaintext secret in any column.
    const rows = await a.db.query<{ name: string; sealed: string }>(
      'select * from team_secrets order by name',
    );
    expect(rows.map((r) => r.name)).toEqual(['apiKeySecret', 'authToken']);
    const stored = JSON.stringify([rows, await a.db.query('select * from team_twilio')]);
    expect(stored).toContain(sandbox.credentials.accountSid);
    expect(stored).not.toContain(sandbox.credentials.authToken);
    expect(stored).not.toContain(apiKeySecret);
    for (const row of rows) expect(row.sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);

    // Nothing any device received carries a secret.
    const received = [...admin.frames, ...agent.frames].join('\n');
    expect(admin.frames.length + agent.frames.length).toBeGreaterThan(6);
    expect(received).not.toContain(sandbox.credentials.authToken);
    expect(received).not.toContain(apiKeySecret);
  }, 120_000);

  it('are refused, with how to give a key, by a server given none; environment credentials win and the console says so', async () => {
    // The embedded database (PGlite), no key, no credentials.
    const keyless = await start({ restBaseUrl: sandbox.url });
    const admin = await consoleOn(keyless);
    const refused = await admin.api.invoke('setup.account', {
      accountSid: sandbox.credentials.accountSid,
      authToken: sandbox.credentials.authToken,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'secrets_fixed' } });
    expect(refused.ok || refused.error.message).toMatch(/--secrets-key-file .*CALLPAY_SECRETS_KEY/);
    expect(keyless.core.status().mode).toBe('sandbox');
    const status = await admin.api.invoke('settings.secrets', {});
    expect(status.ok && (status.value as SecretsStatus).note).toMatch(/no secrets key/);
    const set = await admin.api.invoke('settings.setSecrets', { authToken: sandbox.credentials.authToken });
    expect(set).toMatchObject({ ok: false, error: { code: 'secrets_fixed' } });

    const fromEnv = await start({
      ...shared,
      databaseUrl: undefined,
      webhookPort: 0,
      // Nothing listens there: the tunnel's heartbeat stays on this machine.
      publicUrl: 'http://127.0.0.1:9',
      credentials: sandbox.credentials,
    });
    const envAdmin = await consoleOn(fromEnv);
    const envStatus = await envAdmin.api.invoke('settings.secrets', {});
    expect(envStatus.ok && (envStatus.value as SecretsStatus).note).toMatch(/from its environment/);
    const envSet = await envAdmin.api.invoke('settings.setSecrets', { authToken: 'c'.repeat(32) });
    expect(envSet).toMatchObject({ ok: false, error: { code: 'secrets_fixed' } });
  }, 120_000);
});
