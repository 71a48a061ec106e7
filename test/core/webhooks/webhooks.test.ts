import { afterEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { buildWebhookApp } from '../../../src-main/core/webhooks';
import { silentLog } from '../../../src-main/core/log';

const TOKEN = 'test-auth-token-0123456789abcdef';
const PUBLIC = 'https://callpay-test.loca.lt';
const PK = `PK${'d'.repeat(32)}`;
const CA = `CA${'e'.repeat(32)}`;

let app: FastifyInstance;
let received: Record<string, string>[];
let legs: Record<string, string>[];
let bases: string[];

async function build(options: { bodyLimit?: number; rateLimitPerMinute?: number } = {}) {
  received = [];
  legs = [];
  bases = [PUBLIC];
  app = await buildWebhookApp({
    authToken: () => TOKEN,
    publicBaseUrls: () => bases,
    handlers: { paymentStatus: (p) => received.push(p), legStatus: (p) => legs.push(p) },
    voice: { callerId: () => '+15005550006', agentIdentity: () => 'maria' },
    log: silentLog,
    instanceId: 'run-1',
    ...options,
  });
}

afterEach(() => app?.close());

function post(path: string, params: Record<string, string>, signWith?: { url?: string; token?: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signWith) {
    headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(
      signWith.token ?? TOKEN,
      signWith.url ?? `${PUBLIC}${path}`,
      params,
    );
  }
  return app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() });
}

const status = { Sid: PK, CallSid: CA, AccountSid: `AC${'f'.repeat(32)}`, Capture: 'payment-card-number' };

describe('webhook receiver: signatures', () => {
  it('accepts a payment callback signed over the public URL and hands it on', async () => {
    await build();
    const res = await post('/twilio/payments/status', status, {});
    expect(res.statusCode).toBe(204);
    expect(received).toEqual([status]);
  });

  it('refuses a missing signature with 403 and hands nothing on', async () => {
    await build();
    expect((await post('/twilio/payments/status', status)).statusCode).toBe(403);
    expect(received).toEqual([]);
  });

  it('refuses a signature made over the local Host instead of the public URL', async () => {
    await build();
    const res = await post('/twilio/payments/status', status, {
      url: 'http://localhost:80/twilio/payments/status',
    });
    expect(res.statusCode).toBe(403);
    expect(received).toEqual([]);
  });

  it('refuses a wrong token and a tampered parameter', async () => {
    await build();
    expect((await post('/twilio/payments/status', status, { token: 'other-token' })).statusCode).toBe(403);
    const signed = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/twilio/payments/status`, status);
    const res = await app.inject({
      method: 'POST',
      url: '/twilio/payments/status',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signed },
      payload: new URLSearchParams({ ...status, Result: 'success' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(received).toEqual([]);
  });

  it('checks the query string as part of the URL', async () => {
    await build();
    const path = '/twilio/payments/status?session=s1';
    expect((await post(path, status, { url: `${PUBLIC}/twilio/payments/status` })).statusCode).toBe(403);
    expect((await post(path, status, {})).statusCode).toBe(204);
  });

  it('still accepts callbacks signed for the previous tunnel URL after a reconnect', async () => {
    await build();
    bases = ['https://new-name.loca.lt', PUBLIC];
    expect((await post('/twilio/payments/status', status, {})).statusCode).toBe(204);
    bases = ['https://new-name.loca.lt'];
    expect((await post('/twilio/payments/status', status, {})).statusCode).toBe(403);
  });

  it('refuses every /twilio route unsigned, but health needs no signature', async () => {
    await build();
    for (const path of ['/twilio/voice/app', '/twilio/voice/number', '/twilio/voice/leg-status']) {
      expect((await post(path, { CallSid: CA })).statusCode).toBe(403);
    }
    expect(legs).toEqual([]);
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ ok: true, instance: 'run-1' });
  });
});

describe('webhook receiver: limits', () => {
  it('refuses JSON bodies with 415', async () => {
    await build();
    const res = await app.inject({
      method: 'POST',
      url: '/twilio/payments/status',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(status),
    });
    expect(res.statusCode).toBe(415);
    expect(received).toEqual([]);
  });

  it('refuses bodies over the limit with 413', async () => {
    await build({ bodyLimit: 1024 });
    const res = await post('/twilio/payments/status', { ...status, Description: 'x'.repeat(2000) }, {});
    expect(res.statusCode).toBe(413);
  });

  it('answers 429 past the rate limit', async () => {
    await build({ rateLimitPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await post('/twilio/payments/status', status, {})).statusCode);
    expect(codes).toEqual([204, 204, 204, 429]);
  });

  it('refuses a signed callback without a payment Sid with 400', async () => {
    await build();
    expect((await post('/twilio/payments/status', { CallSid: CA }, {})).statusCode).toBe(400);
  });

  it('checks the signature before the body schema, says which field is missing, and allows new fields', async () => {
    await build();
    const unsigned = await post('/twilio/payments/status', { CallSid: CA });
    expect(unsigned.statusCode).toBe(403);
    const forged = await post('/twilio/payments/status', { CallSid: CA }, { token: 'not-the-token' });
    expect(forged.statusCode).toBe(403);
    const bad = await post('/twilio/payments/status', { Sid: 'PK-not-a-sid' }, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toBe('Missing Sid');
    const legBad = await post('/twilio/voice/leg-status', { CallStatus: 'completed' }, {});
    expect(legBad.body).toBe('Missing CallSid');
    expect(received).toEqual([]);
    const newer = { ...status, FieldTwilioAddedLater: 'x' };
    expect((await post('/twilio/payments/status', newer, {})).statusCode).toBe(204);
    expect(received).toEqual([newer]);
  });
});

describe('webhook receiver: voice TwiML', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false });

  it('the TwiML App URL dials the number from the caller ID with a status callback on the child leg', async () => {
    await build();
    const res = await post(
      '/twilio/voice/app',
      { CallSid: CA, To: '+14155550100', From: 'client:maria' },
      {},
    );
    expect(res.headers['content-type']).toContain('text/xml');
    const dial = parser.parse(res.body).Response.Dial;
    expect(dial.callerId).toBe('+15005550006');
    expect(dial.Number['#text']).toBe('+14155550100');
    expect(dial.Number.statusCallback).toBe(`${PUBLIC}/twilio/voice/leg-status`);
    expect(dial.Number.statusCallbackEvent).toContain('answered');
  });

  it('the TwiML App URL refuses a number that is not E.164, saying why', async () => {
    await build();
    const res = await post('/twilio/voice/app', { CallSid: CA, To: '555-0100' }, {});
    const xml = parser.parse(res.body).Response;
    expect(xml.Dial).toBeUndefined();
    expect(xml.Say).toContain('international format');
  });

  it('the number URL rings the agent client and passes the customer CallSid', async () => {
    await build();
    const res = await post('/twilio/voice/number', { CallSid: CA, From: '+14155550100' }, {});
    const client = parser.parse(res.body).Response.Dial.Client;
    expect(client.Identity).toBe('maria');
    expect(client.Parameter).toEqual({ name: 'customerCallSid', value: CA });
  });

  it('leg status callbacks are handed on after the signature check', async () => {
    await build();
    const leg = { CallSid: CA, ParentCallSid: `CA${'1'.repeat(32)}`, CallStatus: 'in-progress' };
    expect((await post('/twilio/voice/leg-status', leg, {})).statusCode).toBe(204);
    expect(legs).toEqual([leg]);
  });
});
