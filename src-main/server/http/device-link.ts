import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { AppError, type Envelope } from '@shared/api/errors';
import type { LinkFrame } from '@shared/api/wire';
import type { Caller } from '../carrier/caller';
import { seesEvent, type TeamHost } from '../carrier/team-carrier';
import { readClientFrame } from '../../web/api-socket';
import type { TeamAccounts, TeamUser } from '../accounts/team-accounts';
import type { CommandLedger, EventRing, SequencedEvent } from '../link';
import { HTTP_STATUS } from './error-status';
import type { DeviceSockets } from './device-sockets';
import { signInRateLimit } from './sign-in-limit';

/** Who is on the other end of a link: the signed-in person and their device. */
export interface LinkDevice {
  user: TeamUser;
  deviceId: string;
}

export interface DeviceLinkOptions {
  /** The AppApi as one signed-in person may use it: their role, their own calls and payments. */
  hostFor(caller: Caller): TeamHost;
  accounts: TeamAccounts;
  sockets: DeviceSockets;
  ring: EventRing;
  ledger: CommandLedger;
  /** The browser's way in: its device cookie (checked with `sameOrigin`). */
  signedIn(request: FastifyRequest): Promise<LinkDevice | undefined>;
  sameOrigin(request: FastifyRequest): boolean;
  signInPerMinute?: number;
  /** Revokes a device everywhere (its sockets on every instance closed), as an admin's revoke does. */
  revoke(deviceId: string): Promise<unknown>;
}

/** The person behind a link, as the team carrier knows them. */
const callerOf = (who: LinkDevice): Caller => ({
  identity: who.user.identity,
  name: who.user.name,
  role: who.user.role,
  deviceId: who.deviceId,
});

const REFUSED = {
  code: 'device_refused',
  message: 'This device is not signed in to the team server, or its admin revoked it.',
};

/** A desktop's credential: `Authorization: Bearer <token>` (a browser page cannot set it on a WebSocket). */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * The team link: `POST /link/redeem` trades an invite code for a device credential (the desktop's
 * sign-in), and `GET /link` is the AppApi over one WebSocket for a device credential (the
 * desktop's bearer or the browser's cookie), with numbered events a reconnect resumes from and
 * command ids a retry is answered once by.
 */
export function registerDeviceLink(app: FastifyInstance, options: DeviceLinkOptions) {
  app.post<{ Body: { code?: unknown; label?: unknown } }>(
    '/link/redeem',
    { config: signInRateLimit(options.signInPerMinute) },
    async (request, reply) => {
      // Desktops send no Origin; a page from anywhere else is refused (a same-origin one may redeem).
      if (request.headers.origin !== undefined && !options.sameOrigin(request))
        return reply
          .code(403)
          .send({ error: { code: 'forbidden', message: 'Sign in from the desktop app.' } });
      const code = typeof request.body?.code === 'string' ? request.body.code : '';
      const label = typeof request.body?.label === 'string' ? request.body.label : 'Callpay desktop';
      try {
        const { user, deviceId, token } = await options.accounts.redeem(code, label);
        return reply
          .header('Cache-Control', 'no-store')
          .send({ token, deviceId, user: { name: user.name, role: user.role } });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return reply.code(HTTP_STATUS[error.code] ?? 400).send({ error: error.toShape() });
      }
    },
  );

  // Disconnect on a desktop: the device gives up its own credential (only its own: the bearer names it).
  app.post('/link/revoke', { config: signInRateLimit(options.signInPerMinute) }, async (request, reply) => {
    const token = bearer(request);
    const who = token === undefined ? undefined : await options.accounts.authenticate(token);
    if (!who) return reply.code(401).send({ error: REFUSED });
    await options.revoke(who.deviceId);
    return reply.header('Cache-Control', 'no-store').send({ revoked: who.deviceId });
  });

  app.get<{ Querystring: { after?: string; epoch?: string } }>(
    '/link',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        const token = bearer(request);
        const who =
          token !== undefined
            ? await options.accounts.authenticate(token)
            : options.sameOrigin(request)
              ? await options.signedIn(request)
              : undefined;
        if (!who) return reply.code(401).send({ error: REFUSED });
        (request as FastifyRequest & { linkDevice?: LinkDevice }).linkDevice = who;
      },
    },
    (socket, request) => {
      const who = (request as FastifyRequest & { linkDevice: LinkDevice }).linkDevice;
      options.sockets.add(who.deviceId, socket);
      const after = Number(request.query.after);
      const from =
        request.query.epoch && Number.isSafeInteger(after) && after >= 0
          ? { epoch: request.query.epoch, seq: after }
          : undefined;
      const caller = callerOf(who);
      const host = options.hostFor(caller);
      carryLink(socket, who, from, options.ring, caller, (name, args, commandId) =>
        options.ledger.once(who.deviceId, commandId, String(name), () => host.dispatch(name, args)),
      );
    },
  );
}

/** One device's link: hello, the events it missed, then live events and answers. */
function carryLink(
  socket: WebSocket,
  who: LinkDevice,
  after: { epoch: string; seq: number } | undefined,
  ring: EventRing,
  caller: Caller,
  run: (name: unknown, args: unknown, commandId: string | undefined) => Promise<Envelope>,
) {
  const send = (frame: LinkFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  // Numbered for the whole team; each device is sent only what its person may see, so its numbers have gaps.
  const visible = (event: SequencedEvent) => seesEvent(caller, event.name, event.payload);
  const resume = ring.follow((event) => visible(event) && send({ type: 'event', ...event }), after);
  socket.on('close', resume.stop);
  send({
    type: 'hello',
    epoch: ring.epoch,
    seq: ring.seq,
    resumed: resume.resumed,
    user: { name: who.user.name, role: who.user.role },
  });
  for (const event of resume.events.filter(visible)) send({ type: 'event', ...event });

  socket.on('message', async (data, isBinary) => {
    const frame = readClientFrame(socket, data, isBinary);
    if (!frame) return;
    const envelope = await run(frame.name, frame.args, frame.commandId);
    send({ type: 'result', id: frame.id, envelope });
  });
}
