import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import WebSocket from 'ws';
import type { WebServer } from '../../src-main/web/server';

/** Where the console appears to be served from: https, on a host that is not this machine. */
export const HTTPS_CONSOLE_ORIGIN = 'https://callpay.test';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wav': 'audio/wav',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the built console in `context` as if from an https origin elsewhere (as a Callpay Server
 * would be), carrying its /api WebSocket to browser mode's real server on loopback.
 */
export async function serveConsoleOverHttps(context: BrowserContext, server: WebServer, rendererDir: string) {
  await context.route(`${HTTPS_CONSOLE_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(rendererDir, normalize(path === '/' ? '/index.html' : path));
    const body = await readFile(file).catch(() => undefined);
    if (!body) return route.fulfill({ status: 404 });
    return route.fulfill({ body, contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
  });
  await context.routeWebSocket(new RegExp(`^wss://callpay\\.test/api`), (route) => {
    const local = `http://127.0.0.1:${server.port}`;
    const upstream = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      origin: local,
    });
    const early: string[] = [];
    upstream.on('open', () => early.splice(0).forEach((message) => upstream.send(message)));
    upstream.on('message', (data) => route.send(String(data)));
    upstream.on('close', () => route.close());
    route.onMessage((message) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(String(message));
      else early.push(String(message));
    });
    route.onClose(() => upstream.terminate());
  });
  return `${HTTPS_CONSOLE_ORIGIN}/?token=${server.token}`;
}
