import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { ApiHost } from '../core/api/host';
import { carryOverWebSocket } from './api-socket';

export interface WebServerOptions {
  host: ApiHost;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  port?: number;
}

export interface WebServer {
  /** The URL to open, with the per-run token. */
  consoleUrl: string;
  port: number;
  token: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds the browser-mode app: the renderer as static files and the AppApi on /api. */
export async function buildWebApp(options: Omit<WebServerOptions, 'port'>, token: string) {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const port = () => (app.server.address() as AddressInfo | null)?.port ?? 0;
  const allowedHosts = () => [`127.0.0.1:${port()}`, `localhost:${port()}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  // A DNS-rebinding page reaches us with its own Host name: refuse it before anything runs.
  app.addHook('onRequest', async (request, reply) => {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      return reply.code(421).send({ error: 'This server answers only to 127.0.0.1.' });
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });
  await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' });

  const authorised = (request: FastifyRequest) => {
    const given = Buffer.from(String((request.query as Record<string, unknown>).token ?? ''));
    const expected = Buffer.from(token);
    const tokenOk = given.length === expected.length && timingSafeEqual(given, expected);
    return tokenOk && allowedOrigins().includes(request.headers.origin ?? '');
  };

  app.get(
    '/api',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!authorised(request)) return reply.code(403).send({ error: 'Forbidden' });
      },
    },
    (socket) => carryOverWebSocket(socket, options.host),
  );
  return app;
}

/** Starts browser mode on 127.0.0.1 only, with a fresh random token for this run. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = randomBytes(24).toString('base64url');
  const app = await buildWebApp(options, token);
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    consoleUrl: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    app,
    close: () => app.close(),
  };
}
