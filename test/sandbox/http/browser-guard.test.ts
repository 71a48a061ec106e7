import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox';
import { createVoice, type SandboxVoice } from '../../../src-main/sandbox/voice';

// The console's own origin: the one browser page allowed to reach the sandbox.
const CONSOLE = 'http://127.0.0.1:4321';
const EVIL = 'http://evil.example';

let sandbox: Sandbox;
let voice: SandboxVoice;

beforeAll(async () => {
  voice = createVoice();
  sandbox = await startSandbox({ extensions: [voice.extension], allowedOrigins: () => [CONSOLE] });
});
afterAll(() => sandbox.close());

/** A real HTTP request to the sandbox with the Host and Origin a browser page would send. */
function send(
  path: string,
  options: { method?: string; host?: string; origin?: string; body?: string; auth?: boolean } = {},
): Promise<{ status: number; body: string }> {
  const { accountSid, authToken } = sandbox.credentials;
  const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${sandbox.port}` };
  if (options.origin) headers.origin = options.origin;
  if (options.auth) headers.authorization = `Basic ${btoa(`${accountSid}:${authToken}`)}`;
  if (options.body) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: sandbox.port, path, method: options.method ?? 'GET', headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens a WebSocket and reports the handshake's status: 101 when it opened. */
function handshake(url: string, options: { origin?: string; host?: string; ca?: string }) {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(url, {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.host ? { headers: { host: options.host } } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', reject);
  });
}

const callBody = JSON.stringify({ from: '+14155550123', to: '+14155550100' });

describe('the sandbox refuses pages other than the console (DNS rebinding, CSRF)', () => {
  it('refuses a foreign Host on REST and the control API, and creates nothing', async () => {
    const { accountSid } = sandbox.credentials;
    const rebinding = `evil.example:${sandbox.port}`;
    const calls = await send(`/2010-04-01/Accounts/${accountSid}/Calls.json`, {
      host: rebinding,
      auth: true,
    });
    expect(calls.status).toBe(421);
    expect(JSON.parse(calls.body)).toMatchObject({
      status: 421,
      message: expect.stringContaining('127.0.0.1'),
    });
    expect((await send('/_sandbox/ledger', { host: rebinding })).status).toBe(421);
    const created = await send('/_sandbox/calls', { method: 'POST', host: rebinding, body: callBody });
    expect(created.status).toBe(421);
    expect(sandbox.control.listCalls()).toEqual([]);
  });

  it('refuses a foreign Origin (a page elsewhere posting to the sandbox) and creates nothing', async () => {
    const created = await send('/_sandbox/calls', { method: 'POST', origin: EVIL, body: callBody });
    expect(created.status).toBe(403);
    expect(JSON.parse(created.body)).toMatchObject({
      status: 403,
      message: expect.stringContaining('console'),
    });
    expect(sandbox.control.listCalls()).toEqual([]);
    expect((await send('/_sandbox/ledger', { origin: EVIL })).status).toBe(403);
    const { accountSid } = sandbox.credentials;
    expect(
      (await send(`/2010-04-01/Accounts/${accountSid}/Calls.json`, { origin: EVIL, auth: true })).status,
    ).toBe(403);
  });

  it('serves clients without an Origin (the twilio library) and the console origin', async () => {
    const { accountSid } = sandbox.credentials;
    expect((await send(`/2010-04-01/Accounts/${accountSid}/Calls.json`, { auth: true })).status).toBe(200);
    expect((await send('/_sandbox/ledger', { origin: CONSOLE })).status).toBe(200);
    expect((await send('/_sandbox/ledger', { host: `localhost:${sandbox.port}` })).status).toBe(200);
    expect((await send('/_sandbox/calls', { method: 'POST', body: callBody })).status).toBeLessThan(300);
    expect(sandbox.control.listCalls()).toHaveLength(1);
  });

  it('refuses a softphone registering from a foreign page on both signaling endpoints', async () => {
    const plain = `ws://127.0.0.1:${sandbox.port}/signal`;
    expect(await handshake(plain, { origin: EVIL })).toBe(403);
    expect(await handshake(plain, { host: `evil.example:${sandbox.port}` })).toBe(421);
    expect(await handshake(plain, { origin: CONSOLE })).toBe(101);

    const secure = voice.secureSignaling();
    const ca = secure.certificatePem;
    expect(await handshake(secure.url, { origin: EVIL, ca })).toBe(403);
    expect(await handshake(secure.url, { host: 'evil.example', ca })).toBe(421);
    expect(await handshake(secure.url, { origin: CONSOLE, ca })).toBe(101);
    expect(await handshake(secure.url, { ca })).toBe(101);
  });

  it('closes refused WebSocket upgrades itself instead of keeping their sockets', async () => {
    const closedByServer = () =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(sandbox.port, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('error', reject);
        // The client never closes: only the server ending the socket resolves this.
        socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
        socket.write(
          `GET /signal HTTP/1.1\r\nHost: 127.0.0.1:${sandbox.port}\r\nOrigin: ${EVIL}\r\n` +
            'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
      });
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await closedByServer());
    expect(answers).toEqual(Array(20).fill('HTTP/1.1 403 Forbidden'));
  });
});

describe('sandbox credentials', () => {
  it('are made fresh for each run unless given, and the old fixed ones open nothing', async () => {
    const other = await startSandbox();
    const given = await startSandbox({ credentials: { authToken: 'given-token' } });
    try {
      expect(other.credentials.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(other.credentials.apiKeySid).toMatch(/^SK[0-9a-f]{32}$/);
      expect(other.credentials.accountSid).not.toBe(sandbox.credentials.accountSid);
      expect(other.credentials.authToken).not.toBe(sandbox.credentials.authToken);
      expect(other.credentials.apiKeySecret).not.toBe(sandbox.credentials.apiKeySecret);
      expect(given.credentials.authToken).toBe('given-token');
      const fixed = `AC5a${'0'.repeat(27)}001:sandbox0auth0token00000000000000`;
      const res = await fetch(`${other.url}/2010-04-01/Accounts/AC5a${'0'.repeat(27)}001/Calls.json`, {
        headers: { authorization: `Basic ${btoa(fixed)}` },
      });
      expect(res.status).toBe(401);
    } finally {
      await other.close();
      await given.close();
    }
  });
});
