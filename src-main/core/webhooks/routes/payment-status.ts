import type { FastifyPluginAsync } from 'fastify';
import { formFields } from '../signature';
import { MessageSid, PaymentSid } from '@shared/domain/sids';
import { formSchema } from '../form-schema';
import { TWILIO_ROUTES, type WebhookHandlers } from '../paths';

/** Twilio's Payments and Messages StatusCallbacks: handed on by Sid; the reply carries nothing. */
export function paymentStatusRoutes(handlers: WebhookHandlers): FastifyPluginAsync {
  return async (scope) => {
    scope.post(
      TWILIO_ROUTES.paymentStatus,
      { schema: { body: formSchema({ Sid: PaymentSid }) } },
      async (request, reply) => {
        const params = formFields(request.body);
        await handlers.paymentStatus(params);
        return reply.code(204).send();
      },
    );
    // A texted receipt's MessageStatus; the query (receipt and payment) was signed with the URL.
    scope.post(
      TWILIO_ROUTES.messageStatus,
      { schema: { body: formSchema({ MessageSid }) } },
      async (request, reply) => {
        const params = formFields(request.body);
        handlers.messageStatus?.(params, formFields(request.query));
        return reply.code(204).send();
      },
    );
  };
}
