import Fastify, { type FastifyInstance } from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { AppLog } from '../log';
import { WEBHOOK_PATHS, type WebhookHandlers } from './paths';
import { signatureHook, type SignatureCheck } from './signature';
import { paymentStatusRoutes } from './routes/payment-status';
import { voiceRoutes, type VoiceConfig } from './routes/voice';

export { WEBHOOK_PATHS, type WebhookHandlers } from './paths';

export interface WebhookAppOptions extends SignatureCheck {
  handlers: WebhookHandlers;
  voice: VoiceConfig;
  log: AppLog;
  /**
   * Requests per minute across the receiver. Everything arrives from one tunnel address, so this is a
   * flood guard, set well above what busy sessions send (each keypress is a callback).
   */
  rateLimitPerMinute?: number;
  bodyLimit?: number;
  /** Echoed by the health route, so the tunnel heartbeat knows it reached this very receiver. */
  instanceId?: string;
}

/** Builds the receiver: limits, then the signature-checked /twilio subtree, then health. Does not listen. */
export async function buildWebhookApp(options: WebhookAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 16 * 1024 });
  await app.register(fastifyRateLimit, {
    max: options.rateLimitPerMinute ?? 30_000,
    timeWindow: 60_000,
    // Everything arrives through one tunnel address, so the guard is one bucket for the receiver.
    keyGenerator: () => 'receiver',
    // Twilio does not read rate-limit headers; a refusal still says when to retry (retry-after).
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
  });

  // Every keypress is a callback: answered ones are routine (debug); refusals are logged where they happen.
  app.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode < 400 ? 'debug' : 'info';
    options.log[level]('webhook.response', {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      statusCode: reply.statusCode,
    });
    done();
  });
  // Internals never leave: Twilio gets a status code, the log gets the code name.
  app.setErrorHandler(async (error: { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    options.log.warn('webhook.error', {
      route: request.routeOptions.url,
      statusCode: status,
      code: error.code,
    });
    return reply
      .code(status)
      .type('text/plain')
      .send(status === 500 ? 'Internal error' : 'Bad request');
  });

  await app.register(
    async (twilioScope) => {
      // Twilio sends forms only; anything else is refused with 415 before the hook runs.
      twilioScope.removeAllContentTypeParsers();
      await twilioScope.register(fastifyFormbody);
      twilioScope.addHook(
        'preHandler',
        signatureHook(options, (request) =>
          options.log.warn('webhook.signature_refused', { route: request.routeOptions.url }),
        ),
      );
      await twilioScope.register(paymentStatusRoutes(options.handlers));
      await twilioScope.register(
        voiceRoutes(options.voice, options.handlers, () => options.publicBaseUrls()[0]),
      );
    },
    { prefix: '/twilio' },
  );

  app.get(WEBHOOK_PATHS.health, async () => ({ ok: true, instance: options.instanceId ?? null }));
  return app;
}
