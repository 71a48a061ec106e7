import type { FastifyPluginAsync } from 'fastify';
import { formFields, joinUrl } from '../signature';
import { sidPattern } from '@shared/domain/sids';
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

const CALL_SID = sidPattern('CA');

/** The TwiML App's and the phone number's voice URLs, and the legs' status callbacks. */
export function voiceRoutes(
  voice: VoiceConfig,
  handlers: WebhookHandlers,
  publicBase: () => string | undefined,
): FastifyPluginAsync {
  return async (scope) => {
    const legStatusUrl = () => joinUrl(publicBase() ?? '', WEBHOOK_PATHS.legStatus);

    scope.post(TWILIO_ROUTES.voiceApp, async (request, reply) => {
      const params = formFields(request.body);
      const xml = dialNumberTwiml({
        to: params.To,
        callerId: voice.callerId(),
        legStatusUrl: legStatusUrl(),
      });
      return reply.type('text/xml').send(xml);
    });

    scope.post(TWILIO_ROUTES.voiceNumber, async (request, reply) => {
      const params = formFields(request.body);
      if (!CALL_SID.test(params.CallSid ?? ''))
        return reply.code(400).type('text/plain').send('Missing CallSid');
      const group = (await voice.ringGroup?.()) ?? [];
      const xml = dialAgentTwiml({
        agentIdentity: group.length > 0 ? group : voice.agentIdentity(),
        customerCallSid: params.CallSid!,
        legStatusUrl: legStatusUrl(),
      });
      return reply.type('text/xml').send(xml);
    });

    scope.post(TWILIO_ROUTES.legStatus, async (request, reply) => {
      const params = formFields(request.body);
      if (!CALL_SID.test(params.CallSid ?? ''))
        return reply.code(400).type('text/plain').send('Missing CallSid');
      handlers.legStatus(params);
      return reply.code(204).send();
    });
  };
}
