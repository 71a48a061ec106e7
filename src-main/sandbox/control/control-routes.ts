import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TwilioError } from '../http';
import type { SandboxControl } from './control';

const Phone = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'from and to must be phone numbers such as +14155550100.');
const Client = z
  .string()
  .regex(/^client:[A-Za-z0-9_.-]{1,121}$/, 'to must be a phone number or client:<identity>.');
const NewCall = z.object({
  from: Phone,
  to: z.union([Phone, Client], { message: 'to must be a phone number or client:<identity>.' }),
  params: z.record(z.string(), z.string()).optional(),
});
const Digits = z.object({
  digits: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[0-9#*w]+$/, 'digits may only contain 0-9, #, * and w (wait half a second).'),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new TwilioError(400, 20001, result.error.issues[0]?.message ?? 'Invalid body.');
  return result.data;
}

type CallParams = { Params: { CallSid: string } };

/** `/_sandbox`: simulated customers (calls, keypads, hang-ups) and the connector's ledger, as JSON. */
export function controlRoutes(control: SandboxControl) {
  return async (app: FastifyInstance) => {
    app.post('/calls', async (request, reply) => {
      const call = await control.callIn(parse(NewCall, request.body));
      return reply.code(201).send(call);
    });
    app.get('/calls', async () => ({ calls: control.listCalls() }));
    app.post<CallParams>('/calls/:CallSid/digits', async (request, reply) => {
      const { digits } = parse(Digits, request.body);
      // 202: the keys are pressed in the background, in order, behind any earlier presses.
      control.pressDigits(request.params.CallSid, digits).catch(() => undefined);
      return reply.code(202).send({ sid: request.params.CallSid, queued: digits.length });
    });
    app.post<CallParams>('/calls/:CallSid/hangup', async (request, reply) => {
      control.hangup(request.params.CallSid);
      return reply.code(202).send({ sid: request.params.CallSid });
    });
    app.get('/ledger', async () => ({ entries: control.ledger() }));
  };
}
