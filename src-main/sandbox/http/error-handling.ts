import type { FastifyError, FastifyInstance } from 'fastify';
import { TwilioError, notFound } from './twilio-error';

type Log = (event: string, fields?: Record<string, string | number | boolean>) => void;

/** Every error leaves as Twilio's `{code, message, more_info, status}`; internals are never echoed. */
export function installErrorHandling(app: FastifyInstance, log: Log): void {
  app.setNotFoundHandler((request, reply) => {
    const err = notFound(request.url.split('?')[0] ?? '');
    void reply.code(err.status).send(err.body());
  });
  app.setErrorHandler((error: FastifyError | TwilioError, request, reply) => {
    if (error instanceof TwilioError) {
      return reply.code(error.status).send(error.body());
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      // Fastify's own 4xx (bad JSON, body too large, wrong content type): safe, fixed sentences.
      const err = new TwilioError(status, 20001, clientErrorMessage(status));
      return reply.code(status).send(err.body());
    }
    log('sandbox.internal-error', { route: request.routeOptions.url ?? 'unknown', name: error.name });
    return reply.code(500).send(new TwilioError(500, 20500, 'Internal Server Error').body());
  });
}

function clientErrorMessage(status: number): string {
  if (status === 413) return 'The request body is too large.';
  if (status === 415) return 'The request body must be form-encoded (or JSON for the /_sandbox control API).';
  return 'The request could not be read; check its body and content type.';
}
