import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { startSandbox, type Sandbox, type SandboxContext } from '../../../src-main/sandbox/index';
import { startReceiver } from '../harness';

let sandbox: Sandbox;
let ctx: SandboxContext;
let client: ReturnType<typeof twilio>;
beforeAll(async () => {
  sandbox = await startSandbox({
    extensions: [
      (c) => {
        ctx = c;
        c.app.get('/voice-ext/ping', async () => ({ pong: true }));
      },
    ],
  });
  client = twilio(sandbox.credentials.accountSid, sandbox.credentials.authToken, {
    httpClient: sandboxHttpClient(sandbox.url),
  });
});
afterAll(() => sandbox.close());

describe('account setup resources', () => {
  it('creates, lists and updates a TwiML App that extensions can look up', async () => {
    const app = await client.applications.create({
      friendlyName: 'Callpay',
      voiceUrl: 'https://example.test/voice',
    });
    expect(app.sid).toMatch(/^AP[0-9a-f]{32}$/);
    expect((await client.applications.list({ friendlyName: 'Callpay' })).map((a) => a.sid)).toEqual([
      app.sid,
    ]);
    const updated = await client.applications(app.sid).update({ voiceUrl: 'https://example.test/voice2' });
    expect(updated.voiceUrl).toBe('https://example.test/voice2');
    expect(ctx.resources.application(app.sid)?.voiceUrl).toBe('https://example.test/voice2');
  });

  it('creates an API key whose secret authenticates REST calls, and lists keys without secrets', async () => {
    const key = await client.newKeys.create({ friendlyName: 'callpay-laptop' });
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    expect(key.secret).toHaveLength(32);
    const viaKey = twilio(key.sid, key.secret, {
      accountSid: sandbox.credentials.accountSid,
      httpClient: sandboxHttpClient(sandbox.url),
    });
    await expect(viaKey.calls.list()).resolves.toEqual([]);
    const listed = await client.keys.list();
    expect(listed.map((k) => k.sid)).toContain(key.sid);
    expect(JSON.stringify(listed)).not.toContain(key.secret);
    await client.keys(key.sid).remove();
    await expect(viaKey.calls.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('lists the provisioned number and wires its voice URL or TwiML App', async () => {
    const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: '+14155550199' });
    expect(number?.phoneNumber).toBe('+14155550199');
    await client.incomingPhoneNumbers(number!.sid).update({ voiceUrl: 'https://example.test/incoming' });
    expect(ctx.resources.numberByPhone('+14155550199')?.voiceUrl).toBe('https://example.test/incoming');
    await expect(
      client.incomingPhoneNumbers(number!.sid).update({ voiceApplicationSid: 'AP' + '0'.repeat(32) }),
    ).rejects.toMatchObject({ status: 400, code: 21606 });
    const bought = await client.incomingPhoneNumbers.create({ phoneNumber: '+14155550123' });
    expect(bought.sid).toMatch(/^PN/);
    await expect(client.incomingPhoneNumbers.create({ phoneNumber: '+14155550123' })).rejects.toMatchObject({
      code: 21422,
    });
  });

  it('answers unknown setup SIDs with 20404', async () => {
    await expect(client.applications('AP' + 'a'.repeat(32)).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('runs extensions before listening, so their routes are served', async () => {
    const res = await fetch(`${sandbox.url}/voice-ext/ping`);
    expect(await res.json()).toEqual({ pong: true });
  });

  it('postSigned signs a TwiML-style request that validateRequest accepts', async () => {
    const receiver = await startReceiver(sandbox.credentials.authToken);
    try {
      const posted = await ctx.postSigned(receiver.url('/voice?x=1'), {
        CallSid: 'CA1',
        From: '+14155550100',
      });
      expect(posted.status).toBe(200);
      expect(receiver.badSignatures).toEqual([]);
      expect(receiver.received).toEqual([
        { path: '/voice?x=1', params: { CallSid: 'CA1', From: '+14155550100' } },
      ]);
    } finally {
      await receiver.close();
    }
  });
});
