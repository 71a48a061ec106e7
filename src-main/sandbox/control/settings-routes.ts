import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { testBankAccounts, testCards } from '../connector';
import { FaultPlanSchema, type FaultPlan } from '../faults';
import { TwilioError } from '../http';
import { SwitchesSchema, type Switches } from '../switches';

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TwilioError(400, 20001, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** `/_sandbox/switches`, `/_sandbox/faults` and `/_sandbox/test-cards`. */
export function settingsRoutes(switches: Switches, setFaults: (plan: FaultPlan) => void) {
  return async (app: FastifyInstance) => {
    app.get('/switches', async () => switches);
    app.patch('/switches', async (request) =>
      Object.assign(switches, parse(SwitchesSchema.partial(), request.body)),
    );
    app.put('/faults', async (request, reply) => {
      setFaults(parse(FaultPlanSchema, request.body));
      return reply.code(204).send();
    });
    app.get('/test-cards', async () => ({ cards: testCards, bankAccounts: testBankAccounts }));
  };
}
