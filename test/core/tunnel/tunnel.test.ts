import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import twilio from 'twilio';
import type { FastifyInstance } from 'fastify';
import { buildWebhookApp, listenWebhooks, type WebhookServer } from '../../../src-main/core/webhooks';
import {
  fixedUrlProvider,
  healthProbe,
  localtunnelProvider,
  TunnelManager,
  type TunnelStatus,
} from '../../../src-main/core/tunnel';
import { silentLog } from '../../../src-main/core/log';
import { startTunnelServer, type TestTunnelServer } from '../../helpers/tunnel-server';
import { waitFor } from '../../helpers/wait-for';

// Whole flows over loopback sockets: generous limits so a busy two-core machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

const TOKEN = 'tunnel-test-token';
const PK = `PK${'a'.repeat(32)}`;

let app: FastifyInstance;
let receiver: WebhookServer;
let server: TestTunnelServer;
let manager: TunnelManager | undefined;
let received: Record<string, string>[];
let statuses: TunnelStatus[];

beforeEach(async () => {
  received = [];
  statuses = [];
  app = await buildWebhookApp({
    authToken: () => TOKEN,
    publicBaseUrls: () => manager?.knownUrls ?? [],
    handlers: { paymentStatus: (p) => received.push(p), legStatus: () => undefined },
    voice: { callerId: () => undefined, agentIdentity: () => 'agent' },
    log: silentLog,
    instanceId: 'run-42',
  });
  receiver = await listenWebhooks(app);
  server = await startTunnelServer();
});

afterEach(async () => {
  manager?.stop();
  manager = undefined;
  await server.close();
  await receiver.close();
});

function startManager(provider = localtunnelProvider({ host: server.url, handshakeTimeoutMs: 1_000 })) {
  manager = new TunnelManager({
    provider,
    localPort: receiver.port,
    probe: healthProbe('run-42', 400),
    log: silentLog,
    heartbeatMs: 100,
    failLimit: 2,
    backoffBaseMs: 40,
    backoffMaxMs: 200,
  });
  manager.onStatus((s) => statuses.push(s));
  manager.start();
  return manager;
}

/** Posts a signed callback to the public URL, as Twilio would through the tunnel. */
async function postThroughTunnel(base: string, params: Record<string, string>) {
  const url = `${base}/twilio/payments/status`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return res.status;
}

describe('TunnelManager with the real localtunnel client', () => {
  it('opens a public URL, proves it by heartbeat, and carries signed callbacks through', async () => {
    const m = startManager();
    const url = await waitFor(() => m.publicUrl, 5_000, 'tunnel up');
    expect(url).toBe(server.urls()[0]);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'up']);
    expect(await postThroughTunnel(url, { Sid: PK, Capture: 'payment-card-number' })).toBe(204);
    expect(received).toEqual([{ Sid: PK, Capture: 'payment-card-number' }]);
  });

  it('reconnects with a new URL after the tunnel server drops it, without crashing', async () => {
    const m = startManager();
    const first = await waitFor(() => m.publicUrl, 5_000, 'tunnel up');
    server.dropAll();
    await waitFor(() => m.status.state === 'reconnecting', 5_000, 'reconnecting');
    expect(m.publicUrl).toBeUndefined();
    const second = await waitFor(() => (m.publicUrl !== first ? m.publicUrl : undefined), 5_000, 'new URL');
    expect(second).not.toBe(first);
    expect(await postThroughTunnel(second, { Sid: PK })).toBe(204);
    // A callback still signed for the old URL stays verifiable for a while after the switch.
    expect(m.knownUrls).toEqual([second, first]);
  });

  it('notices a silent loss by heartbeat and recovers when traffic flows again', async () => {
    const m = startManager();
    await waitFor(() => m.publicUrl, 5_000, 'tunnel up');
    server.blackhole(true);
    await waitFor(() => m.status.state === 'reconnecting', 5_000, 'heartbeat notices');
    server.blackhole(false);
    await waitFor(() => m.publicUrl, 5_000, 'back up');
  });

  it('keeps retrying while the tunnel server refuses, then comes up', async () => {
    server.refuse(true);
    const m = startManager();
    await waitFor(() => statuses.filter((s) => s.state === 'reconnecting').length >= 2, 5_000, 'retries');
    expect(m.status.detail).toContain('could not open');
    // One sentence, then the next: the reason ends with a full stop before "Trying again".
    expect(m.status.detail).toMatch(/^The tunnel could not open: [^]*[.!?] Trying again \(attempt \d+\)…$/);
    server.refuse(false);
    await waitFor(() => m.publicUrl, 5_000, 'up after refusals');
  });

  it('stops cleanly: no URL, state off', async () => {
    const m = startManager();
    await waitFor(() => m.publicUrl, 5_000, 'tunnel up');
    m.stop();
    expect(m.status.state).toBe('off');
    expect(m.publicUrl).toBeUndefined();
  });
});

describe('TunnelManager with a fixed public URL', () => {
  it('is up while the URL reaches this receiver, and reconnecting when it does not', async () => {
    const m = startManager(fixedUrlProvider(`${receiver.url}/`));
    expect(await waitFor(() => m.publicUrl, 5_000, 'fixed up')).toBe(receiver.url);
    await receiver.close();
    await waitFor(() => m.status.state === 'reconnecting', 5_000, 'fixed down');
  });

  it('refuses a URL that answers but is not this receiver', async () => {
    const m = new TunnelManager({
      provider: fixedUrlProvider(receiver.url),
      localPort: receiver.port,
      probe: healthProbe('another-run', 400),
      log: silentLog,
      backoffBaseMs: 40,
    });
    manager = m;
    m.start();
    await waitFor(() => m.status.state === 'reconnecting', 5_000, 'not ours');
    expect(m.status.detail).toContain('does not reach Callpay');
    expect(m.publicUrl).toBeUndefined();
  });
});
