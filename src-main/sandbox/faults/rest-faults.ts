import type { FastifyInstance } from 'fastify';
import { TwilioError } from '../http';
import type { RestOperation } from './fault-plan';
import type { FaultInjector } from './fault-injector';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The REST operation a route implements, for fault matching. */
    operation?: RestOperation;
  }
  interface FastifyRequest {
    loseResponse?: boolean;
  }
}

type Log = (event: string, fields?: Record<string, string | number | boolean>) => void;

/**
 * REST fault injection: `429` (with Retry-After)/`500`/`503` fail before any work; `timeout` never answers (the client gives up);
 * `lost-response` lets the work happen, then destroys the socket so the client never sees the answer.
 */
export function installRestFaults(app: FastifyInstance, faults: FaultInjector, log: Log): void {
  app.addHook('onRequest', async (request, reply) => {
    const operation = request.routeOptions.config?.operation;
    if (!operation) return;
    const callSid = (request.params as { CallSid?: string }).CallSid;
    const fault = faults.takeRestFault(operation, callSid);
    if (!fault) return;
    const kind = fault.kind;
    log('fault.rest', { operation, kind });
    if (kind === '429') {
      reply.header('Retry-After', String(fault.retryAfter ?? 1));
      throw new TwilioError(429, 20429, 'Too Many Requests');
    }
    if (kind === '500') throw new TwilioError(500, 20500, 'Internal Server Error');
    if (kind === '503') throw new TwilioError(503, 20503, 'Service Unavailable');
    if (kind === 'timeout') {
      // Hold the request open; closing the sandbox (forceCloseConnections) tears it down.
      await new Promise<never>(() => undefined);
    }
    request.loseResponse = true;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.loseResponse) reply.raw.socket?.destroy();
    return payload;
  });
}
