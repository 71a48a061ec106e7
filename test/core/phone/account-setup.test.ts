import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneToken } from '@shared/api/phone';
import type { Readiness, SetupResult } from '@shared/api/setup';
import { createCore, type Core } from '../../../src-main/core/compose';
import { silentLog } from '../../../src-main/core/log';
import { localtunnelProvider } from '../../../src-main/core/tunnel';
import type { SecretStore } from '../../../src-main/core/settings/secret-store';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox';
import { startTunnelServer, type TestTunnelServer } from '../../helpers/tunnel-server';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

let dir: Awaited<ReturnType<typeof tempDir>>;
let account: Sandbox;
let tunnels: TestTunnelServer;
let core: Core;
let rest: ReturnType<typeof twilio>;
const secrets: Record<string, string> = {};

const store: SecretStore = {
  protection: { level: 'os' },
  get: async (name) => secrets[name],
  has: async (name) => secrets[name] !== undefined,
  set: async (name, value) => void (secrets[name] = value),
  delete: async (name) => void delete secrets[name],
};

async function invoke<T>(name: string, args: unknown): Promise<T> {
  const envelope = await core.api.dispatch(name, args);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

beforeAll(async () => {
  dir = await tempDir('setup-');
  // The "Twilio account": a standalone sandbox reached with the real twilio library.
  account = await startSandbox({ timeScale: 0.02 });
  tunnels = await startTunnelServer();
  core = await createCore({
    dataDir: join(dir.path, 'data'),
    version: 'test',
    log: silentLog,
    liveRestBaseUrl: account.url,
    secrets: store,
    tunnel: {
      provider: localtunnelProvider({ host: tunnels.url, handshakeTimeoutMs: 1_000 }),
      heartbeatMs: 100,
      backoffBaseMs: 40,
      backoffMaxMs: 200,
    },
    restTimeoutMs: 1_000,
  });
  const c = account.credentials;
  rest = twilio(c.accountSid, c.authToken, { httpClient: sandboxHttpClient(account.url) });
});

afterAll(async () => {
  await core?.stop();
  await tunnels?.close();
  await account?.close();
  await dir?.cleanup();
});

const appUrl = async (sid: string) => (await rest.applications(sid).fetch()).voiceUrl;
const numberUrl = async () =>
  (await rest.incomingPhoneNumbers.list({ phoneNumber: '+14155550199' }))[0]!.voiceUrl;

describe('one-step Twilio setup, against the sandbox with the twilio library', () => {
  it('refuses a wrong Auth Token with a sentence to act on, and saves nothing', async () => {
    await expect(
      invoke('setup.account', { accountSid: account.credentials.accountSid, authToken: 'f'.repeat(32) }),
    ).rejects.toMatchObject({ code: 'bad_credentials', message: expect.stringContaining('Twilio Console') });
    expect(core.status().mode).toBe('sandbox');
    // No Twilio secret was kept (the audit log's own sealing key lives in the same store).
    const { auditKey: _auditKey, ...twilioSecrets } = secrets;
    expect(twilioSecrets).toEqual({});
  });

  it(
    'creates the key and TwiML App, picks the only number, goes live, and points both URLs at the tunnel',
    { timeout: 20_000 },
    async () => {
      const { accountSid, authToken } = account.credentials;
      const result = await invoke<SetupResult>('setup.account', { accountSid, authToken });
      expect(result.apiKeySid).toMatch(/^SK[0-9a-f]{32}$/);
      expect(result.twimlAppSid).toMatch(/^AP[0-9a-f]{32}$/);
      expect(result.numbers.map((n) => n.phoneNumber)).toEqual(['+14155550199']);
      expect(result.callerId).toBe('+14155550199');
      expect(JSON.stringify(result)).not.toContain(authToken);
      expect(secrets.authToken).toBe(authToken);
      expect(secrets.apiKeySecret).toHaveLength(32);

      const publicUrl = await waitFor(() => core.status().urls.publicUrl, 8_000, 'tunnel up');
      expect(core.status().mode).toBe('live');
      await waitFor(
        async () => (await appUrl(result.twimlAppSid)) === `${publicUrl}/twilio/voice/app`,
        5_000,
        'app URL',
      );
      await waitFor(
        async () => (await numberUrl()) === `${publicUrl}/twilio/voice/number`,
        5_000,
        'number URL',
      );

      const minted = await invoke<PhoneToken>('phone.token', {});
      const claims = jwt.verify(minted.token, secrets.apiKeySecret!) as jwt.JwtPayload;
      expect(claims).toMatchObject({
        iss: result.apiKeySid,
        sub: accountSid,
        grants: { identity: 'agent', voice: { outgoing: { application_sid: result.twimlAppSid } } },
      });
      expect(minted.device).toEqual({ publishEvents: true });

      const readiness = await invoke<Readiness>('setup.readiness', {});
      expect(readiness.items.map((i) => [i.id, i.ready])).toEqual([
        ['credentials', true],
        ['tunnel', true],
        ['connector', false],
      ]);
      expect(readiness.items.at(-1)!.detail).toMatch(/Pay Connector’s unique name in Settings/);
      await invoke('settings.set', { twilio: { paymentConnector: 'Stripe_Connector' } });
      const connector = (await invoke<Readiness>('setup.readiness', {})).items.at(-1)!;
      expect(connector).toMatchObject({ id: 'connector', ready: true });
      expect(connector.detail).toContain('Stripe_Connector');

      // Live payments go through the chosen connector: one the account lacks is refused (64004).
      const payOn = async (name: string) => {
        await invoke('settings.set', { twilio: { paymentConnector: name } });
        // The connector is read per payment: saving it leaves the tunnel up.
        expect(core.status().health.tunnel.state).toBe('ok');
        const call = account.control.createCall({ from: '+14155550123', to: '+14155550100' });
        return invoke<{ phase: string; message: string }>('payments.start', {
          callSid: call.sid,
          amount: '5.00',
        });
      };
      expect((await payOn('Stripe_Connector')).phase).toBe('failed');
      expect((await payOn('Sandbox_Test_Connector')).phase).toBe('open');
    },
  );

  it(
    'moves the TwiML App and the number to the new public URL when the tunnel comes back elsewhere',
    { timeout: 20_000 },
    async () => {
      const before = core.status().urls.publicUrl!;
      const appSid = (await invoke<{ twilio: { twimlAppSid: string } }>('settings.get', {})).twilio
        .twimlAppSid;
      tunnels.dropAll();
      const after = await waitFor(
        () => (core.status().urls.publicUrl !== before ? core.status().urls.publicUrl : undefined),
        8_000,
        'new tunnel URL',
      );
      await waitFor(
        async () => (await appUrl(appSid)) === `${after}/twilio/voice/app`,
        5_000,
        'app URL follows',
      );
      await waitFor(
        async () => (await numberUrl()) === `${after}/twilio/voice/number`,
        5_000,
        'number URL follows',
      );
      // A second setup reuses Callpay's TwiML App instead of making another.
      const { accountSid, authToken } = account.credentials;
      const again = await invoke<SetupResult>('setup.account', { accountSid, authToken });
      expect(again.twimlAppSid).toBe(appSid);
      expect(await rest.applications.list({ friendlyName: 'Callpay softphone' })).toHaveLength(1);
    },
  );

  it('says what is not ready, with the fix, when the tunnel is down', async () => {
    tunnels.refuse(true);
    tunnels.dropAll();
    await waitFor(() => core.status().health.tunnel.state !== 'ok', 5_000, 'tunnel down');
    const readiness = await invoke<Readiness>('setup.readiness', {});
    const tunnel = readiness.items.find((i) => i.id === 'tunnel')!;
    expect(tunnel.ready).toBe(false);
    expect(tunnel.detail).toMatch(/fixed public URL/);
    tunnels.refuse(false);
  });
});
