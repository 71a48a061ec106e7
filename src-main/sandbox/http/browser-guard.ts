import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { TwilioError } from './twilio-error';

/** Which browser pages may talk to the sandbox: the console's own origin(s), read per request. */
export type AllowedOrigins = () => readonly string[];

/**
 * Why a request must be refused, or undefined. The Host must be a loopback name with this port (a
 * DNS-rebinding page arrives with its own name); an Origin, when sent, must be an allowed one (a
 * page elsewhere forging a request, CSRF). Non-browser clients (the twilio library) send none.
 */
export function browserRefusal(
  request: IncomingMessage,
  port: number,
  allowedOrigins: AllowedOrigins,
): TwilioError | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (!hosts.includes(request.headers.host ?? '')) {
    return new TwilioError(421, 20421, 'The sandbox answers only to 127.0.0.1 on its own port.');
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins().includes(origin)) {
    return new TwilioError(
      403,
      20403,
      'The sandbox answers only to the Callpay console, not to other pages.',
    );
  }
  return undefined;
}

/** Refuses foreign Hosts and Origins on every route of the sandbox app, WebSocket upgrades included. */
export function installBrowserGuard(app: FastifyInstance, allowedOrigins: AllowedOrigins): void {
  app.addHook('onRequest', async (request, reply) => {
    const port = request.socket.localPort ?? 0;
    const refusal = browserRefusal(request.raw, port, allowedOrigins);
    if (!refusal) return;
    // A refused upgrade owns its socket (no keep-alive takes it back): close it once answered.
    if (request.raw.headers.upgrade !== undefined) {
      reply.raw.once('finish', () => request.raw.socket.destroy());
    }
    return reply.code(refusal.status).send(refusal.body());
  });
}
