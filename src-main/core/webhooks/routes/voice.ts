import type { FastifyPluginAsync } from 'fastify';
import { formFields, joinUrl } from '../signature';
import { CallSid } from '@shared/domain/sids';
import { formSchema } from '../form-schema';
import { TWILIO_ROUTES, WEBHOOK_PATHS, type WebhookHandlers } from '../paths';
import { dialAgentTwiml, dialNumberTwiml } from '../twiml';

export interface VoiceConfig {
  /** The number outgoing calls show; undefined when none is set up. */
  callerId(): string | undefined;
  /** The Voice client identity that incoming calls ring. */
  agentIdentity(): string;
  /** A team's ring group (Callpay Server: everyone signed in), rung instead when it names anyone. */
  ringGroup?(): Promise<string[]>;
}

const CALL_LEG = { schema: { body: formSchema({ CallSid }) } };

/** The TwiML App's and the phone number's voice URLs and StatusCallbacks, and the legs' status callbacks. */
export function voiceRoutes(
  voice: VoiceConfig,
  handlers: WebhookHandlers,
  publicBase: () => string | undefined,
): FastifyPluginAsync {
  return async (scope) => {
    const legStatusUrl = () => joinUrl(publicBase() ?? '', WEBHOOK_PATHS.legStatus);

    scope.post(TWILIO_ROUTES.voiceApp, async (request, reply) => {
      const params = formFields(request.body);
      // The agent's call starting: the app's StatusCallback will say when it ends.
      if (CallSid.safeParse(params.CallSid).success) await handlers.callStatus?.(params);
      const xml = dialNumberTwiml({
        to: params.To,
        callerId: voice.callerId(),
        legStatusUrl: legStatusUrl(),
      });
      return reply.type('text/xml').send(xml);
    });

    scope.post(TWILIO_ROUTES.voiceNumber, CALL_LEG, async (request, reply) => {
      const params = formFields(request.body);
      // The customer's call starting: the number's StatusCallback will say when it ends.
      await handlers.callStatus?.(params);
      const group = (await voice.ringGroup?.()) ?? [];
      const xml = dialAgentTwiml({
        agentIdentity: group.length > 0 ? group : voice.agentIdentity(),
        customerCallSid: params.CallSid!,
        legStatusUrl: legStatusUrl(),
      });
      return reply.type('text/xml').send(xml);
    });

    scope.post(TWILIO_ROUTES.legStatus, CALL_LEG, async (request, reply) => {
      const params = formFields(request.body);
      await handlers.legStatus(params);
      return reply.code(204).send();
    });

    // The TwiML App's and the number's StatusCallback (set by setup): how the parent leg ended.
    scope.post(TWILIO_ROUTES.callStatus, CALL_LEG, async (request, reply) => {
      const params = formFields(request.body);
      await handlers.callStatus?.(params);
      return reply.code(204).send();
    });
  };
}
