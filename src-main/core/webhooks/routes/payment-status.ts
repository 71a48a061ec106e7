import type { FastifyPluginAsync } from 'fastify';
import { formFields } from '../signature';
import { sidPattern } from '@shared/domain/sids';
import { TWILIO_ROUTES, type WebhookHandlers } from '../paths';

const PAYMENT_SID = sidPattern('PK');
const MESSAGE_SID = sidPattern('SM|MM');

/** Twilio's Payments and Messages StatusCallbacks: handed on by Sid; the reply carries nothing. */
export function paymentStatusRoutes(handlers: WebhookHandlers): FastifyPluginAsync {
  return async (scope) => {
    scope.post(TWILIO_ROUTES.paymentStatus, async (request, reply) => {
      const params = formFields(request.body);
      if (!PAYMENT_SID.test(params.Sid ?? '')) return reply.code(400).type('text/plain').send('Missing Sid');
      await handlers.paymentStatus(params);
      return reply.code(204).send();
    });
    // A texted receipt's MessageStatus; the query (receipt and payment) was signed with the URL.
    scope.post(TWILIO_ROUTES.messageStatus, async (request, reply) => {
      const params = formFields(request.body);
      if (!MESSAGE_SID.test(params.MessageSid ?? ''))
        return reply.code(400).type('text/plain').send('Missing MessageSid');
      handlers.messageStatus?.(params, formFields(request.query));
      return reply.code(204).send();
    });
  };
}
