import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import twilio from 'twilio';
import type { FastifyInstance } from 'fastify';
import {
  buildWebhookApp,
  listenWebhooks,
  type WebhookAppOptions,
  type WebhookServer,
} from '../../../src-main/core/webhooks';
import { localtunnelProvider } from '../../../src-main/core/tunnel';
import type { OpenedTunnel } from '../../../src-main/core/tunnel/types';
import { silentLog } from '../../../src-main/core/log';
import { startTunnelServer, type TestTunnelServer } from '../../helpers/tunnel-server';

// Attacks through a real localtunnel client and server on loopback: generous limits for a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 20_000 });

const TOKEN = 'flood-test-token';
const PK = `PK${'b'.repeat(32)}`;
const PATH = '/twilio/payments/status';

let app: FastifyInstance;
let receiver: WebhookServer;
let server: TestTunnelServer;
let tunnel: OpenedTunnel;
let received: Record<string, string>[];

async function start(options: Partial<WebhookAppOptions> = {}) {
  received = [];
  server = await startTunnelServer();
  app = await buildWebhookApp({
    authToken: () => TOKEN,
    publicBaseUrls: () => [tunnel.url],
    handlers: { paymentStatus: (p) => received.push(p), legStatus: () => undefined },
    voice: { callerId: () => undefined, agentIdentity: () => 'agent' },
    log: silentLog,
    instanceId: 'flood-run',
    ...options,
  });
  receiver = await listenWebhooks(app);
  tunnel = await localtunnelProvider({ host: server.url, handshakeTimeoutMs: 2_000 }).open(receiver.port);
}

afterEach(async () => {
  tunnel?.close();
  await server?.close();
  await receiver?.close();
});

/** A callback signed over the public URL, as Twilio sends it through the tunnel. */
async function signedCallback(headers: Record<string, string> = {}) {
  const params = { Sid: PK, Capture: 'payment-card-number' };
  const url = `${tunnel.url}${PATH}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url, params),
      ...headers,
    },
    body: new URLSearchParams(params).toString(),
  });
  return res.status;
}

/** Unsigned posts from `workers` parallel senders until stopped or `max` are sent; counts the answers. */
function flood(options: { workers: number; max: number; headers?: Record<string, string> }) {
  const codes = new Map<number, number>();
  let sent = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && sent < options.max) {
      sent++;
      const res = await fetch(`${tunnel.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        body: `Sid=${PK}&Result=success`,
      }).catch(() => undefined);
      await res?.arrayBuffer().catch(() => undefined);
      const code = res?.status ?? 0;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  };
  const done = Promise.all(Array.from({ length: options.workers }, worker));
  return {
    answered: () => [...codes.values()].reduce((a, b) => a + b, 0),
    count: (code: number) => codes.get(code) ?? 0,
    /** Stops the flood; resolves true when it was still running, false when it had run out. */
    stop: async () => {
      const running = sent < options.max;
      stopped = true;
      await done;
      return running;
    },
  };
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 3_000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`Timed out waiting for ${what}.`);
};

describe('the receiver under attack through the tunnel', () => {
  it('answers a signed callback and the heartbeat while unsigned posts flood it', async () => {
    // A small signed budget, so a flood that spent it would show in a few hundred requests.
    await start({ rateLimitPerMinute: 100, limits: { refusedPerMinute: 100_000 } });
    const attack = flood({ workers: 6, max: 20_000 });
    await until(() => attack.answered() >= 300, 'the flood to pass the signed budget');

    expect(await signedCallback()).toBe(204);
    const health = await fetch(`${tunnel.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, instance: 'flood-run' });

    expect(await attack.stop()).toBe(true);
    expect(attack.count(403)).toBeGreaterThanOrEqual(300);
    expect(attack.count(204)).toBe(0);
    expect(received).toEqual([{ Sid: PK, Capture: 'payment-card-number' }]);
  });

  it('cuts one flooding source off with 429 while callbacks from other sources go through', async () => {
    await start({ limits: { refusedPerMinute: 50 } });
    const attacker = { 'x-forwarded-for': '203.0.113.9' };
    const attack = flood({ workers: 4, max: 5_000, headers: attacker });
    await until(() => attack.count(429) >= 20, 'the attacker to be cut off');

    expect(await signedCallback({ 'x-forwarded-for': '54.172.60.1' })).toBe(204);
    // Prepending hops does not change the source: the last hop is the one the tunnel's edge added.
    const forged = await fetch(`${tunnel.url}${PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '1.2.3.4, 203.0.113.9',
      },
      body: `Sid=${PK}`,
    });
    expect(forged.status).toBe(429);
    expect((await fetch(`${tunnel.url}/health`, { headers: attacker })).status).toBe(200);
    expect(await attack.stop()).toBe(true);
  });

  it('answers every callback after idle spells, while the tunnel keeps its connections waiting', async () => {
    // localtunnel opens its ten local connections before any request: a deadline counted from a
    // connection's start (not from its request's headers) answered each 408 as it waited.
    await start({ timeouts: { requestMs: 800 } });
    const codes: number[] = [];
    for (let spell = 0; spell < 4; spell++) {
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      // A connection each, as Twilio's callbacks come: each lands on another of the tunnel's sockets.
      for (let i = 0; i < 10; i++) codes.push(await signedCallback({ connection: 'close' }));
    }
    expect(codes.filter((code) => code !== 204)).toEqual([]);
    expect(received).toHaveLength(40);
  });

  it('answers a signed callback while ten bodies trickle in, before they could finish', async () => {
    // The tunnel offers ten sockets; ten trickled requests hold them all until the receiver lets go.
    await start({ timeouts: { requestMs: 1_000 } });
    const { port } = new URL(tunnel.url);
    const BODY = 200;
    const trickles: { socket: Socket; left: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      // Half carry a plausible signature, so only the request timeout can refuse them.
      const signature = i % 2 === 0 ? `x-twilio-signature: ${'A'.repeat(27)}=\r\n` : '';
      socket.write(
        `POST ${PATH} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${signature}` +
          `content-type: application/x-www-form-urlencoded\r\ncontent-length: ${BODY}\r\n\r\n`,
      );
      trickles.push({ socket, left: BODY });
    }
    const timer = setInterval(() => {
      for (const t of trickles) {
        if (t.left > 0 && !t.socket.destroyed) {
          t.socket.write('a');
          t.left--;
        }
      }
    }, 200);
    try {
      expect(await signedCallback()).toBe(204);
      // Each would need 40 s more to finish sending: the callback did not wait for them.
      expect(trickles.every((t) => t.left > 0)).toBe(true);
      expect(received).toHaveLength(1);
    } finally {
      clearInterval(timer);
      for (const t of trickles) t.socket.destroy();
    }
  });
});
