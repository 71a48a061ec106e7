import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startTeamServer, type TeamServerOptions } from '../../../src-main/server/team-server';
import { tempDir } from '../../helpers/temp-dir';

/** A server instance on a temp data dir, port 0, with a one-page console; `close` removes it all. */
export async function startTestServer(options: Partial<TeamServerOptions> = {}) {
  const dir = await tempDir('server-');
  const rendererDir = join(dir.path, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Callpay console</title>');
  const dataDir = join(dir.path, 'data');
  const server = await startTeamServer({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    webhookPort: 0,
    version: '0.0.0-test',
    rendererDir,
    ...options,
  });
  return {
    ...server,
    dataDir,
    close: async () => {
      await server.close();
      await dir.cleanup();
    },
  };
}

/** Presses "Sign in" on an invite link's page, as the browser's form would. */
export function signIn(server: { url: string }, link: string, origin = server.url) {
  const code = new URL(link).pathname.split('/').pop()!;
  return fetch(`${server.url}/join`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ code }),
  });
}

/** The device cookie a sign-in set, as a Cookie header. */
export const cookieFrom = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

/** Opens the AppApi WebSocket as a browser on `server` would, with its cookie; reports a refused upgrade's status. */
export function openApi(server: { url: string }, cookie?: string) {
  return new Promise<{ socket?: WebSocket; status?: number }>((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api?token=`, {
      origin: server.url,
      headers: cookie ? { cookie } : {},
    });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      socket.terminate();
    });
    socket.once('error', reject);
  });
}
