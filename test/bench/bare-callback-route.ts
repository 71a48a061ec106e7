// The receiver's honest baseline: a bare Fastify route doing only what any Twilio callback needs.
import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import twilio from 'twilio';

export const CALLBACK_PATH = '/twilio/payments/status';

export interface BareRoute {
  url: string;
  /** Called with each callback's form once its signature checked out (the baseline's "event out"). */
  onCallback(listener: (params: Record<string, string>) => void): () => void;
  close(): Promise<void>;
}

/**
 * Parses the form and checks X-Twilio-Signature with the same `twilio` library, over the URL it
 * listens on: one HMAC for the exact URL first, the library's variants only when that fails, as the
 * receiver does. No limits, no logging, no state: the floor Callpay's own cost is measured against.
 */
export async function startBareRoute(authToken: string): Promise<BareRoute> {
  const app = Fastify({ logger: false });
  await app.register(fastifyFormbody);
  const listeners = new Set<(params: Record<string, string>) => void>();
  let base = '';
  app.post(CALLBACK_PATH, async (request, reply) => {
    const params = request.body as Record<string, string>;
    const signature = String(request.headers['x-twilio-signature'] ?? '');
    const url = base + request.url;
    const expected = Buffer.from(twilio.getExpectedTwilioSignature(authToken, url, params));
    const given = Buffer.from(signature);
    const valid =
      (expected.length === given.length && timingSafeEqual(expected, given)) ||
      twilio.validateRequest(authToken, signature, url, params);
    if (!valid) return reply.code(403).send('Forbidden');
    for (const listener of listeners) listener(params);
    return reply.code(204).send();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return {
    url: base,
    onCallback: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => app.close(),
  };
}
