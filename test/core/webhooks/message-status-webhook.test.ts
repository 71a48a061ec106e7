import { afterEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import type { FastifyInstance } from 'fastify';
import { buildWebhookApp } from '../../../src-main/core/webhooks';
import { silentLog } from '../../../src-main/core/log';

const TOKEN = 'test-auth-token-0123456789abcdef';
const PUBLIC = 'https://callpay-test.loca.lt';
const PATH = '/twilio/messages/status?r=receipt-1&s=session-1';
const status = {
  MessageSid: `SM${'a'.repeat(32)}`,
  MessageStatus: 'delivered',
  AccountSid: `AC${'f'.repeat(32)}`,
};

let app: FastifyInstance;
let received: { params: Record<string, string>; query: Record<string, string> }[];

afterEach(() => app?.close());

async function build() {
  received = [];
  app = await buildWebhookApp({
    authToken: () => TOKEN,
    publicBaseUrls: () => [PUBLIC],
    handlers: {
      paymentStatus: () => undefined,
      legStatus: () => undefined,
      messageStatus: (params, query) => received.push({ params, query }),
    },
    voice: { callerId: () => '+15005550006', agentIdentity: () => 'maria' },
    log: silentLog,
  });
}

function post(path: string, params: Record<string, string>, signedUrl?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signedUrl) headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(TOKEN, signedUrl, params);
  return app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() });
}

describe('a texted receipt’s status callback', () => {
  it('is handed on with the receipt and payment its signed URL named', async () => {
    await build();
    expect((await post(PATH, status, `${PUBLIC}${PATH}`)).statusCode).toBe(204);
    expect(received).toEqual([{ params: status, query: { r: 'receipt-1', s: 'session-1' } }]);
  });

  it('is refused 403 unsigned, or signed over another receipt’s URL, and changes nothing', async () => {
    await build();
    expect((await post(PATH, status)).statusCode).toBe(403);
    const other = '/twilio/messages/status?r=receipt-2&s=session-1';
    expect((await post(PATH, status, `${PUBLIC}${other}`)).statusCode).toBe(403);
    expect(received).toEqual([]);
  });

  it('refuses a signed callback without a Message SID with 400', async () => {
    await build();
    const { MessageSid: _sid, ...rest } = status;
    expect((await post(PATH, rest, `${PUBLIC}${PATH}`)).statusCode).toBe(400);
    expect(received).toEqual([]);
  });
});
