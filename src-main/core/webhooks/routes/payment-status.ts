import type { FastifyPluginAsync } from 'fastify';
import { formFields } from '../signature';
import type { WebhookHandlers } from '../paths';

const PAYMENT_SID = /^PK[0-9a-fA-F]{32}$/;

/** Twilio's Payments StatusCallback: handed on by payment Sid; the reply carries nothing. */
export function paymentStatusRoutes(handlers: WebhookHandlers): FastifyPluginAsync {
  return async (scope) => {
    scope.post('/payments/status', async (request, reply) => {
      const params = formFields(request.body);
      if (!PAYMENT_SID.test(params.Sid ?? '')) return reply.code(400).type('text/plain').send('Missing Sid');
      await handlers.paymentStatus(params);
      return reply.code(204).send();
    });
  };
}
