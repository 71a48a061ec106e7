import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { tempDir } from '../helpers/temp-dir';
import { openSocket, wsInvoker } from '../helpers/ws-client';
import { waitFor } from '../helpers/wait-for';

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let origin: string;

beforeAll(async () => {
  dir = await tempDir('web-');
  const rendererDir = join(dir.path, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Callpay</title>');
  core = await createCore({ dataDir: join(dir.path, 'data'), version: '9.9.9' });
  server = await startWebServer({ host: core.api, rendererDir });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await core.stop();
  await dir.cleanup();
});

function statusWithHost(path: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
      .on('error', reject)
      .end();
  });
}

/** A WebSocket upgrade with a foreign Host on a raw socket the client keeps open; resolves on the answer. */
function refusedUpgrade(): Promise<{ socket: Socket; answer: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n\r\n')) resolve({ socket, answer });
    });
    socket.write(
      `GET /api?token=${server.token} HTTP/1.1\r\nHost: evil.example\r\nConnection: Upgrade\r\n` +
        'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
}

const openConnections = () =>
  new Promise<number>((resolve, reject) =>
    server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

const apiUrl = (token: string | undefined) =>
  `ws://127.0.0.1:${server.port}/api${token === undefined ? '' : `?token=${token}`}`;

describe('browser mode', () => {
  it('prints a console URL on loopback carrying the token', () => {
    expect(server.consoleUrl).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a missing token', async () => {
    expect(await openSocket(apiUrl(undefined), origin)).toEqual({ status: 403 });
  });

  it('refuses a wrong token', async () => {
    const wrong = server.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect(await openSocket(apiUrl(wrong), origin)).toEqual({ status: 403 });
  });

  it('refuses a foreign Origin even with the right token', async () => {
    expect(await openSocket(apiUrl(server.token), 'http://evil.example')).toEqual({ status: 403 });
    expect(await openSocket(apiUrl(server.token))).toEqual({ status: 403 });
  });

  it('refuses a foreign Host (DNS rebinding) for pages and the API', async () => {
    expect(await statusWithHost('/', 'evil.example')).toBe(421);
    expect(await statusWithHost(`/api?token=${server.token}`, `evil.example:${server.port}`)).toBe(421);
    expect(await statusWithHost('/', `localhost:${server.port}`)).toBe(200);
  });

  it('closes every WebSocket upgrade it refuses for its Host, so refusals cannot pile up', async () => {
    const refused: { socket: Socket; answer: string }[] = [];
    for (let i = 0; i < 25; i++) refused.push(await refusedUpgrade());
    expect(refused.every((r) => r.answer.startsWith('HTTP/1.1 421'))).toBe(true);
    await waitFor(async () => (await openConnections()) === 0, 5_000, 'the server to let go of them');
    await waitFor(() => refused.every((r) => r.socket.destroyed || r.socket.readableEnded), 5_000, 'closed');
    expect(await statusWithHost('/', `localhost:${server.port}`)).toBe(200);
    for (const r of refused) r.socket.destroy();
  });

  it('serves the renderer with no-referrer so the token never leaks', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('carries commands and events for a client with the token and the right Origin', async () => {
    const { socket } = await openSocket(apiUrl(server.token), origin);
    const api = wsInvoker(socket!);
    expect(await api.invoke('app.status', {})).toMatchObject({
      ok: true,
      value: { mode: 'sandbox', version: '9.9.9' },
    });
    expect(await api.invoke('settings.set', { agentIdentity: 'maria' })).toMatchObject({
      ok: true,
      value: { agentIdentity: 'maria' },
    });
    expect(api.events.map((e) => e.name)).toContain('settings.changed');
    expect(await api.invoke('settings.set', { agentIdentity: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'agentIdentity' },
    });
    socket!.close();
  });

  it('closes a socket that sends a frame outside the protocol', async () => {
    const { socket } = await openSocket(apiUrl(server.token), origin);
    const closed = new Promise<number>((resolve) => socket!.once('close', resolve));
    socket!.send('{"type":"subscribe-all"}');
    expect(await closed).toBe(1007);
  });
});
