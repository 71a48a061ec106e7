import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { AppLog } from '../log';
import { TWILIO_PREFIX, WEBHOOK_PATHS, type WebhookHandlers } from './paths';
import { signatureHook, type SignatureCheck } from './signature';
import {
  DEFAULT_FLOOD_LIMITS,
  floodLimiters,
  refuse,
  wellFormedSignature,
  type FloodLimits,
} from './flood-guard';
import { missingField } from './form-schema';
import { paymentStatusRoutes } from './routes/payment-status';
import { voiceRoutes, type VoiceConfig } from './routes/voice';

export { WEBHOOK_PATHS, type WebhookHandlers } from './paths';

export interface WebhookAppOptions extends SignatureCheck {
  handlers: WebhookHandlers;
  voice: VoiceConfig;
  log: AppLog;
  /** Signed callbacks per minute per source (the `signedPerMinute` budget; default 30,000). */
  rateLimitPerMinute?: number;
  /** The other per-source budgets (refused requests, health). */
  limits?: Partial<Omit<FloodLimits, 'signedPerMinute'>>;
  bodyLimit?: number;
  /**
   * In ms: how long a request may take from its headers to its answer (default 10 s), and how long a
   * connection may sit unused before it is let go (default 5 min).
   */
  timeouts?: { requestMs?: number; idleMs?: number };
  /** Echoed by the health route, so the tunnel heartbeat knows it reached this very receiver. */
  instanceId?: string;
}

// What an unsigned or malformed request gets; each spends its source's refusal budget.
const REFUSALS = new Set([403, 413, 415]);

const isForm = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** Builds the receiver: limits, then the signature-checked /twilio subtree, then health. Does not listen. */
export async function buildWebhookApp(options: WebhookAppOptions): Promise<FastifyInstance> {
  const requestMs = options.timeouts?.requestMs ?? 10_000;
  const idleMs = options.timeouts?.idleMs ?? 300_000;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 16 * 1024,
    // localtunnel opens its ten local connections before any request needs them, and Node counts its
    // header and request deadlines from a connection's start: with deadlines of seconds, every waiting
    // connection was answered 408 and replaced every 5 s, and a callback arriving on one just then got
    // that 408 (one in six after an idle spell). Node's deadlines now only let go of connections left
    // unused; a request's own deadline starts when its headers arrive (the hook below).
    requestTimeout: 0,
    connectionTimeout: idleMs,
    keepAliveTimeout: 5_000,
    http: { headersTimeout: idleMs },
  });
  // A trickled request must not hold one of the tunnel's ten sockets: its answer is due requestMs
  // after its headers, or the connection is cut with a 408, as Node itself would.
  app.addHook('onRequest', (request, reply, done) => {
    const socket = request.raw.socket;
    const timer = setTimeout(() => {
      options.log.info('webhook.request_timeout', { route: request.routeOptions.url ?? 'unmatched' });
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n', () => socket.destroy());
    }, requestMs);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  });
  await app.register(fastifyRateLimit, {
    // Budgets are applied by hand below (floodLimiters), and on /health by its route config.
    global: false,
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
  app.setErrorHandler(
    async (error: { statusCode?: number; code?: string; validation?: [] }, request, reply) => {
      // A signed form without the field its route needs: the plain answer the handler used to give.
      if (error.validation) {
        return reply
          .code(400)
          .type('text/plain')
          .send(`Missing ${missingField(error.validation)}`);
      }
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
    },
  );

  const limits = floodLimiters(app, {
    ...DEFAULT_FLOOD_LIMITS,
    ...options.limits,
    signedPerMinute: options.rateLimitPerMinute ?? DEFAULT_FLOOD_LIMITS.signedPerMinute,
  });
  await app.register(
    async (twilioScope) => {
      // Unsigned traffic is refused first and cheaply: before the body is read, on its own budget.
      twilioScope.addHook('onRequest', async (request, reply) => {
        if (await limits.refusedExceeded(request)) return refuse(reply, 429, 'Too many requests');
        // Anything but a form is refused 415 by the parser below, also before its body is read.
        if (!isForm(request) || wellFormedSignature(request)) return;
        return refuse(reply, 403, 'Forbidden');
      });
      twilioScope.addHook('onSend', async (request, reply) => {
        if (REFUSALS.has(reply.statusCode)) reply.header('connection', 'close');
      });
      twilioScope.addHook('onResponse', async (request, reply) => {
        if (REFUSALS.has(reply.statusCode)) await limits.countRefused(request);
      });
      // Twilio sends forms only; anything else is refused with 415 before the hook runs.
      twilioScope.removeAllContentTypeParsers();
      await twilioScope.register(fastifyFormbody);
      // Signature first, before the body schema is checked (validation runs after preValidation).
      twilioScope.addHook(
        'preValidation',
        signatureHook(options, (request) =>
          options.log.warn('webhook.signature_refused', { route: request.routeOptions.url }),
        ),
      );
      // Only verified callbacks spend the signed budget.
      twilioScope.addHook('preValidation', async (request, reply) => {
        if (await limits.signedExceeded(request)) return refuse(reply, 429, 'Too many requests');
      });
      await twilioScope.register(paymentStatusRoutes(options.handlers));
      await twilioScope.register(
        voiceRoutes(options.voice, options.handlers, () => options.publicBaseUrls()[0]),
      );
    },
    { prefix: TWILIO_PREFIX },
  );

  app.get(WEBHOOK_PATHS.health, { config: { rateLimit: limits.health } }, async () => ({
    ok: true,
    instance: options.instanceId ?? null,
  }));
  return app;
}
