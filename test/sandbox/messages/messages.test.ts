import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { startReceiver, type Receiver } from '../harness';

const FROM = '+14155550199';
const TO = '+14155550123';

let sandbox: Sandbox;
let receiver: Receiver;
let client: ReturnType<typeof twilio>;

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 0.05 });
  receiver = await startReceiver(sandbox.credentials.authToken);
  client = twilio(sandbox.credentials.accountSid, sandbox.credentials.authToken, {
    httpClient: sandboxHttpClient(sandbox.url),
  });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
afterEach(() => sandbox.setMessageFailure({ mode: 'none' }));

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => ({ status: 0, code: 0 }),
    (e: { status: number; code: number }) => ({ status: e.status, code: e.code }),
  );

describe('the sandbox Messages resource, through the official twilio library', () => {
  it('queues a message, then posts signed sent and delivered callbacks; fetch follows', async () => {
    const from = receiver.received.length;
    const created = await client.messages.create({
      to: TO,
      from: FROM,
      body: 'Thank you for your payment',
      statusCallback: receiver.url('/sms'),
    });
    expect(created).toMatchObject({ status: 'queued', to: TO, from: FROM, direction: 'outbound-api' });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.numSegments).toBe('1');
    const delivered = await receiver.waitFor((p) => p.MessageStatus === 'delivered', 3000, from);
    expect(delivered.params).toMatchObject({ MessageSid: created.sid, SmsStatus: 'delivered', To: TO });
    expect(delivered.params.Body).toBeUndefined();
    const order = receiver.received.slice(from).map((r) => r.params.MessageStatus);
    expect(order).toEqual(['sent', 'delivered']);
    expect(receiver.badSignatures).toEqual([]);
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateSent).toBeInstanceOf(Date);
  });

  it('lists messages filtered by To, From and the day sent', async () => {
    const other = '+14155550124';
    const m = await client.messages.create({ to: other, from: FROM, body: 'Receipt two' });
    await sandbox.idle();
    const listed = await client.messages.list({
      to: other,
      from: FROM,
      dateSentAfter: new Date(Date.now() - 60_000),
    });
    expect(listed.map((x) => x.sid)).toEqual([m.sid]);
    expect(await client.messages.list({ to: other, dateSentBefore: new Date('2000-01-01') })).toEqual([]);
  });

  it("refuses what Twilio refuses at create, with Twilio's codes", async () => {
    expect(await refusal(client.messages.create({ to: '555', from: FROM, body: 'x' }))).toEqual({
      status: 400,
      code: 21211,
    });
    expect(await refusal(client.messages.create({ to: '+15005550004', from: FROM, body: 'x' }))).toEqual({
      status: 400,
      code: 21610,
    });
    expect(await refusal(client.messages.create({ to: TO, from: '+14155550100', body: 'x' }))).toEqual({
      status: 400,
      code: 21606,
    });
    expect(await refusal(client.messages.create({ to: TO, from: FROM, body: 'x'.repeat(1601) }))).toEqual({
      status: 400,
      code: 21617,
    });
  });

  it('the failure switch makes a message undelivered with the carrier code, or refuses the number', async () => {
    sandbox.setMessageFailure({ mode: 'undelivered', errorCode: 30006 });
    const from = receiver.received.length;
    const m = await client.messages.create({
      to: TO,
      from: FROM,
      body: 'x',
      statusCallback: receiver.url('/sms'),
    });
    const cb = await receiver.waitFor((p) => p.MessageStatus === 'undelivered', 3000, from);
    expect(cb.params).toMatchObject({ MessageSid: m.sid, ErrorCode: '30006' });
    expect((await client.messages(m.sid).fetch()).errorCode).toBe(30006);

    const put = await fetch(`${sandbox.url}/_sandbox/messages/failure`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'invalid-number' }),
    });
    expect(put.status).toBe(204);
    expect(await refusal(client.messages.create({ to: TO, from: FROM, body: 'x' }))).toEqual({
      status: 400,
      code: 21211,
    });
  });
});
