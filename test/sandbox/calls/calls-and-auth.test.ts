import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { startRig, type Rig } from '../harness';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(rig.sandbox.url + path, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('authentication', () => {
  it('rejects a wrong auth token with 401 and code 20003', async () => {
    const { accountSid } = rig.sandbox.credentials;
    const bad = twilio(accountSid, 'wrong-token', { httpClient: sandboxHttpClient(rig.sandbox.url) });
    await expect(bad.calls.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('rejects a request without credentials with Twilio error body', async () => {
    const { accountSid } = rig.sandbox.credentials;
    const res = await raw(`/2010-04-01/Accounts/${accountSid}/Calls.json`);
    expect(res).toEqual({
      status: 401,
      body: {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      },
    });
  });

  it('accepts the API key SID and secret', async () => {
    const { accountSid, apiKeySid, apiKeySecret } = rig.sandbox.credentials;
    const viaKey = twilio(apiKeySid, apiKeySecret, {
      accountSid,
      httpClient: sandboxHttpClient(rig.sandbox.url),
    });
    const sid = rig.customer();
    await expect(viaKey.calls(sid).fetch()).resolves.toMatchObject({ sid, status: 'in-progress' });
  });

  it('rejects valid credentials used on another account path', async () => {
    const { authToken } = rig.sandbox.credentials;
    const other = 'AC' + 'f'.repeat(32);
    const client = twilio(other, authToken, { httpClient: sandboxHttpClient(rig.sandbox.url) });
    await expect(client.calls.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });
});

describe('error bodies', () => {
  it('answers an unknown route with 404 and code 20404', async () => {
    const res = await raw('/2010-04-01/Nope.json');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 20404, status: 404 });
    expect(Object.keys(res.body).sort()).toEqual(['code', 'message', 'more_info', 'status']);
  });

  it('authenticates before answering an unknown resource under the account', async () => {
    const { accountSid, authToken } = rig.sandbox.credentials;
    // A resource the sandbox does not model (Messages and Recordings it now does).
    const path = `/2010-04-01/Accounts/${accountSid}/Queues.json`;
    expect((await raw(path)).status).toBe(401);
    const basic = Buffer.from(`${accountSid}:${authToken}`).toString('base64');
    const res = await raw(path, { headers: { authorization: `Basic ${basic}` } });
    expect(res).toMatchObject({ status: 404, body: { code: 20404 } });
  });

  it('answers an unknown call SID with 404 and code 20404', async () => {
    await expect(rig.client.calls('CA' + '0'.repeat(32)).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });
});

describe('Calls resource', () => {
  it('fetches a call with RFC 2822 dates and a payments subresource', async () => {
    const sid = rig.customer();
    const call = await rig.client.calls(sid).fetch();
    expect(call).toMatchObject({ sid, from: '+14155550100', to: '+14155550199', direction: 'inbound' });
    expect(call.dateCreated).toBeInstanceOf(Date);
    expect(call.subresourceUris.payments).toContain(`/Calls/${sid}/Payments.json`);
  });

  it('lists child legs by ParentCallSid and Status', async () => {
    const parent = rig.customer();
    const child = rig.sandbox.calls.create({
      from: '+14155550199',
      to: 'client:agent',
      direction: 'outbound-dial',
      parentCallSid: parent,
      status: 'in-progress',
    });
    rig.sandbox.calls.create({
      from: '+1',
      to: 'client:x',
      direction: 'outbound-dial',
      parentCallSid: parent,
    });
    const live = await rig.client.calls.list({ parentCallSid: parent, status: 'in-progress' });
    expect(live.map((c) => c.sid)).toEqual([child.sid]);
    const all = await rig.client.calls.list({ parentCallSid: parent });
    expect(all).toHaveLength(2);
  });

  it('pages through a long list with next_page_uri', async () => {
    const parent = rig.customer();
    for (let i = 0; i < 5; i++) {
      rig.sandbox.calls.create({ from: '+1', to: '+2', direction: 'outbound-dial', parentCallSid: parent });
    }
    const all = await rig.client.calls.list({ parentCallSid: parent, pageSize: 2 });
    expect(all).toHaveLength(5);
  });

  it('hangs up with Status=completed, ending the child legs, and refuses a second hang-up with 21220', async () => {
    const parent = rig.customer();
    const child = rig.sandbox.calls.create({
      from: '+1',
      to: '+2',
      direction: 'outbound-dial',
      parentCallSid: parent,
      status: 'in-progress',
    });
    const ended = await rig.client.calls(parent).update({ status: 'completed' });
    expect(ended.status).toBe('completed');
    expect(rig.sandbox.calls.get(child.sid)?.status).toBe('completed');
    await expect(rig.client.calls(parent).update({ status: 'completed' })).rejects.toMatchObject({
      status: 400,
      code: 21220,
    });
  });
});

describe('control API', () => {
  it('creates a customer call, lists it and hangs it up', async () => {
    const created = await raw('/_sandbox/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+14155550123', to: '+14155550199' }),
    });
    expect(created.status).toBe(201);
    const sid = created.body.sid as string;
    expect(sid).toMatch(/^CA[0-9a-f]{32}$/);
    const listed = await raw('/_sandbox/calls');
    expect(listed.body.calls).toContainEqual(
      expect.objectContaining({ sid, from: '+14155550123', status: 'in-progress', parentCallSid: null }),
    );
    const hung = await raw(`/_sandbox/calls/${sid}/hangup`, { method: 'POST' });
    expect(hung.status).toBe(202);
    expect((await rig.client.calls(sid).fetch()).status).toBe('completed');
  });

  it('rejects digits that are not keypad keys with a clear message', async () => {
    const sid = rig.customer();
    const res = await raw(`/_sandbox/calls/${sid}/digits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ digits: '12a' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/0-9, #, \* and w/);
  });

  it('gives in-process callers the same clear errors', () => {
    expect(() => rig.sandbox.control.createCall({ from: '555', to: '+14155550199' })).toThrow(
      /phone numbers/,
    );
    expect(() => rig.sandbox.control.pressDigits(rig.customer(), '')).toThrow(/1 to 200 keys/);
    expect(() => rig.sandbox.control.hangup('CA' + '9'.repeat(32))).toThrow(/not found/);
  });

  it('delivers keypresses in order with w as a pause', async () => {
    const sid = rig.customer();
    const keys: string[] = [];
    rig.sandbox.calls.onDigit(sid, (d) => keys.push(d));
    await rig.sandbox.control.pressDigits(sid, '12w#');
    await rig.sandbox.control.pressDigits(sid, '*');
    expect(keys).toEqual(['1', '2', '#', '*']);
  });
});
