import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaymentSession } from '@shared/payments';
import { createCore, type Core } from '../../../src-main/core/compose';
import { localtunnelProvider } from '../../../src-main/core/tunnel';
import { silentLog } from '../../../src-main/core/log';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox';
import { startTunnelServer, type TestTunnelServer } from '../../helpers/tunnel-server';
import { memorySecrets, writeLiveSettings } from '../../helpers/live-mode';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

// Whole flows over loopback sockets: generous limits so a busy two-core machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

let dir: Awaited<ReturnType<typeof tempDir>>;
let sandbox: Sandbox;
let server: TestTunnelServer;
let core: Core;
let events: PaymentSession[];

beforeEach(async () => {
  dir = await tempDir('live-');
  sandbox = await startSandbox({ timeScale: 0.02 });
  server = await startTunnelServer();
  const dataDir = join(dir.path, 'data');
  await writeLiveSettings(dataDir, sandbox.credentials.accountSid, 'maria');
  core = await createCore({
    dataDir,
    version: 'test',
    log: silentLog,
    liveRestBaseUrl: sandbox.url,
    secrets: memorySecrets({ authToken: sandbox.credentials.authToken }),
    tunnel: {
      provider: localtunnelProvider({ host: server.url, handshakeTimeoutMs: 1_000 }),
      heartbeatMs: 100,
      backoffBaseMs: 40,
      backoffMaxMs: 200,
    },
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
    restTimeoutMs: 500,
  });
  events = [];
  core.api.subscribe(
    (name, payload) => name === 'payments.session' && events.push(payload as PaymentSession),
  );
});

afterEach(async () => {
  await core.stop();
  await server.close();
  await sandbox.close();
  await dir.cleanup();
});

const cardField = (s: PaymentSession) => s.fields.find((f) => f.field === 'payment-card-number')!;
const latest = () => events.at(-1)!;
const invoke = async (name: string, args: unknown) => {
  const envelope = await core.api.dispatch(name, args);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as PaymentSession;
};

describe('live mode through a tunnel (REST to a standalone sandbox, callbacks via localtunnel)', () => {
  it(
    'reports the public URL, and survives a tunnel drop during capture: alert at once, re-request heals',
    { timeout: 20_000 },
    async () => {
      const publicUrl = await waitFor(() => core.status().urls.publicUrl, 5_000, 'tunnel up');
      expect(core.status()).toMatchObject({
        mode: 'live',
        health: { tunnel: { state: 'ok' }, twilio: { state: 'ok' } },
      });
      const callSid = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;

      const session = await invoke('payments.start', { callSid, amount: '20.00', postalCode: false });
      await invoke('payments.request', { sessionId: session.id, field: 'payment-card-number' });
      await sandbox.control.pressDigits(callSid, '4111');
      await waitFor(() => cardField(latest()).status === 'capturing', 5_000, 'keying through the tunnel');

      server.dropAll();
      await waitFor(() => latest().alert?.code === 'tunnel_down', 5_000, 'alert on drop');
      expect(cardField(latest()).status).toBe('error');
      await expect(
        invoke('payments.request', { sessionId: session.id, field: 'payment-card-number' }),
      ).rejects.toMatchObject({ code: 'tunnel_down' });

      const newUrl = await waitFor(
        () => (core.status().urls.publicUrl !== publicUrl ? core.status().urls.publicUrl : undefined),
        5_000,
        'new tunnel URL',
      );
      expect(newUrl).not.toBe(publicUrl);
      await waitFor(() => latest().alert === undefined, 5_000, 'alert cleared');

      // The re-request carries the new URL, so the rest of the capture reaches us again.
      await invoke('payments.request', { sessionId: session.id, field: 'payment-card-number' });
      await sandbox.control.pressDigits(callSid, '4111111111111111#');
      await waitFor(() => cardField(latest()).status === 'captured', 5_000, 'card captured after reconnect');
      for (const [field, keys] of [
        ['expiration-date', '1230#'],
        ['security-code', '123#'],
      ] as const) {
        await invoke('payments.request', { sessionId: session.id, field });
        await sandbox.control.pressDigits(callSid, keys);
        await waitFor(
          () => latest().fields.find((f) => f.field === field)?.status === 'captured',
          5_000,
          field,
        );
      }
      await invoke('payments.complete', { sessionId: session.id });
      await waitFor(() => latest().phase === 'succeeded', 5_000, 'success');
      expect(sandbox.ledger()).toHaveLength(1);
    },
  );
});
