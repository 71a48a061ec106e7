import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import twilio from 'twilio';
import { sandboxHttpClient } from '../../src-main/core/twilio/sandbox-http-client';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/index';

/** A callback as the test's own receiver got it, after its signature passed validateRequest. */
export interface Received {
  path: string;
  params: Record<string, string>;
  /** I-Twilio-Idempotency-Token: the same on a duplicate delivery of one event. */
  token?: string;
}

/** The test's own webhook receiver: checks every X-Twilio-Signature with the twilio library. */
export async function startReceiver(authToken: string) {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  const received: Received[] = [];
  const badSignatures: string[] = [];
  const waiters: Array<() => void> = [];
  let base = '';
  app.post('/*', async (request, reply) => {
    const params = request.body as Record<string, string>;
    const url = base + request.url;
    const signature = String(request.headers['x-twilio-signature'] ?? '');
    if (!twilio.validateRequest(authToken, signature, url, params)) {
      badSignatures.push(url);
      return reply.code(403).send('bad signature');
    }
    const token = request.headers['i-twilio-idempotency-token'];
    received.push({ path: request.url, params, ...(typeof token === 'string' ? { token } : {}) });
    waiters.splice(0).forEach((w) => w());
    return reply.code(200).send('');
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  /** Resolves with the first callback (after `from`) that satisfies `match`; fails after `ms`. */
  async function waitFor(
    match: (p: Record<string, string>) => boolean,
    ms = 3000,
    from = 0,
  ): Promise<Received> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = received.slice(from).find((r) => match(r.params));
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `No matching callback; got ${received.length}: ${received.map(describe).join(' | ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  return {
    url: (path = '/status') => base + path,
    received,
    badSignatures,
    waitFor,
    close: () => app.close(),
  };
}

function describe(r: Received): string {
  const p = r.params;
  return [p.Capture, p.PartialResult, p.Required, p.ErrorType, p.Result].map((v) => v ?? '-').join(',');
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** A sandbox (timers 50x faster), the official twilio client pointed at it, and a signature-checking receiver. */
export async function startRig(options: SandboxOptions = {}) {
  const sandbox: Sandbox = await startSandbox({ timeScale: 0.02, ...options });
  const { accountSid, authToken } = sandbox.credentials;
  const client = twilio(accountSid, authToken, { httpClient: sandboxHttpClient(sandbox.url) });
  const receiver = await startReceiver(authToken);
  return {
    sandbox,
    client,
    receiver,
    /** A customer who called in and was answered. */
    customer: () => sandbox.control.createCall({ from: '+14155550100', to: '+14155550199' }).sid,
    close: async () => {
      await sandbox.close();
      await receiver.close();
    },
  };
}

export type Rig = Awaited<ReturnType<typeof startRig>>;

let keyCounter = 0;
/** A fresh IdempotencyKey per write, as the app must send. */
export function freshKey(): string {
  keyCounter += 1;
  return `test-${process.pid}-${Date.now()}-${keyCounter}`;
}
