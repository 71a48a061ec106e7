import { afterEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import type { FastifyInstance } from 'fastify';
import { buildWebhookApp } from '../../../src-main/core/webhooks';
import { silentLog } from '../../../src-main/core/log';

const TOKEN = 'test-auth-token-0123456789abcdef';
const SHARED = 'shared-key-secret-fedcba9876543210';
const SETTINGS = `key=webhooks_sharedkey_01h2xcejqtf2nbrexx3vqjhp41,algorithm=${twilio.HMAC_SHA256}`;
const PUBLIC = 'https://callpay-test.loca.lt';
const PATH = '/twilio/payments/status';
const status = {
  Sid: `PK${'d'.repeat(32)}`,
  CallSid: `CA${'e'.repeat(32)}`,
  AccountSid: `AC${'f'.repeat(32)}`,
  Capture: 'payment-card-number',
};

let app: FastifyInstance;
let received: Record<string, string>[];

async function build({ sharedKey }: { sharedKey?: string } = { sharedKey: SHARED }) {
  received = [];
  app = await buildWebhookApp({
    authToken: () => TOKEN,
    sharedKey: () => sharedKey,
    publicBaseUrls: () => [PUBLIC],
    handlers: { paymentStatus: (p) => received.push(p), legStatus: () => undefined },
    voice: { callerId: () => '+15005550006', agentIdentity: () => 'maria' },
    log: silentLog,
  });
}

afterEach(() => app?.close());

interface Signing {
  secret?: string;
  algorithm?: string;
  /** The settings header to send; omitted sends none. */
  settings?: string;
  url?: string;
  signature?: string;
}

function post(params: Record<string, string>, signing: Signing, path = PATH) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signature =
    signing.signature ??
    twilio.getExpectedTwilioSignature(
      signing.secret ?? TOKEN,
      signing.url ?? `${PUBLIC}${path}`,
      params,
      signing.algorithm,
    );
  headers['x-twilio-signature'] = signature;
  if (signing.settings !== undefined) headers['x-twilio-webhooks-signature-settings'] = signing.settings;
  return app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() });
}

const sha256 = { secret: SHARED, algorithm: twilio.HMAC_SHA256, settings: SETTINGS };

describe('webhook receiver: Auth Token (HMAC-SHA1) and SharedKey (HMAC-SHA256) signatures', () => {
  it('accepts a callback signed with the Auth Token and one signed with the shared key', async () => {
    await build();
    expect((await post(status, {})).statusCode).toBe(204);
    expect((await post({ ...status, PartialResult: 'true' }, sha256)).statusCode).toBe(204);
    expect(received).toEqual([status, { ...status, PartialResult: 'true' }]);
  });

  it('accepts either algorithm through the library for a URL Twilio signed with its port spelled out', async () => {
    await build();
    const url = 'https://callpay-test.loca.lt:443/twilio/payments/status';
    expect((await post(status, { url })).statusCode).toBe(204);
    expect((await post(status, { ...sha256, url })).statusCode).toBe(204);
    expect(received).toHaveLength(2);
  });

  it('refuses a missing signature with 403, with or without the settings header', async () => {
    await build();
    for (const settings of [undefined, SETTINGS]) {
      const res = await app.inject({
        method: 'POST',
        url: PATH,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(settings ? { 'x-twilio-webhooks-signature-settings': settings } : {}),
        },
        payload: new URLSearchParams(status).toString(),
      });
      expect(res.statusCode).toBe(403);
    }
    expect(received).toEqual([]);
  });

  it('refuses a wrong key for each algorithm with 403', async () => {
    await build();
    expect((await post(status, { secret: 'not-the-token' })).statusCode).toBe(403);
    expect((await post(status, { ...sha256, secret: 'not-the-shared-key-secret' })).statusCode).toBe(403);
    // Each key is only good for its own kind: the shared key without its header, the token with it.
    expect((await post(status, { secret: SHARED })).statusCode).toBe(403);
    expect((await post(status, { ...sha256, secret: TOKEN })).statusCode).toBe(403);
    expect(received).toEqual([]);
  });

  it('refuses a tampered parameter under an HMAC-SHA256 signature', async () => {
    await build();
    const signature = twilio.getExpectedTwilioSignature(
      SHARED,
      `${PUBLIC}${PATH}`,
      status,
      twilio.HMAC_SHA256,
    );
    const res = await post({ ...status, Result: 'success' }, { settings: SETTINGS, signature });
    expect(res.statusCode).toBe(403);
    expect(received).toEqual([]);
  });

  it('refuses the right HMAC-SHA256 signature when the header is missing or names another algorithm', async () => {
    await build();
    const { settings: _omit, ...noHeader } = sha256;
    expect((await post(status, noHeader)).statusCode).toBe(403);
    const sha1Header = 'key=webhooks_sharedkey_x,algorithm=HMAC_SHA1';
    expect((await post(status, { ...sha256, settings: sha1Header })).statusCode).toBe(403);
    const unknown = 'key=webhooks_sharedkey_x,algorithm=HMAC_SHA512';
    expect((await post(status, { ...sha256, settings: unknown })).statusCode).toBe(403);
    expect(received).toEqual([]);
  });

  it('checks an HMAC-SHA1 shared-key signature with the shared key when the header says so', async () => {
    await build();
    const sha1Header = 'key=webhooks_sharedkey_x,algorithm=HMAC_SHA1';
    expect((await post(status, { secret: SHARED, settings: sha1Header })).statusCode).toBe(204);
    expect((await post(status, { secret: TOKEN, settings: sha1Header })).statusCode).toBe(403);
    expect(received).toHaveLength(1);
  });

  it('refuses shared-key callbacks with 403 while no shared key is saved, and still takes Auth Token ones', async () => {
    await build({});
    expect((await post(status, sha256)).statusCode).toBe(403);
    expect((await post(status, {})).statusCode).toBe(204);
    expect(received).toEqual([status]);
  });
});
