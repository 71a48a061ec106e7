import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TwilioError, notFound } from '../http';
import { customerCalls } from './calls-in-out';
import { SPECIAL_NUMBERS } from './customer';
import type { SecureSignaling } from './secure-signaling';
import type { Switchboard } from './switchboard';

const Phone = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'from must be a phone number such as +14155550100.');
const NewVoiceCall = z.object({
  from: Phone,
  to: z
    .string()
    .regex(
      /^(\+[1-9][0-9]{6,14}|client:[A-Za-z0-9_.@-]{1,121})$/,
      'to must be a sandbox number or client:<identity>.',
    ),
  params: z.record(z.string(), z.string()).optional(),
});

type CallParams = { Params: { CallSid: string } };

/** `/_sandbox/voice`: customers calling Devices or numbers, and what a customer heard (for tests and training). */
export function voiceRoutes(board: Switchboard, secure: SecureSignaling) {
  return async (app: FastifyInstance) => {
    // Where a Device can reach the signaling: ws on this port, or wss (for the SDK's chunderw option).
    app.get('/', async (request) => ({
      signaling: {
        ws: `ws://${request.host}/signal`,
        wss: secure.url,
        chunderw: secure.chunderw,
        certificatePem: secure.certificatePem,
      },
      numbers: SPECIAL_NUMBERS,
      identities: board.registeredIdentities(),
    }));
    app.post('/calls', async (request, reply) => {
      const parsed = NewVoiceCall.safeParse(request.body ?? {});
      if (!parsed.success)
        throw new TwilioError(400, 20001, parsed.error.issues[0]?.message ?? 'Invalid body.');
      const call = await customerCalls(board, parsed.data);
      return reply.code(201).send({ sid: call.sid, from: call.from, to: call.to, status: call.status });
    });
    app.get<CallParams>('/calls/:CallSid', async (request) => {
      const sid = request.params.CallSid;
      const customer = board.customer(sid);
      if (!customer) throw notFound(`customer leg ${sid}`);
      return {
        sid,
        status: board.host.calls.get(sid)?.status ?? null,
        hearingLevel: Math.round(customer.hearing.level()),
        heardDigits: customer.heardDigits(),
      };
    });
  };
}
