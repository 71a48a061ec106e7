import type { FastifyPluginAsync } from 'fastify';
import { formFields, joinUrl } from '../signature';
import { WEBHOOK_PATHS, type WebhookHandlers } from '../paths';
import { dialAgentTwiml, dialNumberTwiml } from '../twiml';

export interface VoiceConfig {
  /** The number outgoing calls show; undefined when none is set up. */
  callerId(): string | undefined;
  /** The Voice client identity that incoming calls ring. */
  agentIdentity(): string;
  /** A team's ring group (Callpay Server: everyone signed in), rung instead when it names anyone. */
  ringGroup?(): Promise<string[]>;
}

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/** The TwiML App's and the phone number's voice URLs and StatusCallbacks, and the legs' status callbacks. */
export function voiceRoutes(
  voice: VoiceConfig,
  handlers: WebhookHandlers,
  publicBase: () => string | undefined,
): FastifyPluginAsync {
  return async (scope) => {
    const legStatusUrl = () => joinUrl(publicBase() ?? '', WEBHOOK_PATHS.legStatus);

    scope.post('/voice/app', async (request, reply) => {
      const params = formFields(request.body);
      // The agent's call starting: the app's StatusCallback will say when it ends.
      if (CALL_SID.test(params.CallSid ?? '')) await handlers.callStatus?.(params);
      const xml = dialNumberTwiml({
        to: params.To,
        callerId: voice.callerId(),
        legStatusUrl: legStatusUrl(),
      });
      return reply.type('text/xml').send(xml);
    });

    scope.post('/voice/number', async (request, reply) => {
      const params = formFields(request.body);
      if (!CALL_SID.test(params.CallSid ?? ''))
        return reply.code(400).type('text/plain').send('Missing CallSid');
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

    scope.post('/voice/leg-status', async (request, reply) => {
      const params = formFields(request.body);
      if (!CALL_SID.test(params.CallSid ?? ''))
        return reply.code(400).type('text/plain').send('Missing CallSid');
      await handlers.legStatus(params);
      return reply.code(204).send();
    });

    // The TwiML App's and the number's StatusCallback (set by setup): how the parent leg ended.
    scope.post('/voice/call-status', async (request, reply) => {
      const params = formFields(request.body);
      if (!CALL_SID.test(params.CallSid ?? ''))
        return reply.code(400).type('text/plain').send('Missing CallSid');
      await handlers.callStatus?.(params);
      return reply.code(204).send();
    });
  };
}
