import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import { AppError, type Envelope } from '@shared/api';
import type { LinkFrame } from '@shared/api';
import type { Caller } from '../carrier';
import { seesEvent, type TeamHost } from '../carrier';
import { readClientFrame } from '../../web';
import type { TeamAccounts, TeamUser } from '../accounts';
import { TEAM_EVENT_NAMES, type CommandLedger, type SequencedEvent, type TeamEventLog } from '../link';
import { bodyFrom, RedeemBody } from './bodies';
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
  /** The team's numbered events, which a reconnecting device resumes from on any instance. */
  events: TeamEventLog;
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
  app.post<{ Body: z.infer<typeof RedeemBody> }>(
    '/link/redeem',
    {
      config: signInRateLimit(options.signInPerMinute),
      // Desktops send no Origin; a page from anywhere else is refused (a same-origin one may redeem).
      preValidation: async (request, reply) => {
        if (request.headers.origin !== undefined && !options.sameOrigin(request))
          return reply
            .code(403)
            .send({ error: { code: 'forbidden', message: 'Sign in from the desktop app.' } });
      },
      ...bodyFrom(RedeemBody),
    },
    async (request, reply) => {
      try {
        const { code, label = 'Callpay desktop' } = request.body;
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
      carryLink(socket, who, from, { log: options.events, host }, caller, (name, args, commandId) =>
        options.ledger.once(who.deviceId, commandId, String(name), () => host.dispatch(name, args)),
      );
    },
  );
}

const failed = (error: unknown): Envelope =>
  error instanceof AppError
    ? { ok: false, error: error.toShape() }
    : {
        ok: false,
        error: { code: 'internal', message: 'Something went wrong in Callpay Server. Please try again.' },
      };

/** One device's link: hello, the numbered events it missed, then live events and answers. */
function carryLink(
  socket: WebSocket,
  who: LinkDevice,
  after: { epoch: string; seq: number } | undefined,
  events: { log: TeamEventLog; host: TeamHost },
  caller: Caller,
  run: (name: unknown, args: unknown, commandId: string | undefined) => Promise<Envelope>,
) {
  const send = (frame: LinkFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  // A command may come before the hello (the log is read first): it is answered all the same.
  socket.on('message', async (data, isBinary) => {
    const frame = readClientFrame(socket, data, isBinary);
    if (!frame) return;
    // The ledger's own database trouble (the database away) comes back as its sentence, not silence.
    const envelope = await run(frame.name, frame.args, frame.commandId).catch(failed);
    send({ type: 'result', id: frame.id, envelope });
  });
  // This instance's own events (its status, the softphone's) go unnumbered: nothing resumes them.
  const stopLocal = events.host.subscribe((name, payload) => {
    if (!TEAM_EVENT_NAMES.has(name)) send({ type: 'event', name, payload });
  });
  // Numbered for the whole team; each device is sent only what its person may see, so its numbers have gaps.
  const visible = (event: SequencedEvent) => seesEvent(caller, event.name, event.payload);
  let stopTeam = () => {};
  socket.on('close', () => {
    stopLocal();
    stopTeam();
  });
  void events.log
    .follow((event) => visible(event) && send({ type: 'event', ...event }), after)
    .then((following) => {
      stopTeam = following.stop;
      if (socket.readyState !== socket.OPEN) return following.stop();
      send({
        type: 'hello',
        epoch: events.log.epoch,
        seq: following.seq,
        resumed: following.resumed,
        user: { name: who.user.name, role: who.user.role },
      });
      for (const event of following.events.filter(visible)) send({ type: 'event', ...event });
      following.live();
    })
    // The database is away: the device redials, and is greeted once the log can be read.
    .catch(() => socket.close(1011, 'The team database is not answering.'));
}
