import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import twilio from 'twilio';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src-main/sandbox/index';
import { parseCliArgs } from '../../../src-main/sandbox/cli-args';
import { freshKey } from '../harness';

interface Seen {
  url: string;
  params: Record<string, string>;
  signature: string;
  settings?: string;
}

let sandbox: Sandbox;
let receiver: FastifyInstance;
let seen: Seen[];
let base: string;

/** A sandbox and a receiver that keeps each callback's signature headers, checking nothing itself. */
async function start(options: SandboxOptions = {}) {
  sandbox = await startSandbox({ timeScale: 0.02, ...options });
  seen = [];
  receiver = Fastify({ logger: false });
  await receiver.register(formbody);
  receiver.post('/*', async (request, reply) => {
    const settings = request.headers['x-twilio-webhooks-signature-settings'];
    seen.push({
      url: base + request.url,
      params: request.body as Record<string, string>,
      signature: String(request.headers['x-twilio-signature'] ?? ''),
      ...(typeof settings === 'string' ? { settings } : {}),
    });
    return reply.code(200).send('');
  });
  await receiver.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(receiver.server.address() as { port: number }).port}`;
  const { accountSid, authToken } = sandbox.credentials;
  const client = twilio(accountSid, authToken, { httpClient: sandboxHttpClient(sandbox.url) });
  const statusCallback = `${base}/status?leg=1`;
  const callSid = sandbox.control.createCall({ from: '+14155550100', to: '+14155550199' }).sid;
  return {
    /** Opens a payment through the official client and resolves with its first callback. */
    async open() {
      const from = seen.length;
      const payment = await client
        .calls(callSid)
        .payments.create({ idempotencyKey: freshKey(), statusCallback });
      await sandbox.idle();
      const callback = seen.slice(from).find((s) => s.params.Sid === payment.sid);
      if (!callback) throw new Error('The sandbox sent no callback for the payment.');
      await client
        .calls(callSid)
        .payments(payment.sid)
        .update({ idempotencyKey: freshKey(), statusCallback, status: 'cancel' });
      await sandbox.idle();
      return callback;
    },
  };
}

afterEach(async () => {
  await sandbox?.close();
  await receiver?.close();
});

const valid = (s: Seen, secret: string, algorithm?: string) =>
  twilio.validateRequest(secret, s.signature, s.url, s.params, algorithm);

describe('sandbox webhook signing', () => {
  it('signs with the Auth Token (HMAC-SHA1) by default, without a settings header', async () => {
    const rig = await start();
    const callback = await rig.open();
    expect(callback.settings).toBeUndefined();
    expect(valid(callback, sandbox.credentials.authToken)).toBe(true);
  });

  it('signs with the shared key and HMAC-SHA256 when told to, and says so in the settings header', async () => {
    const rig = await start({ webhookSigning: 'shared-key' });
    const callback = await rig.open();
    const { webhookSharedKey, webhookSharedKeySid, authToken } = sandbox.credentials;
    expect(callback.settings).toBe(`key=${webhookSharedKeySid},algorithm=HMAC_SHA256`);
    expect(twilio.getSignatureAlgorithm(callback.settings)).toBe(twilio.HMAC_SHA256);
    expect(valid(callback, webhookSharedKey, twilio.HMAC_SHA256)).toBe(true);
    expect(valid(callback, authToken)).toBe(false);
    expect(valid(callback, authToken, twilio.HMAC_SHA256)).toBe(false);
    // Every callback of the payment (start and cancel) was signed the same way.
    expect(seen.length).toBeGreaterThan(1);
    for (const s of seen) expect(valid(s, webhookSharedKey, twilio.HMAC_SHA256)).toBe(true);
  });

  it('switches signing at run time, for the webhooks sent from then on', async () => {
    const rig = await start({
      webhookSigning: 'shared-key',
      credentials: { webhookSharedKey: 'my-own-shared-key-secret' },
    });
    expect(valid(await rig.open(), 'my-own-shared-key-secret', twilio.HMAC_SHA256)).toBe(true);
    sandbox.setWebhookSigning('auth-token');
    const after = await rig.open();
    expect(after.settings).toBeUndefined();
    expect(valid(after, sandbox.credentials.authToken)).toBe(true);
    expect(() => sandbox.setWebhookSigning('hmac-md5' as never)).toThrow(/auth-token or shared-key/);
  });

  it('the emulator command line chooses the signing and the shared key', () => {
    const parsed = parseCliArgs(['--sign-with', 'shared-key', '--webhook-shared-key', 'k'.repeat(20)]);
    expect(parsed).toMatchObject({
      help: false,
      options: { webhookSigning: 'shared-key', credentials: { webhookSharedKey: 'k'.repeat(20) } },
    });
    expect(() => parseCliArgs(['--sign-with', 'sha256'])).toThrow(
      /--sign-with must be auth-token or shared-key/,
    );
  });
});
