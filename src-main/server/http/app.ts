import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { z } from 'zod';
import { AppError } from '@shared/api';
import { carryOverWebSocket } from '../../web';
import type { TeamAccounts } from '../accounts';
import type { AdminCommands } from '../admin';
import type { Caller } from '../carrier';
import type { TeamHost } from '../carrier';
import { bodyFrom, InviteBody, JoinBody } from './bodies';
import { DEVICE_COOKIE, deviceCookie, readCookie } from './cookies';
import type { DeviceSockets } from './device-sockets';
import { HTTP_STATUS } from './error-status';
import { registerDeviceLink, type DeviceLinkOptions } from './device-link';
import { joinPage, messagePage } from './pages';
import { signInRateLimit } from './sign-in-limit';

export interface ServerAppOptions {
  /** The AppApi as one signed-in person may use it (their role and their own calls). */
  hostFor(caller: Caller): TeamHost;
  accounts: TeamAccounts;
  admin: AdminCommands;
  sockets: DeviceSockets;
  /** The built console (electron-vite's out/renderer). */
  rendererDir: string;
  /** The HTTPS address people and Twilio reach this server at, if it is behind a proxy. */
  publicUrl?: string;
  /** Sign-in attempts per address per minute (default 10). */
  signInPerMinute?: number;
  /** The team link (/link, /link/redeem): the desktop's relay, resumable and answered once per command. */
  link?: Pick<DeviceLinkOptions, 'events' | 'ledger'>;
}

/** The server's own app: the console, invite sign-in, the AppApi over an authenticated WebSocket, admin routes. */
export async function buildServerApp(options: ServerAppOptions) {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: options.publicUrl !== undefined });
  const port = () => (app.server.address() as AddressInfo | null)?.port ?? 0;
  const publicUrl = options.publicUrl ? new URL(options.publicUrl) : undefined;
  const allowedHosts = () => [
    `127.0.0.1:${port()}`,
    `localhost:${port()}`,
    ...(publicUrl ? [publicUrl.host] : []),
  ];
  const allowedOrigins = () => [
    `http://127.0.0.1:${port()}`,
    `http://localhost:${port()}`,
    ...(publicUrl ? [publicUrl.origin] : []),
  ];
  const secureCookie = publicUrl?.protocol === 'https:';

  // A DNS-rebinding page reaches us with its own Host name: refuse it before anything runs.
  app.addHook('onRequest', async (request, reply) => {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      return reply.code(421).send({ error: 'This server answers only to its own address.' });
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('Referrer-Policy')) reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
  });

  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });
  await app.register(fastifyStatic, { root: options.rendererDir, index: false });

  const signedIn = (request: FastifyRequest) =>
    options.accounts.authenticate(readCookie(request.headers.cookie, DEVICE_COOKIE) ?? '');
  const sameOrigin = (request: FastifyRequest) => allowedOrigins().includes(request.headers.origin ?? '');
  const fail = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    return reply.code(HTTP_STATUS[error.code] ?? 400).send({ error: error.toShape() });
  };

  app.get('/', async (request, reply) => {
    if (!(await signedIn(request))) {
      return reply
        .code(401)
        .type('text/html')
        .send(
          messagePage('Not signed in', 'Open the invite link your admin sent you to sign in on this device.'),
        );
    }
    return reply.header('Cache-Control', 'no-store').sendFile('index.html');
  });

  app.get<{ Params: { code: string } }>('/join/:code', async (request, reply) =>
    reply
      .header('Cache-Control', 'no-store')
      // With no-referrer, the form's POST would carry "Origin: null" and fail the same-origin check.
      .header('Referrer-Policy', 'same-origin')
      .type('text/html')
      .send(joinPage(request.params.code)),
  );

  const signInPage = (reply: FastifyReply, message: string) =>
    reply.type('text/html').send(messagePage('Could not sign in', message));
  app.post<{ Body: z.infer<typeof JoinBody> }>(
    '/join',
    {
      config: signInRateLimit(options.signInPerMinute),
      preValidation: async (request, reply) => {
        if (!sameOrigin(request))
          return reply.code(403).send({ error: 'Sign in from the invite page itself.' });
      },
      ...bodyFrom(JoinBody, (reply, refusal) => signInPage(reply, refusal.message)),
    },
    async (request, reply) => {
      try {
        const { token } = await options.accounts.redeem(request.body.code, describeDevice(request));
        return reply.header('Set-Cookie', deviceCookie(token, secureCookie)).redirect('/', 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return signInPage(reply.code(HTTP_STATUS[error.code] ?? 400), error.message);
      }
    },
  );

  app.get(
    '/api',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!sameOrigin(request)) return reply.code(403).send({ error: 'Forbidden' });
        const who = await signedIn(request);
        if (!who) return reply.code(401).send({ error: 'Sign in with an invite link first.' });
        (request as FastifyRequest & { caller?: Caller }).caller = {
          identity: who.user.identity,
          name: who.user.name,
          role: who.user.role,
          deviceId: who.deviceId,
        };
      },
    },
    (socket, request) => {
      const caller = (request as FastifyRequest & { caller: Caller }).caller;
      options.sockets.add(caller.deviceId, socket);
      carryOverWebSocket(socket, options.hostFor(caller));
    },
  );

  if (options.link)
    registerDeviceLink(app, {
      ...options,
      ...options.link,
      signedIn,
      sameOrigin,
      revoke: (deviceId) => options.admin.revoke(deviceId),
    });

  // Admin routes: an admin's browser, same origin only (its cookie is SameSite=Strict as well).
  const asAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' && !sameOrigin(request)) return reply.code(403).send({ error: 'Forbidden' });
    const who = await signedIn(request);
    if (!who) return reply.code(401).send({ error: 'Sign in with an invite link first.' });
    if (who.user.role !== 'admin')
      return reply.code(403).send({ error: 'Only an admin can manage the team.' });
  };
  app.get('/admin/devices', { preHandler: asAdmin }, async () => ({
    devices: await options.admin.devices(),
  }));
  app.post<{ Body: z.infer<typeof InviteBody> }>(
    '/admin/invites',
    // The admin check comes first: a refused caller learns nothing about the body.
    { preValidation: asAdmin, ...bodyFrom(InviteBody) },
    (request, reply) => options.admin.invite(request.body).catch((e) => fail(reply, e)),
  );
  app.post<{ Params: { id: string } }>(
    '/admin/devices/:id/revoke',
    { preHandler: asAdmin },
    (request, reply) => options.admin.revoke(request.params.id).catch((e) => fail(reply, e)),
  );
  return app;
}

/** A label an admin recognises in the device list: the browser's own description, cut short. */
function describeDevice(request: FastifyRequest): string {
  return (request.headers['user-agent'] ?? 'Unknown browser').slice(0, 200);
}
